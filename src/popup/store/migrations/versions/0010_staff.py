"""Staff sign-in and accountability (#17).

* ``staff``: who may sign in on this laptop, as downloaded (``StaffData``) or, on a laptop not
  enrolled yet, the one local administrator made at first start (``local``). The PIN only as
  its slow salted hash.
* ``staff_pin_failures``: wrong PINs in a row per login, kept in the store so a restart does
  not reset them (the growing wait, the lock until another staff member unlocks it).
* ``outbox.staff_id`` / ``outbox.approved_by``: who made each action and who approved its
  override. NULL on the actions written before this revision (and by scripts). Plain
  ``ADD COLUMN``: the table is not rebuilt, so ``outbox_by_loan`` (0009) stays.

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
    op.create_table(
        "staff",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=False),
        sa.Column("badge", sa.String(length=64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("local", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("login"),
    )
    op.create_index(op.f("ix_staff_badge"), "staff", ["badge"], unique=False)
    op.create_table(
        "staff_pin_failures",
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("last_failure_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("login"),
    )
    op.add_column("outbox", sa.Column("staff_id", sa.String(length=80), nullable=True))
    op.add_column("outbox", sa.Column("approved_by", sa.String(length=80), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE outbox DROP COLUMN approved_by")
    op.execute("ALTER TABLE outbox DROP COLUMN staff_id")
    op.drop_table("staff_pin_failures")
    op.drop_index(op.f("ix_staff_badge"), table_name="staff")
    op.drop_table("staff")
