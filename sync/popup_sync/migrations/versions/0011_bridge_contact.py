"""The SIP2 bridge's last contact with each library's ILS, and its last error (#19: the
console's bridge page).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sip2_contacts",
        sa.Column("library_id", sa.Integer(), nullable=False),
        sa.Column("last_contact_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["library_id"], ["libraries.id"]),
        sa.PrimaryKeyConstraint("library_id"),
    )


def downgrade() -> None:
    op.drop_table("sip2_contacts")
