"""One bridge per library: a second one would send the same actions again.

PostgreSQL: a session advisory lock (keyed by the library) held on a connection of its own
for as long as the bridge runs; the database drops it when that connection goes, so a killed
bridge never leaves it behind. SQLite: an exclusive ``flock`` on a file beside the database,
which the kernel drops with the process.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import make_url, text

from popup_sync.core.db import Database

#: First key of the advisory lock (the second is the library id); the migration lock uses
#: a single bigint key, so the two never collide.
_LOCK_CLASS = 0x53495032  # "SIP2"


class Busy(RuntimeError):
    """Another bridge is forwarding this library's actions."""


@contextlib.contextmanager
def held(db: Database, library_id: int, code: str) -> Iterator[None]:
    """Hold the library's bridge lease, or raise :class:`Busy`."""
    if db.is_postgres:
        with db.engine.connect() as connection:
            got = connection.execute(
                text("SELECT pg_try_advisory_lock(:a, :b)"), {"a": _LOCK_CLASS, "b": library_id}
            ).scalar_one()
            connection.commit()
            if not got:
                raise Busy(f"another bridge is already forwarding library {code}")
            try:
                yield
            finally:
                connection.execute(
                    text("SELECT pg_advisory_unlock(:a, :b)"), {"a": _LOCK_CLASS, "b": library_id}
                )
                connection.commit()
        return
    database = make_url(db.url).database or ""
    if not database or database == ":memory:":
        yield
        return
    try:
        import fcntl
    except ImportError:  # Windows: the demo server; run one bridge by hand
        yield
        return
    path = Path(f"{database}.bridge-{library_id}.lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(f"another bridge is already forwarding library {code}") from None
        yield
    finally:
        os.close(fd)
