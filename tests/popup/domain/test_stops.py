"""One rule names today's stop for the header, the events page and the report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from popup.domain.stops import GRACE, current_stop, running, todays_stop

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
