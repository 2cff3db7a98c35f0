"""A note on each resolved exception (#19): what the coordinator who resolved it in the console
did about it (``resolution_note``), kept with who resolved it and when.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_exceptions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("resolution_note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_exceptions", schema=None) as batch_op:
        batch_op.drop_column("resolution_note")
