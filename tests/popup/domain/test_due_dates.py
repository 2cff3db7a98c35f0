from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from popup.domain.due_dates import Calendar, NoOpenDay, due_date

SAT, SUN = 5, 6


def test_due_date_adds_loan_days() -> None:
    out = datetime(2026, 11, 2, 10, tzinfo=UTC)  # a Monday
    assert due_date(out, 21, Calendar()) == date(2026, 11, 23)


def test_due_date_on_a_closed_weekend_moves_to_monday() -> None:
    out = datetime(2026, 11, 2, 10, tzinfo=UTC)  # Monday + 12 days = Saturday 14th
    cal = Calendar.of(closed_weekdays=[SAT, SUN])
    assert due_date(out, 12, cal) == date(2026, 11, 16)


def test_weekend_followed_by_a_holiday_moves_to_tuesday() -> None:
    out = datetime(2026, 11, 2, 10, tzinfo=UTC)
    cal = Calendar.of(closed_dates=[date(2026, 11, 16)], closed_weekdays=[SAT, SUN])
    assert due_date(out, 12, cal) == date(2026, 11, 17)


def test_due_date_uses_the_library_zone_not_utc() -> None:
    # 23:30 on the 1st in UTC-8 is already the 2nd in UTC.
    zone = timezone(timedelta(hours=-8))
    out = datetime(2026, 11, 2, 7, 30, tzinfo=UTC)
    assert due_date(out, 7, Calendar(), zone) == date(2026, 11, 8)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        due_date(datetime(2026, 11, 2), 7, Calendar())


def test_a_calendar_without_open_days_is_an_error_not_a_hang() -> None:
    cal = Calendar.of(closed_weekdays=range(7))
    with pytest.raises(NoOpenDay):
        due_date(datetime(2026, 11, 2, tzinfo=UTC), 7, cal)
