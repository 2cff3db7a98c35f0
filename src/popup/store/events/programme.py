"""The events of a stop: story times, class visits, anything with a headcount."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from popup.domain.protocol.actions import EventCreate
from popup.domain.staff import Capability
from popup.store import outbox
from popup.store.events.base import EventsBase
from popup.store.events.views import EventView, check_capacity, clean, event_view
from popup.store.models import Event


class ProgrammeApi(EventsBase):
    def create_event(
        self,
        stop_id: str,
        title: str,
        event_type: str,
        audience: str | None = None,
        onsite: bool = True,
        uses_registration: bool = False,
        capacity: int | None = None,
    ) -> EventView:
        self.require(Capability.EVENTS)
        clean_title = clean(title, "event title", 200, field="title")
        clean_type = clean(event_type, "event type", 64)
        assert clean_title is not None and clean_type is not None
        clean_audience = clean(audience, "audience", 64, required=False)
        check_capacity(capacity)
        now = self.clock()
        with self.store.transaction() as session:
            self._stop(session, stop_id)
            event = Event(
                id=str(uuid.uuid4()),
                stop_id=stop_id,
                title=clean_title,
                event_type=clean_type,
                audience=clean_audience,
                onsite=onsite,
                uses_registration=uses_registration or capacity is not None,
                capacity=capacity,
                created_at=now,
            )
            session.add(event)
            session.flush()
            outbox.append(
                session,
                EventCreate(
                    event_id=event.id,
                    stop_id=stop_id,
                    title=clean_title,
                    event_type=clean_type,
                    audience=clean_audience,
                    onsite=onsite,
                    uses_registration=event.uses_registration,
                    capacity=capacity,
                ),
                now,
            )
            return event_view(event)

    def events(self, stop_id: str) -> list[EventView]:
        with self.store.read() as session:
            rows = session.scalars(
                select(Event).where(Event.stop_id == stop_id).order_by(Event.created_at)
            )
            return [event_view(e) for e in rows]

    def event(self, event_id: str) -> EventView:
        with self.store.read() as session:
            return event_view(self._event(session, event_id))
