"""What a device says about itself, for the console's fleet page (#19): the app version and
outbox backlog it reports in request headers, when it was last seen, and the last push or pull
the server refused. All nullable: devices enrolled before this revision report on their next
request.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("app_version", sa.String(length=32)),
    ("last_seen_at", sa.DateTime(timezone=True)),
    ("pending_actions", sa.Integer()),
    ("pending_reported_at", sa.DateTime(timezone=True)),
    ("last_error_code", sa.String(length=64)),
    ("last_error_message", sa.String(length=300)),
    ("last_error_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        for name, kind in _COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        for name, _kind in reversed(_COLUMNS):
            batch.drop_column(name)
