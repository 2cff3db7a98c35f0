"""Codabar start/stop characters (#16) where a card is scanned: event attendance, a sign-up's
guardian card, and the desk of a library whose numbers have letters of their own, over a real
store file."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from popup.domain import signup as rules
from popup.domain.age_bands import DEFAULT_CATEGORY_BANDS
from popup.domain.cards import CardFormat
from popup.store import demo, library
from popup.store.circulation import Desk, ItemNotFound, Problem
from popup.store.db import Store
from popup.store.events import Events
from popup.store.models import Item, Patron


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


#: Patron cards C…, items B…: letters that are also Codabar's start/stop characters.
LETTERS = CardFormat(length=10, patron_prefix="C", item_prefix="B", luhn=False, digits_only=False)


def _lettered(store: Store) -> tuple[str, str, str]:
    """The demo store renumbered in the letter format: a patron's card, two items' barcodes
    (the second not even valid in the format, as an old label may be)."""
    card = demo.demo_patron(store)
    with store.transaction() as session:
        library.put(session, "card_format", LETTERS.to_dict())
        patron = session.scalar(select(Patron).where(Patron.card_number == card))
        assert patron is not None
        patron.card_number = "C12345678D"
        first, second = session.scalars(
            select(Item)
            .where(Item.item_type == "BOOK", Item.on_hold.is_(False), Item.status == "available")
            .order_by(Item.id)
            .limit(2)
        )
        first.barcode, second.barcode = "B12345678A", "A0042B"
    return "C12345678D", "B12345678A", "A0042B"


def test_a_letter_library_checks_out_its_own_numbers_as_they_are(demo_store: Store) -> None:
    """Review of #16: 'B12345678A' was cut to '12345678' and refused instead of looked up."""
    card, item, old_label = _lettered(demo_store)
    desk = Desk(demo_store)
    assert desk.find_patron(card).card_number == card
    lent = desk.checkout(card, item)
    assert lent.barcode == item
    assert desk.checkout(card, f" {old_label}\r\n").barcode == old_label  # found as it is
    assert {loan.barcode for loan in desk.find_patron(card).loans} == {item, old_label}
    # Not found says the number as scanned, letters and all.
    with pytest.raises(ItemNotFound) as missing:
        desk.checkout(card, "B99999999A")
    assert missing.value.key is Problem.ITEM_NOT_FOUND
    assert "“B99999999A”" in str(missing.value)


def test_a_digits_library_still_reads_the_pair_around_its_numbers(demo_store: Store) -> None:
    desk = Desk(demo_store)
    card = demo.demo_patron(demo_store)
    with demo_store.read() as session:
        barcode = session.scalar(
            select(Item.barcode).where(Item.status == "available", Item.on_hold.is_(False))
        )
    assert barcode is not None
    assert desk.find_patron(f"A{card}A").card_number == card
    assert desk.checkout(f"d{card}b", f"C{barcode}C").barcode == barcode
