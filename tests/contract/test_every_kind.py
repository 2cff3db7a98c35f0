"""Every kind of action a laptop records parses and applies on the real server.

The laptop builds each payload with its own public APIs (the desk, sign-up, events); the sync
client uploads them; the server parses each one into its payload class
(``popup.domain.protocol.actions``) and applies it. A kind added to the protocol without a
laptop action that records it fails here, and so does a laptop payload the server cannot read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from popup.domain import signup as signup_rules
from popup.domain.payments import PaymentMethod
from popup.domain.protocol.actions import Kind
from popup.domain.protocol.envelopes import Status
from popup.store import signup
from popup.store.cards import Cards
from popup.store.events import Events
from popup.store.models import OutboxEntry
from popup_sync import models as sm
from tests.helpers.consortium import SyncServer
from tests.helpers.laptops import Laptop


def record_every_kind(laptop: Laptop) -> None:
    """At least one action of each kind, through the laptop's public APIs only."""
    desk = laptop.desk
    books = laptop.available_barcodes()
    cards = laptop.patron_cards()
    today = desk.clock
    desk.clock = lambda: today() - timedelta(days=3)  # lent days ago: renewable today
    lent = desk.checkout(cards[0], books[0])  # checkout
    desk.clock = today
    desk.renew(lent.loan_id)  # renew
    desk.checkout(cards[1], books[1])
    desk.checkin(books[1])  # checkin
    desk.in_house_use(books[2], 2)  # in_house_use
    desk.checkout(cards[2], books[3])
    last = desk.last_undoable()
    assert last is not None
    desk.undo(last[0])  # undo
    # payment: whatever the patron owes, the rest is recorded as a credit
    desk.record_payment(cards[4], 150, method=PaymentMethod.CARD, as_credit=True)

    cfg = desk.config
    clean = signup_rules.validate(
        signup_rules.SignupForm(
            name="Every Kind", date_of_birth="1990-03-04", email="every@example.org", consent=True
        ),
        today=datetime.now(UTC).date(),
        bands=cfg.category_bands,
        required=cfg.signup_required_fields,
        card_format=cfg.card_format,
    )
    signup.register(laptop.store, clean)  # patron_register

    events = Events(laptop.store)
    now = datetime.now(UTC)
    stop = events.open_stop(  # stop_open
        "Story corner", "Library lawn", starts_at=now, ends_at=now + timedelta(hours=2)
    )
    event = events.create_event(  # event_create
        stop.id, "Story time", "storytime", uses_registration=True, capacity=1
    )
    band = events.bands[0].code
    events.count(event.id, band, 1)  # attendance_count
    events.scan(event.id, cards[3], band=band)  # attendance_scan
    first = events.register(event.id, "Ada Example")  # registration_add
    events.register(event.id, "Bo Example")  # on the waitlist (capacity 1)
    events.cancel_registration(first.registration.id)  # registration_cancel; Bo moves up
    events.set_capacity(event.id, 5)  # event_capacity

    patron_cards = Cards(laptop.store)
    patron_cards.renew(cards[4], found_by_lookup=True)  # card_renew
    patron_cards.replace_lost(cards[5])  # card_replace


def recorded_kinds(laptop: Laptop) -> set[str]:
    with laptop.store.read() as session:
        return set(session.scalars(select(OutboxEntry.kind)))


def test_every_kind_a_laptop_records_is_parsed_and_applied_by_the_server(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("every-kind")
    creds = laptop.enroll(sync_server)
    assert laptop.sync().ok  # the catalogue, patrons and settings come down first
    record_every_kind(laptop)
    # A new kind needs a laptop action above: the protocol's kinds are exactly those recorded.
    assert recorded_kinds(laptop) == set(Kind)

    report = laptop.sync()
    assert report.ok, report.error
    assert laptop.waiting() == 0
    assert sync_server.db is not None
    with sync_server.db.read() as session:
        applied = session.execute(
            select(sm.AppliedMutation.kind, sm.AppliedMutation.status, sm.AppliedMutation.result)
            .where(sm.AppliedMutation.device_id == creds.device_id)
            .order_by(sm.AppliedMutation.seq)
        ).all()
    assert {kind for kind, _, _ in applied} == set(Kind)
    refused = [
        (kind, result["message"], result["detail"])
        for kind, status, result in applied
        if status not in (Status.APPLIED, Status.APPLIED_WITH_EXCEPTION)
    ]
    assert refused == [], "the server could not use these laptop actions"
    assert not [r for _, _, r in applied if r["detail"].get("error") == "INVALID_FIELD"]
