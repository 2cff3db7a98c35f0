"""Consortium catalogue sharing: ``libraries.shares_catalogue``; devices learn their library code.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite adds a column with a constant default in place (batch mode copies the table only
    # when it must), so the many tables that refer to ``libraries`` are left alone.
    with op.batch_alter_table("libraries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("shares_catalogue", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # The ``library_code`` setting is new: log it for every library so that devices enrolled
    # before this revision download it too. On PostgreSQL the entries carry this transaction's
    # id, which is above every position already handed out (see popup_sync.changes).
    postgres = op.get_bind().dialect.name == "postgresql"
    xid = "pg_current_xact_id()::text::bigint" if postgres else "0"
    now = "now()" if postgres else "CURRENT_TIMESTAMP"  # naive UTC on SQLite, as models store it
    op.execute(
        "INSERT INTO change_log (library_id, xid, entity, key, created_at) "
        f"SELECT id, {xid}, 'setting', 'library_code', {now} FROM libraries"
    )


def downgrade() -> None:
    with op.batch_alter_table("libraries", schema=None) as batch_op:
        batch_op.drop_column("shares_catalogue")
