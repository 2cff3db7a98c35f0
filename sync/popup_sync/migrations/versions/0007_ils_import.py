"""Imports from the library system (#18): which rows an import manages, and which it withdrew.

``popup-sync admin import-marc`` and ``import-koha-patrons`` mark the items and patrons they
bring in (``ils_source``: "marc", "koha"); a later import of the same kind withdraws those of
them missing from its file (``withdrawn_at``) instead of deleting them, and a row that comes
back clears it. Rows from CSV imports and laptop sign-ups have no source and are never
withdrawn. Adds columns only.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("items", "patrons"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("ils_source", sa.String(length=16), nullable=True))
            batch_op.add_column(
                sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True)
            )


def downgrade() -> None:
    for table in ("items", "patrons"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("withdrawn_at")
            batch_op.drop_column("ils_source")
