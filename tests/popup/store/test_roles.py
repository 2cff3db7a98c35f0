"""What each role may do, enforced by the store's services themselves (#17), over a real store
file: a volunteer lends and takes back clean items, counts attendance and scans cards, and
signs patrons up only where the library allows it; everything else is refused with "Please
ask a staff member.", and nobody signed in may do anything. Every action names who made it,
and an override a staff member approved names them too."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from popup.domain import demo_data
from popup.domain import signup as signup_rules
from popup.domain.age_bands import DEFAULT_CATEGORY_BANDS
from popup.domain.concerns import Code
from popup.domain.payments import PaymentMethod
from popup.domain.staff import Capability, display_name
from popup.store import demo, library, signup
from popup.store.cards import Cards
from popup.store.circulation import Desk, NeedsOverride
from popup.store.db import Store
from popup.store.demo import DEMO_FORMAT
from popup.store.events import Events
from popup.store.models import OutboxEntry, Patron
from popup.store.search import Catalogue
from popup.store.staff import NotAllowed, SignInNeeded, StaffBook
from tests.helpers import desk as helpers
from tests.helpers.staff import PIN, STAFF, VOLUNTEER, Clock, download_staff, sign_in

FINED = demo_data.fined_patron_card(DEMO_FORMAT)


@pytest.fixture
def staffed(demo_store: Store) -> Store:
    """The demo stop with a staff member and a volunteer downloaded."""
    download_staff(demo_store, STAFF, VOLUNTEER)
    return demo_store


def _rows(store: Store) -> list[tuple[str, str | None, str | None, dict[str, Any]]]:
    """(kind, staff_id, approved_by, payload) of every outbox record, in order."""
    with store.read() as s:
        return [
            (e.kind, e.staff_id, e.approved_by, json.loads(e.payload))
            for e in s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
        ]


def _refused_for_a_volunteer(store: Store, attempt: Callable[[], object]) -> NotAllowed:
    before = helpers.outbox_count(store)
    with pytest.raises(NotAllowed) as refused:
        attempt()
    assert str(refused.value) == "Please ask a staff member."
    assert helpers.outbox_count(store) == before  # nothing written
    return refused.value


def _clean_signup() -> signup_rules.CleanSignup:
    form = signup_rules.SignupForm(
        name="Noa River",
        date_of_birth="1988-02-03",
        email="noa@example.org",
        phone="",
        address="3 Quay Road",
        language="English",
        guardian_name="",
        notes="",
        consent=True,
    )
    today = datetime.now(UTC).date()
    return signup_rules.validate(form, today=today, bands=DEFAULT_CATEGORY_BANDS)


def test_a_volunteer_sees_first_name_initial_and_how_many_items_out(staffed: Store) -> None:
    desk = Desk(staffed)
    card = demo.demo_patron(staffed)
    for barcode in helpers.available_items(staffed, 2):
        desk.checkout(card, barcode)  # as the system
    full = desk.find_patron(card)
    assert not full.limited and full.items_out == len(full.loans) == 2

    sign_in(staffed, VOLUNTEER)
    seen = desk.find_patron(card)
    assert seen.limited and seen.items_out == 2
    assert seen.name == display_name(full.name) != full.name
    assert seen.loans == [] and seen.holds_ready == []
    assert seen.card_expiry is None and seen.fines_owed_cents == 0

    fined = desk.find_patron(FINED)
    assert fined.fines_owed_cents == 0
    [block] = fined.blocks
    assert (block.code, block.params) == (Code.FINES_OVER_LIMIT, ())
    assert block.message == "Please ask a staff member."
    with staffed.read() as s:
        owed = s.scalar(select(Patron.fines_owed_cents).where(Patron.card_number == FINED))
    assert owed and owed > 0  # the amount is there, only not shown


def test_a_volunteer_lends_and_takes_back_clean_items_in_their_own_name(staffed: Store) -> None:
    desk = Desk(staffed)
    card = demo.demo_patron(staffed)
    [barcode] = helpers.available_items(staffed, 1)
    sign_in(staffed, VOLUNTEER)
    desk.checkout(card, barcode)
    desk.checkin(barcode)
    assert [(kind, who, approver) for kind, who, approver, _ in _rows(staffed)] == [
        ("checkout", "vol-1", None),
        ("checkin", "vol-1", None),
    ]


def test_an_override_needs_staff_or_a_staff_members_approval(staffed: Store) -> None:
    desk = Desk(staffed)
    [first, second, third] = helpers.available_items(staffed, 3)
    book = StaffBook(staffed, Clock())
    book.sign_in("val", PIN)
    with pytest.raises(NeedsOverride):
        desk.checkout(FINED, first)  # as today: the desk says what is wrong
    refused = _refused_for_a_volunteer(staffed, lambda: desk.checkout(FINED, first, "I know her"))
    assert refused.capability is Capability.OVERRIDE

    approval = book.approve("sam", PIN, "Paid at the branch yesterday")
    result = desk.checkout(FINED, first, approval=approval)
    assert result.override_reason == "Paid at the branch yesterday"

    book.sign_in("STAFF-0001", PIN)
    desk.checkout(FINED, second, "Staff's own call")
    desk.checkout(demo.demo_patron(staffed), third)
    rows = _rows(staffed)
    assert [(kind, who, approver) for kind, who, approver, _ in rows] == [
        ("checkout", "vol-1", "st-1"),
        ("checkout", "st-1", None),
        ("checkout", "st-1", None),
    ]
    assert rows[0][3]["override_reason"] == "Paid at the branch yesterday"
    assert rows[0][3]["concerns"] == ["FINES_OVER_LIMIT"]
    assert rows[1][3]["override_reason"] == "Staff's own call"


def test_what_a_volunteer_may_not_do(staffed: Store) -> None:
    desk, cards, catalogue = Desk(staffed), Cards(staffed), Catalogue(staffed)
    card = demo.demo_patron(staffed)
    [lent, other] = helpers.available_items(staffed, 2)
    loan = desk.checkout(card, lent).loan_id  # the system lends it
    sign_in(staffed, VOLUNTEER)
    attempts: dict[Capability, list[Callable[[], object]]] = {
        Capability.RENEW: [lambda: desk.renew(loan), lambda: desk.renew_all(card)],
        Capability.PAYMENT: [lambda: desk.record_payment(FINED, 100, method=PaymentMethod.CASH)],
        Capability.IN_HOUSE_USE: [lambda: desk.in_house_use(other)],
        Capability.LOOKUP: [
            lambda: desk.pick_list(None),
            lambda: cards.lookup("Smith"),
            lambda: catalogue.find("the", "MAIN"),
            lambda: desk.checkout(card, other, found_by_lookup=True),
        ],
        Capability.CARDS: [lambda: cards.replace_lost(card), lambda: cards.renew(card)],
    }
    for capability, calls in attempts.items():
        for call in calls:
            assert _refused_for_a_volunteer(staffed, call).capability is capability


def test_nobody_signed_in_may_do_anything(staffed: Store) -> None:
    desk, events = Desk(staffed), Events(staffed)
    stop = events.open_stop("Park", None)
    event = events.create_event(stop.id, "Story time", "story time")
    card = demo.demo_patron(staffed)
    [barcode] = helpers.available_items(staffed, 1)
    StaffBook(staffed, Clock()).sign_out()
    before = helpers.outbox_count(staffed)
    for attempt in (
        lambda: desk.find_patron(card),
        lambda: desk.checkout(card, barcode),
        lambda: desk.checkin(barcode),
        lambda: desk.last_undoable(),
        lambda: desk.item_title(barcode),
        lambda: events.count(event.id, events.bands[0].code, 1),
        lambda: signup.register(staffed, _clean_signup()),
    ):
        with pytest.raises(SignInNeeded):
            attempt()
    with pytest.raises(SignInNeeded), staffed.transaction() as session:
        library.put(session, "branch_name", "Night bus")
    assert helpers.outbox_count(staffed) == before


def test_a_volunteer_takes_back_only_their_own_scans(staffed: Store) -> None:
    desk = Desk(staffed)
    card = demo.demo_patron(staffed)
    staffs, mine, later = helpers.available_items(staffed, 3)
    book = StaffBook(staffed, Clock())
    book.sign_in("sam", PIN)
    desk.checkout(card, staffs)
    book.sign_in("val", PIN)
    own = desk.checkout(card, mine).seq
    book.sign_in("sam", PIN)
    theirs = desk.checkout(card, later).seq
    assert desk.last_undoable() == (theirs, "checkout")  # staff: the newest of anyone's

    book.sign_in("val", PIN)
    assert desk.last_undoable() == (own, "checkout")  # a volunteer: their own newest
    refused = _refused_for_a_volunteer(staffed, lambda: desk.undo(theirs))
    assert refused.capability is Capability.UNDO_ANY
    undone = desk.undo(own)
    assert undone.target_seq == own
    assert desk.last_undoable() is None
    assert _rows(staffed)[-1][:2] == ("undo", "vol-1")


def test_a_volunteer_counts_and_scans_at_events_but_does_not_run_them(staffed: Store) -> None:
    events = Events(staffed)
    stop = events.open_stop("Library in the park", None)
    event = events.create_event(stop.id, "Story time", "story time", uses_registration=True)
    band = events.bands[0].code
    sign_in(staffed, VOLUNTEER)
    events.count(event.id, band, 1)
    events.scan(event.id, demo.demo_patron(staffed), band)
    assert events.counts(event.id).total == 2
    for attempt in (
        lambda: events.open_stop("Another stop"),
        lambda: events.create_event(stop.id, "Lego club", "STEM"),
        lambda: events.register(event.id, "Kim Lee"),
        lambda: events.registrations(event.id),
        lambda: events.set_capacity(event.id, 10),
        lambda: events.stop_report(stop.id),
        lambda: events.survey_table([stop.id]),
    ):
        _refused_for_a_volunteer(staffed, attempt)
    assert [(kind, who) for kind, who, _, _ in _rows(staffed)][-2:] == [
        ("attendance_count", "vol-1"),
        ("attendance_scan", "vol-1"),
    ]


def test_a_volunteer_signs_up_only_where_the_library_allows_it(staffed: Store) -> None:
    sign_in(staffed, VOLUNTEER)
    _refused_for_a_volunteer(staffed, lambda: signup.register(staffed, _clean_signup()))
    _refused_for_a_volunteer(staffed, lambda: signup.duplicates(staffed, _clean_signup()))
    with pytest.raises(NotAllowed), staffed.transaction() as session:
        library.put(session, "volunteers_may_sign_up", True)  # not by themselves

    sign_in(staffed, STAFF)
    with staffed.transaction() as session:
        library.put(session, "volunteers_may_sign_up", True)
    sign_in(staffed, VOLUNTEER)
    done = signup.register(staffed, _clean_signup())
    assert _rows(staffed)[-1][:2] == ("patron_register", "vol-1")
    assert done.card_number


def test_laptop_settings_are_staffs(staffed: Store) -> None:
    sign_in(staffed, VOLUNTEER)
    with pytest.raises(NotAllowed), staffed.transaction() as session:
        library.put(session, "idle_clear_seconds", 0)
    sign_in(staffed, STAFF)
    with staffed.transaction() as session:
        library.put(session, "idle_clear_seconds", 30)
    with staffed.read() as session:
        assert library.get(session, "idle_clear_seconds") == 30


def test_the_stop_report_says_who_did_what(staffed: Store) -> None:
    events, desk = Events(staffed), Desk(staffed)
    now = datetime.now(UTC)
    stop = events.open_stop("Harbour", None, now - timedelta(hours=1), now + timedelta(hours=3))
    event = events.create_event(stop.id, "Story time", "story time")
    band = events.bands[0].code
    card = demo.demo_patron(staffed)
    a, b, c, d = helpers.available_items(staffed, 4)
    desk.checkout(card, a)  # the system: names nobody
    book = StaffBook(staffed, Clock())
    book.sign_in("val", PIN)
    desk.checkout(card, b)
    desk.checkout(FINED, c, approval=book.approve("sam", PIN, "Fines paid by phone"))
    desk.checkin(b)
    events.count(event.id, band, 1)
    events.count(event.id, band, 1)
    book.sign_in("sam", PIN)
    desk.checkout(card, d)
    desk.record_payment(FINED, 200, method=PaymentMethod.CASH)

    report = events.stop_report(stop.id)
    by_id = {entry.staff_id: entry for entry in report.by_staff}
    assert [entry.staff_id for entry in report.by_staff] == ["st-1", "vol-1", None]
    assert by_id["vol-1"].counts == {"checkouts": 2, "returns": 1, "attendance": 2}
    assert by_id["vol-1"].name == "Val Volunteer" and by_id["vol-1"].approvals == 0
    assert by_id["st-1"].counts == {"checkouts": 1, "payments": 1}
    assert by_id["st-1"].approvals == 1
    assert by_id[None].counts == {"checkouts": 1} and by_id[None].name == ""
    assert sum(e.counts.get("checkouts", 0) for e in report.by_staff) == report.checkouts == 4


def test_a_volunteer_signing_up_is_warned_of_a_duplicate_but_cannot_look_it_up(
    staffed: Store,
) -> None:
    sign_in(staffed, STAFF)
    with staffed.transaction() as session:
        library.put(session, "volunteers_may_sign_up", True)
    first = signup.register(staffed, _clean_signup())
    [full] = signup.duplicates(staffed, _clean_signup())
    assert not full.limited
    assert (full.card_number, full.name) == (first.card_number, "Noa River")

    sign_in(staffed, VOLUNTEER)
    [seen] = signup.duplicates(staffed, _clean_signup())  # same email, name and birth date
    assert seen.limited and seen.reason == full.reason
    assert (seen.card_number, seen.name, seen.category) == ("", display_name("Noa River"), "")
    with pytest.raises(signup.PossibleDuplicate) as warned:
        signup.register(staffed, _clean_signup())
    assert warned.value.matches == [seen]
    refused = _refused_for_a_volunteer(
        staffed, lambda: signup.register(staffed, _clean_signup(), allow_duplicate=True)
    )
    assert refused.capability is Capability.OVERRIDE

    approval = StaffBook(staffed, Clock()).approve("sam", PIN, "Twins")
    signup.register(staffed, _clean_signup(), allow_duplicate=True, approval=approval)
    assert _rows(staffed)[-1][:3] == ("patron_register", "vol-1", "st-1")


def test_a_volunteer_taking_back_an_item_is_not_told_who_had_it(staffed: Store) -> None:
    desk = Desk(staffed)
    card = demo.demo_patron(staffed)
    [first, second] = helpers.available_items(staffed, 2)
    desk.checkout(card, first)
    desk.checkout(card, second)
    assert desk.checkin(first).borrower_initials  # staff (the system) see it
    sign_in(staffed, VOLUNTEER)
    back = desk.checkin(second)
    assert back.borrower_initials is None and back.instruction
