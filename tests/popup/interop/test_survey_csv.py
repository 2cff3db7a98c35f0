"""The survey CSV of a real store's stops: columns, bands, circulation, totals, a BOM."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from popup.domain import demo_data
from popup.domain.payments import PaymentMethod
from popup.interop.survey_csv import write_survey_csv
from popup.store import demo, library
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.events import Events
from popup.store.models import Item

START = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def events(demo_store: Store, clock: Clock) -> Events:
    with demo_store.transaction() as session:
        library.put(session, "timezone", "UTC")
    return Events(demo_store, clock=clock)


def test_survey_csv_columns_circulation_and_totals(
    events: Events, demo_store: Store, clock: Clock, tmp_path: Path
) -> None:
    stop = events.open_stop("Main St", None, START, START + timedelta(hours=3))
    story = events.create_event(stop.id, "Story time", "story time", "0-5")
    teens = events.create_event(stop.id, "Games", "games", "12-18", onsite=False)
    for band in ("0-5", "0-5", "19-64"):
        events.count(story.id, band, 1)
    events.count(teens.id, "12-18", 1)
    desk = Desk(demo_store, clock=clock)
    patron = demo.demo_patron(demo_store)
    with demo_store.read() as session:
        books = list(session.scalars(select(Item.barcode).where(Item.item_type == "BOOK").limit(3)))
    desk.checkout(patron, books[0])
    desk.in_house_use(books[2], count=2)
    fined = demo_data.fined_patron_card(demo.DEMO_FORMAT)  # owes 12.75
    desk.record_payment(fined, 1000, method=PaymentMethod.CASH)
    desk.record_payment(fined, 150, method=PaymentMethod.CARD)
    desk.record_payment(fined, 125, method=None, waiver=True)
    clock.now = START + timedelta(hours=5)  # after the planned end, still the stop's day
    desk.checkout(patron, books[1])
    desk.checkin(books[0])

    target = tmp_path / "survey.csv"
    assert write_survey_csv(events, [stop.id], target) == 2  # events listed
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [
        "stop", "date", "event", "event_type", "program_category", "location", "sessions",
        "attendance_0-5", "attendance_6-11", "attendance_12-18", "attendance_19-64",
        "attendance_65+", "identified_by_card", "total_attendance",
        "checkouts", "returns", "renewals", "in_house_uses", "new_patrons",
        "taken_cash", "taken_card", "taken_other", "waived",
    ]  # fmt: skip
    circulation = rows[0]
    # The cash box is reconciled from the stop's row: money per method, waivers apart.
    assert [circulation[c] for c in ("taken_cash", "taken_card", "taken_other", "waived")] == [
        "10.00",
        "1.50",
        "0.00",
        "1.25",
    ]
    assert (circulation["stop"], circulation["date"], circulation["event_type"]) == (
        "Main St",
        "2026-11-27",
        "stop circulation",
    )
    assert [circulation[c] for c in ("checkouts", "returns", "renewals", "in_house_uses")] == [
        "2",
        "1",
        "0",
        "2",
    ]
    assert rows[1]["event"] == "Story time" and rows[1]["location"] == "on-site"
    assert rows[1]["date"] == "2026-11-27" and rows[1]["program_category"] == "0–5"
    assert rows[1]["checkouts"] == ""
    assert rows[2]["location"] == "off-site" and rows[2]["program_category"] == "12–18"
    total = rows[-1]
    assert total["stop"] == "TOTAL"
    assert (total["sessions"], total["attendance_0-5"], total["total_attendance"]) == (
        "2",
        "2",
        "4",
    )
    assert (total["checkouts"], total["in_house_uses"]) == ("2", "2")
    assert (total["taken_cash"], rows[1]["taken_cash"]) == ("10.00", "")
    assert rows[-3]["total_attendance"] == "3" and rows[-2]["total_attendance"] == "1"
