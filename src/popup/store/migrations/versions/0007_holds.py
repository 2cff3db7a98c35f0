"""Holds to be picked up at this laptop's vehicle (issue #15): the holds table.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "holds",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("patron_card", sa.String(length=64), nullable=False),
        sa.Column("item_barcode", sa.String(length=64), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("placed_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("pickup", sa.String(length=32), nullable=False),
        sa.Column("stop_id", sa.String(length=36), nullable=True),
        sa.Column("any_copy", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_holds_patron_card", "holds", ["patron_card"])
    op.create_index("ix_holds_item_barcode", "holds", ["item_barcode"])
    op.create_index("ix_holds_any_copy", "holds", ["any_copy"])


def downgrade() -> None:
    op.drop_index("ix_holds_any_copy", table_name="holds")
    op.drop_index("ix_holds_item_barcode", table_name="holds")
    op.drop_index("ix_holds_patron_card", table_name="holds")
    op.drop_table("holds")
