"""A save that fails for a reason of the file or the disk is a WriteFailed (a StoreError, so a
Refusal any page can word), raised after the rollback, logged by kind, with nothing written."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from popup.domain import signup as rules
from popup.domain.age_bands import DEFAULT_CATEGORY_BANDS
from popup.domain.refusals import Refusal
from popup.store import demo, keys
from popup.store.circulation import Desk
from popup.store.db import Store, WriteFailed, make_engine
from popup.store.models import Device, Item, OutboxEntry, Patron
from popup.store.signup import register
from tests.popup.store.faults import held, read_only, run_python


def _written(store: Store) -> tuple[int, int, int]:
    """Outbox rows, the device's last seq, patrons: what a failed save must not change."""
    with store.read() as s:
        return (
            int(s.scalar(select(func.count()).select_from(OutboxEntry)) or 0),
            int(s.scalar(select(Device.last_seq)) or 0),
            int(s.scalar(select(func.count()).select_from(Patron)) or 0),
        )


def _available(store: Store) -> list[str]:
    with store.read() as s:
        return list(
            s.scalars(
                select(Item.barcode).where(Item.status == "available", Item.item_type == "BOOK")
            )
        )


def _signup(n: int) -> rules.CleanSignup:
    form = rules.SignupForm(
        name=f"Faulty Day {n}", date_of_birth="1980-01-01", email=f"f{n}@e.org", consent=True
    )
    return rules.validate(form, today=date.today(), bands=DEFAULT_CATEGORY_BANDS)


def test_a_full_disk_fails_the_save_with_words_and_writes_nothing(
    desk: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    store = desk.store
    card = demo.demo_patron(store)
    with store.read() as s:
        pages = int(s.connection().exec_driver_sql("PRAGMA page_count").scalar() or 0)

    # SQLite's own page limit on every connection of the store: once the file must grow, the
    # real file answers as a full disk does (SQLITE_FULL, "database or disk is full").
    def no_room(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(store.engine, "connect", no_room)
    store.engine.dispose()
    barcodes = iter(_available(store))
    with pytest.raises(WriteFailed) as failed:  # the disk fills up as they go
        for _ in range(300):
            before = _written(store)
            desk.checkout(card, next(barcodes), override_reason="filling the disk")
    assert isinstance(failed.value, Refusal)
    assert failed.value.key == "WRITE_DISK_FULL"
    assert (
        str(failed.value)
        == "Not saved: the disk is full. Free some space on this laptop, then try again."
    )
    assert _written(store) == before  # rolled back whole: no outbox row, no seq taken
    logged = [r.getMessage() for r in caplog.records if "rolled back" in r.getMessage()]
    assert logged == ["a write was rolled back: WRITE_DISK_FULL (SQLITE_FULL)"]
    assert card not in caplog.text

    event.remove(store.engine, "connect", no_room)
    store.engine.dispose()
    assert desk.checkout(card, next(barcodes), override_reason="room again").seq == before[1] + 1


def test_a_lock_held_by_another_process_fails_the_save_after_the_busy_timeout(
    home: Path,
) -> None:
    path = home / "popup.sqlite3"
    store = Store.open(path, busy_timeout_ms=200)
    try:
        demo.seed(store, items=40, patrons=10)
        desk = Desk(store)
        card, barcode = demo.demo_patron(store), _available(store)[0]
        before = _written(store)
        with held(path):
            with pytest.raises(WriteFailed) as failed:
                desk.checkout(card, barcode)
            assert failed.value.key == "WRITE_LOCKED"
            with pytest.raises(WriteFailed) as failed_signup:
                register(store, _signup(1), allow_duplicate=True)
            assert failed_signup.value.key == "WRITE_LOCKED"
        assert _written(store) == before
        assert desk.checkout(card, barcode).seq == before[1] + 1  # released: it saves
    finally:
        store.close()


def test_a_store_file_that_cannot_be_written_fails_the_save_as_read_only(
    demo_store: Store,
) -> None:
    # Store.open refuses a read-only file up front (test_open_faults); a connection that can
    # only read (the file became read-only, a new process) hears SQLITE_READONLY on writing.
    path = demo_store.path
    card, barcode = demo.demo_patron(demo_store), _available(demo_store)[0]
    before = _written(demo_store)
    demo_store.close()
    with read_only(path):
        store = Store(path, make_engine(path), keys.resolve(path))
        try:
            with pytest.raises(WriteFailed) as failed:
                Desk(store).checkout(card, barcode)
            assert failed.value.key == "WRITE_READ_ONLY"
            assert str(path) in str(failed.value) and "read-only" in str(failed.value)
            assert _written(store) == before
        finally:
            store.close()


_COMMIT_FAILS = """
import logging, resource, signal, sys
from datetime import date
from pathlib import Path
from popup.domain import signup as rules
from popup.domain.age_bands import DEFAULT_CATEGORY_BANDS
from popup.store.db import Store, WriteFailed, make_engine
from popup.store.signup import register

logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
store = Store.open(Path(sys.argv[1]))

def clean(n):
    form = rules.SignupForm(
        name=f"Commit {n}", date_of_birth="1980-01-01", email=f"c{n}@e.org", consent=True
    )
    return rules.validate(form, today=date.today(), bands=DEFAULT_CATEGORY_BANDS)

register(store, clean(1), allow_duplicate=True)  # with room: logged once committed
store.truncate_wal()
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))  # the journal cannot take a page
try:
    register(store, clean(2), allow_duplicate=True)
except WriteFailed as exc:
    print(exc.key)
"""


def test_a_sign_up_whose_commit_fails_is_not_logged_as_signed_up(home: Path) -> None:
    # Before: "patron signed up" was logged inside the transaction, before its commit.
    path = home / "popup.sqlite3"
    store = Store.open(path)
    demo.seed(store, items=20, patrons=5)
    before = _written(store)
    store.close()
    result = run_python(_COMMIT_FAILS, path)
    assert result.stdout.strip() in ("WRITE_IO_ERROR", "WRITE_DISK_FULL"), result.stderr
    assert result.stderr.count("patron signed up") == 1, result.stderr  # the first one only
    assert "a write was rolled back" in result.stderr
    assert "Commit" not in result.stderr  # no names in the log
    store = Store.open(path)
    try:
        assert _written(store) == (before[0] + 1, before[1] + 1, before[2] + 1)
    finally:
        store.close()
