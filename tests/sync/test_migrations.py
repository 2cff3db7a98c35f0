"""The Alembic migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from popup_sync.core.db import Database
from popup_sync.models import Base, table_names


def test_migrated_schema_matches_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
    with db.engine.connect() as connection:
        present = set(connection.dialect.get_table_names(connection))
    assert set(table_names()) <= present


def test_migrating_twice_is_harmless(db: Database) -> None:
    db.migrate()
    db.migrate()
