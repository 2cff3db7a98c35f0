"""The laptop's local store: SQLite via SQLAlchemy 2, Alembic migrations and the outbox.

Every action is one transaction that writes its business rows and its outbox record together
(:mod:`popup.store.outbox`), on a connection with ``synchronous=FULL`` so a confirmed scan
survives power loss.
"""
