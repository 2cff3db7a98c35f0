"""Helpers shared by the test packages, imported as ``tests.helpers.*`` (pytest puts the
repository root on the path). One copy each: ports and server processes, scratch PostgreSQL
databases, typed outbox records, the demo consortium's server, and the desk's window, context
and key helpers."""
