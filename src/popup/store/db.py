"""Opening the store file: checks, backup, migrations, and the connection pragmas.

Start-up order matters. A file that is corrupt, locked by another program or written by a newer
Popup is reported with a clear :class:`StoreError` *before* anything writes to it, and an
existing file is copied to ``backups/`` before any migration touches it.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from popup.store.notify import INFO_KEY, Notes, StoreChange, Topic

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
DEFAULT_BUSY_TIMEOUT_MS = 5000
#: SQLite's default is 1,000 pages (see _set_pragmas).
WAL_AUTOCHECKPOINT_PAGES = 4000
#: A pre-migration backup is deleted this long after it was made, at a start-up where the
#: store opened fine: it holds sign-up details the laptop otherwise erases once uploaded.
BACKUP_KEEP_DAYS = 14
READ_ONLY = "popup_read_only"


class StoreError(Exception):
    """A store problem staff must be told about. ``str(exc)`` is the message to show."""


class CorruptStore(StoreError):
    pass


class StoreLocked(StoreError):
    pass


class NewerSchema(StoreError):
    pass


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
            raise StoreError(f"The store could not switch to WAL journaling (got {mode!r})")
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


def make_engine(path: Path, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Engine:
    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
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


def alembic_config(connection: Any | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _probe(path: Path, busy_timeout_ms: int) -> str | None:
    """Check the file before anything writes to it; return its Alembic revision (or None)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=busy_timeout_ms / 1000)
    except sqlite3.Error as exc:
        raise StoreError(f"The store file {path} cannot be opened: {exc}") from exc
    try:
        try:
            check = con.execute("PRAGMA quick_check").fetchone()
        except sqlite3.DatabaseError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreLocked(
                    f"The store file {path} is locked by another program. Close any other Popup"
                    " window or database tool using it, then start Popup again."
                ) from exc
            raise CorruptStore(
                f"The store file {path} is damaged or is not a Popup store ({exc}). It was not"
                " changed. Restore the newest file from the backups folder, or move this one"
                " aside to start fresh."
            ) from exc
        if check is None or check[0] != "ok":
            raise CorruptStore(
                f"The store file {path} failed its integrity check ({check[0] if check else '?'})."
                " It was not changed. Restore the newest file from the backups folder."
            )
        has_version = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_version:
            tables = con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
            if tables and tables[0]:
                raise CorruptStore(
                    f"The file {path} holds a database that is not a Popup store. It was not"
                    " changed."
                )
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    finally:
        con.close()


_STAMP = "%Y%m%dT%H%M%SZ"


def prune_backups(path: Path, backups: Path, now: datetime, keep_days: int) -> list[Path]:
    """Delete this store's backups older than ``keep_days``; returns what was deleted."""
    deleted = []
    for old in backups.glob(f"{path.stem}-*-*.sqlite3"):
        try:
            made = datetime.strptime(old.stem.rsplit("-", 1)[1], _STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue  # not one of ours: leave it alone
        if (now - made).days >= keep_days:
            try:
                old.unlink(missing_ok=True)
            except OSError as exc:  # locked or read-only: try again at the next start-up
                log.warning("could not delete old backup %s: %s", old.name, exc.strerror)
                continue
            deleted.append(old)
    return deleted


def _backup(path: Path, backups: Path, revision: str | None) -> Path:
    stamp = datetime.now(UTC).strftime(_STAMP)
    target = backups / f"{path.stem}-{revision or 'empty'}-{stamp}.sqlite3"
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)  # consistent copy, WAL contents included
        finally:
            dst.close()
    finally:
        src.close()
    return target


def migrate(
    path: Path, backups: Path, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS
) -> Path | None:
    """Bring the file to the newest schema. Returns the backup made, if any."""
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    current = _probe(path, busy_timeout_ms) if path.exists() and path.stat().st_size else None
    if current is not None:
        try:
            script.get_revision(current)
        except Exception:
            raise NewerSchema(
                f"The store file {path} was written by a newer version of Popup (schema"
                f" {current}). Install that version again; this file was not changed."
            ) from None
    if current == head:
        return None
    backup = _backup(path, backups, current) if current is not None else None
    engine = make_engine(path, busy_timeout_ms)
    try:
        with engine.connect() as connection:
            command.upgrade(alembic_config(connection), "head")
            connection.commit()
    except sqlite3.OperationalError as exc:  # pragma: no cover - raised via SQLAlchemy below
        raise StoreLocked(str(exc)) from exc
    finally:
        engine.dispose()
    log.info("store migrated from %s to %s", current or "empty", head)
    return backup


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def driver(db: Session | Connection) -> sqlite3.Connection:
    """The sqlite3 connection under ``db``, inside ``db``'s transaction (for the scan hot path,
    where even SQLAlchemy Core's per-statement work outweighs the commit)."""
    connection = db.connection() if isinstance(db, Session) else db
    raw = connection.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


class IdleCheckpointer:
    """Folds the WAL back into the store file once writes pause for ``idle_s``.

    SQLite's automatic checkpoint runs inside whichever commit crosses its threshold, so about
    one scan in a hundred paid for copying the WAL back: that was the checkout's p99. Run here,
    in the pause between two scans, no scan waits for it; the automatic one stays as the
    backstop for writing without pauses. PASSIVE: it never blocks a writer or a reader, and a
    kill at any moment leaves the file as consistent as ever.
    """

    def __init__(self, path: Path, idle_s: float = 0.02) -> None:
        self._path = path
        self._idle_s = idle_s
        self._wrote = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        #: Held while this process checkpoints: SQLite runs one checkpoint at a time and
        #: answers a second one "busy" without waiting (see Store.truncate_wal).
        self.lock = threading.Lock()

    def wrote(self) -> None:
        """A write committed: checkpoint once the store has been idle for a moment."""
        if self._thread is None:
            with self._start_lock:
                if self._thread is None and not self._stopping.is_set():
                    self._thread = threading.Thread(
                        target=self._run, name=f"popup-checkpoint {self._path}", daemon=True
                    )
                    self._thread.start()
        self._wrote.set()

    def _run(self) -> None:
        connection = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        try:
            while not self._stopping.is_set():
                self._wrote.wait()
                self._wrote.clear()
                # Wait for a pause: a write during the wait starts the wait again.
                while not self._stopping.wait(self._idle_s) and self._wrote.is_set():
                    self._wrote.clear()
                if self._stopping.is_set():
                    return
                try:
                    with self.lock:
                        connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error as exc:  # busy or closing: the next pause tries again
                    log.debug("background checkpoint skipped: %s", exc)
        finally:
            connection.close()

    def stop(self) -> None:
        self._stopping.set()
        self._wrote.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


Listener = Callable[[StoreChange], None]


class Store:
    """An open store file.

    Use :meth:`transaction` (or :meth:`write`) for every write: it begins with
    ``BEGIN IMMEDIATE`` and commits on leaving the block, or rolls everything back on an
    exception. Once it has committed, each listener given to :meth:`subscribe` is told what it
    changed (see :mod:`popup.store.notify`), on the committing thread.
    """

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._readers = sessionmaker(engine.execution_options(**{READ_ONLY: True}))
        #: Bumped whenever settings, loan rules or closed days change (a committed change with
        #: :attr:`Topic.SETTINGS`); services holding settings reload when it moves.
        self.settings_generation = 0
        self._checkpointer = IdleCheckpointer(path)
        self._listeners: list[Listener] = []
        self._listeners_lock = threading.Lock()

    @classmethod
    def open(
        cls, path: Path, backups: Path | None = None, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS
    ) -> Store:
        from sqlalchemy.exc import OperationalError

        backups = backups or path.parent / "backups"
        backups.mkdir(parents=True, exist_ok=True)
        try:
            migrate(path, backups, busy_timeout_ms)
        except OperationalError as exc:
            if "locked" in str(exc):
                raise StoreLocked(
                    f"The store file {path} is locked by another program. Close it and start"
                    " Popup again."
                ) from exc
            raise StoreError(f"The store file {path} could not be prepared: {exc.orig}") from exc
        store = cls(path, make_engine(path, busy_timeout_ms))
        from popup.store import device

        device.ensure(store)
        pruned = prune_backups(path, backups, datetime.now(UTC), BACKUP_KEEP_DAYS)
        if pruned:
            log.info("deleted %d store backups older than %d days", len(pruned), BACKUP_KEEP_DAYS)
        return store

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        notes = Notes()
        with self._sessions.begin() as session:
            session.info[INFO_KEY] = notes
            yield session
        self._committed(notes)

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """Like :meth:`transaction`, but a Core connection: for the scan hot path, where the
        ORM's unit of work cost more CPU than the commit's fsync."""
        notes = Notes()
        with self.engine.begin() as connection:
            # The info dict belongs to the pooled driver connection: take the notes off again.
            connection.info[INFO_KEY] = notes
            try:
                yield connection
            finally:
                connection.info.pop(INFO_KEY, None)
        self._committed(notes)

    def _committed(self, notes: Notes) -> None:
        self._checkpointer.wrote()
        change = notes.change()
        if change is None:
            return
        if Topic.SETTINGS in change.topics:
            self.settings_changed()
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(change)
            except Exception:  # a screen's trouble must never undo or block a write
                log.exception("a store listener failed")

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(change)`` after every committed write; returns the unsubscriber."""
        with self._listeners_lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._listeners_lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A read session (WAL readers never block the writer).

        Closing (not rolling back) keeps loaded attributes readable on the returned objects.
        """
        with self._readers() as session:
            yield session

    def truncate_wal(self, timeout_s: float = 10.0) -> bool:
        """Fold the WAL into the file and cut it to zero bytes, so values erased from the
        store (sign-up details, once uploaded) leave the WAL file too.

        A checkpoint already running, or a reader holding an old snapshot, makes SQLite answer
        "busy" without waiting: wait for ours, retry the others until ``timeout_s``. False (and
        a warning) if it never got through; the next erasure tries again.
        """
        deadline = time.monotonic() + timeout_s
        while True:
            with self._checkpointer.lock:
                raw = self.engine.raw_connection()  # outside any transaction, as it must be
                try:
                    cursor = raw.cursor()
                    busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                    cursor.close()
                finally:
                    raw.close()
            if not busy:
                return True
            if time.monotonic() > deadline:
                log.warning("the WAL could not be truncated: the store stayed busy")
                return False
            time.sleep(0.05)

    def settings_changed(self) -> None:
        """Say that settings, loan rules or closed days changed (say, a sync downloaded them):
        every service over this store reads them afresh before its next action."""
        self.settings_generation += 1

    def close(self) -> None:
        self._checkpointer.stop()
        self.engine.dispose()
