"""The last sync error's key and params beside its English sentence, for a translated UI.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_error_key", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("last_error_params", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.drop_column("last_error_params")
        batch_op.drop_column("last_error_key")
