"""The demo laptop and the demo server agree: ``popup --demo``'s loans are the ones
``popup-sync demo`` lent (downloaded as they are), and today's seeded activity uploads and is
applied like any other action."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from popup.store import demo
from popup.store.models import Hold, Loan, OutboxEntry
from tests.helpers.consortium import SyncServer, start_sync_server
from tests.helpers.laptops import Laptop


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SyncServer]:
    (tmp_path / "server").mkdir()
    srv, cleanup = start_sync_server("sqlite", tmp_path / "server", showcase=True)
    try:
        yield srv
    finally:
        cleanup()


def _open_loans(laptop: Laptop) -> dict[str, str]:
    with laptop.store.read() as session:
        return {
            loan.id: loan.due_date.isoformat()
            for loan in session.scalars(select(Loan).where(Loan.returned_at.is_(None)))
        }


def _holds(laptop: Laptop) -> dict[str, tuple[str, str | None, str]]:
    with laptop.store.read() as session:
        return {
            h.id: (h.patron_card, h.item_barcode, h.status) for h in session.scalars(select(Hold))
        }


def test_the_demo_laptop_syncs_with_the_demo_server_without_a_conflict(
    server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("bookmobile-2")
    assert demo.seed(laptop.store, items=300, patrons=80, showcase=True)
    before = _open_loans(laptop)
    assert len(before) == 9  # seven downloaded, two lent at the stop today
    holds = _holds(laptop)
    assert len(holds) == 5  # at today's stop, for the demo vehicle
    laptop.enroll(server)
    report = laptop.sync()
    assert report.ok, report.error
    assert _open_loans(laptop) == before  # the download agreed with every seeded loan
    assert _holds(laptop) == holds  # and with every seeded hold
    with laptop.store.read() as session:
        seqs = list(session.scalars(select(OutboxEntry.seq).order_by(OutboxEntry.seq)))
    assert laptop.creds is not None
    assert server.applied_seqs(laptop.creds.device_id) == seqs  # all of today's, applied
    assert server.exceptions(laptop.creds.device_id) == []
    assert set(server.open_loans().values()) == set(before)
    assert server.attendance_total() == 6
