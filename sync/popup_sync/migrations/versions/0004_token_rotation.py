"""Device token rotation: when the token was issued, and the previous token's grace period.

Adds columns only (self-contained: it may follow any revision that leaves ``devices`` as 0001
made it). Devices enrolled before it have no ``token_issued_at``: they are due for rotation at
their next pull and never treated as expired.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 12:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token_issued_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("old_token_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("old_token_expires_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_index("ix_devices_old_token_hash", ["old_token_hash"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_index("ix_devices_old_token_hash")
        batch_op.drop_column("old_token_expires_at")
        batch_op.drop_column("old_token_hash")
        batch_op.drop_column("token_issued_at")
