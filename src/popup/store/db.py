"""The open store: transactions that say what they changed, reads, the idle checkpoint.

:meth:`Store.open` runs every start-up step (:mod:`popup.store.startup`: the checks, the
backup, the migrations; then this laptop's device row and the pruning of old backups) inside
the translation of the driver's and the system's errors into a :class:`StoreError`, so staff
get a sentence, never a traceback. A write that fails for a reason of the file or the disk
raises :class:`WriteFailed` after its rollback (see :mod:`popup.store.errors`).
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
from typing import cast

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from popup.store import cipher
from popup.store.engine import (
    DEFAULT_BUSY_TIMEOUT_MS,
    MIGRATIONS_DIR,
    READ_ONLY,
    WAL_AUTOCHECKPOINT_PAGES,
    alembic_config,
    head_revision,
    make_engine,
)
from popup.store.errors import (
    CorruptStore,
    NewerSchema,
    NoRoom,
    ReadOnlyStore,
    StoreError,
    StoreLocked,
    WriteFailed,
    open_failure,
    sqlite_name,
    write_failure,
)
from popup.store.keys import AskPassphrase, StoreKey, resolve
from popup.store.notify import INFO_KEY, Notes, StoreChange, Topic
from popup.store.staff import SYSTEM, Actor
from popup.store.startup import (
    FreeBytes,
    check_place,
    check_readable,
    disk_free,
    migrate,
    probe,
    prune_backups,
)

log = logging.getLogger(__name__)

#: Where a write transaction's actor rides (the session's or connection's ``info``), so
#: :func:`popup.store.outbox.append` records who made the action.
ACTOR_KEY = "popup_store_actor"

#: A pre-migration backup is deleted this long after it was made, at a start-up where the
#: store opened fine: it holds sign-up details the laptop otherwise erases once uploaded.
BACKUP_KEEP_DAYS = 14


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def driver(db: Session | Connection) -> sqlite3.Connection:
    """The driver connection under ``db``, inside ``db``'s transaction (for the scan hot path,
    where even SQLAlchemy Core's per-statement work outweighs the commit). It is SQLCipher's
    (``sqlcipher3``), typed as ``sqlite3.Connection``: the same DB-API interface."""
    connection = db.connection() if isinstance(db, Session) else db
    raw = connection.connection.driver_connection
    assert cipher.is_connection(raw)
    return cast(sqlite3.Connection, raw)


class IdleCheckpointer:
    """Folds the WAL back into the store file once writes pause for ``idle_s``.

    SQLite's automatic checkpoint runs inside whichever commit crosses its threshold, so about
    one scan in a hundred paid for copying the WAL back: that was the checkout's p99. Run here,
    in the pause between two scans, no scan waits for it; the automatic one stays as the
    backstop for writing without pauses. PASSIVE: it never blocks a writer or a reader, and a
    kill at any moment leaves the file as consistent as ever.
    """

    def __init__(self, path: Path, key: StoreKey, idle_s: float = 0.02) -> None:
        self._path = path
        self._key = key
        self._idle_s = idle_s
        self._wrote = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        #: Held while this process checkpoints: SQLite runs one checkpoint at a time and
        #: answers a second one "busy" without waiting (see Store.truncate_wal).
        self.lock = threading.Lock()
        #: Bulk writes under way (:meth:`Store.bulk`): no checkpoint until they end.
        self._held = 0

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
        connection = cipher.connect(
            self._path, self._key, isolation_level=None, check_same_thread=False
        )
        try:
            while not self._stopping.is_set():
                self._wrote.wait()
                self._wrote.clear()
                # Wait for a pause: a write during the wait starts the wait again.
                while not self._stopping.wait(self._idle_s) and self._wrote.is_set():
                    self._wrote.clear()
                if self._stopping.is_set():
                    return
                if self._held:
                    continue  # the bulk write's end asks again
                try:
                    with self.lock:
                        connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except cipher.ERRORS as exc:  # busy or closing: the next pause tries again
                    log.debug("background checkpoint skipped: %s", exc)
        finally:
            connection.close()

    def hold(self) -> None:
        self._held += 1

    def release(self) -> None:
        self._held -= 1
        self.wrote()  # fold back what the bulk write left in the WAL

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

    def __init__(self, path: Path, engine: Engine, key: StoreKey) -> None:
        self.path = path
        self.engine = engine
        #: The store's encryption key (:mod:`popup.store.keys`), for raw connections.
        self.key = key
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._readers = sessionmaker(engine.execution_options(**{READ_ONLY: True}))
        #: Bumped whenever settings, loan rules or closed days change (a committed change with
        #: :attr:`Topic.SETTINGS`); services holding settings reload when it moves.
        self.settings_generation = 0
        self._checkpointer = IdleCheckpointer(path, key)
        self._listeners: list[Listener] = []
        self._listeners_lock = threading.Lock()
        #: Who is acting (:mod:`popup.store.staff`): every service checks it and every outbox
        #: record names its ``staff_id``. :data:`SYSTEM` (the command line, scripts, tests)
        #: unless the window sets it; None while the window is locked.
        self.actor: Actor | None = SYSTEM

    @classmethod
    def open(
        cls,
        path: Path,
        backups: Path | None = None,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        *,
        free_bytes: FreeBytes = disk_free,
        key: StoreKey | None = None,
        ask: AskPassphrase | None = None,
    ) -> Store:
        """Open (creating, encrypting or migrating) the store file at ``path``, encrypted with
        ``key`` (default: its recorded key, :func:`popup.store.keys.resolve`, asking ``ask``
        for a passphrase). A plain store (from before encryption) and its plain backups are
        encrypted first (:func:`popup.store.cipher.encrypt_plain`). Raises
        :class:`StoreError` for anything that stops it, having changed nothing it should not
        have."""
        from popup.store import device

        backups = backups or path.parent / "backups"
        store: Store | None = None
        try:
            check_place(path)
            if key is None:  # a key given is the caller's word that the file is this store
                check_readable(path)
            if cipher.is_plain(path):  # from before encryption: checked as it is, first
                probe(path, busy_timeout_ms, None)
            key = key if key is not None else resolve(path, ask=ask)
            backups.mkdir(parents=True, exist_ok=True)
            cipher.encrypt_plain(path, backups, key)
            migrate(path, backups, busy_timeout_ms, free_bytes, key)
            store = cls(path, make_engine(path, busy_timeout_ms, key=key), key)
            device.ensure(store)  # a write: another program's lock shows here
            pruned = prune_backups(path, backups, datetime.now(UTC), BACKUP_KEEP_DAYS)
        except (StoreError, cipher.Error, sqlite3.Error, DBAPIError, OSError) as exc:
            if store is not None:
                store.close()
            refusal = open_failure(exc, path)
            log.info("the store could not be opened: %s", refusal.key)  # staff are told why
            if refusal is exc:
                raise
            raise refusal from exc
        if pruned:
            log.info("deleted %d store backups older than %d days", len(pruned), BACKUP_KEEP_DAYS)
        return store

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        notes = Notes()
        with self._failing_as_store_errors(), self._sessions.begin() as session:
            session.info[INFO_KEY] = notes
            session.info[ACTOR_KEY] = self.actor
            yield session
        self._committed(notes)

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """Like :meth:`transaction`, but a Core connection: for the scan hot path, where the
        ORM's unit of work cost more CPU than the commit's fsync."""
        notes = Notes()
        with self._failing_as_store_errors(), self.engine.begin() as connection:
            # The info dict belongs to the pooled driver connection: take the notes off.
            connection.info[INFO_KEY] = notes
            connection.info[ACTOR_KEY] = self.actor
            try:
                yield connection
            finally:
                connection.info.pop(INFO_KEY, None)
                connection.info.pop(ACTOR_KEY, None)
        self._committed(notes)

    @contextlib.contextmanager
    def _failing_as_store_errors(self) -> Iterator[None]:
        """Around a write's whole transaction (begin, body, commit, rollback): a driver error
        about the file or the disk leaves as :class:`WriteFailed`, after the rollback."""
        try:
            yield
        except (cipher.Error, sqlite3.Error, DBAPIError) as exc:
            failure = write_failure(exc, self.path)
            if failure is None:
                raise
            log.warning("a write was rolled back: %s (%s)", failure.key, sqlite_name(exc))
            raise failure from exc

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

    @contextlib.contextmanager
    def bulk(self) -> Iterator[None]:
        """Many writes in a row (a download's pages): the background checkpoint waits for
        their end, rather than copying the same index pages back after every one of them."""
        self._checkpointer.hold()
        try:
            yield
        finally:
            self._checkpointer.release()

    def holds_items(self) -> bool:
        """Whether the catalogue has an item yet (one indexed look, no ORM)."""
        with self.engine.execution_options(**{READ_ONLY: True}).connect() as connection:
            return connection.exec_driver_sql("SELECT 1 FROM items LIMIT 1").first() is not None

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


__all__ = [
    "ACTOR_KEY",
    "BACKUP_KEEP_DAYS",
    "DEFAULT_BUSY_TIMEOUT_MS",
    "MIGRATIONS_DIR",
    "READ_ONLY",
    "WAL_AUTOCHECKPOINT_PAGES",
    "CorruptStore",
    "IdleCheckpointer",
    "NewerSchema",
    "NoRoom",
    "ReadOnlyStore",
    "Store",
    "StoreError",
    "StoreLocked",
    "WriteFailed",
    "alembic_config",
    "current_revision",
    "driver",
    "head_revision",
    "make_engine",
]
