"""The clock rule: when the laptop's clock looks wrong, by how much, and said how a person
would say it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from popup.domain import messages
from popup.domain.clock import (
    TOLERANCE,
    ClockWarning,
    ClockWatch,
    Evidence,
    Reading,
    about,
)

START = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
HOUR, DAY, YEAR = timedelta(hours=1), timedelta(days=1), timedelta(days=365)


class Laptop:
    """A wall clock and an elapsed-time clock: time passes on both, a jump moves the wall only."""

    def __init__(self, wall: datetime = START) -> None:
        self.wall = wall
        self.elapsed = 1000.0

    def reading(self) -> Reading:
        return Reading(self.wall, self.elapsed)

    def wait(self, span: timedelta) -> Reading:
        self.wall += span
        self.elapsed += span.total_seconds()
        return self.reading()

    def jump(self, span: timedelta) -> Reading:
        self.wall += span
        return self.reading()


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        (timedelta(seconds=40), ("ABOUT.minute", 1)),
        (timedelta(minutes=7), ("ABOUT.minutes", 7)),
        (timedelta(minutes=19), ("ABOUT.minutes", 20)),
        (timedelta(minutes=21), ("ABOUT.minutes", 20)),
        (timedelta(minutes=62), ("ABOUT.hour", 1)),
        (timedelta(hours=3, minutes=10), ("ABOUT.hours", 3)),
        (timedelta(hours=30), ("ABOUT.hours", 30)),
        (timedelta(days=2), ("ABOUT.days", 2)),
        (timedelta(days=20), ("ABOUT.days", 20)),
        (timedelta(days=40), ("ABOUT.month", 1)),
        (timedelta(days=50), ("ABOUT.months", 2)),
        (timedelta(days=100), ("ABOUT.months", 3)),
        (timedelta(minutes=525600), ("ABOUT.year", 1)),
        (timedelta(days=400), ("ABOUT.year", 1)),
        (timedelta(days=800), ("ABOUT.years", 2)),
        (-timedelta(hours=3), ("ABOUT.hours", 3)),
    ],
)
def test_a_span_is_said_in_the_unit_a_person_would_use(
    span: timedelta, expected: tuple[str, int]
) -> None:
    assert about(span) == expected
    assert messages.CLOCK.source(expected[0])  # every unit has its sentence


def test_every_warning_and_unit_is_in_the_message_table() -> None:
    for key in ("JUMPED.forward", "JUMPED.back", "BEHIND_ACTION", "BEHIND_SERVER", "LONG_GAP"):
        warning = ClockWarning(key, 3 * HOUR)
        assert "about 3 hours" in warning.english()
    for key in ("OFF_SERVER.ahead", "OFF_SERVER.behind", "ADVICE"):
        assert messages.CLOCK.source(key)


def test_a_year_forward_between_two_checks_is_a_jump_of_about_a_year() -> None:
    laptop, watch = Laptop(), ClockWatch()
    assert watch.check(laptop.reading(), Evidence(last_action=START - HOUR)) is None
    assert watch.check(laptop.wait(timedelta(seconds=30))) is None
    warning = watch.check(laptop.jump(YEAR))
    assert warning == ClockWarning("JUMPED.forward", YEAR)
    assert warning.english() == (
        "The clock on this laptop jumped about a year forward while Popup was open. Actions are"
        " recorded with this laptop's date and time: if they are wrong, fix them in the system"
        " settings."
    )
    # It stays said while the clock stays wrong, actions recorded meanwhile included.
    laptop.wait(timedelta(minutes=2))
    assert watch.check(laptop.reading(), Evidence(last_action=laptop.wall)) is not None
    # Put right, it is no longer said.
    assert watch.check(laptop.jump(-YEAR)) is None


def test_an_hour_back_is_a_jump_back_of_about_an_hour() -> None:
    laptop, watch = Laptop(), ClockWatch()
    watch.check(laptop.reading(), Evidence())
    warning = watch.check(laptop.jump(-HOUR))
    assert warning is not None and warning.key == "JUMPED.back"
    assert "jumped about an hour back" in warning.english()


def test_a_clock_behind_the_servers_at_the_last_sync_is_wrong_from_the_start() -> None:
    laptop, watch = Laptop(), ClockWatch()
    # Synced when the laptop said 11:00 and the server 11:02: the server's time was 11:02.
    evidence = Evidence(
        last_action=START - DAY, last_contact=START + timedelta(hours=2), offset_s=120.0
    )
    warning = watch.check(laptop.reading(), evidence)
    assert warning is not None and warning.key == "BEHIND_SERVER"
    assert warning.amount == ("ABOUT.hours", 2)


def test_a_clock_behind_the_last_action_is_wrong_from_the_start() -> None:
    laptop, watch = Laptop(), ClockWatch()
    warning = watch.check(laptop.reading(), Evidence(last_action=START + 20 * timedelta(minutes=1)))
    assert warning is not None and warning.key == "BEHIND_ACTION"
    assert warning.amount == ("ABOUT.minutes", 20)
    # Someone fixes it (the clock jumps forward to the right time): nothing more to say.
    assert watch.check(laptop.jump(timedelta(minutes=21))) is None


def test_a_date_long_after_the_last_use_is_asked_about_once() -> None:
    laptop, watch = Laptop(), ClockWatch()
    warning = watch.check(laptop.reading(), Evidence(last_action=START - YEAR))
    assert warning is not None and warning.key == "LONG_GAP"
    assert warning.amount == ("ABOUT.year", 1)
    watch.accept(laptop.reading())  # staff: the laptop was in a drawer, the date is right
    assert watch.check(laptop.wait(timedelta(minutes=1)), Evidence(last_action=START)) is None
    # A winter in the garage is no surprise.
    assert ClockWatch().check(Laptop().reading(), Evidence(last_action=START - 90 * DAY)) is None


def test_a_suspended_laptop_and_small_drift_are_not_a_wrong_clock() -> None:
    laptop, watch = Laptop(), ClockWatch()
    watch.check(laptop.reading(), Evidence(last_action=START - 10 * timedelta(minutes=1)))
    assert watch.check(laptop.wait(3 * DAY)) is None  # lid closed between two stops
    assert watch.check(laptop.jump(TOLERANCE - timedelta(seconds=1))) is None  # NTP's nudge
    assert watch.check(laptop.jump(-timedelta(minutes=4))) is None


def test_a_sync_during_the_session_measures_the_error_itself() -> None:
    laptop, watch = Laptop(), ClockWatch()
    watch.check(laptop.reading(), Evidence())
    laptop.wait(timedelta(minutes=1))
    # The server says it is a year earlier than this laptop thinks.
    ahead = Evidence(last_contact=laptop.wall, offset_s=-YEAR.total_seconds())
    warning = watch.check(laptop.reading(), ahead)
    assert warning is not None and warning.key == "OFF_SERVER.ahead"
    assert warning.amount == ("ABOUT.year", 1)
    laptop.wait(timedelta(minutes=1))
    fixed = Evidence(last_contact=laptop.wall, offset_s=1.5)
    assert watch.check(laptop.reading(), fixed) is None


def test_staff_can_say_the_time_is_right_and_a_later_jump_is_said_again() -> None:
    laptop, watch = Laptop(), ClockWatch()
    watch.check(laptop.reading(), Evidence())
    assert watch.check(laptop.jump(2 * HOUR)) is not None
    watch.accept(laptop.reading())
    assert watch.warning is None
    assert watch.check(laptop.wait(timedelta(minutes=1))) is None
    warning = watch.check(laptop.jump(-3 * DAY))
    assert warning is not None and warning.key == "JUMPED.back"


@settings(max_examples=60, deadline=None)
@given(
    steps=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=7 * 24 * 3600),  # time passing, in seconds
            st.integers(min_value=-240, max_value=240),  # the clock nudged by a few minutes
        ),
        min_size=1,
        max_size=20,
    )
)
def test_a_clock_that_only_drifts_is_never_called_wrong(steps: list[tuple[int, int]]) -> None:
    laptop, watch = Laptop(), ClockWatch()
    watch.check(laptop.reading(), Evidence(last_action=START - HOUR))
    drift = 0
    for passing, nudge in steps:
        laptop.wait(timedelta(seconds=passing))
        if abs(drift + nudge) < TOLERANCE.total_seconds() - 1:  # net drift stays small
            drift += nudge
            laptop.jump(timedelta(seconds=nudge))
        assert watch.check(laptop.reading(), Evidence(last_action=laptop.wall)) is None
