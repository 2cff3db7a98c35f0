"""Attendance rules: counts folded from actions, attendee bands, activity by hour, survey table."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from popup.domain import attendance as att
from popup.domain.age_bands import DEFAULT_ATTENDANCE_BANDS as BANDS
from popup.domain.age_bands import DEFAULT_CATEGORY_BANDS as CATEGORIES
from popup.domain.age_bands import AgeBand
from popup.domain.attendance import EventCounts, SurveyEvent, Tally
from popup.domain.payments import TAKINGS_COLUMNS, Takings

T0 = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


def tap(event: str, band: str, delta: int = 1, card: str | None = None, minutes: int = 0) -> Tally:
    return Tally(event, band, delta, T0 + timedelta(minutes=minutes), card)


def test_fold_sums_taps_corrections_and_scans_per_band() -> None:
    tallies = [
        tap("e1", "0-5"),
        tap("e1", "0-5"),
        tap("e1", "0-5", -1),
        tap("e1", "6-11", card="21120000000019"),
        tap("e1", "19-64"),
        tap("e2", "65+"),
    ]
    counts = att.fold(tallies, BANDS)
    assert dict(counts["e1"].by_band) == {"0-5": 1, "6-11": 1, "12-18": 0, "19-64": 1, "65+": 0}
    assert counts["e1"].total == 3
    assert counts["e1"].identified == 1
    assert counts["e2"].total == 1 and counts["e2"].get("65+") == 1


def test_fold_keeps_counts_in_bands_no_longer_configured() -> None:
    counts = att.fold_event([tap("e", "adult"), tap("e", "0-5")], BANDS)
    assert list(counts.by_band)[-1] == "adult"
    assert counts.total == 2


def test_check_delta_refuses_minus_at_zero_and_odd_steps() -> None:
    band = BANDS[0]
    empty = att.empty_counts(BANDS)
    with pytest.raises(ValueError, match="already zero"):
        att.check_delta(empty, band, -1)
    with pytest.raises(ValueError, match=r"\+1 or -1"):
        att.check_delta(empty, band, 2)
    att.check_delta(EventCounts({"0-5": 1}), band, -1)  # allowed: back to zero
    att.check_delta(empty, band, 1)


def test_find_band_names_the_bands_when_unknown() -> None:
    assert att.find_band(BANDS, "12-18").label == "12–18"
    with pytest.raises(ValueError, match="0-5, 6-11, 12-18, 19-64, 65\\+"):
        att.find_band(BANDS, "teen")


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        (date(2024, 1, 1), "0-5"),
        (date(2020, 11, 28), "0-5"),  # turns 6 tomorrow
        (date(2020, 11, 27), "6-11"),  # birthday today
        (date(2010, 6, 1), "12-18"),
        (date(1980, 1, 1), "19-64"),
        (date(1950, 1, 1), "65+"),
    ],
)
def test_band_from_date_of_birth(born: date, expected: str) -> None:
    band = att.band_for_attendee(BANDS, day=date(2026, 11, 27), born=born, category="ADULT")
    assert band is not None and band.code == expected


@pytest.mark.parametrize(
    ("category", "expected"),
    [("CHILD", "6-11"), ("teen", "12-18"), ("ADULT", "19-64"), ("SENIOR", "65+")],
)
def test_band_from_category_by_overlap(category: str, expected: str) -> None:
    band = att.band_for_attendee(
        BANDS, day=date(2026, 11, 27), category=category, category_bands=CATEGORIES
    )
    assert band is not None and band.code == expected


def test_band_unknown_without_birth_date_or_aged_category() -> None:
    day = date(2026, 11, 27)
    assert (
        att.band_for_attendee(BANDS, day=day, category="STAFF", category_bands=CATEGORIES) is None
    )
    assert att.band_for_attendee(BANDS, day=day) is None
    # A birth date in the future (typing error) falls back to the category.
    band = att.band_for_attendee(
        BANDS, day=day, born=date(2030, 1, 1), category="SENIOR", category_bands=CATEGORIES
    )
    assert band is not None and band.code == "65+"


def test_custom_bands_are_respected() -> None:
    bands = (AgeBand("kids", "Kids", 0, 12), AgeBand("grown", "Grown-ups", 13, None))
    band = att.band_for_attendee(bands, day=date(2026, 1, 1), born=date(2016, 1, 1))
    assert band is not None and band.code == "kids"
    band = att.band_for_attendee(
        bands, day=date(2026, 1, 1), category="TEEN", category_bands=CATEGORIES
    )
    assert band is not None and band.code == "grown"


def test_activity_by_hour_in_the_stops_zone_fills_quiet_hours() -> None:
    zone = timezone(timedelta(hours=-5))
    stamps = [
        ("checkouts", T0, 1),  # 10:00 local
        ("checkouts", T0 + timedelta(minutes=10), 1),
        ("attendance", T0 + timedelta(hours=2, minutes=5), 1),  # 12:05 local
        ("attendance", T0 + timedelta(hours=2, minutes=6), -1),
        ("returns", T0 + timedelta(hours=2, minutes=7), 1),
    ]
    hours = att.activity_by_hour(stamps, zone)
    assert [h.hour for h in hours] == [10, 11, 12]
    assert hours[0].counts == {"checkouts": 2}
    assert hours[1].counts == {}
    assert hours[2].counts == {"attendance": 0, "returns": 1}
    assert att.activity_by_hour([], zone) == []


def _event(title: str, onsite: bool, audience: str | None, **by_band: int) -> SurveyEvent:
    counts = {b.code: 0 for b in BANDS}
    counts.update({k.replace("_", "-"): v for k, v in by_band.items()})
    return SurveyEvent(
        "Farmers' Market",
        date(2026, 11, 27),
        title,
        "story time",
        audience,
        onsite,
        EventCounts(counts, identified=1),
    )


def test_survey_table_columns_rows_and_totals() -> None:
    events = [
        _event("Story time", True, "0-5", **{"0_5": 7, "19_64": 5}),
        _event("=HYPERLINK(evil)", False, None, **{"6_11": 3, "65+": 1}),
        _event("Teen games", True, "12-18", **{"12_18": 4}),
    ]
    table = att.survey_table(events, BANDS)
    assert table[0] == [
        "stop", "date", "event", "event_type", "program_category", "location", "sessions",
        "attendance_0-5", "attendance_6-11", "attendance_12-18", "attendance_19-64",
        "attendance_65+", "identified_by_card", "total_attendance",
        "checkouts", "returns", "renewals", "in_house_uses", "new_patrons",
        "taken_cash", "taken_card", "taken_other", "waived",
    ]  # fmt: skip
    story = table[1]
    assert story[:7] == ["Farmers' Market", "2026-11-27", "Story time", "story time", "0–5",
                         "on-site", "1"]  # fmt: skip
    assert story[7:14] == ["7", "0", "0", "5", "0", "1", "12"]
    assert story[14:] == [""] * 9  # circulation and takings are the stop's, on its own row
    assert table[2][2] == "'=HYPERLINK(evil)"  # a spreadsheet must not run it
    assert table[2][4] == "general interest" and table[2][5] == "off-site"
    onsite, offsite, total = table[-3:]
    assert onsite[0] == "TOTAL on-site"
    assert onsite[6:] == ["2", "7", "0", "4", "5", "0", "2", "16", *[""] * 9]
    assert offsite[0] == "TOTAL off-site"
    assert offsite[6:] == ["1", "0", "3", "0", "0", "1", "1", "4", *[""] * 9]
    assert total[0] == "TOTAL"
    assert total[6:] == ["3", "7", "3", "4", "5", "1", "3", "20", "0", "0", "0", "0", "0",
                         "0.00", "0.00", "0.00", "0.00"]  # fmt: skip
    assert all(len(row) == len(table[0]) for row in table)


def test_survey_table_puts_each_stops_circulation_on_its_own_row() -> None:
    day = date(2026, 11, 27)
    stops = [
        att.SurveyStop(
            "Farmers' Market",
            day,
            att.StopCirculation(
                checkouts=12,
                returns=8,
                renewals=2,
                in_house_uses=5,
                takings=Takings(cash_cents=1275, card_cents=500, waived_cents=300),
            ),
            [_event("Story time", True, "0-5", **{"0_5": 7})],
        ),
        att.SurveyStop(
            "School",
            day,
            att.StopCirculation(checkouts=3, new_patrons=1, takings=Takings(cash_cents=50)),
        ),
    ]
    table = att.survey_table([], BANDS, stops)
    columns = table[0]
    rows = [dict(zip(columns, row, strict=True)) for row in table[1:]]
    market, story, school = rows[:3]
    assert (market["stop"], market["event_type"], market["sessions"]) == (
        "Farmers' Market",
        "stop circulation",
        "",
    )
    assert [market[c] for c in att.CIRCULATION_COLUMNS] == ["12", "8", "2", "5", "0"]
    assert market["total_attendance"] == "" and story["checkouts"] == ""
    assert story["event"] == "Story time" and story["total_attendance"] == "7"
    assert [school[c] for c in att.CIRCULATION_COLUMNS] == ["3", "0", "0", "0", "1"]
    total = rows[-1]
    assert [total[c] for c in att.CIRCULATION_COLUMNS] == ["15", "8", "2", "5", "1"]
    # The cash box: what each stop took per method, and the day's total.
    assert [market[c] for c in TAKINGS_COLUMNS] == ["12.75", "5.00", "0.00", "3.00"]
    assert story["taken_cash"] == "" and school["taken_cash"] == "0.50"
    assert [total[c] for c in TAKINGS_COLUMNS] == ["13.25", "5.00", "0.00", "3.00"]
    assert (total["sessions"], total["total_attendance"]) == ("1", "7")


def test_survey_table_of_no_events_still_has_zero_totals() -> None:
    table = att.survey_table([], BANDS)
    assert len(table) == 4
    assert table[-1][6:] == ["0"] * 13 + ["0.00"] * 4
