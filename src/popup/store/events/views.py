"""What the event screens are told: the errors, the views and the registration statuses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from popup.domain import attendance as rules
from popup.domain.age_bands import AgeBand
from popup.domain.attendance import EventCounts
from popup.domain.concerns import specifics
from popup.domain.messages import EVENTS
from popup.domain.protocol.actions import RegistrationStatus
from popup.domain.refusals import Refusal
from popup.store.models import Event, Registration, Stop

#: A registration's status (the first two also travel in ``registration_add`` payloads).
REGISTERED = RegistrationStatus.REGISTERED.value
WAITLIST = RegistrationStatus.WAITLIST.value
CHECKED_IN = "checked_in"
CANCELLED = "cancelled"


class EventError(Refusal):
    """A request the event screen refuses, by a key of :data:`popup.domain.messages.EVENTS`;
    ``invalid`` is the number's problem where the sentence embeds one. Keys (params):
    ``EMPTY.<field>``; ``TOO_LONG.<field>`` (length, limit), with fields ``stop_name``,
    ``place``, ``title``, ``event_type``, ``audience``, ``name``; ``NO_TIME_ZONE.start``,
    ``NO_TIME_ZONE.end``; ``ENDS_BEFORE_START``; ``STOP_GONE``, ``EVENT_GONE``,
    ``REGISTRATION_GONE``; ``CAPACITY`` (capacity); ``NOT_A_CARD`` (``invalid``);
    ``ITEM_SCANNED`` (number); ``CARD_REPORTED_LOST`` (number, lost); ``ALREADY_LISTED``
    (number); ``ALREADY_CANCELLED``, ``REGISTRATION_CANCELLED``, ``ALREADY_CHECKED_IN`` (name);
    and the rules' keys of :class:`popup.domain.attendance.CountRefused`; ``BAND_NEEDED``
    (subject).
    """

    CATALOGUE = EVENTS

    @classmethod
    def refused(cls, exc: rules.CountRefused) -> EventError:
        return cls(exc.key, exc.params)


class NotFound(EventError):
    pass


class BandNeeded(EventError):
    """An identified attendee whose age band cannot be worked out: staff must pick one."""

    def __init__(self, subject: str, bands: Sequence[AgeBand]) -> None:
        self.subject = subject
        self.bands = tuple(bands)
        super().__init__("BAND_NEEDED", specifics(subject=subject))


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


def stop_view(s: Stop) -> StopView:
    return StopView(s.id, s.name, s.place, s.starts_at, s.ends_at, s.origin)


def event_view(e: Event) -> EventView:
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


def registration_view(r: Registration) -> RegistrationView:
    return RegistrationView(r.id, r.event_id, r.name, r.patron_card, r.band, r.status, r.position)


def check_capacity(capacity: int | None) -> None:
    if capacity is not None and capacity < 1:
        raise EventError("CAPACITY", specifics(capacity=capacity))


def clean(
    text: str | None, what: str, limit: int, required: bool = True, field: str = ""
) -> str | None:
    field = field or what.replace(" ", "_")
    cleaned = (text or "").strip()
    if not cleaned:
        if required:
            raise EventError(f"EMPTY.{field}")
        return None
    if len(cleaned) > limit:
        raise EventError(f"TOO_LONG.{field}", specifics(length=len(cleaned), limit=limit))
    return cleaned
