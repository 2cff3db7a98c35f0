"""Holds (issue #15): the holds table, imported by admins and downloaded by the vehicle that is
their pickup location.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "holds",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("library_id", sa.Integer(), nullable=False),
        sa.Column("hold_id", sa.String(length=64), nullable=False),
        sa.Column(
            "patron_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("item_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("pickup", sa.String(length=32), nullable=False),
        sa.Column("pickup_stop_id", sa.String(length=36), nullable=True),
        sa.Column("any_copy", sa.Boolean(), nullable=False),
        sa.Column("placed_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("filled_loan_id", sa.String(length=36), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["library_id"], ["libraries.id"]),
        sa.ForeignKeyConstraint(["patron_id"], ["patrons.id"]),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("library_id", "hold_id"),
    )
    op.create_index("holds_by_pickup", "holds", ["library_id", "pickup", "status"])
    op.create_index("holds_by_patron", "holds", ["patron_id", "status"])
    op.create_index("holds_by_item", "holds", ["item_id", "status"])


def downgrade() -> None:
    op.drop_index("holds_by_item", table_name="holds")
    op.drop_index("holds_by_patron", table_name="holds")
    op.drop_index("holds_by_pickup", table_name="holds")
    op.drop_table("holds")
