"""Indexes for the console's Reach page (#19): a library's actions of one kind over a period,
its stop sessions by start, and their events by stop.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "applied_by_library_kind_time",
        "applied_mutations",
        ["library_id", "kind", "client_time"],
    )
    op.create_index("stops_by_library_start", "stops", ["library_id", "starts_at"])
    op.create_index("events_by_stop", "events", ["library_id", "stop_id"])


def downgrade() -> None:
    op.drop_index("events_by_stop", table_name="events")
    op.drop_index("stops_by_library_start", table_name="stops")
    op.drop_index("applied_by_library_kind_time", table_name="applied_mutations")
