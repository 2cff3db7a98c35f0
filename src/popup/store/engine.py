"""The store's SQLAlchemy engine: the connection pragmas, BEGIN IMMEDIATE for writers, and the
Alembic configuration of the store's migrations (Alembic is imported only when it is used: a
start-up on an up-to-date store never needs it, see :func:`newest_revision`)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Engine, create_engine, event

from popup.domain.messages import specifics
from popup.store import cipher
from popup.store.errors import StoreError
from popup.store.keys import StoreKey, resolve

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
DEFAULT_BUSY_TIMEOUT_MS = 5000
#: SQLite's default is 1,000 pages (see _set_pragmas).
WAL_AUTOCHECKPOINT_PAGES = 4000
READ_ONLY = "popup_read_only"


def _set_pragmas(dbapi_connection: sqlite3.Connection, busy_timeout_ms: int) -> None:
    # Autocommit at the driver level: SQLAlchemy's "begin" hook below issues BEGIN IMMEDIATE,
    # so a writer takes the lock up front instead of failing on upgrade from a read lock.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode is None or str(mode[0]).lower() != "wal":
            path = cursor.execute("PRAGMA database_list").fetchone()[2]
            raise StoreError("NO_WAL", specifics(path=str(path)))
        # FULL: a transaction the screen confirmed is on disk even if power fails next.
        cursor.execute("PRAGMA synchronous = FULL")
        # The automatic checkpoint runs inside whichever commit crosses this many WAL pages.
        # Between scans the IdleCheckpointer folds the WAL back long before; this is the
        # backstop for writing without pauses (imports, snapshots), where fewer, larger
        # checkpoints cost less in all. The WAL file is cut back to the limit afterwards.
        cursor.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
        cursor.execute(f"PRAGMA journal_size_limit = {WAL_AUTOCHECKPOINT_PAGES * 4096}")
    finally:
        cursor.close()


#: The pragmas every store connection runs (public for the benchmarks' bare commit).
set_pragmas = _set_pragmas


def make_engine(
    path: Path, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS, *, key: StoreKey | None = None
) -> Engine:
    """The engine of the encrypted store at ``path``: every connection opens through
    :func:`popup.store.cipher.connect` with ``key`` (default: the store's recorded key)."""
    store_key = key if key is not None else resolve(path)

    def _connect() -> Any:
        return cipher.connect(
            path, store_key, timeout=busy_timeout_ms / 1000, check_same_thread=False
        )

    # The URL only names the dialect and the file (for messages): the creator opens it.
    engine = create_engine(
        URL.create("sqlite+pysqlite", database=str(path)),
        creator=_connect,
        module=cipher.DBAPI,  # sqlcipher3: its errors are the ones SQLAlchemy wraps
        hide_parameters=True,  # error messages and logs must not carry patrons' personal data
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        _set_pragmas(dbapi_connection, busy_timeout_ms)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")  # deferred: readers never wait for the lock
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def file_uri(path: Path, **query: str) -> str:
    """An SQLite ``file:`` URI for ``path`` (percent-encoded, so any character in the path
    names this file) with the given query parameters, e.g. ``mode="ro"``."""
    return path.absolute().as_uri() + "".join(
        f"{'&' if i else '?'}{k}={v}" for i, (k, v) in enumerate(query.items())
    )


def alembic_config(connection: Any | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


_REVISION = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


def newest_revision() -> str | None:
    """The newest migration's revision, read from the migration files' ``revision =`` and
    ``down_revision =`` lines without importing Alembic (a few milliseconds instead of a
    quarter of a second at every start-up). None when the files do not say plainly (a merge,
    a branch, an unexpected form): the caller then asks Alembic."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        revision, parent = found.get("revision", ""), found.get("down_revision", "")
        if not re.fullmatch(r"[\"'][\w-]+[\"']", revision):
            return None
        revisions.add(revision[1:-1])
        if re.fullmatch(r"[\"'][\w-]+[\"']", parent):
            parents.add(parent[1:-1])
        elif parent != "None":
            return None  # a tuple: a merge revision
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None
