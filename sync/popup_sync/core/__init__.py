"""Configuration and database plumbing of the sync server."""
