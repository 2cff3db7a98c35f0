"""The HTTP API: dependencies and routes."""
