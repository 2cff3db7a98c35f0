"""Opening the store under faults: each refusal says what is wrong in words for staff (the
STORE catalogue), never a traceback or SQLite's own lines, and changes nothing it should not."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from popup.store import demo, device
from popup.store.circulation import Desk
from popup.store.db import CorruptStore, ReadOnlyStore, Store, StoreError, StoreLocked
from popup.store.errors import NoRoom
from popup.store.models import OutboxEntry
from popup.store.startup import prune_backups
from tests.helpers import raw
from tests.popup.store.faults import (
    digest,
    held,
    read_only,
    run_and_kill,
    run_python,
    scribble,
    table_pages,
)


def _seeded(path: Path) -> None:
    store = Store.open(path)
    demo.seed(store, items=60, patrons=12)
    store.close()


def _no_sqlite_words(exc: StoreError) -> None:
    text = str(exc)
    for words in ("disk I/O error", "malformed", "btree", "Page ", "***", "Traceback"):
        assert words not in text


# -- locks ------------------------------------------------------------------------------------


def test_a_write_lock_held_by_another_process_at_start_up_is_refused_with_words(
    tmp_path: Path,
) -> None:
    # Before: the probe (a WAL reader) passed, device.ensure() then waited out the busy
    # timeout outside the translation and raised sqlalchemy's OperationalError.
    path = tmp_path / "popup.sqlite3"
    Store.open(path).close()
    with held(path), pytest.raises(StoreLocked) as refused:
        Store.open(path, busy_timeout_ms=200)
    assert refused.value.key == "LOCKED"
    assert "locked by another program" in str(refused.value)
    assert "popup recover" in str(refused.value)
    _no_sqlite_words(refused.value)
    Store.open(path).close()  # released: it opens


# -- what is at the store's place --------------------------------------------------------------


def test_a_zero_length_file_is_refused_not_made_a_new_store(tmp_path: Path) -> None:
    path = tmp_path / "popup.sqlite3"
    path.write_bytes(b"")
    with pytest.raises(CorruptStore) as refused:
        Store.open(path)
    assert refused.value.key == "EMPTY_FILE"
    assert "popup recover" in str(refused.value)
    assert path.stat().st_size == 0  # not turned into a store with a new device id
    assert [p.name for p in tmp_path.iterdir()] == ["popup.sqlite3"]


def test_a_missing_file_is_still_a_new_store(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "popup.sqlite3")
    try:
        assert len(device.device_id(store)) == 36
    finally:
        store.close()


def test_a_folder_where_the_store_should_be_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "popup.sqlite3"
    path.mkdir()
    (path / "photo.jpg").write_bytes(b"mine")
    with pytest.raises(StoreError) as refused:
        Store.open(path)
    assert refused.value.key == "IS_FOLDER"
    assert "There is a folder where the store file should be" in str(refused.value)
    _no_sqlite_words(refused.value)
    assert (path / "photo.jpg").read_bytes() == b"mine"


def test_a_journal_without_its_file_is_never_replayed_into_a_new_store(tmp_path: Path) -> None:
    # "Move this one aside" while a -wal exists: a new store would swallow (and lose) the
    # journal, and the moved file would lack what the journal held.
    path = tmp_path / "popup.sqlite3"
    _seeded(path)
    confirmed = run_and_kill(path, 40)
    wal = Path(f"{path}-wal")
    assert wal.stat().st_size > 0
    moved = tmp_path / "moved-aside.sqlite3"
    path.rename(moved)
    journal = digest(wal)
    with pytest.raises(CorruptStore) as refused:
        Store.open(path)
    assert refused.value.key == "ORPHAN_JOURNAL"
    assert "put it back beside its journal" in str(refused.value)
    assert not path.exists() and digest(wal) == journal
    # Put back, the file and its journal hold every confirmed action.
    moved.rename(path)
    store = Store.open(path)
    try:
        with store.read() as session:
            seqs = set(session.scalars(select(OutboxEntry.seq)))
        assert {int(seq) for seq, *_ in confirmed} <= seqs
    finally:
        store.close()


def test_damaged_pages_are_summarised_never_quoted(tmp_path: Path) -> None:
    path = tmp_path / "popup.sqlite3"
    _seeded(path)
    con = raw.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    scribble(path, table_pages(path, "ix_items_title"))  # an index: the check lists each row
    before = digest(path)
    with pytest.raises(CorruptStore) as refused:
        Store.open(path)
    assert refused.value.key in ("INTEGRITY_FAILED", "DAMAGED")
    assert "popup recover" in str(refused.value)
    _no_sqlite_words(refused.value)
    assert digest(path) == before


# -- read-only ----------------------------------------------------------------------------------


def test_a_read_only_store_file_is_called_read_only_not_damaged(tmp_path: Path) -> None:
    path = tmp_path / "popup.sqlite3"
    Store.open(path).close()
    with read_only(path), pytest.raises(ReadOnlyStore) as refused:
        Store.open(path)
    assert refused.value.key == "READ_ONLY_FILE"
    assert "read-only" in str(refused.value) and "not damaged" in str(refused.value)
    assert "writable" in str(refused.value)


def test_a_read_only_folder_is_called_read_only(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    Store.open(home / "popup.sqlite3").close()
    with read_only(home), pytest.raises(ReadOnlyStore) as refused:
        Store.open(home / "popup.sqlite3")
    assert refused.value.key == "READ_ONLY_FOLDER"
    assert str(home) in str(refused.value) and "read-only" in str(refused.value)


# -- any characters in the path ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["what?mode=memory", "a%20b", "shelf #2", "Bibliothèque añil 图书馆", "x?y#z%41"]
)
def test_any_characters_in_the_home_path_open_that_file(tmp_path: Path, name: str) -> None:
    # Before: "sqlite+pysqlite:///…?…" read the rest as a query (another file, or memory),
    # and the probe's "file:…?mode=ro" did the same.
    home = tmp_path / name
    home.mkdir()
    path = home / "popup.sqlite3"
    store = Store.open(path)
    try:
        first = device.device_id(store)
        Desk(store).counts()
    finally:
        store.close()
    assert path.is_file() and path.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing elsewhere
    store = Store.open(path)
    try:
        assert device.device_id(store) == first  # the same file, not a new store
    finally:
        store.close()


# -- the pre-migration backup -------------------------------------------------------------------


def _older_store(path: Path) -> None:
    from alembic import command

    from popup.store.engine import alembic_config, make_engine

    engine = make_engine(path)
    with engine.connect() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.commit()
        conn.exec_driver_sql("CREATE TABLE padding (x BLOB)")
        conn.exec_driver_sql("INSERT INTO padding VALUES (zeroblob(300000))")
        conn.commit()
    engine.dispose()
    con = raw.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def test_too_little_room_for_the_backup_is_said_before_anything_is_written(
    tmp_path: Path,
) -> None:
    path = tmp_path / "popup.sqlite3"
    _older_store(path)
    before = digest(path)
    with pytest.raises(NoRoom) as refused:
        Store.open(path, tmp_path / "backups", free_bytes=lambda folder: 200_000)
    assert refused.value.key == "NO_ROOM_FOR_BACKUP"
    assert "not enough free disk space" in str(refused.value)
    assert dict(refused.value.params)["free_mb"] == 0
    assert list((tmp_path / "backups").iterdir()) == []
    assert digest(path) == before


_BACKUP_CUT_SHORT = """
import resource, signal, sys
from pathlib import Path
from popup.store.db import Store, StoreError
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead
resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))
try:
    Store.open(Path(sys.argv[1]), Path(sys.argv[2]))
except StoreError as exc:
    print(exc.key)
"""


def test_a_backup_that_fails_midway_leaves_no_partial_copy(tmp_path: Path) -> None:
    path = tmp_path / "popup.sqlite3"
    _older_store(path)  # over 300 kB: the copy fails after 100 kB
    before = digest(path)
    result = run_python(_BACKUP_CUT_SHORT, path, tmp_path / "backups")
    assert result.stdout.strip() in ("BACKUP_FAILED", "NO_ROOM_FOR_BACKUP"), result.stderr
    assert "Traceback" not in result.stderr
    assert list((tmp_path / "backups").iterdir()) == []  # no 0-byte or partial backup
    assert digest(path) == before  # and the store was not migrated
    store = Store.open(path, tmp_path / "backups")  # with room, the same file migrates
    store.close()
    assert len(list((tmp_path / "backups").glob("popup-0001-*.sqlite3"))) == 1


def test_a_copy_a_kill_cut_short_is_cleared_at_the_next_start(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    backups = tmp_path / "backups"
    backups.mkdir()
    cut = backups / "popup-0003-20260101T000000Z.sqlite3.partial"
    cut.write_bytes(b"half")
    kept = backups / "popup-0003-20991231T000000Z.sqlite3"
    kept.write_bytes(b"a recent backup")
    deleted = prune_backups(tmp_path / "popup.sqlite3", backups, datetime.now(UTC), 14)
    assert deleted == [cut] and kept.exists()


_NEW_STORE_NO_ROOM = """
import resource, signal, sys
from pathlib import Path
from popup.store.db import Store, StoreError
from tests.helpers import raw
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))  # the migrations need more
try:
    Store.open(Path(sys.argv[1]))
except StoreError as exc:
    print(exc.key)
"""


def test_a_disk_that_fills_up_during_the_first_start_is_said_not_a_traceback(
    tmp_path: Path,
) -> None:
    result = run_python(_NEW_STORE_NO_ROOM, tmp_path / "popup.sqlite3")
    assert result.stdout.strip() in ("DISK_FULL", "IO_ERROR"), result.stderr
    assert "Traceback" not in result.stderr
