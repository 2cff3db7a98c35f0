"""An event's registration list: registered while there is room, then a waitlist that moves
up in order; checking in counts the person once."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from popup.domain.concerns import specifics
from popup.domain.protocol.actions import (
    EventCapacity,
    RegistrationAdd,
    RegistrationCancel,
    RegistrationStatus,
)
from popup.domain.staff import Capability
from popup.store import outbox
from popup.store.events.counting import CountingApi
from popup.store.events.views import (
    CANCELLED,
    CHECKED_IN,
    REGISTERED,
    WAITLIST,
    CountResult,
    EventError,
    NotFound,
    RegistrationResult,
    RegistrationView,
    ScanResult,
    check_capacity,
    clean,
    registration_view,
)
from popup.store.models import Event, Registration


class RegistrationsApi(CountingApi):
    def registrations(self, event_id: str) -> list[RegistrationView]:
        """Registered and checked-in people by sign-up order, then the waitlist, then cancelled."""
        self.require(Capability.EVENTS)
        order = {CHECKED_IN: 0, REGISTERED: 0, WAITLIST: 1, CANCELLED: 2}
        with self.store.read() as session:
            self._event(session, event_id)
            rows = [
                registration_view(r)
                for r in session.scalars(
                    select(Registration).where(Registration.event_id == event_id)
                )
            ]
        rows.sort(key=lambda r: (order.get(r.status, 3), r.position))
        return rows

    def _taken(self, session: Session, event_id: str) -> int:
        return int(
            session.scalar(
                select(func.count())
                .select_from(Registration)
                .where(
                    Registration.event_id == event_id,
                    Registration.status.in_((REGISTERED, CHECKED_IN)),
                )
            )
            or 0
        )

    def _promote(self, session: Session, event: Event) -> list[Registration]:
        """Move people from the waitlist, in order, while there is room."""
        if event.capacity is None:
            room = None
        else:
            room = event.capacity - self._taken(session, event.id)
            if room <= 0:
                return []
        waiting = session.scalars(
            select(Registration)
            .where(Registration.event_id == event.id, Registration.status == WAITLIST)
            .order_by(Registration.position)
        )
        promoted: list[Registration] = []
        for r in waiting:
            if room is not None and len(promoted) >= room:
                break
            r.status = REGISTERED
            promoted.append(r)
        return promoted

    def register(
        self, event_id: str, name: str, card: str | None = None, band: str | None = None
    ) -> RegistrationResult:
        """Add a person to the list: registered while there is room, else on the waitlist."""
        self.require(Capability.EVENTS)
        clean_name = clean(name, "name", 200)
        assert clean_name is not None
        if band is not None:
            self._band(band)  # one of the library's bands
        now = self.clock()
        with self.store.transaction() as session:
            event = self._event(session, event_id)
            number = None
            if card is not None and card.strip():
                number, _ = self._card_number(session, card)
                dup = session.scalar(
                    select(Registration.name).where(
                        Registration.event_id == event_id,
                        Registration.patron_card == number,
                        Registration.status != CANCELLED,
                    )
                )
                if dup is not None:
                    raise EventError("ALREADY_LISTED", specifics(number=number))
            if not event.uses_registration:
                event.uses_registration = True
            full = event.capacity is not None and self._taken(session, event_id) >= event.capacity
            position = int(
                session.scalar(
                    select(func.coalesce(func.max(Registration.position), 0)).where(
                        Registration.event_id == event_id
                    )
                )
                or 0
            )
            reg = Registration(
                id=str(uuid.uuid4()),
                event_id=event_id,
                name=clean_name,
                patron_card=number,
                status=WAITLIST if full else REGISTERED,
                position=position + 1,
                band=band,
                registered_at=now,
            )
            session.add(reg)
            session.flush()
            entry = outbox.append(
                session,
                RegistrationAdd(
                    registration_id=reg.id,
                    event_id=event_id,
                    name=clean_name,
                    status=RegistrationStatus(reg.status),
                    registered_at=now,
                    patron_card=number,
                    band=band,
                ),
                now,
            )
            return RegistrationResult(entry.seq, registration_view(reg))

    def _registration(self, session: Session, registration_id: str) -> Registration:
        reg = session.get(Registration, registration_id)
        if reg is None:
            raise NotFound("REGISTRATION_GONE")
        return reg

    def cancel_registration(self, registration_id: str) -> RegistrationResult:
        """Take someone off the list; the first people waiting move up if there is room."""
        self.require(Capability.EVENTS)
        now = self.clock()
        with self.store.transaction() as session:
            reg = self._registration(session, registration_id)
            if reg.status == CANCELLED:
                raise EventError("ALREADY_CANCELLED", specifics(name=reg.name))
            if reg.status == CHECKED_IN:
                raise EventError("ALREADY_CHECKED_IN", specifics(name=reg.name))
            reg.status = CANCELLED
            session.flush()
            promoted = self._promote(session, self._event(session, reg.event_id))
            entry = outbox.append(
                session,
                RegistrationCancel(
                    registration_id=reg.id,
                    event_id=reg.event_id,
                    cancelled_at=now,
                    promoted=tuple(p.id for p in promoted),
                ),
                now,
            )
            return RegistrationResult(
                entry.seq, registration_view(reg), [registration_view(p) for p in promoted]
            )

    def set_capacity(self, event_id: str, capacity: int | None) -> list[RegistrationView]:
        """Change how many may register (None = no limit); returns the people promoted."""
        self.require(Capability.EVENTS)
        check_capacity(capacity)
        now = self.clock()
        with self.store.transaction() as session:
            event = self._event(session, event_id)
            event.capacity = capacity
            event.uses_registration = True
            promoted = self._promote(session, event)
            outbox.append(
                session,
                EventCapacity(
                    event_id=event_id,
                    capacity=capacity,
                    changed_at=now,
                    promoted=tuple(p.id for p in promoted),
                ),
                now,
            )
            return [registration_view(p) for p in promoted]

    def check_in(self, registration_id: str, band: str | None = None) -> ScanResult | CountResult:
        """Check in a registered (or waitlisted) person by click; they are counted once."""
        self.require(Capability.ATTENDANCE)
        with self.store.read() as session:
            reg = self._registration(session, registration_id)
            card, status, name, event_id = reg.patron_card, reg.status, reg.name, reg.event_id
        if status == CANCELLED:
            raise EventError("REGISTRATION_CANCELLED", specifics(name=name))
        if status == CHECKED_IN:
            raise EventError("ALREADY_CHECKED_IN", specifics(name=name))
        if card is not None:
            return self.scan(event_id, card, band)
        chosen = self._band(band) if band is not None else None
        now = self.clock()
        with self.store.transaction() as session:
            reg = self._registration(session, registration_id)
            if reg.status == CHECKED_IN:  # checked in by another path since the read above
                raise EventError("ALREADY_CHECKED_IN", specifics(name=reg.name))
            age_band = chosen or self._attendee_band(None, reg, reg.name)
            entry = self._record(session, reg.event_id, age_band.code, 1, None, reg.id, now)
            reg.status = CHECKED_IN
            reg.band = reg.band or age_band.code
            return CountResult(
                entry.seq, reg.event_id, age_band.code, 1, self._counts(session, reg.event_id)
            )
