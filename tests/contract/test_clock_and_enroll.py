"""Clock skew and enrollment answers, with the real server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from popup.domain.protocol import OutcomeCode
from popup.store.errors import WriteFailed
from popup.store.models import Device, SyncException, SyncState
from popup.sync_client.client import SyncClient
from popup.sync_client.credentials import CredentialStore
from popup.sync_client.engine import SyncEngine
from popup.sync_client.enroll import enroll
from popup.sync_client.status import read_status
from popup_sync import crud
from tests.helpers.consortium import SyncServer
from tests.helpers.desk import write_locked
from tests.helpers.laptops import Laptop


def test_a_laptop_clock_ten_minutes_slow_is_flagged(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("slow-clock")
    creds = laptop.enroll(sync_server)
    assert laptop.sync().ok
    slow = timedelta(minutes=10)
    laptop.desk.clock = lambda: datetime.now(UTC) - slow
    book = laptop.available_barcodes()[150]
    laptop.desk.checkout(laptop.patron_cards()[0], book)
    client = SyncClient(creds.server_url, creds.token, now=lambda: datetime.now(UTC) - slow)
    report = SyncEngine(laptop.store, client, creds.device_id).sync()
    assert report.ok, report.error
    assert client.clock_offset is not None and 590 < client.clock_offset < 610
    # In people's words, and true: the server keeps the times as the laptop gave them.
    assert report.clock_warning == (
        "The clock on this laptop is about 10 minutes behind the sync server's. Actions are"
        " recorded with this laptop's date and time: if they are wrong, fix them in the system"
        " settings."
    )
    with laptop.store.read() as s:
        state = s.get(SyncState, 1)
        assert state is not None and state.clock_offset_s is not None
        assert state.clock_offset_s > 590
        codes = list(s.scalars(select(SyncException.code)))
    assert OutcomeCode.CLOCK_SKEW in codes
    status = read_status(laptop.store, True, True)
    assert status.clock_offset_s == state.clock_offset_s
    assert "this laptop's clock is 10 min behind" in status.summary()


def test_enroll_from_the_command_line(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("cli")
    bad = laptop.cli("enroll", sync_server.url, "NOPE-NOPE-NOPE")
    assert bad.returncode == 3
    assert "not valid" in bad.stderr and "NOPE-NOPE-NOPE" in bad.stderr
    assert CredentialStore(laptop.home).load() is None
    good = laptop.cli("enroll", sync_server.url, sync_server.new_code(), "--name", "Van 3")
    assert good.returncode == 0, good.stderr
    creds = CredentialStore(laptop.home).load()
    assert creds is not None and creds.library_code == "MAIN"
    with laptop.store.read() as s:
        device = s.get(Device, 1)
        state = s.get(SyncState, 1)
        assert device is not None and device.device_id == creds.device_id
        assert state is not None and state.server_url == sync_server.url
    again = laptop.cli("sync")
    assert again.returncode == 0, again.stderr
    assert "0 waiting" in again.stdout


def test_revoked_then_enrolled_again_uploads_only_what_is_new(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("revoked")
    old = laptop.enroll(sync_server)
    assert laptop.sync().ok
    books = laptop.available_barcodes()[-12:-8]
    cards = laptop.patron_cards()
    first = [laptop.desk.checkout(cards[0], b).loan_id for b in books[:2]]
    assert laptop.sync().ok
    assert sync_server.applied_seqs(old.device_id) == [1, 2]
    sync_server.db.run_write(  # type: ignore[union-attr]
        lambda s: crud.revoke_device(session=s, device_id=old.device_id)
    )
    later = [laptop.desk.checkout(cards[1], b).loan_id for b in books[2:]]
    refused = laptop.sync()
    assert refused.error_code == "DEVICE_REVOKED" and "revoked" in (refused.error or "")
    assert laptop.waiting() == 2 and len(laptop.item_statuses()) == 300  # data kept
    loans_before = sync_server.loan_count()

    new = laptop.enroll(sync_server)
    assert new.device_id != old.device_id
    report = laptop.sync()
    assert report.ok, report.error
    assert laptop.waiting() == 0
    # The new device's seqs start at 1 and hold only the two new actions.
    assert sync_server.applied_seqs(new.device_id) == [1, 2]
    assert sync_server.loan_count() == loans_before + 2
    assert set(sync_server.loans_by_id(first + later)) == set(first + later)
    with laptop.store.read() as s:
        state = s.get(SyncState, 1)
        assert state is not None and state.seq_base == 2


def test_an_enrollment_the_store_could_not_take_keeps_no_credentials(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    # The code is spent, but the store could not record the new device (another program held
    # it locked): keeping those credentials would make every later sync refuse this store as
    # a replaced one (DEVICE_CHANGED). The laptop stays as it was; a new code enrolls it.
    laptop = laptops("locked-at-enroll")
    with write_locked(laptop.store), pytest.raises(WriteFailed):
        enroll(laptop.store, laptop.home, sync_server.url, sync_server.new_code(), "locked")
    assert CredentialStore(laptop.home).load() is None
    laptop.enroll(sync_server)
    report = laptop.sync()
    assert report.ok, report.error
