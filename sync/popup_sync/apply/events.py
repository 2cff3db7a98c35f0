"""Stops, events and attendance: recorded as the laptop says (nothing to decide here)."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select

from popup.domain.protocol import actions
from popup.domain.protocol.entities import Entity
from popup.domain.protocol.envelopes import Status
from popup_sync.apply.context import Context
from popup_sync.apply.outcome import Outcome, fits
from popup_sync.models import Attendance, Event, Stop

Row = TypeVar("Row", Stop, Event)


def _own(ctx: Context, model: type[Row], key: str) -> Row | None:
    """The device's library's row ``key`` (new if there is none); None: another library's."""
    row = ctx.session.get(model, key)
    if row is None:
        row = model(id=key, library_id=ctx.library.id)
        ctx.session.add(row)
    return row if row.library_id == ctx.library.id else None


def stop_open(ctx: Context, p: actions.StopOpen) -> Outcome:
    name = fits(p.name, "name", Stop)
    place = fits(p.place, "place", Stop) if p.place is not None else None
    stop = _own(ctx, Stop, p.stop_id)
    if stop is None:
        return Outcome.rejected(None, f"Stop {p.stop_id} belongs to another library.")
    stop.name = name
    stop.place = place
    stop.starts_at = p.starts_at
    stop.ends_at = p.ends_at
    ctx.changed(Entity.STOP, stop.id)
    return Outcome(Status.APPLIED)


def event_create(ctx: Context, p: actions.EventCreate) -> Outcome:
    title = fits(p.title, "title", Event)
    event_type = fits(p.event_type, "event_type", Event)
    audience = fits(p.audience, "audience", Event) if p.audience is not None else None
    event = _own(ctx, Event, p.event_id)
    if event is None:
        return Outcome.rejected(None, f"Event {p.event_id} belongs to another library.")
    event.stop_id = p.stop_id
    event.title = title
    event.event_type = event_type
    event.audience = audience
    event.onsite = p.onsite
    ctx.changed(Entity.EVENT, event.id)
    return Outcome(Status.APPLIED)


def attendance(ctx: Context, p: actions.AttendanceCount | actions.AttendanceScan) -> Outcome:
    """A counter tap (± 1), or a scanned card counted once per event."""
    card = (
        fits(p.patron_card, "patron_card", Attendance)
        if isinstance(p, actions.AttendanceScan)
        else None
    )
    band = fits(p.band, "band", Attendance)
    if card is not None:
        seen = ctx.session.scalar(
            select(Attendance.id).where(
                Attendance.event_id == p.event_id, Attendance.patron_card == card
            )
        )
        if seen is not None:
            return Outcome(Status.APPLIED, message="Already counted at this event.")
    delta = p.delta if isinstance(p, actions.AttendanceCount) else 1
    ctx.session.add(
        Attendance(
            library_id=ctx.library.id,
            event_id=p.event_id,
            band=band,
            delta=delta,
            patron_card=card,
            counted_at=p.counted_at,
            mutation_id=ctx.mutation_id,
        )
    )
    return Outcome(Status.APPLIED)


def recorded_only(ctx: Context, p: actions.Payload) -> Outcome:
    """Kinds the server keeps in its applied log without changing shared rows."""
    return Outcome(Status.APPLIED)
