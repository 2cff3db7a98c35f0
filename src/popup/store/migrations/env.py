"""Alembic environment for the laptop store (run programmatically by popup.store.db)."""

from __future__ import annotations

from alembic import context

from popup.store.models import Base, described_by_models

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the store always passes its connection
    raise RuntimeError("popup migrations run through popup.store.db.migrate()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
    compare_type=True,
    include_name=described_by_models,  # not the full-text indexes (0006, 0008)
)
with context.begin_transaction():
    context.run_migrations()
