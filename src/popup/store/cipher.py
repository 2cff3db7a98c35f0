"""The store file encrypted at rest (SQLCipher 4 through ``sqlcipher3``): the one place a raw
connection to a store file is made (:func:`connect`), and the move of a plain store, and of
its plain backups, into encrypted ones (:func:`encrypt_plain`).

Every connection to the store (the engine's, the idle checkpoint's, start-up's checks and
backups, ``popup recover``'s) opens here with the key as its first statement. The key is a raw
256-bit key (``x'…'``), so no key derivation runs per connection: opening costs what it did.

Encrypting a plain store (a store from before encryption), at start-up:

1. the plain store (with its journal) is exported into ``<store>.encrypting``
   (``sqlcipher_export``) in one read transaction, and the row count of every table taken in
   that same transaction;
2. the copy is checked: the same row counts, ``integrity_check`` and
   ``cipher_integrity_check``; synced;
3. the plain store's journal is folded back and removed (it holds nothing the file lacks), the
   plain file is linked aside as ``<store>.plain``, and the encrypted copy renamed over the
   store: one atomic rename;
4. the plain file is overwritten with zeros and deleted.

A kill at any moment leaves the plain store or the encrypted one in place, whole: before step
3's rename, the next start begins again (removing the unfinished copy); after it, the next
start finds the encrypted store and finishes step 4 on what is left over.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path
from typing import Any, cast

import sqlcipher3

from popup.domain.messages import specifics
from popup.store.errors import CorruptStore, journal_files
from popup.store.keys import StoreKey

log = logging.getLogger(__name__)

#: The driver errors of either driver (a plain ``sqlite3`` connection remains only in tests
#: and benchmarks that build plain stores on purpose).
ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher3.Error)
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError, sqlcipher3.DatabaseError)
#: SQLCipher's own error classes (``sqlcipher3``'s are not ``sqlite3``'s).
Error: Any = sqlcipher3.Error
DatabaseError: Any = sqlcipher3.DatabaseError
#: The driver module, for SQLAlchemy's dialect (``module=``): its exceptions are wrapped.
DBAPI: Any = sqlcipher3

HEADER = b"SQLite format 3\x00"
ENCRYPTING = ".encrypting"
PLAIN_ASIDE = ".plain"
CRASH_ENV = "POPUP_ENCRYPT_CRASH_AT"


def connect(
    target: Path | str,
    key: StoreKey | None,
    *,
    uri: bool = False,
    timeout: float = 5.0,
    isolation_level: str | None = "",
    check_same_thread: bool = True,
) -> sqlite3.Connection:
    """A DB-API connection to ``target`` (a path, or a ``file:`` URI with ``uri=True``) that
    reads and writes it encrypted with ``key`` (None: a plain file, to be encrypted). Typed as
    ``sqlite3.Connection``: ``sqlcipher3``'s has the same interface."""
    con = sqlcipher3.connect(
        str(target),
        uri=uri,
        timeout=timeout,
        isolation_level=isolation_level,
        check_same_thread=check_same_thread,
    )
    try:
        # SQLCipher writes a wrong key's HMAC failures to stderr itself; we say it in words.
        con.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            con.execute(f'PRAGMA key = "{key.sql()}"')
    except BaseException:
        con.close()
        raise
    return cast(sqlite3.Connection, con)


def is_connection(con: object) -> bool:
    return isinstance(con, sqlite3.Connection | sqlcipher3.Connection)


def is_plain(path: Path) -> bool:
    """Whether ``path`` is an unencrypted SQLite file (its header is SQLite's own)."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(HEADER)) == HEADER
    except OSError:
        return False


def is_encrypted_or_unknown(path: Path) -> bool:
    """Whether ``path`` holds bytes that are not a plain SQLite file (encrypted, or damage)."""
    return path.is_file() and path.stat().st_size > 0 and not is_plain(path)


def table_counts(con: sqlite3.Connection, schema: str = "main") -> dict[str, int]:
    names = [
        str(row[0])
        for row in con.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    counts = {}
    for name in names:
        try:
            counts[name] = int(con.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0])
        except DATABASE_ERRORS:  # a virtual table whose module is not loaded: not ours
            continue
    return counts


def check(con: sqlite3.Connection) -> bool:
    """SQLite's full integrity check and SQLCipher's page check (every page's HMAC)."""
    if con.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
        return False
    return con.execute("PRAGMA cipher_integrity_check").fetchall() == []


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    """Delete a file (and any journal a kill left beside it)."""
    for member in (path, path.with_name(path.name + "-journal"), *journal_files(path)):
        member.unlink(missing_ok=True)


def export_plain(source: Path, target: Path, key: StoreKey) -> dict[str, int]:
    """An encrypted, checked copy of the plain store ``source`` (its journal included) at
    ``target`` (synced); returns its row counts per table. Raises if the copy differs."""
    _remove(target)
    con = connect(source, None, isolation_level=None)
    try:
        con.execute("BEGIN")  # one snapshot for the export and the counts
        counts = table_counts(con)
        version = int(con.execute("PRAGMA user_version").fetchone()[0])
        con.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(target), key.sql()))
        con.execute("SELECT sqlcipher_export('encrypted')")
        con.execute(f"PRAGMA encrypted.user_version = {version}")
        con.execute("COMMIT")
        con.execute("DETACH DATABASE encrypted")
    finally:
        con.close()
    copy = connect(target, key)
    try:
        if table_counts(copy) != counts or not check(copy):
            raise CorruptStore("ENCRYPT_CHECK_FAILED", specifics(path=str(source)))
    finally:
        copy.close()
    _sync(target)
    return counts


def _fold_journal(path: Path) -> None:
    """Fold the plain store's write-ahead log into its file and remove the log."""
    wal, shm = journal_files(path)
    if wal.exists() or shm.exists():
        con = connect(path, None, isolation_level=None)
        try:
            busy = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            if busy:
                raise sqlcipher3.OperationalError("database is locked")
            con.execute("PRAGMA journal_mode = DELETE")
        finally:
            con.close()
    wal.unlink(missing_ok=True)
    shm.unlink(missing_ok=True)


def shred(path: Path) -> None:
    """Overwrite ``path`` with zeros (synced), then delete it: the plain bytes do not stay in
    the disk's free space (on a disk that writes in place; flash may keep old blocks)."""
    try:
        size = path.stat().st_size
        with path.open("r+b") as fh:
            block = b"\0" * (1 << 20)
            left = size
            while left > 0:
                left -= fh.write(block[: min(left, len(block))])
            fh.flush()
            os.fsync(fh.fileno())
    except FileNotFoundError:
        return
    except OSError as exc:
        log.warning("a plain store copy could not be overwritten: %s", exc.strerror)
    path.unlink(missing_ok=True)


def _crash_point(step: str) -> None:
    """Test hook: ``POPUP_ENCRYPT_CRASH_AT=<step>`` kills this process at that step."""
    if os.environ.get(CRASH_ENV) == step:
        import signal

        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def finish_leftovers(path: Path) -> None:
    """What a kill during :func:`encrypt_file` left: an unfinished copy (the plain file is
    still in place: delete the copy) or the plain file set aside (the encrypted one is in
    place: overwrite and delete the plain one)."""
    partial = path.with_name(path.name + ENCRYPTING)
    if partial.exists() or journal_files(partial)[0].exists():
        _remove(partial)
    aside = path.with_name(path.name + PLAIN_ASIDE)
    if aside.exists():
        if is_plain(path) and path.exists() and os.path.samefile(path, aside):
            aside.unlink()  # only a second name of the store itself: the rename never happened
        else:
            shred(aside)


def encrypt_file(path: Path, key: StoreKey) -> dict[str, int]:
    """Replace the plain SQLite file ``path`` (and its journal) by an encrypted, checked copy,
    atomically; the plain file is overwritten and deleted. Returns the row counts."""
    finish_leftovers(path)
    partial = path.with_name(path.name + ENCRYPTING)
    counts = export_plain(path, partial, key)
    _crash_point("exported")
    _fold_journal(path)
    aside = path.with_name(path.name + PLAIN_ASIDE)
    try:
        os.link(path, aside)  # a second name, to overwrite the plain bytes after the swap
    except OSError:
        aside = None  # type: ignore[assignment]  # a file system without links: delete only
    _crash_point("linked")
    os.replace(partial, path)
    from popup.store.startup import fsync_dir

    fsync_dir(path.parent)
    _crash_point("swapped")
    if aside is not None:
        shred(aside)
    fsync_dir(path.parent)
    return counts


def encrypt_plain(path: Path, backups: Path | None, key: StoreKey) -> bool:
    """At start-up: encrypt the store at ``path`` if it is plain, and every plain backup of it
    in ``backups``. Returns whether the store itself was encrypted now."""
    finish_leftovers(path)
    changed = False
    if is_plain(path):
        counts = encrypt_file(path, key)
        rows = sum(counts.values())
        log.info("the plain store was encrypted: %d tables, %d rows", len(counts), rows)
        changed = True
    copies: list[Path] = []
    if backups is not None and backups.is_dir():
        copies += sorted(backups.glob(f"{path.stem}-*.sqlite3"))
    copies += recovery_copies(path)
    for old in copies:
        with contextlib.suppress(FileNotFoundError):
            finish_leftovers(old)
        if not is_plain(old):
            continue
        try:
            encrypt_file(old, key)
            log.info("a plain copy of the store was encrypted")
        except (Error, sqlite3.Error, CorruptStore) as exc:
            # A copy that does not read whole is not worth keeping in clear.
            log.warning("a plain copy did not read whole, deleted: %s", type(exc).__name__)
            _remove(old.with_name(old.name + ENCRYPTING))
            shred(old)
        except OSError as exc:
            log.warning("a plain copy could not be encrypted now: %s", exc.strerror)
    return changed


def recovery_copies(path: Path) -> list[Path]:
    """The store files ``popup recover`` set aside in ``recovery/<time>/`` beside the store
    (``<store name>``, or ``<store name>.1``… when one of that name was there already; their
    journals beside them are folded in when encrypted)."""
    from popup.store.startup import recovery_marker

    folder = path.parent / "recovery"
    if not folder.is_dir() or recovery_marker(path).exists():  # a recovery not finished yet
        return []
    found = []
    for aside in sorted(p for p in folder.iterdir() if p.is_dir()):
        for member in sorted(aside.iterdir()):
            name, suffix = member.name[: len(path.name)], member.name[len(path.name) :]
            numbered = suffix == "" or (suffix.startswith(".") and suffix[1:].isdigit())
            if name == path.name and numbered and member.is_file():
                found.append(member)
    return found


__all__ = [
    "DATABASE_ERRORS",
    "DBAPI",
    "ERRORS",
    "DatabaseError",
    "Error",
    "check",
    "connect",
    "encrypt_file",
    "encrypt_plain",
    "export_plain",
    "finish_leftovers",
    "is_connection",
    "is_plain",
    "recovery_copies",
    "shred",
    "table_counts",
]
