"""Attendance scans and payments forget their card (:mod:`popup.store.forget`).

* ``attendance_to_forget``: a partial index of the attendance rows still naming a card, by
  when they were counted, so that the forgetting after each sync pass reads only the last
  day's scans and those not acknowledged yet, not every scan the laptop ever made.
* ``payments_to_forget``: the same for payment records still naming their payer (a condition
  on the payload's JSON: kept out of the models, like ``outbox_by_loan``).

The placeholders are written out here: a migration keeps its own copy.

Nothing is rewritten: the first sync pass after the update forgets what is old enough.

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

_STILL_NAMED = "patron_card IS NOT NULL AND patron_card NOT LIKE 'attendee-forgotten-%'"
_PAYER_NAMED = (
    "kind = 'payment' AND json_valid(payload)"
    " AND json_extract(payload, '$.patron_card') != 'payer-forgotten'"
)


def upgrade() -> None:
    op.create_index(
        "attendance_to_forget",
        "attendance",
        ["counted_at"],
        unique=False,
        sqlite_where=sa.text(_STILL_NAMED),
        postgresql_where=sa.text(_STILL_NAMED),
    )
    op.execute(f"CREATE INDEX payments_to_forget ON outbox (client_time) WHERE {_PAYER_NAMED}")


def downgrade() -> None:
    op.execute("DROP INDEX payments_to_forget")
    op.drop_index("attendance_to_forget", table_name="attendance")
