"""One rule names today's stop for the header, the events page and the report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from popup.domain.stops import GRACE, Bound, current_stop, held_window, running, todays_stop

ZONE = ZoneInfo("America/Chicago")


@dataclass(frozen=True)
class S:
    name: str
    starts_at: datetime | None
    ends_at: datetime | None = None


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 7, day, hour, minute, tzinfo=ZONE)


MORNING = S("school", at(14, 9), at(14, 11))
AFTERNOON = S("market", at(14, 14, 30), at(14, 19, 30))
YESTERDAY = S("shelter", at(13, 10), at(13, 12))
UNPLANNED = S("opened here", None)
STOPS = [YESTERDAY, MORNING, AFTERNOON, UNPLANNED]


def test_the_running_stop_wins() -> None:
    assert todays_stop(STOPS, at(14, 10), ZONE) is MORNING
    assert todays_stop(STOPS, at(14, 16), ZONE) is AFTERNOON


def test_grace_either_side_counts_as_running() -> None:
    assert running(AFTERNOON, AFTERNOON.starts_at - GRACE)  # type: ignore[operator]
    assert not running(AFTERNOON, AFTERNOON.starts_at - GRACE - timedelta(minutes=1))  # type: ignore[operator]


def test_between_stops_the_next_one_today_then_the_last_one() -> None:
    assert todays_stop(STOPS, at(14, 12, 30), ZONE) is AFTERNOON
    assert todays_stop(STOPS, at(14, 7), ZONE) is MORNING
    assert todays_stop(STOPS, at(14, 22), ZONE) is AFTERNOON


def test_the_day_is_the_librarys_not_utcs() -> None:
    late = at(14, 21)  # 02:00 UTC on the 15th
    assert late.astimezone(UTC).day == 15
    assert todays_stop(STOPS, late, ZONE) is AFTERNOON


def test_no_stop_today_names_none_but_the_events_page_falls_back() -> None:
    assert todays_stop(STOPS, at(20, 10), ZONE) is None
    assert current_stop(STOPS, at(20, 10), ZONE) is AFTERNOON  # the latest that started
    assert current_stop(STOPS, at(1, 10), ZONE) is YESTERDAY  # none started: the first listed
    assert current_stop([], at(1, 10), ZONE) is None
    assert current_stop(STOPS, at(14, 10), ZONE) is todays_stop(STOPS, at(14, 10), ZONE)


@dataclass(frozen=True)
class Held:
    id: str
    starts_at: datetime | None
    ends_at: datetime | None
    opened_at: datetime | None = None


def test_a_two_day_stop_and_the_next_evenings_stop_share_the_second_day() -> None:
    """A weekend festival and Sunday evening's stop: Sunday is split at the evening stop's
    start, never counted in both reports, and no hour of either day is in neither."""
    fest = Held("fest", at(11, 10), at(12, 16))
    evening = Held("evening", at(12, 18), at(12, 20))
    both = [fest, evening]
    a, b = held_window(fest, both, ZONE), held_window(evening, both, ZONE)
    assert (a.start, a.start_by) == (at(11, 0), Bound.DAY_START)
    assert (a.end, a.end_by) == (b.start, Bound.NEXT_STOP) == (at(12, 17, 30), Bound.NEXT_STOP)
    assert (b.end, b.end_by) == (at(13, 0), Bound.DAY_END)


def test_a_stop_opened_after_its_start_keeps_its_first_minutes() -> None:
    """Opened on the laptop at 14:20 for 14:00–17:00, the only stop that day: the 14:05
    checkout (or one at 07:00) still belongs to it."""
    late = Held("late", at(8, 14), at(8, 17), opened_at=at(8, 14, 20))
    window = held_window(late, [late], ZONE)
    assert (window.start, window.start_by) == (at(8, 0), Bound.DAY_START)
    assert window.end == at(9, 0)


def test_a_later_stop_that_day_starts_when_it_was_opened() -> None:
    morning = Held("morning", at(8, 9), at(8, 11))
    opened = Held("opened", None, None, opened_at=at(8, 13, 45))
    both = [morning, opened]
    first, second = held_window(morning, both, ZONE), held_window(opened, both, ZONE)
    assert (first.start, first.end) == (at(8, 0), at(8, 13, 45))
    assert (second.start, second.start_by) == (at(8, 13, 45), Bound.OPENED)


def test_an_evening_stop_inside_a_three_day_festival_leaves_no_day_in_no_report() -> None:
    """The evening stop on the festival's second day does not end the festival: its third day
    stays in the festival's report (the evening is in both; nothing is lost)."""
    fest = Held("fest", at(1, 10), at(3, 16))
    evening = Held("evening", at(2, 18), at(2, 20))
    both = [fest, evening]
    a, b = held_window(fest, both, ZONE), held_window(evening, both, ZONE)
    assert (a.start, a.end, a.end_by) == (at(1, 0), at(4, 0), Bound.DAY_END)
    assert (b.start, b.end) == (at(2, 17, 30), at(3, 0))
