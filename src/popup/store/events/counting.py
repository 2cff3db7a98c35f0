"""Counting at an event: taps on a band's + and −, and card scans that count a person once.

Counts are never stored: they are rebuilt from the ``attendance`` rows (one per tap or scan)
with :func:`popup.domain.attendance.fold_event`.
"""

from __future__ import annotations

from sqlalchemy import select

from popup.domain import attendance as rules
from popup.domain.attendance import EventCounts
from popup.domain.staff import Capability
from popup.store.events.base import EventsBase
from popup.store.events.views import (
    CANCELLED,
    CHECKED_IN,
    WAITLIST,
    CountResult,
    EventError,
    ScanResult,
    registration_view,
)
from popup.store.models import Attendance, Registration


class CountingApi(EventsBase):
    def counts(self, event_id: str) -> EventCounts:
        """The event's headcount per band, rebuilt from its recorded actions."""
        with self.store.read() as session:
            self._event(session, event_id)
            return self._counts(session, event_id)

    def count(self, event_id: str, band: str, delta: int) -> CountResult:
        """A tap on a band's + (delta 1) or − (delta -1) button; walk-ins are counted here."""
        self.require(Capability.ATTENDANCE)
        age_band = self._band(band)
        now = self.clock()
        with self.store.transaction() as session:
            self._event(session, event_id)
            before = self._counts(session, event_id)
            try:
                rules.check_delta(before, age_band, delta)
            except rules.CountRefused as exc:
                raise EventError.refused(exc) from None
            entry = self._record(session, event_id, age_band.code, delta, None, None, now)
            after = dict(before.by_band)
            after[age_band.code] = after.get(age_band.code, 0) + delta
            return CountResult(
                entry.seq, event_id, age_band.code, delta, EventCounts(after, before.identified)
            )

    def scan(self, event_id: str, scanned: str, band: str | None = None) -> ScanResult:
        """Count a card-carrying attendee once; a repeat scan writes nothing.

        On an event with a registration list, a card on the list checks that person in. ``band``
        is staff's choice after :class:`BandNeeded`.
        """
        self.require(Capability.ATTENDANCE)
        chosen = self._band(band) if band is not None else None
        now = self.clock()
        with self.store.transaction() as session:
            event = self._event(session, event_id)
            card, patron = self._card_number(session, scanned)
            registration = None
            if event.uses_registration:
                registration = session.scalar(
                    select(Registration).where(
                        Registration.event_id == event_id,
                        Registration.patron_card == card,
                        Registration.status != CANCELLED,
                    )
                )
            existing = session.scalar(
                select(Attendance).where(
                    Attendance.event_id == event_id, Attendance.patron_card == card
                )
            )
            if existing is not None:
                return ScanResult(
                    event_id,
                    card,
                    existing.band,
                    already_counted=True,
                    counts=self._counts(session, event_id),
                    registration=registration_view(registration) if registration else None,
                )
            subject = patron.name if patron else f"Card {card} (not on this laptop)"
            age_band = chosen or self._attendee_band(patron, registration, subject)
            entry = self._record(
                session,
                event_id,
                age_band.code,
                1,
                card,
                registration.id if registration else None,
                now,
            )
            from_waitlist = registration is not None and registration.status == WAITLIST
            if registration is not None:
                registration.status = CHECKED_IN
                registration.band = registration.band or age_band.code
            return ScanResult(
                event_id,
                card,
                age_band.code,
                already_counted=False,
                counts=self._counts(session, event_id),
                seq=entry.seq,
                registration=registration_view(registration) if registration else None,
                from_waitlist=from_waitlist,
            )
