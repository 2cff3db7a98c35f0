"""Duplicate-check keys kept under a per-device secret, so they can outlive the erasure of a
synced sign-up's personal data (#16): the match_secret table, and every plain key re-keyed.

A key is only the first hex digit (4 bits) of HMAC-SHA256(secret, "name|date"): the secret is
in the same file, so a full HMAC would give an erased birth date back to anyone trying every
day of a century; one hex digit is shared by ~2,900 of the days 1900-2030 (~110 even within a
five-year age category). (Changed in place before this
revision was released, after the review of #16.)

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "match_secret",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint("id = 1", name="single_match_secret_row"),
        sa.PrimaryKeyConstraint("id"),
    )
    secret = secrets.token_hex(32)
    conn = op.get_bind()
    conn.execute(
        sa.text("INSERT INTO match_secret (id, secret, created_at) VALUES (1, :s, :at)"),
        {"s": secret, "at": datetime.now(UTC).isoformat(timespec="microseconds")},
    )
    # The keys written so far are the plain "name|date": key them in place.
    rows = conn.execute(
        sa.text("SELECT id, match_key FROM patrons WHERE match_key IS NOT NULL")
    ).all()
    for patron_id, plain in rows:
        conn.execute(
            sa.text("UPDATE patrons SET match_key = :k WHERE id = :id"),
            {"k": _keyed(bytes.fromhex(secret), plain), "id": patron_id},
        )


def _keyed(secret: bytes, plain: str) -> str:
    """popup.domain.signup.key_with as of this revision (a migration does not follow the code)."""
    return hmac.new(secret, plain.encode("utf-8"), hashlib.sha256).hexdigest()[:1]


def downgrade() -> None:
    # A keyed key cannot be turned back into the plain one; the duplicate check loses them.
    op.execute("UPDATE patrons SET match_key = NULL")
    op.drop_table("match_secret")
