"""Which stop is today's: one rule for the window's header, the events page and the report.

A stop has a planned start and end (both optional: a stop opened on the laptop may have
neither). The stop staff are at is the one that runs now, give or take :data:`GRACE`; failing
that, the next one to start today, else the last one today. Only when no stop is planned today
do screens that must name some stop (the events page's default) fall back to the latest stop
that has started, else the first one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo
from typing import Protocol, TypeVar

from popup.domain.due_dates import local_date

#: Circulation and events a little before a stop's start or after its end belong to it.
GRACE = timedelta(minutes=30)


class StopRow(Protocol):
    @property
    def starts_at(self) -> datetime | None: ...
    @property
    def ends_at(self) -> datetime | None: ...


S = TypeVar("S", bound=StopRow)


def _days(stop: StopRow, zone: tzinfo | None) -> tuple[date, date] | None:
    if stop.starts_at is None:
        return None
    first = local_date(stop.starts_at, zone)
    last = local_date(stop.ends_at, zone) if stop.ends_at is not None else first
    return first, last


def running(stop: StopRow, now: datetime) -> bool:
    """The stop is under way at ``now`` (with :data:`GRACE` either side)."""
    if stop.starts_at is None:
        return False
    end = stop.ends_at or stop.starts_at
    return stop.starts_at - GRACE <= now <= max(end, stop.starts_at) + GRACE


def todays_stop(stops: Sequence[S], now: datetime, zone: tzinfo | None) -> S | None:
    """The stop planned today (in the library's zone) that staff are at, or None."""
    today = local_date(now, zone)
    planned = sorted(
        (s for s in stops if (days := _days(s, zone)) and days[0] <= today <= days[1]),
        key=lambda s: s.starts_at or now,
    )
    if not planned:
        return None
    for stop in reversed(planned):
        if running(stop, now):
            return stop
    upcoming = [s for s in planned if s.starts_at is not None and s.starts_at > now]
    return upcoming[0] if upcoming else planned[-1]


def current_stop(stops: Sequence[S], now: datetime, zone: tzinfo | None) -> S | None:
    """Today's stop; else the latest stop that has started; else the earliest one listed."""
    today = todays_stop(stops, now, zone)
    if today is not None:
        return today
    started = sorted(
        (s for s in stops if s.starts_at is not None and s.starts_at <= now),
        key=lambda s: s.starts_at or now,
    )
    if started:
        return started[-1]
    return stops[0] if stops else None
