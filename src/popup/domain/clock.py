"""Does this laptop's clock look wrong? The rule, with no clock, store or screen of its own.

Every action is recorded with the laptop's date and time, and the server keeps those times as
they are (PROTOCOL.md); due dates are counted from them too. So a wrong clock is worth saying
when it goes wrong, not at the next sync. :class:`ClockWatch` follows the clock from check to
check (the window checks at start, on a timer and before each action) and weighs:

* **what already happened**: the clock cannot rightly read earlier than the newest action
  recorded here, nor than the sync server's time at the last contact (the laptop's time then
  plus the offset measured then: :class:`Evidence`, read by ``popup.store.clockwatch``);
* **time that only moves forward** (:attr:`Reading.elapsed`, a clock that counts suspended time
  too): between two checks the wall clock moves as much as it does, unless someone or something
  changed the date; a difference beyond :data:`JUMP` is a jump;
* **a sync during the session**: the offset it measured is the clock's error, full stop;
* **a long gap**: a date more than :data:`LONG_GAP` after the laptop was last used is asked
  about once (a laptop in a drawer over the winter is fine; a year typed wrong is not).

It keeps one estimate, :attr:`ClockWatch.skew` (the wall clock minus the true time), and says
what it is and why as a :class:`ClockWarning` while it is larger than :data:`TOLERANCE`. Staff
who know better say so with :meth:`ClockWatch.accept`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from popup.domain.messages import CLOCK, specifics

#: Closer than this is drift, not a wrong clock (the sync's own skew warning starts here too).
TOLERANCE = timedelta(minutes=5)
#: Between two checks, the wall clock moving this much more or less than elapsed time is a jump.
JUMP = timedelta(minutes=5)
#: A date this long after everything the laptop knows of is asked about.
LONG_GAP = timedelta(days=120)

# The message keys (CLOCK catalogue), by what the estimate rests on.
JUMPED_FORWARD, JUMPED_BACK = "JUMPED.forward", "JUMPED.back"
BEHIND_ACTION, BEHIND_SERVER = "BEHIND_ACTION", "BEHIND_SERVER"
AHEAD_OF_SERVER, BEHIND_OF_SERVER = "OFF_SERVER.ahead", "OFF_SERVER.behind"
GAP = "LONG_GAP"
ADVICE = "ADVICE"


@dataclass(frozen=True)
class Evidence:
    """What the store knows of past times.

    Attributes:
        last_action: the laptop's time of its newest action (the outbox's highest seq).
        last_contact: the laptop's time at the last successful sync.
        offset_s: seconds to add to the laptop's clock to get the server's, measured then.
    """

    last_action: datetime | None = None
    last_contact: datetime | None = None
    offset_s: float | None = None

    @property
    def server_time(self) -> datetime | None:
        """The server's time at the last contact (None without a measured offset)."""
        if self.last_contact is None or self.offset_s is None:
            return None
        return self.last_contact + timedelta(seconds=self.offset_s)


@dataclass(frozen=True)
class Reading:
    """One look at the clocks: the wall clock (aware) and seconds elapsed on a clock that only
    moves forward, counting the time the laptop was suspended where the system can."""

    wall: datetime
    elapsed: float


def about(span: timedelta) -> tuple[str, int]:
    """``span`` in the unit a person would use, rounded: (the ABOUT.* key, the count).

    >>> about(timedelta(days=365))
    ('ABOUT.year', 1)
    >>> about(timedelta(minutes=19))
    ('ABOUT.minutes', 20)
    """
    minutes = abs(span.total_seconds()) / 60
    hours, days = minutes / 60, minutes / 1440
    if minutes < 1.5:
        return "ABOUT.minute", 1
    if minutes < 55:
        return "ABOUT.minutes", round(minutes) if minutes < 10 else 5 * round(minutes / 5)
    if hours < 1.5:
        return "ABOUT.hour", 1
    if hours < 36:
        return "ABOUT.hours", round(hours)
    if days < 28:
        return "ABOUT.days", round(days)
    if days < 320:
        months = round(days / 30.44)
        return ("ABOUT.month", 1) if months < 2 else ("ABOUT.months", months)
    years = round(days / 365.25)
    return ("ABOUT.year", 1) if years < 2 else ("ABOUT.years", years)


@dataclass(frozen=True)
class ClockWarning:
    """The clock looks wrong: ``key`` says how we know (CLOCK catalogue), ``off_by`` by how
    much (positive)."""

    key: str
    off_by: timedelta

    @property
    def amount(self) -> tuple[str, int]:
        """``off_by`` for people: (the ABOUT.* key, the count)."""
        return about(self.off_by)

    @property
    def params(self) -> tuple[tuple[str, str | int], ...]:
        """The specifics of :attr:`amount` (its count)."""
        return specifics(count=self.amount[1])

    def english(self) -> str:
        """The warning and the advice, in English (logs, tests)."""
        unit, _count = self.amount
        amount = CLOCK.english(unit, self.params)
        return CLOCK.english(self.key, (), {"amount": amount}) + " " + CLOCK.english(ADVICE)


class ClockWatch:
    """Follows one running app's clock (see the module's notes).

    Attributes:
        skew: the wall clock minus the true time, as far as the evidence tells.
    """

    def __init__(self) -> None:
        self.skew = timedelta(0)
        self._key = ""
        self._previous: Reading | None = None
        #: The true time cannot be earlier than this (and the key saying where it comes from).
        self._floor: tuple[datetime, str] | None = None
        #: The last sync's (laptop time, offset) as last read.
        self._contact: tuple[datetime | None, float | None] | None = None

    @property
    def warning(self) -> ClockWarning | None:
        """What looks wrong now, or None while the clock looks right."""
        if abs(self.skew) <= TOLERANCE or not self._key:
            return None
        return ClockWarning(self._key, abs(self.skew))

    def check(self, reading: Reading, evidence: Evidence | None = None) -> ClockWarning | None:
        """Take one look (``evidence`` when the store was read for this one); what looks wrong."""
        previous, self._previous = self._previous, reading
        jumped = False
        if previous is not None:
            moved = reading.wall - previous.wall
            jump = moved - timedelta(seconds=reading.elapsed - previous.elapsed)
            if abs(jump) > JUMP:
                self._set(self.skew + jump, JUMPED_FORWARD, JUMPED_BACK)
                jumped = True
        first = evidence is not None and self._contact is None
        if evidence is not None:
            self._weigh(evidence, first=first, jumped=jumped)
        if self._floor is not None:
            floor, key = self._floor
            behind = floor - (reading.wall - self.skew)
            if behind > TOLERANCE:
                self._set(self.skew - behind, key, key)
            elif first and reading.wall - floor > LONG_GAP:
                self._set(reading.wall - floor, GAP, GAP)
        return self.warning

    def accept(self, reading: Reading) -> None:
        """Staff say the date and time are right: start again from them."""
        self.skew = timedelta(0)
        self._key = ""
        self._previous = reading
        self._floor = (reading.wall, BEHIND_ACTION)

    def _set(self, skew: timedelta, ahead: str, behind: str) -> None:
        self.skew = skew
        self._key = ahead if skew > timedelta(0) else behind

    def _weigh(self, evidence: Evidence, *, first: bool, jumped: bool) -> None:
        contact = (evidence.last_contact, evidence.offset_s)
        seen, self._contact = self._contact, contact
        if first:
            # Before this session: what happened then is a floor. (Actions recorded during it
            # tell nothing new: they were stamped by the clock this watch follows.)
            self._raise_floor(evidence.last_action, BEHIND_ACTION)
            self._raise_floor(evidence.server_time, BEHIND_SERVER)
        elif contact != seen and evidence.offset_s is not None and not jumped:
            # A sync during this session measured the error itself. (In the same look as a
            # jump it may have measured before or after the jump: the next sync will tell.)
            self._set(timedelta(seconds=-evidence.offset_s), AHEAD_OF_SERVER, BEHIND_OF_SERVER)
            server_time = evidence.server_time
            self._floor = None if server_time is None else (server_time, BEHIND_SERVER)

    def _raise_floor(self, moment: datetime | None, key: str) -> None:
        if moment is not None and (self._floor is None or moment > self._floor[0]):
            self._floor = (moment, key)


__all__ = [
    "JUMP",
    "LONG_GAP",
    "TOLERANCE",
    "ClockWarning",
    "ClockWatch",
    "Evidence",
    "Reading",
    "about",
]
