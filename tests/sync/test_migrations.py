"""The Alembic migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import select, text

from popup_sync import changes
from popup_sync.core.db import MIGRATIONS, Database
from popup_sync.models import Base, Change, Library, table_names


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


def test_revision_0002_keeps_libraries_and_tells_enrolled_devices_their_code(
    blank_url: str,
) -> None:
    db = Database(blank_url)
    try:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with db.engine.connect() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
            connection.execute(
                text(
                    "INSERT INTO libraries (code, name, settings, next_card_seq, log_floor_xid,"
                    " log_floor_id, created_at) VALUES ('OLD', 'Old Library', '{}', 1, 0, 0,"
                    " CURRENT_TIMESTAMP)"
                )
            )
            connection.commit()
        # Where a device that took its snapshot just before the upgrade resumes the log.
        with db.read() as session:
            # (The model's new column does not exist yet: a stand-in with the floor suffices.)
            resume = changes.snapshot_start(session, Library(log_floor_xid=0, log_floor_id=0))
        db.migrate()
        with db.read() as session:
            library = session.scalar(select(Library).where(Library.code == "OLD"))
            assert library is not None and library.shares_catalogue is False
            logged = session.execute(
                select(Change.xid, Change.id).where(
                    Change.library_id == library.id,
                    Change.entity == "setting",
                    Change.key == "library_code",
                )
            ).all()
        assert len(logged) == 1
        assert (logged[0].xid, logged[0].id) > (resume.xid, resume.id)
    finally:
        db.dispose()
