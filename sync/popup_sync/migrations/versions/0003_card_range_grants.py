"""Card-range grants per device and UTC day: the daily quota of ``/v1/card-ranges``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 12:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # One row per (library, device, day), updated while the library row is locked, so the
    # quota check and the counter move in one transaction. Ranges issued before this revision
    # are not counted: the first day after upgrading starts every device at zero.
    op.create_table(
        "card_range_grants",
        sa.Column("library_id", sa.Integer(), sa.ForeignKey("libraries.id"), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("ranges", sa.Integer(), nullable=False),
        sa.Column("numbers", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("library_id", "device_id", "day"),
    )


def downgrade() -> None:
    op.drop_table("card_range_grants")
