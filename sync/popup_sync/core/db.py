"""Engines, sessions, migrations and the classification of database faults.

Two kinds of session:

* :meth:`Database.write` — a write transaction. On SQLite it starts with ``BEGIN IMMEDIATE``
  (the whole database is the lock, so writers never deadlock on a lock upgrade); on PostgreSQL
  it is READ COMMITTED and callers lock the rows they decide on (``SELECT ... FOR UPDATE``).
* :meth:`Database.read` — a read transaction that takes no write lock.

A fault is *transient* when retrying later can succeed (connection lost, database locked,
serialization failure, deadlock); the API answers those with 503, never with 500.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

from alembic import command
from alembic.config import Config
from pydantic_core import to_json
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Engine,
    String,
    any_,
    create_engine,
    event,
    literal,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

#: PostgreSQL SQLSTATEs worth retrying: serialization failure, deadlock, lock not available.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
#: Arbitrary constant for the advisory lock that serializes migrations across processes.
_MIGRATION_LOCK = 7_236_410_015

T = TypeVar("T")


def normalize_url(url: str) -> str:
    """Accept ``postgres://`` and ``postgresql://`` and use psycopg 3 for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def sqlstate(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", None)
    state = getattr(orig, "sqlstate", None)
    return state if isinstance(state, str) else None


def is_retryable(exc: BaseException) -> bool:
    """A conflict between concurrent transactions: run the transaction again."""
    if sqlstate(exc) in RETRYABLE_SQLSTATES:
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


def is_transient(exc: BaseException) -> bool:
    """A fault that may go away by itself: answer 503 and let the device retry."""
    if is_retryable(exc):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, OperationalError):
        return True
    state = sqlstate(exc)
    # Class 08: connection exception; 53: insufficient resources; 57: operator intervention.
    return state is not None and state[:2] in {"08", "53", "57"}


def member(session: Session, column: Any, values: Collection[Any]) -> ColumnElement[bool]:
    """``column IN values``; on PostgreSQL ``column = ANY(:array)``.

    One array parameter instead of one per value: the SQL text is the same whatever the count,
    so SQLAlchemy, psycopg and the server parse and plan it once, and a page of thousands of
    keys does not turn into thousands of bind parameters.
    """
    if session.get_bind().dialect.name == "postgresql":
        # An unbounded element type: a cast to varchar(n)[] would silently truncate an
        # oversized value into one that matches (and locks) another row.
        element = String() if isinstance(column.type, String) else column.type
        array = literal(list(values), ARRAY(element))
        return cast(ColumnElement[bool], column == any_(array))
    return cast(ColumnElement[bool], column.in_(values))


@dataclass(frozen=True)
class Timeouts:
    """How long the database may keep a request waiting, in seconds (see core/config.py)."""

    connect: int = 5
    statement: float = 30.0
    lock: float = 10.0
    pool: float = 5.0
    health: float = 1.0


def _ms(seconds: float) -> int:
    return max(1, round(seconds * 1000))


def _json(value: Any) -> str:
    """JSON columns through pydantic-core's encoder (every push stores two per mutation)."""
    return to_json(value).decode()


def _write_change_log(session: Session) -> None:
    from popup_sync.changes import flush_pending  # the log is part of every write transaction

    if session.in_nested_transaction():
        return  # a savepoint: the outer transaction writes the log once
    flush_pending(session)


class Database:
    """One database: its engines and session factories."""

    def __init__(
        self,
        url: str,
        *,
        pool_size: int = 5,
        max_overflow: int = 5,
        timeouts: Timeouts | None = None,
    ) -> None:
        self.url = normalize_url(url)
        self.timeouts = timeouts or Timeouts()
        parsed = make_url(self.url)
        self.dialect = parsed.get_backend_name()
        if self.dialect == "sqlite":
            database = parsed.database or ""
            if database and database != ":memory:":
                Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            self.engine = self._sqlite_engine(immediate=True)
            self.read_engine = self._sqlite_engine(immediate=False)
        elif self.dialect == "postgresql":
            t = self.timeouts
            self.engine = create_engine(
                self.url,
                pool_size=pool_size,
                max_overflow=max_overflow,
                pool_timeout=t.pool,
                pool_pre_ping=True,
                json_serializer=_json,
                hide_parameters=True,  # error logs must not carry patrons' personal data
                connect_args={
                    "connect_timeout": t.connect,
                    # A stalled (not closed) connection is noticed by TCP keepalives instead of
                    # hanging until the kernel gives up; the statement timeout bounds the rest.
                    "keepalives": 1,
                    "keepalives_idle": 10,
                    "keepalives_interval": 5,
                    "keepalives_count": 3,
                    # Server-side bounds: a query or a lock wait past them fails (SQLSTATE
                    # 57014 / 55P03) and the request is answered 503. No idle-in-transaction
                    # timeout: a pull's read transaction lasts while a slow link drains it.
                    "options": f"-c statement_timeout={_ms(t.statement)}"
                    f" -c lock_timeout={_ms(t.lock)}",
                },
            )
            self.read_engine = self.engine
        else:
            raise ValueError(
                f"unsupported database {self.dialect!r}: use sqlite:/// or postgresql://"
            )
        self._ping_lock = threading.Lock()
        self._pinging: threading.Thread | None = None
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        self._read = sessionmaker(self.read_engine, expire_on_commit=False)
        event.listen(self._write, "before_commit", _write_change_log)

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"

    def _sqlite_engine(self, *, immediate: bool) -> Engine:
        timeouts = self.timeouts
        engine = create_engine(
            self.url,
            connect_args={"timeout": self.timeouts.lock, "check_same_thread": False},
            json_serializer=_json,
            hide_parameters=True,  # error logs must not carry patrons' personal data
        )

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy's "begin" event issue BEGIN, not the driver.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={_ms(timeouts.lock)}")
            cursor.close()

        begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            connection.exec_driver_sql(begin)

        return engine

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: committed on normal exit, rolled back on an exception."""
        with self._write() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    def run_write(self, work: Callable[[Session], T], *, retries: int = 8) -> T:
        """Run ``work`` in a write transaction, again after a serialization failure/deadlock."""
        attempt = 0
        while True:
            try:
                with self.write() as session:
                    return work(session)
            except DBAPIError as exc:
                if not is_retryable(exc) or attempt >= retries:
                    raise
                attempt += 1
                time.sleep(min(0.005 * 2**attempt, 0.5))

    def ping(self) -> None:
        with self.read_engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def healthy(self) -> bool:
        """Whether the database answers ``SELECT 1`` within ``timeouts.health`` seconds.

        A database that stalls (the connection stays open, nothing comes back) would hang the
        caller; the ping runs in its own thread and the caller stops waiting. At most one ping
        is in flight: while a stalled one is still waiting, the answer is "no" at once, so a
        load balancer polling /health cannot pile up threads or connections.
        """
        with self._ping_lock:
            if self._pinging is not None and self._pinging.is_alive():
                return False
            outcome: list[bool] = []

            def run() -> None:
                try:
                    self.ping()
                    outcome.append(True)
                except Exception:  # any failure means "not healthy"; the caller logs nothing
                    outcome.append(False)

            self._pinging = threading.Thread(target=run, name="popup-sync-health", daemon=True)
            self._pinging.start()
            pinging = self._pinging
        pinging.join(self.timeouts.health)
        return bool(outcome and outcome[0])

    def migrate(self) -> None:
        """Bring the schema to the newest revision (serialized across server processes)."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.connect() as connection:
            if self.is_postgres:
                connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK})
                connection.commit()
            try:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                connection.commit()
            finally:
                if self.is_postgres:
                    connection.execute(
                        text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK}
                    )
                    connection.commit()

    def dispose(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()
