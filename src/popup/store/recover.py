"""``popup recover``: the safe way back from a store file that will not open.

What it promises:

* It never deletes or changes the original: the store file moves, *with* its journal
  (``-wal``, ``-shm``), into ``recovery/<time>/`` beside it, and a verified copy takes its place
  (SQLite's backup API, then a full ``integrity_check``). Every confirmed action is in the file
  together with its journal; separating the two is what loses them.
* A store that is healthy together with its journal is left exactly as it is.
* A healthy file beside a journal that is not its own (a restored copy beside an old ``-wal``)
  is used without that journal, which is kept aside.
* A damaged file gives what can still be read: table by table into a new store of the current
  schema. When the outbox and this laptop's identity come through whole, they are kept, and
  the laptop syncs on as before (downloading everything again if anything else was lost).
* Otherwise (a new store, an older copy, a journal set aside) anything the server may already
  hold could be missing, so the sync credentials are set aside too: the laptop is enrolled
  again with a new code, and its actions are numbered afresh under that enrollment, so sync is
  never stuck on numbers the server has already seen. Actions still waiting upload then.
* It refuses, changing nothing, while Popup or another program is using the file, when there
  is no room for its copies, and for a file written by a newer Popup.
* An interrupted recovery (power loss while moving files) is finished by running it again;
  until then Popup does not open the store.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import shutil
import signal
import sqlite3
import sys
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from alembic.script import ScriptDirectory

from popup import paths
from popup.commands import command
from popup.domain.messages import specifics
from popup.store import cipher
from popup.store.engine import alembic_config, file_uri
from popup.store.errors import (
    CorruptStore,
    NewerSchema,
    StoreError,
    StoreLocked,
    journal_files,
)
from popup.store.keys import StoreKey, refuse_without_record, resolve
from popup.store.models import Base
from popup.store.startup import (
    FreeBytes,
    check_room,
    consistent_copy,
    disk_free,
    family_size,
    fsync_dir,
    problems,
    recovery_marker,
    upgrade,
)

log = logging.getLogger(__name__)

_STAMP = "%Y%m%dT%H%M%SZ"
#: The tables that make this laptop's place in the sync: kept only all together and whole.
IDENTITY = ("device", "outbox", "sync_state")
RECOVERED = "recovered.sqlite3"
CRASH_ENV = "POPUP_RECOVER_CRASH_AT"


class Outcome(StrEnum):
    NOTHING = "nothing"  # no store file: nothing to recover
    HEALTHY = "healthy"  # the file and its journal are healthy: nothing was changed
    WITHOUT_JOURNAL = "without_journal"  # the file alone is healthy; its journal set aside
    SALVAGED = "salvaged"  # damaged: what could be read went into a new store
    FRESH = "fresh"  # nothing could be read: a new, empty store
    RESTORED = "restored"  # a copy the administrator chose replaced the store


@dataclass(frozen=True)
class Recovery:
    outcome: Outcome
    #: Where the original files went (None when nothing was moved).
    aside: Path | None = None
    #: Where the sync credentials went, when the laptop must be enrolled again.
    credentials_aside: Path | None = None
    #: Actions in the recovered store, and how many of them still wait to upload.
    actions: int = 0
    waiting: int = 0
    #: Tables that could not be read from the damaged file.
    lost: tuple[str, ...] = ()


@dataclass
class _Plan:
    """What recovery decided; kept in the marker file while files move, so a second run
    after a power cut finishes the same recovery."""

    outcome: Outcome
    keep_sync: bool = False
    lost: list[str] = field(default_factory=list)

    def dump(self, aside: Path) -> str:
        state = {"aside": str(aside), "outcome": self.outcome.value, "keep_sync": self.keep_sync}
        return json.dumps({**state, "lost": self.lost})

    @classmethod
    def load(cls, text: str) -> tuple[Path, _Plan]:
        state = json.loads(text)
        plan = cls(Outcome(state["outcome"]), bool(state["keep_sync"]), list(state["lost"]))
        return Path(state["aside"]), plan


def in_use(path: Path) -> bool:
    """Whether another process has the store open (POSIX: SQLite's lock bytes of the file;
    every connection that has read holds one). Elsewhere the move itself refuses."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: moving an open file fails instead
        return False
    try:
        fd = open(path, "rb+")  # noqa: SIM115 - closed below, after the lock test
    except OSError:
        return False
    # Closing any descriptor of a file drops this process's locks on it: none may be ours.
    with fd:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 512, 0x40000000)
        except OSError:
            return True
        fcntl.lockf(fd, fcntl.LOCK_UN, 512, 0x40000000)
    return False


def _known_revision(con: sqlite3.Connection, original: Path) -> str | None:
    row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    if row is None:
        return None
    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(str(row[0]))
    except Exception:
        where = specifics(path=str(original), revision=str(row[0]))
        raise NewerSchema("NEWER_SCHEMA", where) from None
    return str(row[0])


def healthy(copy: Path, original: Path, key: StoreKey) -> bool:
    """A full integrity check of ``copy`` (one of recovery's own copies of ``original``), and
    that it is a Popup store this Popup can open (a newer Popup's is refused). A plain copy
    (a backup from before encryption) is read as it is."""
    try:
        con = cipher.connect(copy, None if cipher.is_plain(copy) else key)
    except cipher.ERRORS:
        return False
    try:
        return problems(con, "integrity_check") == 0 and _known_revision(con, original) is not None
    except cipher.ERRORS:
        return False
    finally:
        con.close()


def _copy_files(path: Path, target: Path, with_journal: bool) -> Path | None:
    """Plain copies of the store file (and its write-ahead log), for SQLite to read."""
    if not path.is_file():
        return None
    shutil.copyfile(path, target)
    wal = journal_files(path)[0]
    if with_journal and wal.is_file():
        shutil.copyfile(wal, journal_files(target)[0])
    return target


def _examine(path: Path, work: Path, source: Path | None, key: StoreKey) -> _Plan:
    """Decide what to put in place, making it at ``work/recovered.sqlite3`` (encrypted)."""
    recovered = work / RECOVERED
    if source is not None:
        chosen = _copy_files(source, work / "chosen.sqlite3", with_journal=True)
        if chosen is None or not healthy(chosen, source, key):
            raise CorruptStore("SOURCE_DAMAGED", specifics(path=str(source)))
        consistent_copy(chosen, recovered, key)
        return _Plan(Outcome.RESTORED)
    whole = _copy_files(path, work / "whole.sqlite3", with_journal=True)
    if whole is not None and healthy(whole, path, key):
        return _Plan(Outcome.HEALTHY, keep_sync=True)
    wal = journal_files(path)[0]
    if wal.is_file() and wal.stat().st_size:
        alone = _copy_files(path, work / "alone.sqlite3", with_journal=False)
        if alone is not None and healthy(alone, path, key):
            consistent_copy(alone, recovered, key)
            return _Plan(Outcome.WITHOUT_JOURNAL)
    return _salvage(whole, work, key)


def _salvage(damaged: Path | None, work: Path, key: StoreKey) -> _Plan:
    """Every table that can still be read, into a new store of the current schema."""
    target = work / "salvage.sqlite3"
    upgrade(target, key=key)
    plan = _Plan(Outcome.FRESH)
    con = cipher.connect(file_uri(target), key, uri=True, isolation_level=None)
    try:
        if damaged is not None and _attach(con, damaged, key):
            copied = []
            for name in _tables():
                if _copy_table(con, name, plan.lost):
                    copied.append(name)
                # SQLCipher keeps a damaged page's error with the attachment: a fresh one for
                # every table, so one damaged table does not lose the others.
                con.execute("DETACH DATABASE old")
                if not _attach(con, damaged, key):  # pragma: no cover - it attached before
                    plan.lost += [n for n in _tables() if n not in copied and n not in plan.lost]
                    break
            else:
                con.execute("DETACH DATABASE old")
            if copied:
                plan.outcome = Outcome.SALVAGED
            plan.keep_sync = all(name in copied for name in IDENTITY) and _consistent(con)
        if plan.keep_sync and plan.lost:
            # Download everything again: what was lost comes back from the server.
            con.execute("UPDATE sync_state SET cursor = NULL, refreshing_since = NULL")
        elif not plan.keep_sync:
            _new_identity(con)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    consistent_copy(target, work / RECOVERED, key)
    return plan


def _attach(con: sqlite3.Connection, damaged: Path, key: StoreKey) -> bool:
    """Attach the damaged copy as ``old``; False if SQLite cannot read even its header."""
    old_key = "" if cipher.is_plain(damaged) else key.sql()
    try:
        con.execute("ATTACH DATABASE ? AS old KEY ?", (file_uri(damaged), old_key))
        con.execute("SELECT count(*) FROM old.sqlite_master").fetchone()
    except cipher.DATABASE_ERRORS as exc:
        log.warning("recovery could not read the store file at all: %s", type(exc).__name__)
        with contextlib.suppress(*cipher.ERRORS):
            con.execute("DETACH DATABASE old")
        return False
    return True


def _tables() -> list[str]:
    return [table.name for table in Base.metadata.sorted_tables]


def _copy_table(con: sqlite3.Connection, name: str, lost: list[str]) -> bool:
    """Copy one table whole from ``old``, or not at all (then it is listed in ``lost``). One
    transaction per table: only a full rollback clears SQLite's error state after damage."""
    con.execute("BEGIN")
    try:
        old = [row[1] for row in con.execute(f'PRAGMA old.table_info("{name}")')]
        new = [row[1] for row in con.execute(f'PRAGMA main.table_info("{name}")')]
        columns = ", ".join(f'"{c}"' for c in new if c in old)
        if not columns:  # not in that (older) schema
            con.execute("ROLLBACK")
            return False
        con.execute(f'DELETE FROM main."{name}"')  # rows the migrations seeded
        con.execute(f'INSERT INTO main."{name}" ({columns}) SELECT {columns} FROM old."{name}"')
        con.execute("COMMIT")
    except cipher.DATABASE_ERRORS as exc:
        with contextlib.suppress(*cipher.ERRORS):
            con.execute("ROLLBACK")
        log.warning("recovery could not read the table %s: %s", name, type(exc).__name__)
        lost.append(name)
        return False
    return True


def _consistent(con: sqlite3.Connection) -> bool:
    """The outbox is this device's whole history: seqs 1..last_seq, none missing."""
    row = con.execute("SELECT last_seq FROM device WHERE id = 1").fetchone()
    last = int(row[0]) if row else 0
    top, count = con.execute("SELECT coalesce(max(seq), 0), count(*) FROM outbox").fetchone()
    return bool(row) and top == count == last


def _new_identity(con: sqlite3.Connection) -> None:
    """A new device id, numbering on after any actions kept (Popup makes the sync row)."""
    top = con.execute("SELECT coalesce(max(seq), 0) FROM outbox").fetchone()[0]
    con.execute("DELETE FROM sync_state")
    con.execute("DELETE FROM device")
    if top:
        con.execute(
            "INSERT INTO device (id, device_id, last_seq, created_at) VALUES (1, ?, ?, ?)",
            (str(uuid.uuid4()), top, datetime.now(UTC).isoformat(timespec="microseconds")),
        )


def _counts(path: Path, key: StoreKey) -> tuple[int, int]:
    plain = cipher.is_plain(path)
    con = cipher.connect(file_uri(path, mode="ro"), None if plain else key, uri=True)
    try:
        total, waiting = con.execute(
            "SELECT count(*), coalesce(sum(state = 'pending'), 0) FROM outbox"
        ).fetchone()
        return int(total), int(waiting)
    finally:
        con.close()


def recover(
    path: Path,
    credentials: Path | None = None,
    *,
    source: Path | None = None,
    free_bytes: FreeBytes = disk_free,
    key: StoreKey | None = None,
) -> Recovery:
    """Recover the store file at ``path`` (see the module's promises); ``credentials`` is the
    laptop's sync credentials file, set aside when the laptop must enroll again; ``source``
    a copy to put in place instead (a backup), checked first; ``key`` the store's key
    (default: its recorded one). What it puts in place is encrypted. Raises
    :class:`StoreError`."""
    if key is None:
        # An encrypted store without its record: a new key would not read it, and recovery
        # would put an empty store in its place. Refused, the file and any key untouched.
        refuse_without_record(path)
        key = resolve(path)
    marker = recovery_marker(path)
    if marker.exists():
        aside, plan = _Plan.load(marker.read_text(encoding="utf-8"))
        return _finish(path, credentials, aside, plan, key)
    if path.is_dir():
        raise StoreError("IS_FOLDER", specifics(path=str(path)))
    family = [member for member in (path, *journal_files(path)) if member.exists()]
    if not family and source is None:
        return Recovery(Outcome.NOTHING)
    if path.is_file() and in_use(path):
        raise StoreLocked("IN_USE", specifics(path=str(path)))
    aside = path.parent / "recovery" / datetime.now(UTC).strftime(_STAMP)
    work = aside / "work"
    work.mkdir(parents=True)
    try:
        # Copies: the file with its journal, without it, the salvage, the result.
        sizes = family_size(path) + (family_size(source) if source else 0)
        check_room(aside, 4 * sizes, free_bytes, "NO_ROOM_TO_RECOVER")
        plan = _examine(path, work, source, key)
        if plan.outcome is not Outcome.HEALTHY and not healthy(work / RECOVERED, path, key):
            # The copy to put in place must pass the full check itself.
            raise CorruptStore("DAMAGED", specifics(path=str(path)))  # pragma: no cover
    except BaseException:
        shutil.rmtree(aside, ignore_errors=True)  # only recovery's own copies
        raise
    if plan.outcome is Outcome.HEALTHY:
        shutil.rmtree(aside, ignore_errors=True)
        total, waiting = _counts(path, key)
        return Recovery(Outcome.HEALTHY, actions=total, waiting=waiting)
    _write_synced(marker, plan.dump(aside))
    return _finish(path, credentials, aside, plan, key)


def _write_synced(target: Path, text: str) -> None:
    with target.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    fsync_dir(target.parent)


def _finish(
    path: Path, credentials: Path | None, aside: Path, plan: _Plan, key: StoreKey
) -> Recovery:
    """Move the originals aside with their journal, put the recovered copy in place, set the
    credentials aside if the laptop must enroll again. Safe to run again after a power cut."""
    recovered = aside / "work" / RECOVERED
    if recovered.exists():  # not placed yet: every original still in the way goes aside
        for member in (path, *journal_files(path)):
            if member.exists():
                try:
                    member.replace(_free_name(aside / member.name))
                except PermissionError as exc:  # Windows: another program has it open
                    if member != path:
                        raise
                    recovery_marker(path).unlink(missing_ok=True)
                    shutil.rmtree(aside, ignore_errors=True)
                    raise StoreLocked("IN_USE", specifics(path=str(path))) from exc
        fsync_dir(aside)
        _crash_point("moved")
        recovered.replace(path)
        fsync_dir(path.parent)
    moved_credentials = None
    if not plan.keep_sync and credentials is not None and credentials.exists():
        moved_credentials = _free_name(aside / credentials.name)
        credentials.replace(moved_credentials)
    shutil.rmtree(aside / "work", ignore_errors=True)
    _note(aside, plan.outcome)
    recovery_marker(path).unlink(missing_ok=True)
    fsync_dir(path.parent)
    total, waiting = _counts(path, key)
    log.info(
        "store recovered: %s, %d actions (%d waiting), %d tables lost, enroll again: %s",
        plan.outcome.value,
        total,
        waiting,
        len(plan.lost),
        moved_credentials is not None,
    )
    return Recovery(plan.outcome, aside, moved_credentials, total, waiting, tuple(plan.lost))


def _crash_point(step: str) -> None:
    """Test hook: ``POPUP_RECOVER_CRASH_AT=moved`` kills this process once the originals are
    aside and before the copy is in place (the worst moment for a power cut)."""
    if os.environ.get(CRASH_ENV) == step:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def _free_name(target: Path) -> Path:
    """``target``, or ``target.1``… if something of that name was set aside already."""
    n = 0
    candidate = target
    while candidate.exists():
        n += 1
        candidate = target.with_name(f"{target.name}.{n}")
    return candidate


def _note(aside: Path, outcome: Outcome) -> None:
    with contextlib.suppress(OSError):
        (aside / "README.txt").write_text(
            "These are the files Popup's store was made of before `popup recover`\n"
            f"({outcome.value}). Popup no longer uses them and never deletes them. They hold\n"
            "patrons' details: delete this folder once the laptop has synced, or give it to\n"
            "the administrator if something is missing.\n",
            encoding="utf-8",
        )


# -- popup recover ----------------------------------------------------------------------------

_SAID = {
    Outcome.NOTHING: "There is no store file here: nothing to recover. Popup makes a new one when"
    " it starts.",
    Outcome.HEALTHY: "The store file and its journal are healthy; nothing was changed. If Popup"
    " still does not start, read its message (the file may be read-only or in use).",
    Outcome.WITHOUT_JOURNAL: "The store file was healthy without the journal beside it, which"
    " belonged to another copy of the file: the store is used without it.",
    Outcome.SALVAGED: "The store file was damaged: everything that could be read was copied into"
    " a new store.",
    Outcome.FRESH: "Nothing could be read from the store file: a new, empty store was made.",
    Outcome.RESTORED: "The copy you chose was checked and now is the store.",
}


def describe(result: Recovery) -> list[str]:
    """What ``popup recover`` did, in English, one line each."""
    lines = [_SAID[result.outcome]]
    if result.outcome is Outcome.NOTHING:
        return lines
    lines.append(f"Actions in the store: {result.actions} ({result.waiting} waiting to upload).")
    if result.lost:
        lines.append(f"Could not be read: {', '.join(result.lost)}.")
    if result.aside is not None:
        lines.append(f"The original files are kept, never deleted, in {result.aside}")
    if result.credentials_aside is not None:
        lines.append(
            "This laptop must be enrolled again before it syncs (its old sync credentials are"
            f" in {result.credentials_aside.parent}): popup enroll SERVER CODE, with a new code"
            " from the administrator. Actions still waiting upload then."
        )
    elif result.lost:
        lines.append("Sync goes on as before; the next sync downloads the library's data again.")
    return lines


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from",
        dest="source",
        metavar="FILE",
        type=Path,
        help="put this copy in place instead (e.g. a file from backups/), after checking it",
    )


def _run(args: argparse.Namespace, home: Path) -> int:
    try:
        result = recover(paths.store_file(home), paths.credentials_file(home), source=args.source)
    except StoreError as exc:
        sys.stderr.write(f"popup: {exc}\n")
        return 2
    except OSError as exc:
        sys.stderr.write(
            f"popup: the recovery stopped: {exc.strerror or type(exc).__name__}. Nothing was"
            " deleted; run popup recover again.\n"
        )
        return 2
    sys.stdout.write("".join(line + "\n" for line in describe(result)))
    return 0


command(
    "recover",
    "make a checked copy of a store that will not open; the original is set aside, not deleted",
)((_configure, _run))


__all__ = ["Outcome", "Recovery", "describe", "in_use", "recover"]
