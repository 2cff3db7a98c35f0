"""``popup recover`` on real damage: the journal stays with its file, the copy is verified, the
original is set aside (never deleted), and every confirmed action is counted before and after."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from popup.store import demo, device
from popup.store.db import CorruptStore, NewerSchema, Store, StoreError, StoreLocked
from popup.store.errors import NoRoom
from popup.store.recover import CRASH_ENV, Outcome, recover
from tests.helpers import raw
from tests.popup.store.faults import ROOT, digest, held, run_and_kill, scribble, table_pages

CREDENTIALS = '{"device_id": "enrolled", "server_url": "http://127.0.0.1:1", "token": "t"}'


def _home(tmp_path: Path) -> tuple[Path, Path]:
    """A seeded store with a credentials file beside it, as on an enrolled laptop."""
    path = tmp_path / "popup.sqlite3"
    store = Store.open(path)
    demo.seed(store, items=200, patrons=40)
    store.close()
    credentials = tmp_path / "sync-credentials.json"
    credentials.write_text(CREDENTIALS, encoding="utf-8")
    return path, credentials


def _wal(path: Path) -> Path:
    return Path(f"{path}-wal")


def _seqs(path: Path, *, immutable: bool = False) -> set[int]:
    """The outbox seqs in the file (``immutable``: the file alone, without its journal)."""
    uri = path.absolute().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
    con = raw.connect(path, query=uri.split("?", 1)[1])
    try:
        return {row[0] for row in con.execute("SELECT seq FROM outbox")}
    finally:
        con.close()


def _confirmed(reported: list[list[str]]) -> set[int]:
    return {int(seq) for seq, *_ in reported}


def _device(path: Path) -> str:
    store = Store.open(path)
    try:
        return device.device_id(store)
    finally:
        store.close()


def test_after_a_killed_writer_the_journal_holds_confirmed_actions_and_stays(
    tmp_path: Path,
) -> None:
    path, credentials = _home(tmp_path)
    confirmed = _confirmed(run_and_kill(path, 150))
    # What "move this one aside" kept: the file alone lacks what its journal holds.
    assert _wal(path).stat().st_size > 0
    assert len(confirmed - _seqs(path, immutable=True)) > 0
    files = {name: digest(tmp_path / name) for name in ("popup.sqlite3", "popup.sqlite3-wal")}

    result = recover(path, credentials)

    assert result.outcome is Outcome.HEALTHY and result.aside is None
    assert result.actions >= len(confirmed)
    # The file and its journal unchanged (the -shm is SQLite's scratch index of the journal).
    assert {name: digest(tmp_path / name) for name in files} == files
    assert credentials.exists()
    assert not (tmp_path / "recovery").exists() or not any((tmp_path / "recovery").iterdir())
    assert confirmed <= _seqs(path)


def test_a_damaged_table_is_salvaged_and_the_outbox_and_enrollment_are_kept(
    tmp_path: Path,
) -> None:
    path, credentials = _home(tmp_path)
    first = _device(path)
    confirmed = _confirmed(run_and_kill(path, 120))
    scribble(path, table_pages(path, "loan_rules"))  # pages the burst never rewrote
    with pytest.raises(CorruptStore):
        Store.open(path)
    originals = {name: digest(tmp_path / name) for name in ("popup.sqlite3", "popup.sqlite3-wal")}

    result = recover(path, credentials)

    assert result.outcome is Outcome.SALVAGED and result.lost == ("loan_rules",)
    assert result.credentials_aside is None and credentials.exists()  # sync goes on
    assert result.aside is not None
    # The original is kept whole, file and journal together, byte for byte.
    assert {name: digest(result.aside / name) for name in originals} == originals
    assert (result.aside / "README.txt").exists()
    assert not (result.aside / "work").exists()
    assert not (tmp_path / "popup.sqlite3.recovering").exists()
    # Every confirmed action, numbered without gaps, under the same device.
    seqs = _seqs(path)
    assert confirmed <= seqs and seqs == set(range(1, len(seqs) + 1))
    assert result.actions == len(seqs) and result.waiting == len(seqs)
    assert _device(path) == first
    con = raw.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("SELECT last_seq FROM device").fetchone() == (len(seqs),)
        assert con.execute("SELECT cursor FROM sync_state").fetchone() == (None,)  # all again
    finally:
        con.close()


def _with_stale_journal(tmp_path: Path) -> tuple[Path, Path, set[int]]:
    """A copy of the store restored over it while its journal (from later) stayed beside."""
    path, credentials = _home(tmp_path)
    restored = tmp_path / "backups" / "restored.sqlite3"
    shutil.copyfile(path, restored)
    kept = _seqs(restored)
    run_and_kill(path, 40)
    Store.open(path).close()  # a clean close: the file moves on past the copy
    run_and_kill(path, 20)
    assert _wal(path).stat().st_size > 0
    shutil.copyfile(restored, path)  # the restore, by hand, with the -wal left beside it
    return path, credentials, kept


def test_a_journal_left_beside_a_restored_copy_is_named_and_set_aside(tmp_path: Path) -> None:
    path, credentials, kept = _with_stale_journal(tmp_path)
    journal = digest(_wal(path))
    with pytest.raises(CorruptStore) as refused:
        Store.open(path)
    assert refused.value.key == "STALE_JOURNAL"  # not "damaged": the file is healthy
    assert "is intact" in str(refused.value)

    result = recover(path, credentials)

    assert result.outcome is Outcome.WITHOUT_JOURNAL and result.aside is not None
    assert digest(result.aside / "popup.sqlite3-wal") == journal  # kept, not deleted
    assert not _wal(path).exists() or _wal(path).stat().st_size == 0
    assert _seqs(path) == kept
    # An older copy: the server may hold more, so the laptop enrolls again.
    assert result.credentials_aside == result.aside / "sync-credentials.json"
    assert not credentials.exists()
    Store.open(path).close()


def test_an_empty_file_on_an_enrolled_laptop_starts_fresh_and_enrolls_again(
    tmp_path: Path,
) -> None:
    path, credentials = _home(tmp_path)
    first = _device(path)
    for member in tmp_path.glob("popup.sqlite3*"):
        member.unlink()
    path.write_bytes(b"")

    result = recover(path, credentials)

    assert result.outcome is Outcome.FRESH and result.actions == 0
    assert result.aside is not None and (result.aside / "popup.sqlite3").stat().st_size == 0
    assert result.credentials_aside is not None and not credentials.exists()
    assert _device(path) != first  # a new device, numbered from 1 under a new enrollment


def test_garbage_and_a_journal_without_its_file_start_fresh_keeping_both(
    tmp_path: Path,
) -> None:
    path, credentials = _home(tmp_path)
    run_and_kill(path, 30)
    wal = digest(_wal(path))
    path.unlink()  # only the journal is left: nothing to replay it onto

    result = recover(path, credentials)

    assert result.outcome is Outcome.FRESH and result.aside is not None
    assert digest(result.aside / "popup.sqlite3-wal") == wal
    Store.open(path).close()

    path.unlink()
    path.write_bytes(b"not a database at all" * 400)
    result = recover(path, None)
    assert result.outcome is Outcome.FRESH
    assert (result.aside or tmp_path).joinpath("popup.sqlite3").read_bytes().startswith(b"not a")


def test_a_store_in_use_is_not_touched(tmp_path: Path) -> None:
    path, credentials = _home(tmp_path)
    before = digest(path)
    with held(path, "SELECT count(*) FROM outbox"), pytest.raises(StoreLocked) as refused:
        recover(path, credentials)
    assert refused.value.key == "IN_USE"
    assert digest(path) == before and credentials.exists()
    assert not any((tmp_path / "recovery").glob("*"))


def test_a_newer_popups_store_and_too_little_room_are_refused_unchanged(tmp_path: Path) -> None:
    path, credentials = _home(tmp_path)
    scribble(path, table_pages(path, "loan_rules"))
    before = digest(path)
    with pytest.raises(NoRoom) as refused:
        recover(path, credentials, free_bytes=lambda folder: 1000)
    assert refused.value.key == "NO_ROOM_TO_RECOVER"
    assert digest(path) == before and not any((tmp_path / "recovery").glob("*"))

    con = sqlite3.connect(tmp_path / "newer.sqlite3")
    con.execute("CREATE TABLE alembic_version (version_num TEXT)")
    con.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
    con.commit()
    con.close()
    newer = tmp_path / "newer.sqlite3"
    with pytest.raises(NewerSchema):
        recover(newer, None)
    assert newer.exists()


def test_a_recovery_cut_short_is_finished_by_running_it_again(tmp_path: Path) -> None:
    path, credentials = _home(tmp_path)
    confirmed = _confirmed(run_and_kill(path, 50))
    scribble(path, table_pages(path, "loan_rules"))
    killed = subprocess.run(
        [sys.executable, "-m", "popup", "--home", str(tmp_path), "recover"],
        env={**os.environ, CRASH_ENV: "moved"},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert killed.returncode < 0, killed.stderr  # killed between the moves
    assert not path.exists()
    with pytest.raises(StoreError) as refused:
        Store.open(path)
    assert refused.value.key == "RECOVERY_UNFINISHED"
    assert not path.exists()  # and no new store was made in its place

    result = recover(path, credentials)

    assert result.outcome is Outcome.SALVAGED
    assert confirmed <= _seqs(path)
    assert (result.aside or tmp_path).joinpath("popup.sqlite3-wal").exists()
    Store.open(path).close()


def test_a_chosen_backup_replaces_the_store_only_once_checked(tmp_path: Path) -> None:
    path, credentials = _home(tmp_path)
    backup = tmp_path / "backups" / "chosen.sqlite3"
    shutil.copyfile(path, backup)
    run_and_kill(path, 20)
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"x" * 5000)
    before = digest(path)
    with pytest.raises(CorruptStore) as refused:
        recover(path, credentials, source=garbage)
    assert refused.value.key == "SOURCE_DAMAGED" and digest(path) == before

    result = recover(path, credentials, source=backup)

    assert result.outcome is Outcome.RESTORED
    assert _seqs(path) == _seqs(backup) and backup.exists()
    assert result.credentials_aside is not None  # an older copy: enroll again
    Store.open(path).close()
