"""Scratch PostgreSQL databases on the server at 127.0.0.1:5432 (trust auth, database ``test``).

The availability rule every PostgreSQL test follows: when the server is unreachable the test
is skipped, except under ``POPUP_EXPECT_POSTGRES=1`` (CI), where it fails.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
#: CI sets POPUP_EXPECT_POSTGRES=1: PostgreSQL must be there, and every backend is tested.
EXPECTED = os.environ.get("POPUP_EXPECT_POSTGRES") == "1"


def unreachable() -> str | None:
    """Why PostgreSQL cannot be reached, or None when it can."""
    try:
        with psycopg.connect(ADMIN_URL, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def require() -> None:
    """Skip the calling test when PostgreSQL is down; fail it when it is expected up."""
    problem = unreachable()
    if problem is None:
        return
    message = f"PostgreSQL at 127.0.0.1:5432 is unreachable: {problem}"
    if EXPECTED:
        pytest.fail(message)
    pytest.skip(message)


def backends() -> list[str]:
    """The backends a whole-system test runs on: PostgreSQL too when it is expected."""
    return ["sqlite", "postgres"] if EXPECTED else ["sqlite"]


@contextlib.contextmanager
def scratch_database(prefix: str) -> Iterator[str]:
    """A new, empty database for the block (its SQLAlchemy URL), dropped afterwards."""
    require()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
