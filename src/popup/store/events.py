"""Outreach stops, events and attendance: the store API behind the event and stop report screens.

Every write is one store transaction holding the business rows and their outbox record, like a
checkout, so a confirmed tap survives a crash and uploads exactly once. Counts are never stored:
they are rebuilt from the ``attendance`` rows (one per tap or scan) with
:func:`popup.domain.attendance.fold_event`.

Errors are :class:`EventError` subclasses whose ``str()`` is a sentence for staff.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from popup.domain import attendance as rules
from popup.domain.age_bands import AgeBand
from popup.domain.attendance import EventCounts, HourActivity, SurveyEvent, Tally
from popup.domain.cards import InvalidNumber, ScanKind, parse_scan
from popup.domain.concerns import specifics
from popup.domain.mutations import Kind
from popup.domain.refusals import Refusal
from popup.store import outbox
from popup.store.library import StoreService
from popup.store.models import (
    Attendance,
    Event,
    OutboxEntry,
    Patron,
    PatronAlias,
    Registration,
    Stop,
)

#: Circulation just before a stop's start or after its end still belongs to its session.
SESSION_GRACE = timedelta(minutes=30)

REGISTERED = "registered"
WAITLIST = "waitlist"
CHECKED_IN = "checked_in"
CANCELLED = "cancelled"


class EventError(Refusal):
    """A request the event screen refuses; ``str(exc)`` is the message for staff.

    ``key`` and ``params`` say the same in parts for a UI that words it in its language;
    ``invalid`` is the number's problem where the sentence embeds one. Keys (params):
    ``EMPTY.<field>``; ``TOO_LONG.<field>`` (length, limit), with fields ``stop_name``,
    ``place``, ``title``, ``event_type``, ``audience``, ``name``; ``NO_TIME_ZONE.start``,
    ``NO_TIME_ZONE.end``; ``ENDS_BEFORE_START``; ``STOP_GONE``, ``EVENT_GONE``,
    ``REGISTRATION_GONE``; ``CAPACITY`` (capacity); ``NOT_A_CARD`` (``invalid``);
    ``ITEM_SCANNED`` (number); ``ALREADY_LISTED`` (number); ``ALREADY_CANCELLED``,
    ``REGISTRATION_CANCELLED``, ``ALREADY_CHECKED_IN`` (name); and the rules' keys of
    :class:`popup.domain.attendance.CountRefused`. Empty for :class:`BandNeeded`.
    """

    @classmethod
    def refused(cls, exc: rules.CountRefused) -> EventError:
        return cls(str(exc), exc.key, exc.params)


class NotFound(EventError):
    pass


class BandNeeded(EventError):
    """An identified attendee whose age band cannot be worked out: staff must pick one."""

    def __init__(self, subject: str, bands: Sequence[AgeBand]) -> None:
        self.subject = subject
        self.bands = tuple(bands)
        super().__init__(f"{subject}: choose the age band to count them in.")


@dataclass(frozen=True)
class StopView:
    id: str
    name: str
    place: str | None
    starts_at: datetime | None
    ends_at: datetime | None
    origin: str


@dataclass(frozen=True)
class EventView:
    id: str
    stop_id: str
    title: str
    event_type: str
    audience: str | None
    onsite: bool
    uses_registration: bool
    capacity: int | None
    created_at: datetime


@dataclass(frozen=True)
class RegistrationView:
    id: str
    event_id: str
    name: str
    patron_card: str | None
    band: str | None
    status: str
    position: int


@dataclass(frozen=True)
class CountResult:
    seq: int
    event_id: str
    band: str
    delta: int
    counts: EventCounts


@dataclass(frozen=True)
class ScanResult:
    """A card scan at an event. ``already_counted`` means nothing was written."""

    event_id: str
    patron_card: str
    band: str
    already_counted: bool
    counts: EventCounts
    seq: int | None = None
    #: The registration this scan checked in, if the card was on the event's list.
    registration: RegistrationView | None = None
    #: The person checked in was on the waitlist (the event is now over its capacity).
    from_waitlist: bool = False


@dataclass(frozen=True)
class RegistrationResult:
    seq: int
    registration: RegistrationView
    promoted: list[RegistrationView] = field(default_factory=list)


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


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _stop_view(s: Stop) -> StopView:
    return StopView(s.id, s.name, s.place, s.starts_at, s.ends_at, s.origin)


def _event_view(e: Event) -> EventView:
    return EventView(
        id=e.id,
        stop_id=e.stop_id,
        title=e.title,
        event_type=e.event_type,
        audience=e.audience,
        onsite=e.onsite,
        uses_registration=e.uses_registration,
        capacity=e.capacity,
        created_at=e.created_at,
    )


def _registration_view(r: Registration) -> RegistrationView:
    return RegistrationView(r.id, r.event_id, r.name, r.patron_card, r.band, r.status, r.position)


def _clean(
    text: str | None, what: str, limit: int, required: bool = True, field: str = ""
) -> str | None:
    field = field or what.replace(" ", "_")
    cleaned = (text or "").strip()
    if not cleaned:
        if required:
            raise EventError(f"The {what} is empty; type a {what}.", f"EMPTY.{field}")
        return None
    if len(cleaned) > limit:
        raise EventError(
            f"The {what} is too long ({len(cleaned)} characters, at most {limit}).",
            f"TOO_LONG.{field}",
            specifics(length=len(cleaned), limit=limit),
        )
    return cleaned


class Events(StoreService):
    """Stops, events and attendance over one store. Use from one thread at a time."""

    @property
    def bands(self) -> tuple[AgeBand, ...]:
        return self.config.attendance_bands

    def _today(self) -> date:
        return self.clock().astimezone(self.config.zone).date()

    # -- stops -------------------------------------------------------------------------------

    def open_stop(
        self,
        name: str,
        place: str | None = None,
        starts_at: datetime | None = None,
        ends_at: datetime | None = None,
    ) -> StopView:
        """Create a stop on this laptop (the server sends the planned ones)."""
        clean_name = _clean(name, "stop name", 200)
        assert clean_name is not None
        clean_place = _clean(place, "place", 300, required=False)
        for label, moment in (("start", starts_at), ("end", ends_at)):
            if moment is not None and moment.tzinfo is None:
                raise EventError(
                    f"The stop's {label} time has no time zone.", f"NO_TIME_ZONE.{label}"
                )
        if starts_at and ends_at and ends_at <= starts_at:
            raise EventError(
                "The stop ends before it starts; check the start and end times.",
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
                Kind.STOP_OPEN,
                {
                    "stop_id": stop.id,
                    "name": clean_name,
                    "place": clean_place,
                    "starts_at": starts_at.isoformat() if starts_at else None,
                    "ends_at": ends_at.isoformat() if ends_at else None,
                },
                now,
            )
            session.flush()
            return _stop_view(stop)

    def stops(self) -> list[StopView]:
        """All stops, by start time (stops without a time last, newest first among them)."""
        with self.store.read() as session:
            rows = [_stop_view(s) for s in session.scalars(select(Stop))]
        far = datetime.max.replace(tzinfo=UTC)
        rows.sort(key=lambda s: (s.starts_at or far, s.name))
        return rows

    def current_stop(self) -> StopView | None:
        """The stop running now, else the latest one that has started, else the first."""
        now = self.clock()
        stops = self.stops()
        running = [
            s
            for s in stops
            if s.starts_at is not None
            and s.starts_at - SESSION_GRACE <= now <= (s.ends_at or now) + SESSION_GRACE
        ]
        if running:
            return running[-1]
        started = [s for s in stops if s.starts_at is not None and s.starts_at <= now]
        if started:
            return started[-1]
        return stops[0] if stops else None

    def _stop(self, session: Session, stop_id: str) -> Stop:
        stop = session.get(Stop, stop_id)
        if stop is None:
            raise NotFound(
                "That stop is not on this laptop any more; choose another stop.", "STOP_GONE"
            )
        return stop

    # -- events ------------------------------------------------------------------------------

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
        clean_title = _clean(title, "event title", 200, field="title")
        clean_type = _clean(event_type, "event type", 64)
        assert clean_title is not None and clean_type is not None
        clean_audience = _clean(audience, "audience", 64, required=False)
        if capacity is not None and capacity < 1:
            raise EventError(
                f"The capacity must be 1 or more, not {capacity}; leave it empty.",
                "CAPACITY",
                specifics(capacity=capacity),
            )
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
                Kind.EVENT_CREATE,
                {
                    "event_id": event.id,
                    "stop_id": stop_id,
                    "title": clean_title,
                    "event_type": clean_type,
                    "audience": clean_audience,
                    "onsite": onsite,
                    "uses_registration": event.uses_registration,
                    "capacity": capacity,
                },
                now,
            )
            return _event_view(event)

    def events(self, stop_id: str) -> list[EventView]:
        with self.store.read() as session:
            rows = session.scalars(
                select(Event).where(Event.stop_id == stop_id).order_by(Event.created_at)
            )
            return [_event_view(e) for e in rows]

    def event(self, event_id: str) -> EventView:
        with self.store.read() as session:
            return _event_view(self._event(session, event_id))

    def _event(self, session: Session, event_id: str) -> Event:
        event = session.get(Event, event_id)
        if event is None:
            raise NotFound(
                "That event is not on this laptop any more; choose another event.", "EVENT_GONE"
            )
        return event

    # -- counting ----------------------------------------------------------------------------

    def _counts(self, session: Session, event_id: str) -> EventCounts:
        # SQLite sums the event's rows per band (and per scanned or not); the fold puts the
        # sums in the library's band order. Still rebuilt from the rows on every call.
        identified = Attendance.patron_card.is_not(None)
        rows = session.execute(
            select(Attendance.band, identified, func.sum(Attendance.delta))
            .where(Attendance.event_id == event_id)
            .group_by(Attendance.band, identified)
        ).all()
        return rules.fold_event(
            (
                Tally(event_id, band, int(total), _EPOCH, "" if by_card else None)
                for band, by_card, total in rows
            ),
            self.bands,
        )

    def counts(self, event_id: str) -> EventCounts:
        """The event's headcount per band, rebuilt from its recorded actions."""
        with self.store.read() as session:
            self._event(session, event_id)
            return self._counts(session, event_id)

    def count(self, event_id: str, band: str, delta: int) -> CountResult:
        """A tap on a band's + (delta 1) or − (delta -1) button; walk-ins are counted here."""
        try:
            age_band = rules.find_band(self.bands, band)
        except rules.CountRefused as exc:
            raise EventError.refused(exc) from None
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

    def _record(
        self,
        session: Session,
        event_id: str,
        band: str,
        delta: int,
        card: str | None,
        registration_id: str | None,
        now: datetime,
    ) -> outbox.Appended:
        payload: dict[str, object] = {
            "event_id": event_id,
            "band": band,
            "counted_at": now.isoformat(),
            "registration_id": registration_id,
        }
        if card is None:
            payload["delta"] = delta
            kind = Kind.ATTENDANCE_COUNT
        else:
            payload["patron_card"] = card
            kind = Kind.ATTENDANCE_SCAN
        entry = outbox.append(session, kind, payload, now)
        session.add(
            Attendance(
                event_id=event_id,
                band=band,
                delta=delta,
                patron_card=card,
                counted_at=now,
                mutation_id=entry.mutation_id,
            )
        )
        session.flush()
        return entry

    def _patron(self, session: Session, number: str) -> Patron | None:
        patron = session.scalar(select(Patron).where(Patron.card_number == number))
        if patron is None:
            alias = session.get(PatronAlias, number)
            if alias is not None:
                patron = session.get(Patron, alias.patron_id)
        return patron

    def _card_number(self, session: Session, scanned: str) -> tuple[str, Patron | None]:
        """The card number in a scan and its patron (None for a valid card not on file)."""
        try:
            number = parse_scan(scanned)
        except InvalidNumber as exc:
            raise EventError(f"Not a library card: {exc}", "NOT_A_CARD", invalid=exc) from None
        patron = self._patron(session, number)
        if patron is not None:
            return patron.card_number, patron
        try:
            kind, number = self.config.card_format.validate(number)
        except InvalidNumber as exc:
            raise EventError(f"Not a library card: {exc}", "NOT_A_CARD", invalid=exc) from None
        if kind is ScanKind.ITEM:
            raise EventError(
                f"“{number}” is an item barcode, not a library card.",
                "ITEM_SCANNED",
                specifics(number=number),
            )
        return number, None

    def _attendee_band(
        self, patron: Patron | None, registration: Registration | None, subject: str
    ) -> AgeBand:
        if registration is not None and registration.band:
            try:
                return rules.find_band(self.bands, registration.band)
            except ValueError:
                pass  # a band the library has since removed: work it out again
        found = None
        if patron is not None:
            found = rules.band_for_attendee(
                self.bands,
                day=self._today(),
                born=patron.date_of_birth,
                category=patron.category,
                category_bands=self.config.category_bands,
            )
        if found is None:
            raise BandNeeded(subject, self.bands)
        return found

    def scan(self, event_id: str, scanned: str, band: str | None = None) -> ScanResult:
        """Count a card-carrying attendee once; a repeat scan writes nothing.

        On an event with a registration list, a card on the list checks that person in. ``band``
        is staff's choice after :class:`BandNeeded`.
        """
        chosen = None
        if band is not None:
            try:
                chosen = rules.find_band(self.bands, band)
            except rules.CountRefused as exc:
                raise EventError.refused(exc) from None
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
                    registration=_registration_view(registration) if registration else None,
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
                registration=_registration_view(registration) if registration else None,
                from_waitlist=from_waitlist,
            )

    # -- registration list -------------------------------------------------------------------

    def registrations(self, event_id: str) -> list[RegistrationView]:
        """Registered and checked-in people by sign-up order, then the waitlist, then cancelled."""
        order = {CHECKED_IN: 0, REGISTERED: 0, WAITLIST: 1, CANCELLED: 2}
        with self.store.read() as session:
            self._event(session, event_id)
            rows = [
                _registration_view(r)
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
        clean_name = _clean(name, "name", 200)
        assert clean_name is not None
        if band is not None:
            try:
                rules.find_band(self.bands, band)
            except rules.CountRefused as exc:
                raise EventError.refused(exc) from None
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
                    raise EventError(
                        f"Card {number} is already on this event's list.",
                        "ALREADY_LISTED",
                        specifics(number=number),
                    )
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
                Kind.REGISTRATION_ADD,
                {
                    "registration_id": reg.id,
                    "event_id": event_id,
                    "name": clean_name,
                    "status": reg.status,
                    "registered_at": now.isoformat(),
                    "patron_card": number,
                    "band": band,
                },
                now,
            )
            return RegistrationResult(entry.seq, _registration_view(reg))

    def _registration(self, session: Session, registration_id: str) -> Registration:
        reg = session.get(Registration, registration_id)
        if reg is None:
            raise NotFound("That registration is not on this laptop any more.", "REGISTRATION_GONE")
        return reg

    def cancel_registration(self, registration_id: str) -> RegistrationResult:
        """Take someone off the list; the first people waiting move up if there is room."""
        now = self.clock()
        with self.store.transaction() as session:
            reg = self._registration(session, registration_id)
            if reg.status == CANCELLED:
                raise EventError(
                    f"{reg.name}'s registration was already cancelled.",
                    "ALREADY_CANCELLED",
                    specifics(name=reg.name),
                )
            if reg.status == CHECKED_IN:
                raise EventError(
                    f"{reg.name} has already checked in and is counted.",
                    "ALREADY_CHECKED_IN",
                    specifics(name=reg.name),
                )
            reg.status = CANCELLED
            session.flush()
            promoted = self._promote(session, self._event(session, reg.event_id))
            entry = outbox.append(
                session,
                Kind.REGISTRATION_CANCEL,
                {
                    "registration_id": reg.id,
                    "event_id": reg.event_id,
                    "cancelled_at": now.isoformat(),
                    "promoted": [p.id for p in promoted],
                },
                now,
            )
            return RegistrationResult(
                entry.seq, _registration_view(reg), [_registration_view(p) for p in promoted]
            )

    def set_capacity(self, event_id: str, capacity: int | None) -> list[RegistrationView]:
        """Change how many may register (None = no limit); returns the people promoted."""
        if capacity is not None and capacity < 1:
            raise EventError(
                f"The capacity must be 1 or more, not {capacity}; leave it empty.",
                "CAPACITY",
                specifics(capacity=capacity),
            )
        now = self.clock()
        with self.store.transaction() as session:
            event = self._event(session, event_id)
            event.capacity = capacity
            event.uses_registration = True
            promoted = self._promote(session, event)
            outbox.append(
                session,
                Kind.EVENT_CAPACITY,
                {
                    "event_id": event_id,
                    "capacity": capacity,
                    "changed_at": now.isoformat(),
                    "promoted": [p.id for p in promoted],
                },
                now,
            )
            return [_registration_view(p) for p in promoted]

    def check_in(self, registration_id: str, band: str | None = None) -> ScanResult | CountResult:
        """Check in a registered (or waitlisted) person by click; they are counted once."""
        with self.store.read() as session:
            reg = self._registration(session, registration_id)
            card, status, name, event_id = reg.patron_card, reg.status, reg.name, reg.event_id
        if status == CANCELLED:
            raise EventError(
                f"{name}'s registration was cancelled; register them again.",
                "REGISTRATION_CANCELLED",
                specifics(name=name),
            )
        if status == CHECKED_IN:
            raise EventError(
                f"{name} is already checked in and counted.",
                "ALREADY_CHECKED_IN",
                specifics(name=name),
            )
        if card is not None:
            return self.scan(event_id, card, band)
        chosen = None
        if band is not None:
            try:
                chosen = rules.find_band(self.bands, band)
            except rules.CountRefused as exc:
                raise EventError.refused(exc) from None
        now = self.clock()
        with self.store.transaction() as session:
            reg = self._registration(session, registration_id)
            if reg.status == CHECKED_IN:  # checked in by another path since the read above
                raise EventError(
                    f"{reg.name} is already checked in and counted.",
                    "ALREADY_CHECKED_IN",
                    specifics(name=reg.name),
                )
            age_band = chosen or self._attendee_band(None, reg, reg.name)
            entry = self._record(session, reg.event_id, age_band.code, 1, None, reg.id, now)
            reg.status = CHECKED_IN
            reg.band = reg.band or age_band.code
            return CountResult(
                entry.seq, reg.event_id, age_band.code, 1, self._counts(session, reg.event_id)
            )

    # -- the stop report ---------------------------------------------------------------------

    def _window(self, session: Session, stop: Stop) -> tuple[datetime, datetime]:
        """The stop's session: its planned times (with some grace), else from its opening."""
        now = self.clock()
        start = stop.starts_at
        if start is None:
            opened = session.scalars(
                select(OutboxEntry.client_time)
                .where(OutboxEntry.kind == Kind.STOP_OPEN.value)
                .where(OutboxEntry.payload.contains(stop.id))
                .limit(1)
            ).first()
            start = opened or now
        else:
            start = start - SESSION_GRACE
        end = stop.ends_at + SESSION_GRACE if stop.ends_at is not None else None
        if end is None:
            later = session.scalars(
                select(Stop.starts_at)
                .where(Stop.starts_at.is_not(None), Stop.starts_at > start, Stop.id != stop.id)
                .order_by(Stop.starts_at)
                .limit(1)
            ).first()
            end = later - SESSION_GRACE if later is not None else max(now, start)
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
                    OutboxEntry.kind.in_([*ACTIVITY_GROUPS, Kind.IN_HOUSE_USE.value]),
                )
            ).all()
            events = [
                _event_view(e)
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
            view = _stop_view(stop)
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
            checkouts=kinds.count(Kind.CHECKOUT.value),
            returns=kinds.count(Kind.CHECKIN.value),
            renewals=kinds.count(Kind.RENEW.value),
            new_patrons=kinds.count(Kind.PATRON_REGISTER.value),
            in_house_uses=kinds.count(Kind.IN_HOUSE_USE.value),
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

    def write_survey_csv(self, stop_ids: Sequence[str], path: str) -> int:
        """Write the survey CSV (UTF-8 with a BOM so spreadsheets read accents); returns rows."""
        import csv

        table = self.survey_table(stop_ids)
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(table)
        return len(table) - 1
