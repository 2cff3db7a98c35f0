"""Which stop is today's: one rule for the window's header, the events page and the report.

A stop has a planned start and end (both optional: a stop opened on the laptop may have
neither). The stop staff are at is the one that runs now, give or take :data:`GRACE`; failing
that, the next one to start today, else the last one today. Only when no stop is planned today
do screens that must name some stop (the events page's default) fall back to the latest stop
that has started, else the first one.

What counts as a stop's activity (its report) is :func:`held_window`: the stop as it was really
held, not its planned times.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
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


# -- the stop as it was really held ---------------------------------------------------------------


class Bound(enum.StrEnum):
    """Why a held window starts or ends where it does (the report's header says it)."""

    #: The start of the stop's first local day (it was not opened on this laptop).
    DAY_START = "day_start"
    #: When this laptop opened the stop (its ``stop_open`` action) on the day it was held.
    OPENED = "opened"
    #: :data:`GRACE` before its planned start: another stop was held earlier that day.
    PLANNED = "planned"
    #: When the next stop held that day began (opening the next stop closes this one).
    NEXT_STOP = "next_stop"
    #: The end of the stop's last local day.
    DAY_END = "day_end"


class HeldStop(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def starts_at(self) -> datetime | None: ...
    @property
    def ends_at(self) -> datetime | None: ...
    @property
    def opened_at(self) -> datetime | None:
        """When this laptop opened (created) the stop, if it did."""
        ...


@dataclass(frozen=True)
class HeldWindow:
    """The stop as it was really held: everything done from ``start`` to ``end`` is its."""

    start: datetime
    end: datetime
    start_by: Bound
    end_by: Bound
    #: The stop's local days (first, last): what "the day" of DAY_START and DAY_END is.
    first_day: date
    last_day: date


def _held_days(stop: HeldStop, zone: tzinfo | None) -> tuple[date, date] | None:
    days = _days(stop, zone)
    if days is not None:
        return days
    if stop.opened_at is not None:
        day = local_date(stop.opened_at, zone)
        return day, day
    return None


def _began(stop: HeldStop, zone: tzinfo | None) -> tuple[datetime, Bound] | None:
    """When the stop began on its day: when it was opened here, if that was on its day and not
    before its planned start (opening a stop ahead is planning it); else GRACE before its
    planned start."""
    days = _held_days(stop, zone)
    if days is None:
        return None
    opened = stop.opened_at
    planned = stop.starts_at - GRACE if stop.starts_at is not None else None
    on_its_day = opened is not None and days[0] <= local_date(opened, zone) <= days[1]
    if opened is not None and on_its_day and (planned is None or opened >= planned):
        return opened, Bound.OPENED
    if planned is not None:
        return planned, Bound.PLANNED
    return None


def _midnight(day: date, zone: tzinfo | None) -> datetime:
    if zone is None:  # this computer's zone
        return datetime.combine(day, time()).astimezone()
    return datetime.combine(day, time(), tzinfo=zone)


def held_window(stop: HeldStop, stops: Sequence[HeldStop], zone: tzinfo | None) -> HeldWindow:
    """The window of ``stop``'s activity, among all ``stops`` (``stop`` included or not).

    The stops whose days overlap share those days out: the first of them starts at midnight
    of its first day (circulation before a stop was opened on this laptop, or before its
    planned start, still happened at that stop); each later one starts when it began (opened
    on this laptop, else half an hour before its planned start) and ends the one before it
    (there is no separate "close"); the last runs to the end of its last day. A two-day
    festival and the next evening's stop therefore split the second day at the evening stop's
    start. A stop nested inside a longer one (an evening stop on the first day of a three-day
    festival) does not end the longer one, which would leave its later days in no report: the
    festival keeps them, and that evening is counted in both reports. Nothing is ever lost.
    """
    days = _held_days(stop, zone)
    if days is None:  # no planned day and no opening: nothing to go by but today
        raise ValueError("a stop with no planned start and no opening has no day")
    first, last = days
    mine = _began(stop, zone)
    day_start = _midnight(first, zone)
    day_end = _midnight(last + timedelta(days=1), zone)
    sharing: list[tuple[datetime, str, Bound, date]] = []
    for other in stops:
        if other.id == stop.id:
            continue
        other_days = _held_days(other, zone)
        began = _began(other, zone)
        if other_days is None or began is None:
            continue
        if other_days[0] > last or other_days[1] < first:
            continue  # no day in common
        sharing.append((began[0], other.id, began[1], other_days[1]))
    key = (mine[0], stop.id) if mine is not None else (day_start, stop.id)
    earlier = [b for b in sharing if (b[0], b[1]) < key]
    # Only a later stop that runs to this one's last day (or beyond) ends it: one that ends
    # sooner is nested, and cutting here would leave the days after it in no report.
    later = sorted(b[:3] for b in sharing if (b[0], b[1]) > key and b[3] >= last)
    if mine is not None and earlier:
        start, start_by = mine
    else:
        start, start_by = day_start, Bound.DAY_START
    if later:
        end, end_by = later[0][0], Bound.NEXT_STOP
    else:
        end, end_by = day_end, Bound.DAY_END
    end = max(end, start)
    return HeldWindow(start, end, start_by, end_by, first, last)
