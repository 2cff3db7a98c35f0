"""The due-date rule, in one place.

Due date = the checkout (or renewal) date in the library's time zone + the rule's loan days.
A due date that falls on a closed day moves forward to the next open day, so a patron can
always return an item on its due date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: Guard against a calendar with no open day at all.
_MAX_SEARCH_DAYS = 366


class NoOpenDay(ValueError):
    pass


@dataclass(frozen=True)
class Calendar:
    """When the library is closed: single dates (holidays) and weekdays (0 = Monday)."""

    closed_dates: frozenset[date] = field(default_factory=frozenset)
    closed_weekdays: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def of(cls, closed_dates: Iterable[date] = (), closed_weekdays: Iterable[int] = ()) -> Calendar:
        weekdays = frozenset(closed_weekdays)
        if any(not 0 <= d <= 6 for d in weekdays):
            raise ValueError("weekdays run from 0 (Monday) to 6 (Sunday)")
        return cls(frozenset(closed_dates), weekdays)

    def is_open(self, day: date) -> bool:
        return day not in self.closed_dates and day.weekday() not in self.closed_weekdays

    def next_open_day(self, day: date) -> date:
        """``day`` itself if open, else the first open day after it."""
        for offset in range(_MAX_SEARCH_DAYS):
            candidate = day + timedelta(days=offset)
            if self.is_open(candidate):
                return candidate
        raise NoOpenDay(f"the library has no open day within a year of {day.isoformat()}")


def zone_named(name: object) -> tzinfo | None:
    """The library's zone from its IANA name; None (the machine's zone) if unset or unknown,
    so a mistyped setting degrades to local time instead of stopping the desk."""
    if not name:
        return None
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_date(moment: datetime, zone: tzinfo | None) -> date:
    """The calendar date of an aware ``moment`` in the library's zone (or the system's)."""
    if moment.tzinfo is None:
        raise ValueError("circulation times must be timezone-aware")
    return moment.astimezone(zone).date()


def due_date(
    start: datetime, loan_days: int, calendar: Calendar, zone: tzinfo | None = None
) -> date:
    """The date an item lent (or renewed) at ``start`` for ``loan_days`` is due back."""
    if loan_days < 1:
        raise ValueError("loan days must be at least 1")
    return calendar.next_open_day(local_date(start, zone) + timedelta(days=loan_days))
