"""What can be wrong with the store file, as refusals staff are told about.

Every problem of the store is a :class:`StoreError`, a :class:`~popup.domain.refusals.Refusal`
whose key is in the ``STORE`` catalogue of the message table, so the command line prints its
English sentence and the window words it in the UI language (``popup.ui.text.refusal_text``).

A failed save is one by construction: :meth:`popup.store.db.Store.transaction` and
:meth:`~popup.store.db.Store.write` turn the driver's errors (disk full, locked past the busy
timeout, read-only, I/O error, damage found while writing) into a :class:`WriteFailed` after the
rollback. At start-up :func:`open_failure` does the same for everything opening the store does.
Constraint and SQL errors are bugs, not conditions of the file: they pass through unchanged.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path
from typing import ClassVar

import sqlcipher3

from popup.domain.messages import STORE, Catalogue, specifics
from popup.domain.refusals import Refusal

# SQLite's primary result codes (https://sqlite.org/rescode.html).
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT = 3, 5, 6, 8, 10, 11
_FULL, _CANTOPEN, _NOTADB = 13, 14, 26
#: Below this much free space an I/O error while writing is most likely a full disk.
NEARLY_FULL_BYTES = 1 << 20


class StoreError(Refusal):
    """A store problem staff must be told about; ``str(exc)`` is the English sentence. Keys:
    see the ``STORE`` catalogue in :mod:`popup.domain.messages`."""

    CATALOGUE: ClassVar[Catalogue] = STORE


class CorruptStore(StoreError):
    """Damaged, empty, not a Popup store, or a journal that does not belong to the file."""


class StoreLocked(StoreError):
    """Another program holds the store."""


class NewerSchema(StoreError):
    """Written by a newer Popup."""


class ReadOnlyStore(StoreError):
    """The file or its folder cannot be written (``READ_ONLY_FILE``, ``READ_ONLY_FOLDER``)."""


class NoRoom(StoreError):
    """Not enough free disk space for a copy Popup must make first."""


class WriteFailed(StoreError):
    """A save failed for a reason of the file or the disk, and was rolled back: nothing of it
    was written. Keys: ``WRITE_DISK_FULL``, ``WRITE_LOCKED``, ``WRITE_READ_ONLY`` (path),
    ``WRITE_IO_ERROR``, ``WRITE_DAMAGED``."""


def _driver_error(exc: BaseException) -> BaseException | None:
    """The driver's own error, under SQLAlchemy's wrapper if it has one. SQLAlchemy is imported
    here, not with the module: start-up reads the store's key record through this module
    before the window paints, without SQLAlchemy (#20)."""
    from sqlalchemy.exc import DBAPIError

    return exc.orig if isinstance(exc, DBAPIError) else exc


def sqlite_code(exc: BaseException) -> int | None:
    """SQLite's primary result code of a driver error (raw or wrapped by SQLAlchemy)."""
    orig = _driver_error(exc)
    code = getattr(orig, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def sqlite_name(exc: BaseException) -> str:
    """The driver error's name (``SQLITE_FULL``), for the log: no values, no SQL."""
    orig = _driver_error(exc)
    return str(getattr(orig, "sqlite_errorname", type(orig).__name__))


def nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


_WRITE_KEYS = {
    _FULL: "WRITE_DISK_FULL",
    _BUSY: "WRITE_LOCKED",
    _LOCKED: "WRITE_LOCKED",
    _READONLY: "WRITE_READ_ONLY",
    _PERM: "WRITE_READ_ONLY",
    _IOERR: "WRITE_IO_ERROR",
    _CANTOPEN: "WRITE_IO_ERROR",
    _CORRUPT: "WRITE_DAMAGED",
    _NOTADB: "WRITE_DAMAGED",
}


def write_failure(exc: BaseException, path: Path) -> WriteFailed | None:
    """The :class:`WriteFailed` for a driver error raised inside a write, or None when the
    error is not about the file or the disk (a constraint, a bug: let it through)."""
    from sqlalchemy.exc import DBAPIError

    if not isinstance(exc, (sqlite3.Error, sqlcipher3.Error, DBAPIError)):
        return None
    key = _WRITE_KEYS.get(sqlite_code(exc) or -1)
    if key is None:
        return None
    if key == "WRITE_IO_ERROR" and nearly_full(path.parent):
        key = "WRITE_DISK_FULL"  # SQLite says "disk I/O error" when a write hits the limit
    params = specifics(path=str(path)) if key == "WRITE_READ_ONLY" else ()
    return WriteFailed(key, params)


def writable_folder(folder: Path) -> bool:
    """Whether a file can be made in ``folder``, tried for real (permissions, a read-only
    mount or attribute, an immutable folder: whatever the system says)."""
    probe = folder / f".popup-write-test-{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return True
    except OSError:
        return False
    os.close(fd)
    probe.unlink(missing_ok=True)
    return True


def writable_file(path: Path) -> bool:
    """Whether ``path`` opens for writing (nothing is written)."""
    try:
        with path.open("r+b"):
            return True
    except IsADirectoryError:
        return True  # not a question of permissions; check_place names it
    except OSError as exc:
        return exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS)


def read_only(path: Path) -> ReadOnlyStore | None:
    """The refusal for a read-only store file, its journal files or its folder, or None."""
    if not writable_folder(path.parent):
        return ReadOnlyStore("READ_ONLY_FOLDER", specifics(folder=str(path.parent)))
    for member in (path, *journal_files(path)):
        if member.is_file() and not writable_file(member):
            return ReadOnlyStore("READ_ONLY_FILE", specifics(path=str(member)))
    return None


def journal_files(path: Path) -> tuple[Path, Path]:
    """The write-ahead log and its index, which belong with the store file."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def open_failure(exc: BaseException, path: Path) -> StoreError:
    """The :class:`StoreError` for anything that went wrong while opening the store."""
    if isinstance(exc, StoreError) and not isinstance(exc, WriteFailed):
        return exc
    if isinstance(exc, WriteFailed) and exc.__cause__ is not None:
        exc = exc.__cause__
    where = specifics(path=str(path))
    if isinstance(exc, OSError):
        return _os_failure(exc, path)
    code = sqlite_code(exc)
    if code in (_BUSY, _LOCKED):
        return StoreLocked("LOCKED", where)
    if code in (_READONLY, _PERM, _CANTOPEN):
        return read_only(path) or _cannot_open(path, exc)
    if code == _FULL or (code == _IOERR and nearly_full(path.parent)):
        return StoreError("DISK_FULL", where)
    if code == _IOERR:
        return StoreError("IO_ERROR", where)
    if code in (_CORRUPT, _NOTADB):
        return CorruptStore("DAMAGED", where)
    return _cannot_open(path, exc)


def _os_failure(exc: OSError, path: Path) -> StoreError:
    if exc.errno == errno.ENOSPC:
        return StoreError("DISK_FULL", specifics(path=str(path)))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return read_only(path) or ReadOnlyStore(
            "READ_ONLY_FOLDER", specifics(folder=str(Path(exc.filename or path).parent))
        )
    if exc.errno == errno.EIO:
        return StoreError("IO_ERROR", specifics(path=str(path)))
    return _cannot_open(path, exc)


def _cannot_open(path: Path, exc: BaseException) -> StoreError:
    if path.is_dir():
        return StoreError("IS_FOLDER", specifics(path=str(path)))
    if isinstance(exc, OSError):
        reason = exc.strerror or type(exc).__name__
    else:  # the driver's words: no bound values (hide_parameters), no personal data
        orig = _driver_error(exc)
        reason = str(orig) or type(orig).__name__
    return StoreError("CANNOT_OPEN", specifics(path=str(path), reason=reason))
