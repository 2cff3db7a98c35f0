"""The stop report: what happened during a stop as it was really held, and the survey table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from popup.domain import attendance as rules
from popup.domain import stops as stop_rules
from popup.domain.age_bands import AgeBand
from popup.domain.attendance import (
    EventCounts,
    HourActivity,
    StopCirculation,
    SurveyEvent,
    SurveyStop,
    Tally,
)
from popup.domain.payments import Takings, takings
from popup.domain.protocol.actions import InHouseUse, Kind, Payment, StopOpen
from popup.domain.staff import Capability
from popup.domain.stops import HeldWindow
from popup.store import outbox
from popup.store.events.base import EventsBase
from popup.store.events.views import EventView, StopView, event_view, stop_view
from popup.store.models import Attendance, Event, OutboxEntry, Staff, Stop


@dataclass(frozen=True)
class EventReport:
    event: EventView
    counts: EventCounts


#: What :class:`StaffActivity` counts besides :data:`ACTIVITY_GROUPS`' groups.
PAYMENTS_GROUP = "payments"


@dataclass(frozen=True)
class StaffActivity:
    """What one staff member did during a stop (accountability, #17): the actions they made
    in the held window per activity group (as :data:`ACTIVITY_GROUPS`; undone ones left out),
    attendance they counted at the stop's events, payments they took, overrides they
    approved for someone else."""

    #: None: actions that name nobody (the command line, scripts, or made before sign-in).
    staff_id: str | None
    #: Their name as this laptop knows it ("" when it does not any more).
    name: str
    counts: dict[str, int]
    #: Overrides of others' actions this staff member approved with their PIN.
    approvals: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class StopReport:
    """What happened during a stop as it was really held (:attr:`held`): this laptop's
    circulation in that window, and every count at the stop's events."""

    stop: StopView
    held: HeldWindow
    checkouts: int
    returns: int
    renewals: int
    new_patrons: int
    #: Items used in the bookmobile without a loan (an in-house use of N counts N).
    in_house_uses: int
    events: list[EventReport]
    by_hour: list[HourActivity]
    bands: tuple[AgeBand, ...]
    #: Attendance at the stop's events counted outside :attr:`held` (still counted).
    attendance_outside: int = 0
    #: Money this laptop took in :attr:`held`, per method, and fines waived (the cash box).
    takings: Takings = field(default_factory=Takings)
    #: The same actions by staff member (who made them), by staff id; nobody's last.
    by_staff: list[StaffActivity] = field(default_factory=list)

    @property
    def window_start(self) -> datetime:
        return self.held.start

    @property
    def window_end(self) -> datetime:
        return self.held.end

    def attendance_by_band(self) -> dict[str, int]:
        totals = {b.code: 0 for b in self.bands}
        for ev in self.events:
            for code, n in ev.counts.by_band.items():
                totals[code] = totals.get(code, 0) + n
        return totals

    def attendance_total(self) -> int:
        return sum(ev.counts.total for ev in self.events)

    def circulation(self) -> StopCirculation:
        return StopCirculation(
            self.checkouts,
            self.returns,
            self.renewals,
            self.in_house_uses,
            self.new_patrons,
            self.takings,
        )


#: Groups of the activity-through-the-day chart, by outbox kind.
ACTIVITY_GROUPS = {
    Kind.CHECKOUT.value: "checkouts",
    Kind.CHECKIN.value: "returns",
    Kind.RENEW.value: "renewals",
    Kind.IN_HOUSE_USE.value: "in_house_uses",
    Kind.PATRON_REGISTER.value: "new_patrons",
}
ATTENDANCE_GROUP = "attendance"


@dataclass(frozen=True)
class _Held:
    """A stop row with when this laptop opened it, for :func:`popup.domain.stops.held_window`."""

    id: str
    starts_at: datetime | None
    ends_at: datetime | None
    opened_at: datetime | None


def _openings(session: Session) -> dict[str, datetime]:
    """When this laptop opened each stop it opened (its ``stop_open`` action)."""
    opened: dict[str, datetime] = {}
    for client_time, stored in session.execute(
        select(OutboxEntry.client_time, OutboxEntry.payload)
        .where(OutboxEntry.kind == Kind.STOP_OPEN.value)
        .order_by(OutboxEntry.seq)
    ):
        payload = outbox.payload_of(Kind.STOP_OPEN, stored)
        if isinstance(payload, StopOpen):
            opened.setdefault(payload.stop_id, client_time)
    return opened


def _amount(kind: str, stored: str) -> int:
    """How many an action counts for: an in-house use of N items counts N, the rest one."""
    if kind != Kind.IN_HOUSE_USE.value:
        return 1
    payload = outbox.payload_of(kind, stored)
    return payload.count if isinstance(payload, InHouseUse) else 1


class _StaffTally:
    """Counts per staff id while the report reads the actions."""

    def __init__(self) -> None:
        self.counts: dict[str | None, dict[str, int]] = {}
        self.approvals: dict[str, int] = {}

    def add(self, staff_id: str | None, group: str, amount: int) -> None:
        mine = self.counts.setdefault(staff_id, {})
        mine[group] = mine.get(group, 0) + amount

    def approved(self, staff_id: str) -> None:
        self.approvals[staff_id] = self.approvals.get(staff_id, 0) + 1
        self.counts.setdefault(staff_id, {})

    def activities(self, names: dict[str, str]) -> list[StaffActivity]:
        return sorted(
            (
                StaffActivity(
                    staff_id,
                    names.get(staff_id, "") if staff_id is not None else "",
                    counts,
                    self.approvals.get(staff_id, 0) if staff_id is not None else 0,
                )
                for staff_id, counts in self.counts.items()
            ),
            key=lambda a: (a.staff_id is None, a.staff_id or ""),
        )


class ReportApi(EventsBase):
    def _held(self, session: Session, stop: Stop) -> HeldWindow:
        opened = _openings(session)
        rows = [
            _Held(s.id, s.starts_at, s.ends_at, opened.get(s.id))
            for s in session.scalars(select(Stop))
        ]
        mine = next(r for r in rows if r.id == stop.id)
        if mine.starts_at is None and mine.opened_at is None:
            # Opened by a laptop before openings were kept apart: go by today.
            mine = _Held(mine.id, None, None, self.clock())
        return stop_rules.held_window(mine, rows, self.config.zone)

    def stop_report(self, stop_id: str) -> StopReport:
        self.require(Capability.EXPORT)
        zone = self.config.zone
        with self.store.read() as session:
            stop = self._stop(session, stop_id)
            held = self._held(session, stop)
            actions = session.execute(
                select(
                    OutboxEntry.kind,
                    OutboxEntry.client_time,
                    OutboxEntry.payload,
                    OutboxEntry.staff_id,
                    OutboxEntry.approved_by,
                ).where(
                    OutboxEntry.client_time >= held.start,
                    OutboxEntry.client_time < held.end,
                    OutboxEntry.undone_by.is_(None),
                    OutboxEntry.kind.in_(list(ACTIVITY_GROUPS)),
                )
            ).all()
            paid_rows = session.execute(
                select(OutboxEntry.payload, OutboxEntry.staff_id).where(
                    OutboxEntry.client_time >= held.start,
                    OutboxEntry.client_time < held.end,
                    OutboxEntry.kind == Kind.PAYMENT.value,
                )
            ).all()
            paid = [outbox.payload_of(Kind.PAYMENT, stored) for stored, _ in paid_rows]
            events = [
                event_view(e)
                for e in session.scalars(
                    select(Event).where(Event.stop_id == stop_id).order_by(Event.created_at)
                )
            ]
            # Every count at the stop's events is the stop's, whenever it was tapped: counts
            # typed in from a paper tally the next day must still reach the survey. The header
            # says how many were counted outside the window (:attr:`attendance_outside`).
            tallies = [
                Tally(r.event_id, r.band, r.delta, r.counted_at, r.patron_card)
                for r in session.scalars(
                    select(Attendance).where(Attendance.event_id.in_([e.id for e in events]))
                )
            ]
            counters = session.execute(
                select(OutboxEntry.staff_id, Attendance.delta)
                .join(OutboxEntry, OutboxEntry.mutation_id == Attendance.mutation_id)
                .where(Attendance.event_id.in_([e.id for e in events]))
            ).all()
            names: dict[str, str] = {i: n for i, n in session.execute(select(Staff.id, Staff.name))}
            view = stop_view(stop)
        per_event = rules.fold(tallies, self.bands)
        totals = dict.fromkeys(ACTIVITY_GROUPS.values(), 0)
        stamps: list[tuple[str, datetime, int]] = []
        staff = _StaffTally()
        for kind, moment, stored, staff_id, approved_by in actions:
            group = ACTIVITY_GROUPS[kind]
            amount = _amount(kind, stored)
            totals[group] += amount
            stamps.append((group, moment, amount))
            staff.add(staff_id, group, amount)
            if approved_by is not None:
                staff.approved(approved_by)
        for staff_id, delta in counters:
            staff.add(staff_id, ATTENDANCE_GROUP, delta)
        for _, staff_id in paid_rows:
            staff.add(staff_id, PAYMENTS_GROUP, 1)
        stamps += [(ATTENDANCE_GROUP, t.counted_at, t.delta) for t in tallies]
        return StopReport(
            stop=view,
            held=held,
            checkouts=totals["checkouts"],
            returns=totals["returns"],
            renewals=totals["renewals"],
            new_patrons=totals["new_patrons"],
            in_house_uses=totals["in_house_uses"],
            events=[
                EventReport(e, per_event.get(e.id, rules.empty_counts(self.bands))) for e in events
            ],
            by_hour=rules.activity_by_hour(stamps, zone),
            bands=self.bands,
            attendance_outside=sum(
                t.delta for t in tallies if not held.start <= t.counted_at < held.end
            ),
            takings=takings(
                (p.amount_cents, p.method, p.waiver) for p in paid if isinstance(p, Payment)
            ),
            by_staff=staff.activities(names),
        )

    def survey_table(self, stop_ids: Sequence[str]) -> list[list[str]]:
        """The survey CSV's rows (header first, totals last) for the given stops: each stop's
        circulation row, then its events."""
        self.require(Capability.EXPORT)
        stops: list[SurveyStop] = []
        for stop_id in stop_ids:
            report = self.stop_report(stop_id)
            day = (
                report.stop.starts_at.astimezone(self.config.zone).date()
                if report.stop.starts_at
                else report.held.first_day
            )
            events = [
                SurveyEvent(
                    report.stop.name,
                    day,
                    ev.event.title,
                    ev.event.event_type,
                    ev.event.audience,
                    ev.event.onsite,
                    ev.counts,
                )
                for ev in report.events
            ]
            stops.append(SurveyStop(report.stop.name, day, report.circulation(), events))
        return rules.survey_table((), self.bands, stops)
