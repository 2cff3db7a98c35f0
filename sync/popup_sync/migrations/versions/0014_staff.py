"""Staff accounts and who made each action (#17): the ``staff`` table (login and badge unique
per library, the PIN only as a slow salted hash) and ``staff_id`` / ``approved_by`` on the
exactly-once record of applied actions. Both columns are nullable: actions applied before this
revision, and those of laptops older than staff sign-in, name nobody.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("library_id", sa.Integer(), sa.ForeignKey("libraries.id"), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=False),
        sa.Column("badge", sa.String(length=64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("library_id", "login"),
        sa.UniqueConstraint("library_id", "badge"),
    )
    with op.batch_alter_table("applied_mutations") as batch:
        batch.add_column(sa.Column("staff_id", sa.String(length=80), nullable=True))
        batch.add_column(sa.Column("approved_by", sa.String(length=80), nullable=True))
    op.create_index(
        "applied_by_staff", "applied_mutations", ["library_id", "staff_id", "received_at"]
    )


def downgrade() -> None:
    op.drop_index("applied_by_staff", table_name="applied_mutations")
    with op.batch_alter_table("applied_mutations") as batch:
        batch.drop_column("approved_by")
        batch.drop_column("staff_id")
    op.drop_table("staff")
