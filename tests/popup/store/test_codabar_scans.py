"""Codabar start/stop characters (#16) where a card is scanned outside the desk: event
attendance and a sign-up's guardian card, over a real store file."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from popup.domain import signup as rules
from popup.domain.age_bands import DEFAULT_CATEGORY_BANDS
from popup.domain.cards import CardFormat
from popup.store import library
from popup.store.db import Store
from popup.store.events import Events
from popup.store.models import Patron


def _card(store: Store) -> str:
    with store.read() as session:
        card = session.scalar(
            select(Patron.card_number).where(Patron.category == "ADULT").order_by(Patron.id)
        )
    assert card is not None
    return card


def test_event_attendance_reads_a_wrapped_card_as_the_same_card(demo_store: Store) -> None:
    with demo_store.transaction() as session:
        library.put(session, "timezone", "UTC")
    events = Events(demo_store)
    stop = events.current_stop() or events.open_stop("Park")
    ev = events.create_event(stop.id, "Story time", "story time")
    card = _card(demo_store)
    first = events.scan(ev.id, f"A{card}A")
    assert not first.already_counted
    assert events.scan(ev.id, card).already_counted  # the same patron, not a second one
    assert events.counts(ev.id).identified == 1


def test_sign_up_takes_a_wrapped_guardian_card(demo_store: Store) -> None:
    card = _card(demo_store)
    form = rules.SignupForm(
        name="Mia Okoye",
        date_of_birth="2018-06-01",
        email="okoye.family@example.org",
        guardian_name="Daniel Okoye",
        guardian_card=f"d{card}a",
        consent=True,
    )
    clean, errors = rules.check(
        form, today=datetime.now(UTC).date(), bands=DEFAULT_CATEGORY_BANDS, card_format=CardFormat()
    )
    assert errors == {}
    assert clean is not None and clean.guardian_card == card
