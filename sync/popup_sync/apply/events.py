"""Stops, events and attendance: recorded as the laptop says, within the device's library.

A stop or event id is the device's UUID, unique server-wide: an id another library already
uses cannot be taken, and is refused with the same words as one this library cannot use for
any other reason; an event or stop another library owns is otherwise as unknown as a missing
one (:class:`~popup_sync.apply.scope.LibraryScope`).
"""

from __future__ import annotations

from popup.domain.protocol import actions
from popup.domain.protocol.entities import Entity
from popup.domain.protocol.envelopes import Status
from popup_sync.apply.context import Context
from popup_sync.apply.outcome import Outcome, fits
from popup_sync.models import Attendance, Event, Stop


def _id_taken(what: str, key: str) -> Outcome:
    return Outcome.rejected(None, f"The {what} id {key} cannot be used; it was not recorded.")


def stop_open(ctx: Context, p: actions.StopOpen) -> Outcome:
    name = fits(p.name, "name", Stop)
    place = fits(p.place, "place", Stop) if p.place is not None else None
    stop = ctx.scope.claim_stop(p.stop_id)
    if stop is None:
        return _id_taken("stop", p.stop_id)
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
    # Before the event is claimed: a refused event must not leave a new row behind.
    if ctx.scope.stop(p.stop_id) is None:
        return Outcome.rejected(None, f"There is no stop {p.stop_id}; the event was not recorded.")
    event = ctx.scope.claim_event(p.event_id)
    if event is None:
        return _id_taken("event", p.event_id)
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
    event = ctx.scope.event(p.event_id)
    if event is None:
        return Outcome.rejected(
            None, f"There is no event {p.event_id}; the attendance was not recorded."
        )
    if card is not None and ctx.scope.attended(event, card):
        return Outcome(Status.APPLIED, message="Already counted at this event.")
    delta = p.delta if isinstance(p, actions.AttendanceCount) else 1
    ctx.session.add(
        Attendance(
            library_id=ctx.library.id,
            event_id=event.id,
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
