"""Lost cards (#15): when a card kept as a patron's alias was reported lost.

An alias with ``reason = 'lost'`` and ``lost_at`` set refuses every action made with that card
from then on. Adds a column only.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("patron_aliases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lost_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("patron_aliases", schema=None) as batch_op:
        batch_op.drop_column("lost_at")
