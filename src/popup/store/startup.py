"""Before the store opens: where the file is, what it holds, the backup, the migrations.

Order matters. A file that is damaged, empty, locked by another program, read-only, not a Popup
store or written by a newer Popup is reported with a clear :class:`StoreError` *before*
anything writes to it; a journal (``-wal``) is never separated from its file; and an existing
file is copied to ``backups/`` (checked for room first, written under a temporary name and
renamed, never left half-written) before any migration touches it.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from popup.domain.messages import specifics
from popup.store import cipher
from popup.store.engine import (
    DEFAULT_BUSY_TIMEOUT_MS,
    alembic_config,
    file_uri,
    make_engine,
    newest_revision,
)
from popup.store.errors import (
    CorruptStore,
    NewerSchema,
    NoRoom,
    StoreError,
    journal_files,
    read_only,
    sqlite_code,
)
from popup.store.keys import StoreKey, read_record, refuse_without_record

log = logging.getLogger(__name__)

#: ``free_bytes(folder)``: the free space where a copy is to be written (injectable for tests).
FreeBytes = Callable[[Path], int]
MB = 1 << 20
#: Room asked for beyond the copy itself (its journal while it is written).
COPY_MARGIN_BYTES = MB
_STAMP = "%Y%m%dT%H%M%SZ"
PARTIAL = ".partial"


def disk_free(folder: Path) -> int:
    return shutil.disk_usage(folder).free


def recovery_marker(path: Path) -> Path:
    """Present while ``popup recover`` is moving files (see :mod:`popup.store.recover`)."""
    return path.with_name(path.name + ".recovering")


def family_size(path: Path) -> int:
    """The bytes of the store file and its write-ahead log."""
    wal = journal_files(path)[0]
    return sum(p.stat().st_size for p in (path, wal) if p.is_file())


def check_place(path: Path) -> None:
    """Refuse a store path that cannot be opened safely, before SQLite sees it."""
    where = specifics(path=str(path))
    if path.is_dir():
        raise StoreError("IS_FOLDER", where)
    if recovery_marker(path).exists():
        raise StoreError("RECOVERY_UNFINISHED", where)
    path.parent.mkdir(parents=True, exist_ok=True)
    refusal = read_only(path)
    if refusal is not None:
        raise refusal
    wal = journal_files(path)[0]
    wal_holds = wal.is_file() and wal.stat().st_size > 0
    if not path.exists() and wal_holds:
        # SQLite would replay this journal onto a new, empty file: both would be lost.
        raise CorruptStore("ORPHAN_JOURNAL", specifics(path=str(path), journal=str(wal)))
    if path.exists() and path.stat().st_size == 0 and not wal_holds:
        # A truncated file (a copy cut short, a sync tool) is damage, not a new laptop.
        raise CorruptStore("EMPTY_FILE", where)


def check_readable(path: Path) -> None:
    """Refuse a file that is neither a plain SQLite file nor a store with a key record, before
    a key is made for it: whole pages of random-looking bytes are an encrypted store whose key
    record is missing (``KEY_RECORD_MISSING``), other bytes are damage (``DAMAGED``)."""
    if cipher.is_encrypted_or_unknown(path) and read_record(path) is None:
        refuse_without_record(path)  # an encrypted store: its key record is missing
        raise CorruptStore("DAMAGED", specifics(path=str(path)))


def _popup_revision(con: sqlite3.Connection, path: Path) -> str | None:
    """The file's Alembic revision; None for a file without tables (a new store)."""
    has_version = con.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
    ).fetchone()
    if not has_version:
        tables = con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
        if tables and tables[0]:
            raise CorruptStore("NOT_POPUP", specifics(path=str(path)))
        if path.stat().st_size == 0:
            raise CorruptStore("EMPTY_FILE", specifics(path=str(path)))
        return None
    row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    return str(row[0]) if row else None


def problems(con: sqlite3.Connection, pragma: str = "quick_check") -> int:
    """How many problems SQLite's check finds (0: healthy). Its own lines stay in SQLite: they
    name pages and indexes, which tell staff nothing."""
    rows = con.execute(f"PRAGMA {pragma}").fetchall()
    return 0 if rows == [("ok",)] else max(1, len(rows))


def probe(path: Path, busy_timeout_ms: int, key: StoreKey | None) -> str | None:
    """Check the file, read-only, before anything writes to it; return its revision (or None).
    ``key`` None: a plain file (from before encryption)."""
    con = cipher.connect(file_uri(path, mode="ro"), key, uri=True, timeout=busy_timeout_ms / 1000)
    try:
        try:
            found = problems(con)
        except cipher.DATABASE_ERRORS as exc:
            if sqlite_code(exc) not in (5, 6):  # busy, locked: Store.open says so
                raise damaged(path, key=key) from exc
            raise
        if found:
            log.warning("the store's integrity check found %d problems", found)
            raise damaged(path, found, key)
        return _popup_revision(con, path)
    finally:
        con.close()


def healthy_alone(path: Path, key: StoreKey) -> bool:
    """Whether the file is a healthy Popup store read without its write-ahead log
    (``immutable``: SQLite neither reads the log nor changes anything)."""
    try:
        con = cipher.connect(file_uri(path, mode="ro", immutable="1"), key, uri=True)
    except cipher.ERRORS:
        return False
    try:
        return problems(con) == 0 and _popup_revision(con, path) is not None
    except (cipher.Error, sqlite3.Error, StoreError):
        return False
    finally:
        con.close()


def damaged(path: Path, found: int = 0, key: StoreKey | None = None) -> CorruptStore:
    """The refusal for a file that reads as damaged: a journal that is not its own when the
    file alone is healthy (a restored copy beside an old ``-wal``), else the damage."""
    wal = journal_files(path)[0]
    if key is not None and wal.is_file() and wal.stat().st_size and healthy_alone(path, key):
        return CorruptStore("STALE_JOURNAL", specifics(path=str(path), journal=str(wal)))
    if found:
        return CorruptStore("INTEGRITY_FAILED", specifics(path=str(path), count=found))
    return CorruptStore("DAMAGED", specifics(path=str(path)))


def check_room(folder: Path, needed: int, free_bytes: FreeBytes, key: str) -> None:
    """Refuse (``NoRoom``) unless ``folder`` has ``needed`` bytes and the margin free."""
    needed += COPY_MARGIN_BYTES
    free = free_bytes(folder)
    if free < needed:
        raise NoRoom(
            key,
            specifics(folder=str(folder), needed_mb=math.ceil(needed / MB), free_mb=free // MB),
        )


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def consistent_copy(source: Path, target: Path, key: StoreKey) -> None:
    """A consistent single-file copy of ``source`` (its write-ahead log included) at
    ``target``, encrypted with ``key``, written under a temporary name, synced and renamed;
    nothing is left behind if it fails. The source is opened read-only, so closing it never
    checkpoints into it (a plain source, e.g. a backup from before encryption, is exported
    into an encrypted copy instead)."""
    partial = target.with_name(target.name + PARTIAL)
    try:
        if cipher.is_plain(source):
            cipher.export_plain(source, partial, key)
        else:
            src = cipher.connect(file_uri(source, mode="ro"), key, uri=True)
            try:
                dst = cipher.connect(partial, key)
                try:
                    src.backup(dst)
                finally:
                    dst.close()
            finally:
                src.close()
        fd = os.open(partial, os.O_RDWR)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(partial, target)
    except BaseException:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            leftover.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)


def backup(
    path: Path, backups: Path, revision: str, key: StoreKey, free_bytes: FreeBytes = disk_free
) -> Path:
    """Copy the store to ``backups/`` (encrypted) before a migration; refuse if no room."""
    check_room(backups, family_size(path), free_bytes, "NO_ROOM_FOR_BACKUP")
    stamp = datetime.now(UTC).strftime(_STAMP)
    target = backups / f"{path.stem}-{revision}-{stamp}.sqlite3"
    try:
        consistent_copy(path, target, key)
    except (cipher.Error, sqlite3.Error, OSError) as exc:
        log.warning("the pre-migration backup failed: %s", type(exc).__name__)
        where = specifics(folder=str(backups))
        if sqlite_code(exc) == 13 or getattr(exc, "errno", None) == 28:  # FULL, ENOSPC
            need = math.ceil((family_size(path) + COPY_MARGIN_BYTES) / MB)
            free = specifics(folder=str(backups), needed_mb=need, free_mb=disk_free(backups) // MB)
            raise NoRoom("NO_ROOM_FOR_BACKUP", free) from exc
        raise StoreError("BACKUP_FAILED", where) from exc
    return target


def prune_backups(path: Path, backups: Path, now: datetime, keep_days: int) -> list[Path]:
    """Delete this store's backups older than ``keep_days``, and copies a kill cut short;
    returns what was deleted. Never refuses the start-up: what fails is tried next time."""
    deleted = []
    try:
        candidates = list(backups.glob(f"{path.stem}-*-*.sqlite3"))
        candidates += backups.glob(f"{path.stem}-*-*.sqlite3{PARTIAL}*")
    except OSError as exc:
        log.warning("could not list the backups: %s", exc.strerror)
        return []
    for old in candidates:
        partial = PARTIAL in old.name
        try:
            stamp = old.name.split(".", 1)[0].rsplit("-", 1)[1]
            made = datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
        except (ValueError, IndexError):
            continue  # not one of ours: leave it alone
        if partial or (now - made).days >= keep_days:
            try:
                old.unlink(missing_ok=True)
            except OSError as exc:  # locked or read-only: try again at the next start-up
                log.warning("could not delete old backup %s: %s", old.name, exc.strerror)
                continue
            deleted.append(old)
    return deleted


def upgrade(
    path: Path, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS, *, key: StoreKey | None = None
) -> None:
    """Run the migrations on ``path`` up to the newest schema (no checks, no backup)."""
    from alembic import command

    engine = make_engine(path, busy_timeout_ms, key=key)
    try:
        with engine.connect() as connection:
            command.upgrade(alembic_config(connection), "head")
            connection.commit()
    finally:
        engine.dispose()


def migrate(
    path: Path,
    backups: Path,
    busy_timeout_ms: int,
    free_bytes: FreeBytes = disk_free,
    key: StoreKey | None = None,
) -> Path | None:
    """Bring the file to the newest schema. Returns the backup made, if any.

    A file already at the newest revision (every start-up but the first after an update) is
    told by the migration files' own lines (:func:`newest_revision`): Alembic, a quarter of a
    second to import, is loaded only when there is something to migrate or to refuse."""
    if key is None:
        from popup.store.keys import resolve

        key = resolve(path)
    current = probe(path, busy_timeout_ms, key) if path.exists() else None
    if current is not None and current == newest_revision():
        return None
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    if current is not None:
        try:
            script.get_revision(current)
        except Exception:
            raise NewerSchema("NEWER_SCHEMA", specifics(path=str(path), revision=current)) from None
    if current == head:
        return None
    made = backup(path, backups, current, key, free_bytes) if current is not None else None
    upgrade(path, busy_timeout_ms, key=key)
    log.info("store migrated from %s to %s", current or "empty", head)
    return made
