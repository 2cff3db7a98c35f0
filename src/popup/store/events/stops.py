"""Stops: opened on this laptop or planned at the server, and which one is today's."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select

from popup.domain import stops as stop_rules
from popup.domain.protocol.actions import StopOpen
from popup.domain.staff import Capability
from popup.store import outbox
from popup.store.events.base import EventsBase
from popup.store.events.views import EventError, StopView, clean, stop_view
from popup.store.models import Stop


class StopsApi(EventsBase):
    def open_stop(
        self,
        name: str,
        place: str | None = None,
        starts_at: datetime | None = None,
        ends_at: datetime | None = None,
    ) -> StopView:
        """Create a stop on this laptop (the server sends the planned ones)."""
        self.require(Capability.EVENTS)
        clean_name = clean(name, "stop name", 200)
        assert clean_name is not None
        clean_place = clean(place, "place", 300, required=False)
        for label, moment in (("start", starts_at), ("end", ends_at)):
            if moment is not None and moment.tzinfo is None:
                raise EventError(f"NO_TIME_ZONE.{label}")
        if starts_at and ends_at and ends_at <= starts_at:
            raise EventError(
                "ENDS_BEFORE_START",
            )
        now = self.clock()
        with self.store.transaction() as session:
            stop = Stop(
                id=str(uuid.uuid4()),
                name=clean_name,
                place=clean_place,
                starts_at=starts_at,
                ends_at=ends_at,
                origin="local",
            )
            session.add(stop)
            outbox.append(
                session,
                StopOpen(
                    stop_id=stop.id,
                    name=clean_name,
                    place=clean_place,
                    starts_at=starts_at,
                    ends_at=ends_at,
                ),
                now,
            )
            session.flush()
            return stop_view(stop)

    def stops(self) -> list[StopView]:
        """All stops, by start time (stops without a time last, newest first among them)."""
        with self.store.read() as session:
            rows = [stop_view(s) for s in session.scalars(select(Stop))]
        far = datetime.max.replace(tzinfo=UTC)
        rows.sort(key=lambda s: (s.starts_at or far, s.name))
        return rows

    def current_stop(self) -> StopView | None:
        """Today's stop by :func:`popup.domain.stops.current_stop` (the window's rule too)."""
        return stop_rules.current_stop(self.stops(), self.clock(), self.config.zone)
