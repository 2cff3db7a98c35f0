"""The consortium sync server: devices upload their outbox here and download changes."""

__version__ = "0.1.0"
