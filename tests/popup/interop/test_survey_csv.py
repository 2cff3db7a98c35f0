"""The survey CSV of a real store's stops: columns, bands, totals, a BOM for spreadsheets."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from popup.interop.survey_csv import write_survey_csv
from popup.store import library
from popup.store.db import Store
from popup.store.events import Events

START = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


@pytest.fixture
def events(demo_store: Store) -> Events:
    with demo_store.transaction() as session:
        library.put(session, "timezone", "UTC")
    return Events(demo_store, clock=lambda: START)


def test_survey_csv_columns_and_totals(events: Events, tmp_path: Path) -> None:
    stop = events.open_stop("Main St", None, START, START + timedelta(hours=3))
    story = events.create_event(stop.id, "Story time", "story time", "0-5")
    teens = events.create_event(stop.id, "Games", "games", "12-18", onsite=False)
    for band in ("0-5", "0-5", "19-64"):
        events.count(story.id, band, 1)
    events.count(teens.id, "12-18", 1)
    target = tmp_path / "survey.csv"
    assert write_survey_csv(events, [stop.id], target) == 5
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [
        "stop", "date", "event", "event_type", "program_category", "location", "sessions",
        "attendance_0-5", "attendance_6-11", "attendance_12-18", "attendance_19-64",
        "attendance_65+", "identified_by_card", "total_attendance",
    ]  # fmt: skip
    assert rows[0]["event"] == "Story time" and rows[0]["location"] == "on-site"
    assert rows[0]["date"] == "2026-11-27" and rows[0]["program_category"] == "0–5"
    assert rows[1]["location"] == "off-site" and rows[1]["program_category"] == "12–18"
    total = rows[-1]
    assert total["stop"] == "TOTAL"
    assert (total["sessions"], total["attendance_0-5"], total["total_attendance"]) == (
        "2",
        "2",
        "4",
    )
    assert rows[-3]["total_attendance"] == "3" and rows[-2]["total_attendance"] == "1"
