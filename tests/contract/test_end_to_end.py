"""Two laptops work offline on the same collection, then sync through the real server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from popup.domain import signup as signup_rules
from popup.domain.protocol import OutcomeCode
from popup.store import signup
from popup.store.circulation import Desk
from popup.store.events import Events
from popup.store.models import OutboxEntry, Patron, SyncException
from popup.sync_client.status import inbox, read_status
from tests.helpers.consortium import SyncServer, start_sync_server
from tests.helpers.laptops import Laptop, assert_exactly_once, sync_until_converged
from tests.helpers.postgres import backends


@pytest.fixture(params=backends())
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SyncServer]:
    srv, cleanup = start_sync_server(request.param, tmp_path / "server")
    try:
        yield srv
    finally:
        cleanup()


@pytest.fixture(autouse=True)
def _server_dir(tmp_path: Path) -> None:
    (tmp_path / "server").mkdir()


def sign_up(laptop: Laptop, name: str) -> str:
    cfg = laptop.desk.config
    clean = signup_rules.validate(
        signup_rules.SignupForm(
            name=name, date_of_birth="1990-03-04", email="someone@example.org", consent=True
        ),
        today=datetime.now(UTC).date(),
        bands=cfg.category_bands,
        required=cfg.signup_required_fields,
        card_format=cfg.card_format,
    )
    return signup.register(laptop.store, clean).card_number


def test_two_offline_laptops_converge_and_the_conflict_reaches_the_inbox(
    server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    a, b = laptops("bookmobile-a"), laptops("bookmobile-b")
    for laptop in (a, b):
        laptop.enroll(server)
        report = laptop.sync()
        assert report.ok, report.error
        assert len(laptop.item_statuses()) == 300
    assert a.item_statuses() == b.item_statuses() == server.item_statuses()

    # ---- offline: both lend the same book, each signs someone up and counts attendance -----
    item = a.available_barcodes()[0]
    returned_item = a.available_barcodes()[1]
    p1, p2 = a.patron_cards()[:2]
    earlier = datetime.now(UTC) - timedelta(minutes=30)
    first = Desk(a.store, clock=lambda: earlier).checkout(p1, item)
    a.desk.checkout(p1, returned_item)
    a.desk.checkin(returned_item)
    second = b.desk.checkout(p2, item)
    card_a = sign_up(a, "Alma Offline")
    card_b = sign_up(b, "Bert Offline")
    events_a = Events(a.store)
    stop = events_a.open_stop("Library on the Green", "Town green")
    story = events_a.create_event(stop.id, "Story time", "storytime", "children")
    for band in ("0-5", "0-5", "6-11"):
        events_a.count(story.id, band, 1)
    assert a.waiting() == 9 and b.waiting() == 2

    # ---- back in range -----------------------------------------------------------------------
    for laptop in (a, b, a, b):
        report = laptop.sync()
        assert report.ok, report.error
    assert a.waiting() == 0 and b.waiting() == 0

    # The later upload (b) got the conflict: accepted, a's loan closed, and flagged.
    with b.store.read() as s:
        entry = s.scalar(select(OutboxEntry).where(OutboxEntry.seq == second.seq))
        assert entry is not None and entry.outcome_status == "applied_with_exception"
        assert OutcomeCode.OPEN_CIRCULATION_EXISTS in (entry.outcome or "")
        codes = list(s.scalars(select(SyncException.code)))
    assert OutcomeCode.OPEN_CIRCULATION_EXISTS in codes
    conflict = next(e for e in inbox(b.store) if e.code == OutcomeCode.OPEN_CIRCULATION_EXISTS)
    assert conflict.seq == second.seq
    assert "other patron" in conflict.what_happened and conflict.what_to_do
    assert read_status(b.store, enrolled=True, online=True).open_exceptions >= 1
    assert OutcomeCode.OPEN_CIRCULATION_EXISTS in server.exceptions(b.creds.device_id)  # type: ignore[union-attr]

    # Server and both laptops agree on who has the book, and on every item's status.
    sync_until_converged(server, [a, b])
    assert server.open_loans()[item] == second.loan_id
    assert server.loans_by_id([first.loan_id])[first.loan_id] is not None  # closed
    assert a.open_loans() == b.open_loans() == server.open_loans()
    assert a.item_statuses() == b.item_statuses() == server.item_statuses()

    # Sign-ups reached the server and the other laptop; personal data left the laptops.
    cards = server.patron_cards()
    assert {card_a, card_b} <= cards
    for laptop in (a, b):
        with laptop.store.read() as s:
            local_cards = set(s.scalars(select(Patron.card_number)))
            assert local_cards == cards
            own = s.scalars(select(Patron).where(Patron.origin == "local")).all()
            assert own and all(p.email is None and p.address is None for p in own)

    # Attendance: counted once each.
    assert server.attendance_total() == 3

    for laptop in (a, b):
        assert_exactly_once(server, laptop)
