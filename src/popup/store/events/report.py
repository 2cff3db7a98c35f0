"""The stop report: what happened during a stop's session, and the annual survey's table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from popup.domain import attendance as rules
from popup.domain.age_bands import AgeBand
from popup.domain.attendance import EventCounts, HourActivity, SurveyEvent, Tally
from popup.domain.protocol.actions import Kind, StopOpen
from popup.domain.stops import GRACE
from popup.store import outbox
from popup.store.events.base import EventsBase
from popup.store.events.views import EventView, StopView, event_view, stop_view
from popup.store.models import Attendance, Event, OutboxEntry, Stop


@dataclass(frozen=True)
class EventReport:
    event: EventView
    counts: EventCounts


@dataclass(frozen=True)
class StopReport:
    stop: StopView
    window_start: datetime
    window_end: datetime
    checkouts: int
    returns: int
    renewals: int
    new_patrons: int
    in_house_uses: int
    events: list[EventReport]
    by_hour: list[HourActivity]
    bands: tuple[AgeBand, ...]

    def attendance_by_band(self) -> dict[str, int]:
        totals = {b.code: 0 for b in self.bands}
        for ev in self.events:
            for code, n in ev.counts.by_band.items():
                totals[code] = totals.get(code, 0) + n
        return totals

    def attendance_total(self) -> int:
        return sum(ev.counts.total for ev in self.events)


#: Groups of the activity-through-the-day chart, by outbox kind.
ACTIVITY_GROUPS = {
    Kind.CHECKOUT.value: "checkouts",
    Kind.CHECKIN.value: "returns",
    Kind.RENEW.value: "renewals",
    Kind.PATRON_REGISTER.value: "new_patrons",
}
ATTENDANCE_GROUP = "attendance"


def _opened_at(session: Session, stop_id: str) -> datetime | None:
    """When this laptop opened the stop (its ``stop_open`` action), if it did."""
    for client_time, stored in session.execute(
        select(OutboxEntry.client_time, OutboxEntry.payload)
        .where(OutboxEntry.kind == Kind.STOP_OPEN.value)
        .where(OutboxEntry.payload.contains(stop_id))  # a cheap filter; the parse decides
        .order_by(OutboxEntry.seq)
    ):
        payload = outbox.payload_of(Kind.STOP_OPEN, stored)
        if isinstance(payload, StopOpen) and payload.stop_id == stop_id:
            return client_time
    return None


class ReportApi(EventsBase):
    def _window(self, session: Session, stop: Stop) -> tuple[datetime, datetime]:
        """The stop's session: its planned times (with some grace), else from its opening."""
        now = self.clock()
        if stop.starts_at is not None:
            start = stop.starts_at - GRACE
        else:
            start = _opened_at(session, stop.id) or now
        end = stop.ends_at + GRACE if stop.ends_at is not None else None
        if end is None:
            later = session.scalars(
                select(Stop.starts_at)
                .where(Stop.starts_at.is_not(None), Stop.starts_at > start, Stop.id != stop.id)
                .order_by(Stop.starts_at)
                .limit(1)
            ).first()
            end = later - GRACE if later is not None else max(now, start)
        return start, end

    def stop_report(self, stop_id: str) -> StopReport:
        zone = self.config.zone
        with self.store.read() as session:
            stop = self._stop(session, stop_id)
            start, end = self._window(session, stop)
            actions = session.execute(
                select(OutboxEntry.kind, OutboxEntry.client_time).where(
                    OutboxEntry.client_time >= start,
                    OutboxEntry.client_time <= end,
                    OutboxEntry.undone_by.is_(None),
                    OutboxEntry.kind.in_([*ACTIVITY_GROUPS, Kind.IN_HOUSE_USE]),
                )
            ).all()
            events = [
                event_view(e)
                for e in session.scalars(
                    select(Event).where(Event.stop_id == stop_id).order_by(Event.created_at)
                )
            ]
            tallies = [
                Tally(r.event_id, r.band, r.delta, r.counted_at, r.patron_card)
                for r in session.scalars(
                    select(Attendance).where(Attendance.event_id.in_([e.id for e in events]))
                )
            ]
            view = stop_view(stop)
        per_event = rules.fold(tallies, self.bands)
        kinds = [a.kind for a in actions]
        stamps = [
            (ACTIVITY_GROUPS[a.kind], a.client_time, 1)
            for a in actions
            if a.kind in ACTIVITY_GROUPS
        ]
        stamps += [(ATTENDANCE_GROUP, t.counted_at, t.delta) for t in tallies]
        return StopReport(
            stop=view,
            window_start=start,
            window_end=end,
            checkouts=kinds.count(Kind.CHECKOUT),
            returns=kinds.count(Kind.CHECKIN),
            renewals=kinds.count(Kind.RENEW),
            new_patrons=kinds.count(Kind.PATRON_REGISTER),
            in_house_uses=kinds.count(Kind.IN_HOUSE_USE),
            events=[
                EventReport(e, per_event.get(e.id, rules.empty_counts(self.bands))) for e in events
            ],
            by_hour=rules.activity_by_hour(stamps, zone),
            bands=self.bands,
        )

    def survey_table(self, stop_ids: Sequence[str]) -> list[list[str]]:
        """The survey CSV's rows (header first, totals last) for the given stops' events."""
        rows: list[SurveyEvent] = []
        for stop_id in stop_ids:
            report = self.stop_report(stop_id)
            day = (
                report.stop.starts_at.astimezone(self.config.zone).date()
                if report.stop.starts_at
                else report.window_start.astimezone(self.config.zone).date()
            )
            rows += [
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
        return rules.survey_table(rows, self.bands)
