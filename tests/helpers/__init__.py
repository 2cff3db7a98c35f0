"""Helpers shared by the test packages (importable as ``helpers.*``: pytest puts ``tests`` on
the path). One copy each: ports and server processes, scratch PostgreSQL databases, typed
outbox records, the demo consortium's server."""
