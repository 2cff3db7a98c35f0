"""The Reach page's figures: what the bookmobiles did, per library, vehicle, stop and period.

Every figure comes from what the server applied, read the way the laptop reads its own
outbox for its stop report and survey CSV (``popup.store.events.report``), so the console's
numbers match what the laptops recorded:

* a **visit** is a stop session (a ``Stop`` row, opened by a laptop's ``stop_open``); its day
  is its planned start's local date, else the day it was opened;
* a stop's **circulation** is every applied checkout, return, renewal, in-house use (an
  in-house use of N items counts N) and sign-up of the vehicle's laptops inside the stop's
  held window (:func:`popup.domain.stops.held_window`, the laptop's rule), leaving out what
  was rejected and what an undo took back (as the laptop leaves out its undone actions);
  circulation outside any stop's window is counted for the vehicle, "not at a stop";
* **attendance** is every count the server kept for the stop's events (a duplicate card scan
  and a rejected tap were never kept), whenever it was tapped, split by age band and by
  on-site/off-site; it belongs to the period of its stop's day.

A vehicle is a branch (``Device.branch_id``); the laptops enrolled with no branch are one
vehicle of their library, "no vehicle". Periods (a day, a month, a calendar quarter, a fiscal
year starting in the library's ``fiscal_year_start_month``) are local days in each library's
own time zone (``timezone``; UTC when it has none).

Every statement goes through the :class:`~popup_sync.console.access.ConsoleScope`; the
counting is done by the database (one grouped statement per library and measure).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, literal, null, select

from popup.domain import attendance as rules
from popup.domain import settings as declared
from popup.domain.age_bands import AgeBand
from popup.domain.attendance import EventCounts, StopCirculation, SurveyEvent, SurveyStop
from popup.domain.due_dates import local_date, zone_named
from popup.domain.payments import PaymentMethod, Takings, takings
from popup.domain.protocol.actions import Kind
from popup.domain.protocol.envelopes import Status
from popup.domain.stops import held_window
from popup_sync import library_settings
from popup_sync.console.access import ConsoleScope
from popup_sync.models import AppliedMutation, Attendance, Branch, Device, Event, Library, Stop

#: The circulation measures, in the survey's column order, by action kind.
CIRCULATION_KINDS = {
    Kind.CHECKOUT.value: "checkouts",
    Kind.CHECKIN.value: "returns",
    Kind.RENEW.value: "renewals",
    Kind.IN_HOUSE_USE.value: "in_house_uses",
    Kind.PATRON_REGISTER.value: "new_patrons",
}
MEASURES = tuple(rules.CIRCULATION_COLUMNS)
MEASURE_LABELS = {
    "checkouts": "Checkouts",
    "returns": "Returns",
    "renewals": "Renewals",
    "in_house_uses": "In-house uses",
    "new_patrons": "New patrons",
}
#: The vehicle of the laptops enrolled with no branch.
NO_VEHICLE = "no vehicle"
#: A stop's held window and a period may reach a little past each other (a stop's window
#: starts at midnight of its day at the earliest, and ends at midnight after its last day).
_MARGIN = timedelta(days=3)
_CHUNK = timedelta(days=7)


# -- periods -------------------------------------------------------------------------------------


class PeriodKind(enum.StrEnum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    FISCAL_YEAR = "fiscal-year"

    @property
    def label(self) -> str:
        return {
            PeriodKind.DAY: "Day",
            PeriodKind.MONTH: "Month",
            PeriodKind.QUARTER: "Quarter",
            PeriodKind.FISCAL_YEAR: "Fiscal year",
        }[self]

    @property
    def example(self) -> str:
        return {
            PeriodKind.DAY: "2026-10-14",
            PeriodKind.MONTH: "2026-10",
            PeriodKind.QUARTER: "2026-Q4",
            PeriodKind.FISCAL_YEAR: "FY2027",
        }[self]


class PeriodError(ValueError):
    """A period the form named wrongly; the message says what is expected."""


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Period:
    """Local days ``first`` to ``last`` inclusive, as the form named them (``kind``, ``at``)."""

    kind: PeriodKind
    at: str
    first: date
    last: date

    @property
    def label(self) -> str:
        if self.kind is PeriodKind.DAY:
            return self.first.strftime("%A %d %B %Y").replace(" 0", " ")
        if self.kind is PeriodKind.MONTH:
            return self.first.strftime("%B %Y")
        span = (
            f"{_MONTHS[self.first.month - 1]} {self.first.year}"
            f" – {_MONTHS[self.last.month - 1]} {self.last.year}"
        )
        if self.kind is PeriodKind.QUARTER:
            return f"{self.at} ({span})"
        return f"Fiscal year {self.at[2:]} ({span})"

    def start(self, zone: tzinfo) -> datetime:
        return datetime.combine(self.first, time(), tzinfo=zone)

    def end(self, zone: tzinfo) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(), tzinfo=zone)

    def holds(self, day: date) -> bool:
        return self.first <= day <= self.last


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period(kind: PeriodKind, at: str, fiscal_start: int = 7) -> Period:
    """The period ``at`` names (``2026-10-14``, ``2026-10``, ``2026-Q4``, ``FY2027``), or
    :class:`PeriodError`. A fiscal year is named by the calendar year it ends in (starting in
    July, FY2027 runs from July 2026 to June 2027)."""
    text = at.strip().upper()
    try:
        if kind is PeriodKind.DAY:
            day = date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
            if day is not None:
                return Period(kind, day.isoformat(), day, day)
        elif kind is PeriodKind.MONTH:
            found = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
            if found:
                first = date(int(found[1]), int(found[2]), 1)
                last = _add_months(first, 1) - timedelta(days=1)
                return Period(kind, f"{first.year:04d}-{first.month:02d}", first, last)
        elif kind is PeriodKind.QUARTER:
            found = re.fullmatch(r"(\d{4})-?Q([1-4])", text)
            if found:
                first = date(int(found[1]), 3 * int(found[2]) - 2, 1)
                last = _add_months(first, 3) - timedelta(days=1)
                return Period(kind, f"{first.year:04d}-Q{found[2]}", first, last)
        else:
            found = re.fullmatch(r"(?:FY)?\s*(\d{4})", text)
            if found:
                ends_in = int(found[1])
                first = date(ends_in - (1 if fiscal_start > 1 else 0), fiscal_start, 1)
                last = _add_months(first, 12) - timedelta(days=1)
                return Period(kind, f"FY{ends_in:04d}", first, last)
    except ValueError:
        pass  # a month 13 or a year 0: said below like any other wrong value
    raise PeriodError(f"write a {kind.label.lower()} like {kind.example}, not {at[:40]!r}")


def this_month(today: date) -> Period:
    return period(PeriodKind.MONTH, f"{today.year}-{today.month:02d}")


def last_quarter(today: date) -> Period:
    """The last full calendar quarter before ``today``'s."""
    this = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    before = _add_months(this, -3)
    return period(PeriodKind.QUARTER, f"{before.year}-Q{(before.month - 1) // 3 + 1}")


def this_fiscal_year(today: date, fiscal_start: int = 7) -> Period:
    ends_in = today.year + (1 if fiscal_start > 1 and today.month >= fiscal_start else 0)
    return period(PeriodKind.FISCAL_YEAR, f"FY{ends_in}", fiscal_start)


# -- what a library's figures are ----------------------------------------------------------------


@dataclass
class Circulation:
    """Counts of one stop session (or of a vehicle away from its stops)."""

    checkouts: int = 0
    returns: int = 0
    renewals: int = 0
    in_house_uses: int = 0
    new_patrons: int = 0
    takings: Takings = field(default_factory=Takings)

    def add(self, measure: str, amount: int) -> None:
        setattr(self, measure, getattr(self, measure) + amount)

    def __iadd__(self, other: Circulation) -> Circulation:
        for measure in MEASURES:
            self.add(measure, getattr(other, measure))
        self.takings = self.takings + other.takings
        return self

    def get(self, measure: str) -> int:
        value: int = getattr(self, measure)
        return value

    def domain(self) -> StopCirculation:
        return StopCirculation(
            self.checkouts,
            self.returns,
            self.renewals,
            self.in_house_uses,
            self.new_patrons,
            self.takings,
        )


@dataclass(frozen=True)
class EventFigures:
    title: str
    event_type: str
    audience: str | None
    onsite: bool
    counts: EventCounts


@dataclass
class Visit:
    """One stop session held in the period."""

    library: str
    stop_id: str
    name: str
    place: str | None
    day: date
    vehicle: str
    circulation: Circulation = field(default_factory=Circulation)
    events: list[EventFigures] = field(default_factory=list)


@dataclass
class LibraryReach:
    """One library's figures for one period."""

    code: str
    name: str
    zone: str
    period: Period
    bands: tuple[AgeBand, ...]
    visits: list[Visit]
    #: Circulation of each vehicle outside its stops' windows.
    away: dict[str, Circulation]


@dataclass(frozen=True)
class Filters:
    """What the page shows: a vehicle (branch id) and a stop name, or all of them."""

    vehicle: str | None = None
    stop: str | None = None


def library_zone(library: Library) -> tuple[str, tzinfo]:
    """The library's zone name and zone (UTC when it has none: the server has no local time
    of its own that would mean anything to a library)."""
    name = library_settings.values(library)[declared.TIMEZONE]
    zone = zone_named(name)
    if zone is None:
        return "UTC", ZoneInfo("UTC")
    return str(name), zone


def fiscal_start(library: Library) -> int:
    return library_settings.values(library)[declared.FISCAL_YEAR_START_MONTH]


@dataclass(frozen=True)
class _Held:
    """A stop as :func:`popup.domain.stops.held_window` reads it."""

    id: str
    starts_at: datetime | None
    ends_at: datetime | None
    opened_at: datetime | None


def vehicles(scope: ConsoleScope, libraries: Sequence[Library]) -> dict[int, str]:
    """The vehicles (branches) of ``libraries``, by id: their names."""
    ids = [lib.id for lib in libraries]
    rows = scope.session.scalars(scope.select(Branch, ids).order_by(Branch.name, Branch.code))
    return {b.id: b.name for b in rows}


def vehicle_choices(scope: ConsoleScope, libraries: Sequence[Library]) -> list[tuple[int, str]]:
    """The filter's vehicles: (branch id, name), the library's code first when there are
    several libraries (two libraries may both have a BUS1)."""
    codes = {lib.id: lib.code for lib in libraries}
    rows = scope.session.scalars(scope.select(Branch, list(codes)))
    if len(codes) > 1:
        choices = [(b.id, f"{codes[b.library_id]}: {b.name}") for b in rows]
    else:
        choices = [(b.id, b.name) for b in rows]
    return sorted(choices, key=lambda c: (c[1].casefold(), c[0]))


def _openings(
    scope: ConsoleScope,
    library: Library,
    start: datetime | None = None,
    end: datetime | None = None,
    stop_ids: Sequence[str] = (),
) -> dict[str, tuple[datetime, str, int | None]]:
    """Stop id -> (when it was first opened, by which device, that device's branch), for the
    stops opened from ``start`` to ``end``, or (without them) for ``stop_ids``."""
    stop_id = AppliedMutation.payload["stop_id"].as_string()
    which = (
        and_(AppliedMutation.client_time >= start, AppliedMutation.client_time < end)
        if start is not None and end is not None
        else stop_id.in_(list(stop_ids))
    )
    rows = scope.session.execute(
        select(stop_id, AppliedMutation.client_time, AppliedMutation.device_id, Device.branch_id)
        .join(Device, Device.id == AppliedMutation.device_id)
        .where(
            scope.owns(AppliedMutation, [library.id]),
            AppliedMutation.kind == Kind.STOP_OPEN.value,
            AppliedMutation.status != Status.REJECTED.value,
            which,
        )
        .order_by(AppliedMutation.client_time, AppliedMutation.seq)
    ).all()
    opened: dict[str, tuple[datetime, str, int | None]] = {}
    for key, moment, device_id, branch_id in rows:
        opened.setdefault(str(key), (moment, device_id, branch_id))
    return opened


def _vehicle_keys(names: dict[int, str]) -> list[str]:
    """Every vehicle of a library: its branches, and its laptops with no branch."""
    return [*(f"b{branch_id}" for branch_id in names), "none"]


def _vehicle_key(device_id: str | None, branch_id: int | None) -> str:
    return f"b{branch_id}" if branch_id is not None else "none"


def library_reach(
    scope: ConsoleScope, library: Library, chosen: Period, filters: Filters = Filters()
) -> LibraryReach:
    """``library``'s figures for the local days of ``chosen`` (``library`` comes from the
    scope; every statement below is limited to it through the scope as well)."""
    zone_name, zone = library_zone(library)
    bands = library_settings.values(library)[declared.ATTENDANCE_BANDS]
    start, end = chosen.start(zone), chosen.end(zone)
    wide_start, wide_end = start - _MARGIN, end + _MARGIN
    names = vehicles(scope, [library])

    # The stop sessions near the period, each with its vehicle and when it was opened.
    opened = _openings(scope, library, wide_start, wide_end)
    near = list(
        scope.session.scalars(
            scope.select(Stop, [library.id]).where(
                (Stop.id.in_(list(opened)) if opened else literal(False))
                | and_(Stop.starts_at >= wide_start, Stop.starts_at < wide_end)
            )
        )
    )
    # A stop planned on a laptop weeks ahead was opened (created) then: found by its id.
    ahead = [stop.id for stop in near if stop.id not in opened]
    for n in range(0, len(ahead), 500):
        opened.update(_openings(scope, library, stop_ids=ahead[n : n + 500]))
    by_vehicle: dict[str, list[tuple[Stop, _Held]]] = {key: [] for key in _vehicle_keys(names)}
    # A stop planned at the server that no laptop opened is on every laptop, and shares its
    # days out with each vehicle's own stops there, as on the laptops (a visit of no vehicle).
    planned: list[tuple[Stop, _Held]] = []
    for stop in near:
        moment, device_id, branch_id = opened.get(stop.id, (None, None, None))
        held = _Held(stop.id, stop.starts_at, stop.ends_at, moment)
        if moment is None:
            if stop.starts_at is not None:  # else no day to go by
                planned.append((stop, held))
            continue
        by_vehicle.setdefault(_vehicle_key(device_id, branch_id), []).append((stop, held))

    visits: list[Visit] = []
    windows: list[tuple[str, datetime, datetime, str]] = []  # vehicle, start, end, stop id
    kept: dict[str, Visit] = {}
    for key, own in by_vehicle.items():
        group = own + planned
        # Only the stops of the same days share them out: each stop is weighed against those
        # (the rule's answer is the same; a year of stops is not weighed against a year).
        on_day: dict[date, list[_Held]] = {}
        for _, held in group:
            for day in _days_of(held, zone):
                on_day.setdefault(day, []).append(held)
        for stop, held in group:
            sharing = {h.id: h for day in _days_of(held, zone) for h in on_day[day]}
            window = held_window(held, list(sharing.values()), zone)
            day = local_date(stop.starts_at, zone) if stop.starts_at else window.first_day
            windows.append((key, window.start, window.end, stop.id))
            mine = key if held.opened_at is not None else "none"
            if stop.id in kept or not chosen.holds(day) or not _wanted(filters, mine, stop.name):
                continue
            visit = Visit(
                library.code,
                stop.id,
                stop.name,
                stop.place,
                day,
                _vehicle_name(mine, names),
            )
            visits.append(visit)
            kept[stop.id] = visit
    windows.sort(key=lambda w: (w[1], w[3]))

    away: dict[str, Circulation] = {}
    # A week at a time: each statement's CASE names only the stop windows of its week, so a
    # fiscal year costs fifty small statements rather than one with thousands of branches.
    at = wide_start
    while at < wide_end:
        upto = min(at + _CHUNK, wide_end)
        nearby = [w for w in windows if w[1] < upto and w[2] > at]
        _circulation(scope, library, nearby, (start, end), (at, upto), kept, away)
        at = upto
    if filters.stop:
        away = {}  # a chosen stop: nothing away from stops belongs to it
    elif filters.vehicle:
        away = {k: v for k, v in away.items() if k == filters.vehicle}
    _attendance(scope, library, bands, kept)
    visits.sort(key=lambda v: (v.day, v.name, v.stop_id))
    return LibraryReach(
        library.code,
        library.name,
        zone_name,
        chosen,
        bands,
        visits,
        {_vehicle_name(k, names): v for k, v in sorted(away.items())},
    )


def _days_of(held: _Held, zone: tzinfo) -> list[date]:
    """Every local day ``held`` may be held on: its planned days and the day it was opened."""
    days: set[date] = set()
    if held.starts_at is not None:
        first = local_date(held.starts_at, zone)
        last = local_date(held.ends_at, zone) if held.ends_at is not None else first
        days.update(first + timedelta(days=n) for n in range(min((last - first).days, 366) + 1))
    if held.opened_at is not None:
        days.add(local_date(held.opened_at, zone))
    return sorted(days)


def _wanted(filters: Filters, vehicle: str, stop_name: str) -> bool:
    if filters.vehicle and filters.vehicle != vehicle:
        return False
    return not filters.stop or filters.stop.casefold() == stop_name.strip().casefold()


def _vehicle_name(key: str, names: dict[int, str]) -> str:
    if key.startswith("b"):
        return names.get(int(key[1:]), NO_VEHICLE)
    return NO_VEHICLE


def _in_window(windows: Iterable[tuple[str, datetime, datetime, str]]) -> Any:
    """A CASE naming the stop whose held window (of the action's vehicle) holds the action."""
    whens = [
        (
            and_(
                (Device.branch_id == int(vehicle[1:]))
                if vehicle.startswith("b")
                else Device.branch_id.is_(None),
                AppliedMutation.client_time >= start,
                AppliedMutation.client_time < end,
            ),
            literal(stop_id),
        )
        for vehicle, start, end, stop_id in windows
    ]
    return case(*whens, else_=null()) if whens else null()


def _circulation(
    scope: ConsoleScope,
    library: Library,
    windows: list[tuple[str, datetime, datetime, str]],
    period: tuple[datetime, datetime],
    wide: tuple[datetime, datetime],
    kept: dict[str, Visit],
    away: dict[str, Circulation],
) -> None:
    """Count the applied circulation and takings into the kept visits and ``away``."""
    stop_of = _in_window(windows).label("stop_id")
    in_period = case(
        (
            and_(AppliedMutation.client_time >= period[0], AppliedMutation.client_time < period[1]),
            literal(1),
        ),
        else_=literal(0),
    ).label("in_period")
    amount = case(
        (
            AppliedMutation.kind == Kind.IN_HOUSE_USE.value,
            AppliedMutation.payload["count"].as_integer(),
        ),
        else_=literal(1),
    )
    # What an undo took back (the undo follows its action within moments: looked for up to a
    # day after this stretch), left out by id rather than by a subquery for every action.
    undone = list(
        scope.session.scalars(
            select(AppliedMutation.payload["target_mutation_id"].as_string()).where(
                scope.owns(AppliedMutation, [library.id]),
                AppliedMutation.kind == Kind.UNDO.value,
                AppliedMutation.status != Status.REJECTED.value,
                AppliedMutation.client_time >= wide[0],
                AppliedMutation.client_time < wide[1] + timedelta(days=1),
            )
        )
    )
    kinds = [*CIRCULATION_KINDS, Kind.PAYMENT.value]
    method = AppliedMutation.payload["method"].as_string().label("method")
    waiver = AppliedMutation.payload["waiver"].as_boolean().label("waiver")
    paid = AppliedMutation.payload["amount_cents"].as_integer()
    is_payment = AppliedMutation.kind == Kind.PAYMENT.value
    vehicle = Device.branch_id.label("branch_id")
    rows = scope.session.execute(
        select(
            stop_of,
            in_period,
            vehicle,
            AppliedMutation.kind,
            case((is_payment, method), else_=null()).label("method"),
            case((is_payment, waiver), else_=null()).label("waiver"),
            func.sum(case((is_payment, paid), else_=amount)),
        )
        .join(Device, Device.id == AppliedMutation.device_id)
        .where(
            scope.owns(AppliedMutation, [library.id]),
            AppliedMutation.kind.in_(kinds),
            AppliedMutation.status != Status.REJECTED.value,
            AppliedMutation.client_time >= wide[0],
            AppliedMutation.client_time < wide[1],
            AppliedMutation.mutation_id.not_in(undone),
        )
        .group_by(
            # No window: the stop column is a plain NULL, which PostgreSQL may not group by.
            *([stop_of] if windows else []),
            in_period,
            vehicle,
            AppliedMutation.kind,
            "method",
            "waiver",
        )
    ).all()
    for stop_id, inside, branch_id, kind, how, waived, total in rows:
        if stop_id is not None:
            visit = kept.get(stop_id)
            if visit is None:
                continue  # a stop outside the period, or one the filters leave out
            target = visit.circulation
        elif inside:
            target = away.setdefault(_vehicle_key(None, branch_id), Circulation())
        else:
            continue
        if kind == Kind.PAYMENT.value:
            method_of = PaymentMethod(how) if how in set(PaymentMethod) else None
            target.takings = target.takings + takings([(int(total or 0), method_of, bool(waived))])
        else:
            target.add(CIRCULATION_KINDS[kind], int(total or 0))


def _attendance(
    scope: ConsoleScope, library: Library, bands: Sequence[AgeBand], kept: dict[str, Visit]
) -> None:
    """The kept visits' events, with their counts per band (summed by the database)."""
    if not kept:
        return
    stop_ids = list(kept)
    events = list(
        scope.session.scalars(
            scope.select(Event, [library.id])
            .where(Event.stop_id.in_(stop_ids))
            .order_by(Event.title, Event.id)
        )
    )
    if not events:
        return
    identified = func.sum(case((Attendance.patron_card.is_not(None), Attendance.delta), else_=0))
    rows = scope.session.execute(
        select(Attendance.event_id, Attendance.band, func.sum(Attendance.delta), identified)
        .join(Event, Event.id == Attendance.event_id)
        .where(
            scope.owns(Attendance, [library.id]),
            scope.owns(Event, [library.id]),
            Event.stop_id.in_(stop_ids),
        )
        .group_by(Attendance.event_id, Attendance.band)
    ).all()
    per_event: dict[str, dict[str, int]] = {}
    cards: dict[str, int] = {}
    for event_id, band, total, by_card in rows:
        counts = per_event.setdefault(event_id, {b.code: 0 for b in bands})
        counts[band] = counts.get(band, 0) + int(total or 0)
        cards[event_id] = cards.get(event_id, 0) + int(by_card or 0)
    for event in events:
        counts = per_event.get(event.id, {b.code: 0 for b in bands})
        kept[event.stop_id].events.append(
            EventFigures(
                event.title,
                event.event_type,
                event.audience,
                event.onsite,
                EventCounts(counts, cards.get(event.id, 0)),
            )
        )


# -- summaries the page shows --------------------------------------------------------------------


@dataclass
class StopSummary:
    """A stop (by name) of one library and vehicle over the period: its visits summed."""

    library: str
    vehicle: str
    name: str
    visits: int = 0
    circulation: Circulation = field(default_factory=Circulation)
    by_band: dict[str, int] = field(default_factory=dict)
    onsite: int = 0
    offsite: int = 0
    identified: int = 0

    @property
    def attendance(self) -> int:
        return self.onsite + self.offsite


def union_bands(reaches: Sequence[LibraryReach]) -> tuple[AgeBand, ...]:
    """Every library's bands, each code once, in the first library's order."""
    seen: dict[str, AgeBand] = {}
    for reach in reaches:
        for band in reach.bands:
            seen.setdefault(band.code, band)
    return tuple(seen.values())


def by_stop(reaches: Sequence[LibraryReach]) -> list[StopSummary]:
    """One row per library, stop name and vehicle, in that order."""
    rows: dict[tuple[str, str, str], StopSummary] = {}
    for reach in reaches:
        for visit in reach.visits:
            key = (visit.library, visit.vehicle, visit.name.strip())
            row = rows.setdefault(key, StopSummary(*key))
            row.visits += 1
            row.circulation += visit.circulation
            for ev in visit.events:
                for code, n in ev.counts.by_band.items():
                    row.by_band[code] = row.by_band.get(code, 0) + n
                if ev.onsite:
                    row.onsite += ev.counts.total
                else:
                    row.offsite += ev.counts.total
                row.identified += ev.counts.identified
    # A stop's vehicles next to each other.
    return [rows[k] for k in sorted(rows, key=lambda k: (k[0], k[2].casefold(), k[1].casefold()))]


@dataclass
class Totals:
    visits: int = 0
    circulation: Circulation = field(default_factory=Circulation)
    by_band: dict[str, int] = field(default_factory=dict)
    onsite: int = 0
    offsite: int = 0
    #: Per band: (on-site, off-site).
    band_location: dict[str, list[int]] = field(default_factory=dict)
    #: Per vehicle: (library, vehicle) -> visits.
    vehicle_visits: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def attendance(self) -> int:
        return self.onsite + self.offsite


def totals(reaches: Sequence[LibraryReach]) -> Totals:
    """The period's totals: every stop's, and the circulation away from stops."""
    out = Totals()
    for reach in reaches:
        for away in reach.away.values():
            out.circulation += away
        for visit in reach.visits:
            out.visits += 1
            key = (reach.code, visit.vehicle)
            out.vehicle_visits[key] = out.vehicle_visits.get(key, 0) + 1
            out.circulation += visit.circulation
            for ev in visit.events:
                for code, n in ev.counts.by_band.items():
                    out.by_band[code] = out.by_band.get(code, 0) + n
                    pair = out.band_location.setdefault(code, [0, 0])
                    pair[0 if ev.onsite else 1] += n
                if ev.onsite:
                    out.onsite += ev.counts.total
                else:
                    out.offsite += ev.counts.total
    return out


# -- the survey CSV ------------------------------------------------------------------------------


def _survey_stops(reach: LibraryReach) -> list[SurveyStop]:
    stops = []
    for visit in reach.visits:
        events = [
            SurveyEvent(
                visit.name, visit.day, ev.title, ev.event_type, ev.audience, ev.onsite, ev.counts
            )
            for ev in visit.events
        ]
        stops.append(SurveyStop(visit.name, visit.day, visit.circulation.domain(), events))
    return stops


def survey_rows(reaches: Sequence[LibraryReach]) -> list[list[str]]:
    """The state library survey's table, as the laptop's ``attendance-csv`` writes it
    (:func:`popup.domain.attendance.survey_table`): one library's is exactly the laptop's
    layout for its stop sessions of the period. Several libraries' (a consortium-wide export)
    get a first column ``library``: each library's rows and totals under its code, then the
    consortium's totals under ``ALL``; the attendance columns are every library's bands."""
    if len(reaches) == 1:
        reach = reaches[0]
        return rules.survey_table((), reach.bands, _survey_stops(reach))
    bands = union_bands(reaches)
    header = ["library", *rules.survey_columns(bands)]
    rows: list[list[str]] = [header]
    everything: list[SurveyStop] = []
    for reach in reaches:
        stops = _survey_stops(reach)
        everything += stops
        rows += [[reach.code, *row] for row in rules.survey_table((), bands, stops)[1:]]
    rows += [["ALL", *row] for row in rules.survey_table((), bands, everything)[-3:]]
    return rows


__all__ = [
    "MEASURES",
    "MEASURE_LABELS",
    "Circulation",
    "Filters",
    "LibraryReach",
    "Period",
    "PeriodError",
    "PeriodKind",
    "StopSummary",
    "Totals",
    "by_stop",
    "fiscal_start",
    "last_quarter",
    "library_reach",
    "library_zone",
    "period",
    "survey_rows",
    "this_fiscal_year",
    "this_month",
    "totals",
    "union_bands",
    "vehicle_choices",
    "vehicles",
]
