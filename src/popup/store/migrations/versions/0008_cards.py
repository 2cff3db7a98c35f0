"""Forgotten and lost cards (#15): patrons found by name, and lost cards kept as aliases.

* ``patron_names``: an FTS5 index of ``patrons.name`` (external content: it stores the index
  only, the names stay in ``patrons``), with unicode61 and diacritics removed, so "maria garc"
  finds "García, María". Triggers keep it in step with every write to ``patrons``.
* ``patron_aliases.lost_at``: when a card was reported lost; a scan of it is refused.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_TRIGGERS = (
    "CREATE TRIGGER patron_names_ai AFTER INSERT ON patrons BEGIN"
    " INSERT INTO patron_names(rowid, name) VALUES (new.id, new.name); END",
    "CREATE TRIGGER patron_names_ad AFTER DELETE ON patrons BEGIN"
    " INSERT INTO patron_names(patron_names, rowid, name) VALUES ('delete', old.id, old.name);"
    " END",
    # Only when the name changed: a download upserts every patron it gets, name included.
    "CREATE TRIGGER patron_names_au AFTER UPDATE OF name ON patrons"
    " WHEN old.name IS NOT new.name BEGIN"
    " INSERT INTO patron_names(patron_names, rowid, name) VALUES ('delete', old.id, old.name);"
    " INSERT INTO patron_names(rowid, name) VALUES (new.id, new.name); END",
)


def upgrade() -> None:
    with op.batch_alter_table("patron_aliases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lost_at", sa.String(length=32), nullable=True))
    op.execute(
        "CREATE VIRTUAL TABLE patron_names USING fts5(name, content='patrons',"
        " content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
    )
    for trigger in _TRIGGERS:
        op.execute(trigger)
    op.execute("INSERT INTO patron_names(patron_names) VALUES ('rebuild')")


def downgrade() -> None:
    for name in ("patron_names_au", "patron_names_ad", "patron_names_ai"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS patron_names")
    with op.batch_alter_table("patron_aliases", schema=None) as batch_op:
        batch_op.drop_column("lost_at")
