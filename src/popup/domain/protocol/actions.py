"""The actions a laptop records and uploads: one typed payload per kind.

Every action is one outbox record ``(device_id, seq, mutation_id, client_time, kind, payload)``
(:class:`~popup.domain.protocol.envelopes.Mutation` on the wire). The payload holds everything
the server needs to replay the action without asking the laptop anything. The laptop builds a
payload class below and the outbox stores :func:`~popup.domain.protocol.wire.encode` of it; the
server parses the upload back into the same class with :func:`parse_payload`. Each class is
the one description of its kind: its fields, their types and checks (see
:mod:`popup.domain.protocol.wire`). Times carry a UTC offset; dates are ``YYYY-MM-DD``.

Fields with a default may be absent from an upload (payloads written by an older laptop).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, ClassVar

from popup.domain.payments import MAX_AMOUNT_CENTS, MAX_NOTE, PaymentMethod
from popup.domain.protocol.wire import Checked, WireError, decode, encode, spec


class Kind(enum.StrEnum):
    CHECKOUT = "checkout"
    CHECKIN = "checkin"
    RENEW = "renew"
    IN_HOUSE_USE = "in_house_use"
    UNDO = "undo"
    PATRON_REGISTER = "patron_register"
    STOP_OPEN = "stop_open"
    EVENT_CREATE = "event_create"
    ATTENDANCE_COUNT = "attendance_count"
    ATTENDANCE_SCAN = "attendance_scan"
    REGISTRATION_ADD = "registration_add"
    REGISTRATION_CANCEL = "registration_cancel"
    EVENT_CAPACITY = "event_capacity"
    CARD_REPLACE = "card_replace"
    CARD_RENEW = "card_renew"
    PAYMENT = "payment"


class PayloadError(WireError):
    """A payload that does not match its kind; the message names the kind and the field."""

    def __init__(self, kind: str, field: str, problem: str) -> None:
        self.kind = kind
        super().__init__(field, problem)
        if kind:
            where = f"{kind} payload field {field!r}" if field else f"{kind} payload"
            self.args = (f"{where} {problem}",)

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True, kw_only=True)
class Payload(Checked):
    """Base of the payload classes; ``KIND`` says which action each one is."""

    KIND: ClassVar[Kind]

    def to_wire(self) -> dict[str, Any]:
        return encode(self)


# -- circulation ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Checkout(Payload):
    KIND = Kind.CHECKOUT
    loan_id: str = spec(uuid=True)
    patron_card: str
    item_barcode: str
    out_at: datetime
    due_date: date
    #: Staff's reason for overriding ``concerns`` (None: there was nothing to override).
    override_reason: str | None = None
    #: The rules' concern codes at the desk (``popup.domain.concerns.Code`` values).
    concerns: tuple[str, ...] = ()
    #: Another loan of the item that this checkout closed (a hand-over), if any.
    closed_loan_id: str | None = spec(None, uuid=True)
    #: The patron's hold this checkout fills at the desk (they picked it up), if any.
    hold_id: str | None = spec(None, max_length=64, omit_none=True)
    #: The patron was found by name (a forgotten card), not by a scan of their card. Older
    #: laptops leave it out: they had no lookup.
    found_by_lookup: bool = False


@dataclass(frozen=True, kw_only=True)
class Checkin(Payload):
    KIND = Kind.CHECKIN
    item_barcode: str
    returned_at: datetime
    #: The loan the return closed on the laptop (None: the item was not on loan there).
    loan_id: str | None = spec(None, uuid=True)
    #: The hold the desk set the item aside for (a patron waits for it here), if any.
    hold_id: str | None = spec(None, max_length=64, omit_none=True)


@dataclass(frozen=True, kw_only=True)
class Renew(Payload):
    KIND = Kind.RENEW
    loan_id: str = spec(uuid=True)
    item_barcode: str
    patron_card: str
    renewed_at: datetime
    due_date: date
    #: The loan's renewal count after this renewal.
    renewals: int = spec(min=0)
    previous_due_date: date | None = None
    override_reason: str | None = None
    concerns: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class InHouseUse(Payload):
    KIND = Kind.IN_HOUSE_USE
    item_barcode: str
    count: int = spec(min=1, max=999)
    used_at: datetime


@dataclass(frozen=True, kw_only=True)
class Undo(Payload):
    """A compensating action: the target is never deleted (see :mod:`popup.domain.undo`)."""

    KIND = Kind.UNDO
    target_mutation_id: str = spec(uuid=True)
    target_kind: Kind
    target_seq: int | None = spec(None, min=1)
    reason: str | None = None
    undone_at: datetime | None = None


# -- sign-up ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PatronRegister(Payload):
    """A sign-up. The personal fields (:data:`PERSONAL_FIELDS`) travel once: the laptop erases
    them after the server acknowledges the action, and the server's applied log keeps
    :meth:`without_personal` only."""

    KIND = Kind.PATRON_REGISTER
    #: A card from the device's block, or a temporary one (``popup.domain.signup``).
    patron_card: str
    temporary: bool
    name: str
    category: str
    card_expiry: date | None = None
    home_library: str | None = None
    signed_up_at: datetime | None = None
    date_of_birth: date | None = spec(None, omit_none=True)
    address: str | None = spec(None, omit_none=True)
    phone: str | None = spec(None, omit_none=True)
    email: str | None = spec(None, omit_none=True)
    language: str | None = spec(None, omit_none=True)
    guardian_name: str | None = spec(None, omit_none=True)
    guardian_card: str | None = spec(None, omit_none=True)
    notes: str | None = spec(None, omit_none=True)
    consent_at: datetime | None = spec(None, omit_none=True)
    #: Set on the laptop's copy once the personal fields were erased.
    personal_erased: bool = False

    #: Fields erased once the server has the sign-up.
    PERSONAL_FIELDS: ClassVar[tuple[str, ...]] = (
        "date_of_birth",
        "address",
        "phone",
        "email",
        "language",
        "guardian_name",
        "guardian_card",
        "notes",
        "consent_at",
    )

    def without_personal(self) -> PatronRegister:
        """What may be kept after upload: the personal fields erased, and marked so."""
        erased: dict[str, Any] = dict.fromkeys(self.PERSONAL_FIELDS)
        return replace(self, **erased, personal_erased=True)

    @property
    def has_personal(self) -> bool:
        return any(getattr(self, name) is not None for name in self.PERSONAL_FIELDS)


# -- stops, events and attendance ---------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class StopOpen(Payload):
    KIND = Kind.STOP_OPEN
    stop_id: str = spec(uuid=True)
    name: str
    place: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class EventCreate(Payload):
    KIND = Kind.EVENT_CREATE
    event_id: str = spec(uuid=True)
    stop_id: str = spec(uuid=True)
    title: str
    event_type: str
    audience: str | None = None
    onsite: bool = True
    uses_registration: bool = False
    capacity: int | None = spec(None, min=1)


@dataclass(frozen=True, kw_only=True)
class AttendanceCount(Payload):
    """A tap on a band's + (delta 1) or − (delta -1)."""

    KIND = Kind.ATTENDANCE_COUNT
    event_id: str = spec(uuid=True)
    band: str
    delta: int = spec(min=-1, max=1)
    counted_at: datetime
    #: The registration this checked in, if any.
    registration_id: str | None = spec(None, uuid=True)

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.delta == 0:
            raise WireError("delta", "must be +1 or -1")


@dataclass(frozen=True, kw_only=True)
class AttendanceScan(Payload):
    """A card scanned at an event: that person counted once."""

    KIND = Kind.ATTENDANCE_SCAN
    event_id: str = spec(uuid=True)
    patron_card: str
    band: str
    counted_at: datetime
    registration_id: str | None = spec(None, uuid=True)


class RegistrationStatus(enum.StrEnum):
    REGISTERED = "registered"
    WAITLIST = "waitlist"


@dataclass(frozen=True, kw_only=True)
class RegistrationAdd(Payload):
    KIND = Kind.REGISTRATION_ADD
    registration_id: str = spec(uuid=True)
    event_id: str = spec(uuid=True)
    name: str
    status: RegistrationStatus
    registered_at: datetime
    patron_card: str | None = None
    band: str | None = None


@dataclass(frozen=True, kw_only=True)
class RegistrationCancel(Payload):
    KIND = Kind.REGISTRATION_CANCEL
    registration_id: str = spec(uuid=True)
    event_id: str = spec(uuid=True)
    cancelled_at: datetime
    #: Registration ids moved from the waitlist to registered.
    promoted: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class EventCapacity(Payload):
    KIND = Kind.EVENT_CAPACITY
    event_id: str = spec(uuid=True)
    #: None: no limit.
    capacity: int | None = spec(None, min=1)
    changed_at: datetime
    promoted: tuple[str, ...]


# -- cards ---------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CardReplace(Payload):
    """A lost card replaced: the patron takes ``new_card`` and ``old_card`` is kept as a lost
    alias from ``replaced_at`` on (a scan of it is refused; ``popup.domain.patron_cards``)."""

    KIND = Kind.CARD_REPLACE
    old_card: str
    #: A number from the device's block, or a temporary one (``temporary``) the server replaces.
    new_card: str
    temporary: bool = False
    replaced_at: datetime
    #: Was the patron found by name (they came without their card)?
    found_by_lookup: bool = False


@dataclass(frozen=True, kw_only=True)
class CardRenew(Payload):
    """A card renewed at the desk: its expiry moved to ``new_expiry`` (the
    ``card_renewal_years`` setting for the patron's category)."""

    KIND = Kind.CARD_RENEW
    patron_card: str
    renewed_at: datetime
    new_expiry: date
    previous_expiry: date | None = None
    found_by_lookup: bool = False


# -- payments -----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Payment(Payload):
    """Money taken against a patron's fines, or fines waived (``waiver``: no money, no method).
    The server settles it against its own balance (:func:`popup.domain.payments.settle`)."""

    KIND = Kind.PAYMENT
    payment_id: str = spec(uuid=True)
    patron_card: str
    amount_cents: int = spec(min=1, max=MAX_AMOUNT_CENTS)
    waiver: bool = False
    #: How the money was paid (None for a waiver).
    method: PaymentMethod | None = None
    #: Staff recorded what was more than owed as a credit.
    credit: bool = False
    note: str | None = spec(None, max_length=MAX_NOTE)
    paid_at: datetime
    #: The balance the desk saw, and left (below zero: a credit).
    balance_before_cents: int
    balance_after_cents: int

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.waiver and self.method is not None:
            raise WireError("method", "must be absent for a waiver")
        if not self.waiver and self.method is None:
            raise WireError("method", "is required for a payment")
        if self.waiver and self.credit:
            raise WireError("credit", "cannot be set for a waiver")


#: The payload class of every kind.
PAYLOADS: dict[Kind, type[Payload]] = {
    cls.KIND: cls
    for cls in (
        Checkout,
        Checkin,
        Renew,
        InHouseUse,
        Undo,
        PatronRegister,
        StopOpen,
        EventCreate,
        AttendanceCount,
        AttendanceScan,
        RegistrationAdd,
        RegistrationCancel,
        EventCapacity,
        CardReplace,
        CardRenew,
        Payment,
    )
}
assert set(PAYLOADS) == set(Kind), "every kind needs a payload class"


def parse_kind(value: object) -> Kind:
    try:
        return Kind(str(value))
    except ValueError:
        known = ", ".join(k.value for k in Kind)
        problem = f"unknown action kind {str(value)[:40]!r}; expected one of: {known}"
        raise PayloadError("", "", problem) from None


def parse_payload(kind: Kind | str, payload: Mapping[str, Any] | object) -> Payload:
    """The typed payload of an action, or :class:`PayloadError` naming the field."""
    which = parse_kind(kind)
    try:
        return decode(PAYLOADS[which], payload)
    except WireError as exc:
        raise PayloadError(which.value, exc.field, exc.problem) from None


__all__ = [
    "PAYLOADS",
    "AttendanceCount",
    "AttendanceScan",
    "CardRenew",
    "CardReplace",
    "Checkin",
    "Checkout",
    "EventCapacity",
    "EventCreate",
    "InHouseUse",
    "Kind",
    "PatronRegister",
    "Payload",
    "PayloadError",
    "Payment",
    "RegistrationAdd",
    "RegistrationCancel",
    "RegistrationStatus",
    "Renew",
    "StopOpen",
    "Undo",
    "parse_kind",
    "parse_payload",
]
