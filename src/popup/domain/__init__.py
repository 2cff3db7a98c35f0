"""Circulation rules shared by the laptop and the sync server.

Pure Python: no Qt, no SQLAlchemy, no network. The import-linter contracts in pyproject.toml
enforce that, so the server can import these modules unchanged.
"""
