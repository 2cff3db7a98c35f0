"""The SIP2 bridge's delivery ledger (#18): one row per applied action forwarded to the ILS,
and an index of the applied log by library and received time (what the bridge reads).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sip2_deliveries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("library_id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("mutation_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("patron_card", sa.String(length=64), nullable=True),
        sa.Column("item_barcode", sa.String(length=64), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("exception_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["library_id"], ["libraries.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("device_id", "seq"),
    )
    op.create_index("sip2_deliveries_queue", "sip2_deliveries", ["library_id", "state", "id"])
    # The bridge looks at a library's actions of the last hour, not the whole applied log.
    op.create_index(
        "applied_by_library_received", "applied_mutations", ["library_id", "received_at"]
    )


def downgrade() -> None:
    op.drop_index("applied_by_library_received", table_name="applied_mutations")
    op.drop_index("sip2_deliveries_queue", table_name="sip2_deliveries")
    op.drop_table("sip2_deliveries")
