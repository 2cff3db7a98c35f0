"""Stops, events and attendance on a real store file: counts, scans, registrations, the report."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

import pytest
from sqlalchemy import select

from popup.domain import demo_data
from popup.domain.cards import ScanKind, qr_payload
from popup.domain.payments import PaymentMethod, Takings
from popup.domain.protocol import Kind, parse_payload
from popup.domain.stops import Bound
from popup.store import demo, outbox
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.events import (
    CANCELLED,
    CHECKED_IN,
    REGISTERED,
    WAITLIST,
    BandNeeded,
    EventError,
    Events,
    ScanResult,
)
from popup.store.models import Attendance, Item, OutboxEntry, Patron, Stop

START = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def tick(self, minutes: float = 1) -> None:
        self.now += timedelta(minutes=minutes)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def events(demo_store: Store, clock: Clock) -> Events:
    with demo_store.transaction() as session:
        from popup.store import library

        library.put(session, "timezone", "UTC")
    return Events(demo_store, clock=clock)


def _patron(store: Store, category: str, born: date | None = None) -> str:
    with store.transaction() as session:
        p = session.scalars(
            select(Patron).where(Patron.category == category).order_by(Patron.id)
        ).first()
        assert p is not None
        p.date_of_birth = born
        return p.card_number


class Record(NamedTuple):
    seq: int
    kind: str
    payload: str
    mutation_id: str


def _outbox(store: Store) -> list[Record]:
    with store.read() as session:
        return [
            Record(e.seq, e.kind, e.payload, e.mutation_id)
            for e in session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
        ]


def test_open_stop_and_create_event_write_outbox_records(events: Events, demo_store: Store) -> None:
    stop = events.open_stop(
        "Riverside Park", "By the playground", START, START + timedelta(hours=2)
    )
    ev = events.create_event(stop.id, "Story time", "story time", "0-5", onsite=False)
    assert events.events(stop.id) == [ev]
    assert not ev.onsite and ev.audience == "0-5"
    entries = _outbox(demo_store)
    assert [e.kind for e in entries] == ["stop_open", "event_create"]
    for e in entries:
        parse_payload(Kind(e.kind), json.loads(e.payload))
    assert json.loads(entries[1].payload)["onsite"] is False
    assert stop in events.stops()


def test_bad_stop_and_event_input_is_named_and_nothing_written(
    events: Events, demo_store: Store
) -> None:
    with pytest.raises(EventError, match="stop name is empty"):
        events.open_stop("   ")
    with pytest.raises(EventError, match="ends before it starts"):
        events.open_stop("Park", None, START, START - timedelta(hours=1))
    stop = events.open_stop("Park")
    with pytest.raises(EventError, match="event title is empty"):
        events.create_event(stop.id, "", "story time")
    with pytest.raises(EventError, match="capacity must be 1 or more"):
        events.create_event(stop.id, "Lego", "STEM", capacity=0)
    with pytest.raises(EventError, match="stop is not on this laptop"):
        events.create_event("00000000-0000-4000-8000-00000000dead", "Lego", "STEM")
    assert [e.kind for e in _outbox(demo_store)] == ["stop_open"]


def test_counts_after_taps_corrections_duplicate_scans_and_walk_ins(
    events: Events, demo_store: Store, clock: Clock
) -> None:
    stop = events.current_stop()
    assert stop is not None and stop.name == "Farmers' Market"
    ev = events.create_event(stop.id, "Story time", "story time", "0-5")
    child = _patron(demo_store, "CHILD", born=date(2019, 3, 1))  # 7 years old
    senior = _patron(demo_store, "SENIOR")  # no birth date: category says 65+
    for band in ("0-5", "0-5", "0-5", "19-64", "19-64"):  # walk-ins
        events.count(ev.id, band, +1)
        clock.tick()
    events.count(ev.id, "0-5", -1)  # a wrong tap corrected
    first = events.scan(ev.id, child)
    assert isinstance(first, ScanResult) and not first.already_counted and first.band == "6-11"
    again = events.scan(ev.id, qr_payload(child))  # the same card as a QR code
    assert again.already_counted and again.seq is None
    scanned = events.scan(ev.id, senior)
    assert scanned.band == "65+"
    counts = events.counts(ev.id)
    assert dict(counts.by_band) == {"0-5": 2, "6-11": 1, "12-18": 0, "19-64": 2, "65+": 1}
    assert counts.total == 6 and counts.identified == 2
    # One attendance row per action, and exactly one outbox record per row.
    with demo_store.read() as session:
        rows = [r.mutation_id for r in session.scalars(select(Attendance))]
    attendance_records = [e for e in _outbox(demo_store) if e.kind.startswith("attendance")]
    assert len(rows) == len(attendance_records) == 8
    assert set(rows) == {e.mutation_id for e in attendance_records}


def test_minus_never_goes_below_zero(events: Events, demo_store: Store) -> None:
    stop = events.open_stop("Park")
    ev = events.create_event(stop.id, "Craft", "craft")
    with pytest.raises(EventError, match="0–5 count is already zero"):
        events.count(ev.id, "0-5", -1)
    events.count(ev.id, "0-5", 1)
    events.count(ev.id, "0-5", -1)
    with pytest.raises(EventError, match="already zero"):
        events.count(ev.id, "0-5", -1)
    with pytest.raises(EventError, match="no age band “adults”"):
        events.count(ev.id, "adults", 1)
    assert events.counts(ev.id).total == 0
    assert [e.kind for e in _outbox(demo_store)].count("attendance_count") == 2


def test_scan_refuses_items_and_bad_numbers_and_asks_for_unknown_bands(
    events: Events, demo_store: Store
) -> None:
    stop = events.open_stop("Park")
    ev = events.create_event(stop.id, "Card drive", "card drive")
    item = demo.DEMO_FORMAT.make(ScanKind.ITEM, 1, demo.DEMO_INSTITUTION)
    with pytest.raises(EventError, match="item barcode, not a library card"):
        events.scan(ev.id, item)
    with pytest.raises(EventError, match="check digit"):
        events.scan(ev.id, "21120000000010")
    stranger = demo.DEMO_FORMAT.make(ScanKind.PATRON, 99_999, demo.DEMO_INSTITUTION)
    with pytest.raises(BandNeeded, match="not on this laptop") as asked:
        events.scan(ev.id, stranger)
    assert len(asked.value.bands) == 5
    result = events.scan(ev.id, stranger, band="12-18")
    assert result.band == "12-18" and not result.already_counted
    assert events.scan(ev.id, stranger).already_counted  # no band question the second time
    assert events.counts(ev.id).get("12-18") == 1


def test_registration_list_waitlist_cancel_promotes_and_check_in(
    events: Events, demo_store: Store
) -> None:
    stop = events.open_stop("Park")
    ev = events.create_event(stop.id, "Lego club", "STEM", "6-11", capacity=2)
    card = _patron(demo_store, "CHILD", born=date(2017, 5, 5))
    ana = events.register(ev.id, "Ana", card=card).registration
    ben = events.register(ev.id, "Ben", band="6-11").registration
    cy = events.register(ev.id, "Cy", band="12-18").registration
    dee = events.register(ev.id, "Dee").registration
    assert [ana.status, ben.status, cy.status, dee.status] == [
        REGISTERED,
        REGISTERED,
        WAITLIST,
        WAITLIST,
    ]
    with pytest.raises(EventError, match="already on this event's list"):
        events.register(ev.id, "Ana again", card=card)
    cancelled = events.cancel_registration(ben.id)
    assert cancelled.registration.status == CANCELLED
    assert [p.name for p in cancelled.promoted] == ["Cy"]
    # Scanning Ana's card checks her in; a click on her name afterwards is refused.
    scan = events.scan(ev.id, card)
    assert scan.registration is not None and scan.registration.status == CHECKED_IN
    with pytest.raises(EventError, match="already checked in"):
        events.check_in(ana.id)
    events.check_in(cy.id)  # by click, band from the registration
    with pytest.raises(BandNeeded):
        events.check_in(dee.id)  # no card, no band: staff choose
    events.check_in(dee.id, band="19-64")
    with pytest.raises(EventError, match="was cancelled"):
        events.check_in(ben.id)
    with pytest.raises(EventError, match="is already checked in and counted"):
        events.cancel_registration(cy.id)
    counts = events.counts(ev.id)
    assert dict(counts.by_band) == {"0-5": 0, "6-11": 1, "12-18": 1, "19-64": 1, "65+": 0}
    statuses = {r.name: r.status for r in events.registrations(ev.id)}
    assert statuses == {"Ana": CHECKED_IN, "Ben": CANCELLED, "Cy": CHECKED_IN, "Dee": CHECKED_IN}
    for e in _outbox(demo_store):
        parse_payload(Kind(e.kind), json.loads(e.payload))


def test_raising_capacity_promotes_the_waitlist_in_order(events: Events) -> None:
    stop = events.open_stop("Park")
    ev = events.create_event(stop.id, "Cooking", "workshop", capacity=1)
    names = ["Ann", "Bo", "Cal", "Di"]
    for name in names:
        events.register(ev.id, name)
    promoted = events.set_capacity(ev.id, 3)
    assert [p.name for p in promoted] == ["Bo", "Cal"]
    assert [r.name for r in events.registrations(ev.id) if r.status == WAITLIST] == ["Di"]
    assert [p.name for p in events.set_capacity(ev.id, None)] == ["Di"]
    with pytest.raises(EventError, match="capacity must be 1 or more"):
        events.set_capacity(ev.id, 0)


def test_stop_report_counts_circulation_attendance_and_hours(
    events: Events, demo_store: Store, clock: Clock
) -> None:
    desk = Desk(demo_store, clock=clock)
    stop = events.current_stop()
    assert stop is not None
    today = START.replace(hour=0)
    with demo_store.transaction() as session:  # the demo stop runs 15:00-19:00 on START's day
        row = session.get(Stop, stop.id)
        assert row is not None
        row.starts_at, row.ends_at = today.replace(hour=15), today.replace(hour=19)
    patron = demo.demo_patron(demo_store)
    with demo_store.read() as session:
        barcodes = list(
            session.scalars(select(Item.barcode).where(Item.item_type == "BOOK").limit(5))
        )
    # Lent at an earlier stop: renewed at this one (a renewal the same day would not move it).
    at_stop = clock.now
    clock.now = at_stop - timedelta(days=3)
    earlier = desk.checkout(patron, barcodes.pop())
    clock.now = at_stop
    for code in barcodes:
        desk.checkout(patron, code)
        clock.tick(5)
    undone = desk.checkin(barcodes[0])
    desk.undo(undone.seq)
    desk.checkin(barcodes[1])
    desk.renew(earlier.loan_id)
    onsite = events.create_event(stop.id, "Story time", "story time", "0-5")
    offsite = events.create_event(stop.id, "Senior centre visit", "outreach", None, onsite=False)
    clock.now = today.replace(hour=16, minute=10)
    for _ in range(3):
        events.count(onsite.id, "0-5", 1)
    events.count(onsite.id, "19-64", 1)
    clock.now = today.replace(hour=17, minute=40)
    events.count(offsite.id, "65+", 1)
    fined = demo_data.fined_patron_card(demo.DEMO_FORMAT)  # owes 12.75
    desk.record_payment(fined, 500, method=PaymentMethod.CASH)
    desk.record_payment(fined, 250, method=PaymentMethod.CARD)
    desk.record_payment(fined, 25, method=None, waiver=True)
    clock.now = today.replace(hour=23)  # after the planned end, the same day: still its day
    desk.checkout(patron, barcodes[1])
    desk.record_payment(fined, 100, method=PaymentMethod.CASH)
    clock.now = today + timedelta(days=1, hours=1)  # the next day: not this stop's
    desk.checkin(barcodes[1])
    desk.record_payment(fined, 100, method=PaymentMethod.OTHER)
    report = events.stop_report(stop.id)
    # What the cash box should hold, per method; waivers apart.
    assert report.takings == Takings(cash_cents=600, card_cents=250, waived_cents=25)
    assert report.circulation().takings == report.takings
    assert (report.checkouts, report.returns, report.renewals) == (5, 1, 1)
    assert report.new_patrons == 0
    assert [(e.event.title, e.counts.total) for e in report.events] == [
        ("Story time", 4),
        ("Senior centre visit", 1),
    ]
    assert report.attendance_by_band() == {"0-5": 3, "6-11": 0, "12-18": 0, "19-64": 1, "65+": 1}
    assert report.attendance_total() == 5
    hours = {h.hour: h.counts for h in report.by_hour}
    assert hours[15]["checkouts"] == 4 and hours[15]["renewals"] == 1
    assert hours[16] == {"attendance": 4} and hours[17] == {"attendance": 1}
    assert hours[23] == {"checkouts": 1} and max(hours) == 23
    # Never opened on this laptop (planned at the server), the only stop that day: its day.
    assert (report.held.start, report.held.end) == (today, today + timedelta(days=1))
    assert (report.held.start_by, report.held.end_by) == (Bound.DAY_START, Bound.DAY_END)


def _books(store: Store, n: int) -> list[str]:
    with store.read() as session:
        return list(session.scalars(select(Item.barcode).where(Item.item_type == "BOOK").limit(n)))


def test_stop_report_counts_the_stop_as_held_with_in_house_use(
    events: Events, demo_store: Store, clock: Clock
) -> None:
    """A 04:00 checkout on the day of a planned 15:00-19:00 stop, in-house uses and attendance
    are all counted in one window, and the hour bars add up to the totals."""
    desk = Desk(demo_store, clock=clock)
    stop = events.current_stop()
    assert stop is not None
    today = START.replace(hour=0)
    with demo_store.transaction() as session:
        row = session.get(Stop, stop.id)
        assert row is not None
        row.starts_at, row.ends_at = today.replace(hour=15), today.replace(hour=19)
    patron = demo.demo_patron(demo_store)
    books = _books(demo_store, 3)
    clock.now = today.replace(hour=4)  # long before the planned times
    desk.checkout(patron, books[0])
    desk.in_house_use(books[1], count=3)
    clock.now = today.replace(hour=15, minute=20)
    desk.checkout(patron, books[2])
    desk.in_house_use(books[1])
    undone = desk.in_house_use(books[1], count=5)
    desk.undo(undone.seq)  # an undone use counts nothing
    desk.checkin(books[0])
    story = events.create_event(stop.id, "Story time", "story time", "0-5")
    clock.now = today.replace(hour=4, minute=30)
    events.count(story.id, "0-5", 1)
    clock.now = today.replace(hour=16)
    events.count(story.id, "19-64", 1)

    report = events.stop_report(stop.id)
    assert (report.checkouts, report.returns, report.in_house_uses) == (2, 1, 4)
    assert report.attendance_total() == 2 and report.attendance_outside == 0
    hours = {h.hour: h.counts for h in report.by_hour}
    assert hours[4] == {"checkouts": 1, "in_house_uses": 3, "attendance": 1}
    assert hours[15] == {"checkouts": 1, "in_house_uses": 1, "returns": 1}
    assert hours[16] == {"attendance": 1}

    def bars(group: str) -> int:
        return sum(h.counts.get(group, 0) for h in report.by_hour)

    assert (bars("checkouts"), bars("returns"), bars("in_house_uses"), bars("attendance")) == (
        report.checkouts,
        report.returns,
        report.in_house_uses,
        report.attendance_total(),
    )
    assert report.circulation().numbers() == [2, 1, 0, 4, 0]


def test_an_opened_stop_runs_until_the_next_stop_is_opened(
    events: Events, demo_store: Store, clock: Clock
) -> None:
    """Stops opened on this laptop: the first of the day takes the day from midnight (a
    checkout before it was opened is still counted), each later one runs from its opening to
    the next one's, the last to the end of the day; a stop planned earlier that day takes the
    day's start instead."""
    desk = Desk(demo_store, clock=clock)
    day = START.replace(hour=0) + timedelta(days=3)  # no demo stop planned that day
    patron = demo.demo_patron(demo_store)
    books = _books(demo_store, 4)
    clock.now = day.replace(hour=7)
    desk.checkout(patron, books[0])  # before anything was opened that day
    clock.now = day.replace(hour=9, minute=2)
    school = events.open_stop("School")
    clock.now = day.replace(hour=10)
    desk.checkout(patron, books[1])
    event = events.create_event(school.id, "Class visit", "class visit", "6-11")
    events.count(event.id, "6-11", 1)
    clock.now = day.replace(hour=13, minute=45)
    park = events.open_stop("Park")
    clock.now = day.replace(hour=14)
    desk.checkout(patron, books[2])
    events.count(event.id, "6-11", 1)  # typed in late: still the school's, and said so
    clock.now = day.replace(hour=22)
    desk.in_house_use(books[3])

    park_at = day.replace(hour=13, minute=45)
    first = events.stop_report(school.id)
    assert (first.held.start, first.held.end) == (day, park_at)
    assert (first.held.start_by, first.held.end_by) == (Bound.DAY_START, Bound.NEXT_STOP)
    assert (first.checkouts, first.in_house_uses) == (2, 0)  # 07:00 and 10:00
    assert first.attendance_total() == 2 and first.attendance_outside == 1
    second = events.stop_report(park.id)
    assert (second.held.start, second.held.end) == (park_at, day + timedelta(days=1))
    assert (second.held.start_by, second.held.end_by) == (Bound.OPENED, Bound.DAY_END)
    assert (second.checkouts, second.in_house_uses) == (1, 1)

    # A stop planned at the server for that morning takes the day up to the school's opening.
    with demo_store.transaction() as session:
        session.add(
            Stop(
                id="00000000-0000-4000-8000-0000000000aa",
                name="Depot",
                starts_at=day.replace(hour=8),
                ends_at=day.replace(hour=8, minute=30),
                origin="download",
            )
        )
    depot = events.stop_report("00000000-0000-4000-8000-0000000000aa")
    assert (depot.held.start, depot.held.end) == (day, day.replace(hour=9, minute=2))
    assert depot.checkouts == 1  # the 07:00 checkout


def test_outbox_seqs_stay_gapless_across_refused_actions(events: Events, demo_store: Store) -> None:
    stop = events.open_stop("Park")
    ev = events.create_event(stop.id, "Craft", "craft")
    for step in range(6):
        try:
            events.count(ev.id, "6-11", -1 if step % 2 else 1)
            events.count(ev.id, "6-11", -1)
        except EventError:
            pass
    with demo_store.read() as session:
        seqs = [m.seq for m in outbox.pending(session)]
    assert seqs == list(range(1, len(seqs) + 1))


def test_scanning_a_waitlisted_card_checks_them_in_and_says_so(
    events: Events, demo_store: Store
) -> None:
    stop = events.open_stop("Park")
    ev = events.create_event(stop.id, "Robots", "STEM", capacity=1)
    events.register(ev.id, "First", band="6-11")
    card = _patron(demo_store, "TEEN")
    waiting = events.register(ev.id, "Second", card=card).registration
    assert waiting.status == WAITLIST
    result = events.scan(ev.id, card)
    assert result.from_waitlist and result.band == "12-18"
    assert result.registration is not None and result.registration.status == CHECKED_IN
    assert not events.scan(ev.id, card).from_waitlist
