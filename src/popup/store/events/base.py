"""What every part of the events API shares: the store, the bands, finding rows, recording
a headcount."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from popup.domain import attendance as rules
from popup.domain.age_bands import AgeBand
from popup.domain.attendance import EventCounts, Tally
from popup.domain.cards import InvalidNumber, ScanKind, parse_scan
from popup.domain.concerns import specifics
from popup.domain.protocol.actions import AttendanceCount, AttendanceScan, Payload
from popup.store import outbox
from popup.store.events.views import BandNeeded, EventError, NotFound
from popup.store.library import StoreService
from popup.store.models import Attendance, Event, Patron, PatronAlias, Registration, Stop

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class EventsBase(StoreService):
    """The helpers the stop, event, counting, registration and report parts share."""

    @property
    def bands(self) -> tuple[AgeBand, ...]:
        return self.config.attendance_bands

    def _band(self, code: str) -> AgeBand:
        """The library's attendance band ``code``, or the rules' refusal."""
        try:
            return rules.find_band(self.bands, code)
        except rules.CountRefused as exc:
            raise EventError.refused(exc) from None

    def _today(self) -> date:
        return self.clock().astimezone(self.config.zone).date()

    def _stop(self, session: Session, stop_id: str) -> Stop:
        stop = session.get(Stop, stop_id)
        if stop is None:
            raise NotFound("STOP_GONE")
        return stop

    def _event(self, session: Session, event_id: str) -> Event:
        event = session.get(Event, event_id)
        if event is None:
            raise NotFound("EVENT_GONE")
        return event

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
        payload: Payload
        if card is None:
            payload = AttendanceCount(
                event_id=event_id,
                band=band,
                delta=delta,
                counted_at=now,
                registration_id=registration_id,
            )
        else:
            payload = AttendanceScan(
                event_id=event_id,
                patron_card=card,
                band=band,
                counted_at=now,
                registration_id=registration_id,
            )
        entry = outbox.append(session, payload, now)
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
            if alias is not None and alias.lost_at is not None:
                # A card reported lost is refused here as at the desk: the person is
                # counted with their age band's +1, the card is not taken as theirs.
                lost_on = alias.lost_at.astimezone(self.config.zone).date()
                raise EventError(
                    "CARD_REPORTED_LOST", specifics(number=number, lost=lost_on.isoformat())
                )
            if alias is not None:
                patron = session.get(Patron, alias.patron_id)
        return patron

    def _card_number(self, session: Session, scanned: str) -> tuple[str, Patron | None]:
        """The card number in a scan and its patron (None for a valid card not on file)."""
        try:
            number = parse_scan(scanned, self.config.card_format)
        except InvalidNumber as exc:
            raise EventError("NOT_A_CARD", invalid=exc) from None
        patron = self._patron(session, number)
        if patron is not None:
            return patron.card_number, patron
        try:
            kind, number = self.config.card_format.validate(number)
        except InvalidNumber as exc:
            raise EventError("NOT_A_CARD", invalid=exc) from None
        if kind is ScanKind.ITEM:
            raise EventError("ITEM_SCANNED", specifics(number=number))
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
