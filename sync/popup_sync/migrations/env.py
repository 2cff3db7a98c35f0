"""Alembic environment for the sync server (run programmatically by Database.migrate)."""

from __future__ import annotations

from alembic import context

from popup_sync.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - Database.migrate always passes its connection
    raise RuntimeError("popup_sync migrations run through popup_sync.core.db.Database.migrate()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
