"""Opening the store: pragmas, and clear refusals for corrupt, locked and newer files."""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from popup.store import demo, library
from popup.store.circulation import Desk
from popup.store.db import CorruptStore, NewerSchema, Store, StoreLocked
from popup.store.models import Item
from tests.helpers import raw


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_connection_has_the_durability_pragmas(store: Store) -> None:
    with store.engine.connect() as conn:
        pragma = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in (
                "foreign_keys",
                "journal_mode",
                "synchronous",
                "busy_timeout",
                "wal_autocheckpoint",
            )
        }
    assert pragma == {
        "foreign_keys": 1,
        "journal_mode": "wal",
        "synchronous": 2,
        "busy_timeout": 5000,
        "wal_autocheckpoint": 4000,
    }


def test_store_is_a_file_on_disk_under_home(store: Store, home: Path) -> None:
    assert store.path == home / "popup.sqlite3"
    assert store.path.stat().st_size > 0


def test_corrupt_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "popup.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    before = _digest(path)
    with pytest.raises(CorruptStore, match="damaged or is not a Popup store"):
        Store.open(path)
    assert _digest(path) == before


def test_damaged_pages_are_refused(store: Store, tmp_path: Path) -> None:
    path = store.path
    store.close()
    con = raw.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(path.read_bytes())
    for offset in range(4096 + 100, len(data), 97):  # scribble over every page but the header
        data[offset] = 0xFF
    path.write_bytes(bytes(data))
    before = _digest(path)
    with pytest.raises(CorruptStore):
        Store.open(path)
    assert _digest(path) == before


def test_foreign_sqlite_database_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "popup.sqlite3"
    con = raw.connect(path)
    con.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    before = _digest(path)
    with pytest.raises(CorruptStore, match="not a Popup store"):
        Store.open(path)
    assert _digest(path) == before


def test_newer_schema_is_refused(store: Store) -> None:
    path = store.path
    store.close()
    con = raw.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    before = _digest(path)
    with pytest.raises(NewerSchema, match="newer version of Popup"):
        Store.open(path)
    assert _digest(path) == before


def test_locked_file_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "popup.sqlite3"
    Store.open(path).close()
    holder = raw.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=DELETE")  # an exclusive lock then blocks readers too
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreLocked, match="locked by another program"):
            Store.open(path, busy_timeout_ms=200)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_errors_hide_bound_parameters(demo_store: Store) -> None:
    """A refused write's message (which may reach a log or a dialog) names no patron."""
    from sqlalchemy import insert, select
    from sqlalchemy.exc import IntegrityError

    from popup.store.models import Patron

    with demo_store.read() as session:
        card = session.scalar(select(Patron.card_number).limit(1))
    assert card is not None
    with pytest.raises(IntegrityError) as refused, demo_store.transaction() as session:
        session.execute(
            insert(Patron),
            [
                {
                    "card_number": card,
                    "name": "Winifred Privateperson",
                    "category": "ADULT",
                    "home_library": "MAIN",
                }
            ],
        )
    assert "Privateperson" not in str(refused.value)
    assert card not in str(refused.value)


def _main_file_holds_loan(store: Store, loan_id: str, tmp_path: Path) -> bool:
    """Whether the loan is in the store file itself, not only in its WAL."""
    copy = tmp_path / "main-file-only.sqlite3"
    copy.write_bytes(store.path.read_bytes())  # without -wal: only checkpointed pages
    con = raw.connect(copy, store=store.path)
    try:
        return con.execute("SELECT 1 FROM loans WHERE id = ?", (loan_id,)).fetchone() is not None
    finally:
        con.close()


def test_a_pause_after_a_scan_folds_the_wal_into_the_file(desk: Desk, tmp_path: Path) -> None:
    # So the next scans never pay for SQLite's automatic checkpoint inside their commit.
    card = demo.demo_patron(desk.store)
    with desk.store.read() as s:
        barcode = s.scalar(select(Item.barcode).where(Item.status == "available").limit(1))
    assert barcode is not None
    loan_id = desk.checkout(card, barcode).loan_id
    deadline = time.monotonic() + 10
    while not _main_file_holds_loan(desk.store, loan_id, tmp_path):
        assert time.monotonic() < deadline, "the idle checkpoint never ran"
        time.sleep(0.05)


def test_a_bulk_write_is_folded_back_when_it_ends_not_after_each_page(
    desk: Desk, tmp_path: Path
) -> None:
    card = demo.demo_patron(desk.store)
    with desk.store.read() as s:
        barcode = s.scalar(select(Item.barcode).where(Item.status == "available").limit(1))
    assert barcode is not None
    with desk.store.bulk():
        loan_id = desk.checkout(card, barcode).loan_id
        time.sleep(0.5)  # a pause that would fold the WAL back between a download's pages
        assert not _main_file_holds_loan(desk.store, loan_id, tmp_path)
    deadline = time.monotonic() + 10
    while not _main_file_holds_loan(desk.store, loan_id, tmp_path):
        assert time.monotonic() < deadline, "the checkpoint never ran after the bulk write"
        time.sleep(0.05)


def test_closing_the_store_stops_its_checkpoint_thread(store: Store) -> None:
    with store.transaction() as session:  # a write (opening wrote too) starts the thread
        library.put(session, "library_name", "Riverside")
    [thread] = [t for t in threading.enumerate() if t.name == f"popup-checkpoint {store.path}"]
    assert thread.is_alive()
    store.close()
    assert not thread.is_alive()


def test_truncating_the_wal_waits_out_other_checkpoints(demo_store: Store) -> None:
    # Erased sign-up details must leave the WAL file: SQLite answers a TRUNCATE "busy" (and
    # does nothing) while another checkpoint runs, so truncate_wal has to retry.
    stop = threading.Event()

    def checkpoint_all_the_time() -> None:
        other = raw.connect(demo_store.path, isolation_level=None)
        try:
            while not stop.is_set():
                other.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                time.sleep(0.005)
        finally:
            other.close()

    busy = threading.Thread(target=checkpoint_all_the_time)
    busy.start()
    try:
        for n in range(20):
            with demo_store.transaction() as session:
                library.put(session, "library_name", f"Riverside {n}")
            assert demo_store.truncate_wal()
            assert Path(f"{demo_store.path}-wal").stat().st_size == 0
    finally:
        stop.set()
        busy.join()
