"""The actions a laptop records and uploads: their kinds, payloads and server outcomes.

Every action is one outbox record ``(device_id, seq, mutation_id, client_time, kind, payload)``.
The payload holds everything the server needs to replay the action without asking the laptop
anything. Times are ISO 8601 with a UTC offset; dates are ISO ``YYYY-MM-DD``.

========================  ==================================================================
kind                      payload fields
========================  ==================================================================
``checkout``              ``loan_id`` (UUID), ``patron_card``, ``item_barcode``, ``out_at``,
                          ``due_date``, ``override_reason`` (or null), ``concerns`` (codes),
                          ``closed_loan_id`` (the other patron's loan closed, or null)
``checkin``               ``item_barcode``, ``loan_id`` (or null), ``returned_at``
``renew``                 ``loan_id``, ``item_barcode``, ``patron_card``, ``renewed_at``,
                          ``due_date``, ``renewals``, ``override_reason``, ``concerns``
``in_house_use``          ``item_barcode``, ``count``, ``used_at``
``undo``                  ``target_mutation_id``, ``target_kind``, ``reason``
``patron_register``       ``patron_card``, ``temporary`` (bool), ``name``, ``category``,
                          ``card_expiry``, ``home_library`` and the sign-up's personal fields
``stop_open``             ``stop_id``, ``name``, ``place``, ``starts_at``, ``ends_at``
``event_create``          ``event_id``, ``stop_id``, ``title``, ``event_type``, ``audience``,
                          ``onsite``
``attendance_count``      ``event_id``, ``band``, ``delta`` (+1 / -1), ``counted_at``
``attendance_scan``       ``event_id``, ``patron_card``, ``band``, ``counted_at``
                          (both attendance kinds: ``registration_id`` when it checks in a
                          registration, else null)
``registration_add``      ``registration_id`` (UUID), ``event_id``, ``name``, ``status``
                          (registered / waitlist), ``registered_at``, ``patron_card``, ``band``
``registration_cancel``   ``registration_id``, ``event_id``, ``cancelled_at``, ``promoted``
                          (registration ids moved from the waitlist to registered)
``event_capacity``        ``event_id``, ``capacity`` (or null = no limit), ``changed_at``,
                          ``promoted``
========================  ==================================================================
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any


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


class Status(enum.StrEnum):
    """How the server disposed of one uploaded action."""

    APPLIED = "applied"
    APPLIED_WITH_EXCEPTION = "applied_with_exception"
    REJECTED = "rejected"


class OutcomeCode(enum.StrEnum):
    """Exception codes the server reports per action (Evergreen's names where they exist)."""

    OPEN_CIRCULATION_EXISTS = "OPEN_CIRCULATION_EXISTS"
    PATRON_BLOCKED_AT_TIME = "PATRON_BLOCKED_AT_TIME"
    CARD_EXPIRED = "CARD_EXPIRED"
    ITEM_NOT_FOUND = "ITEM_NOT_FOUND"
    PATRON_NOT_FOUND = "PATRON_NOT_FOUND"
    MAX_RENEWALS_REACHED = "MAX_RENEWALS_REACHED"
    POSSIBLE_DUPLICATE_PATRON = "POSSIBLE_DUPLICATE_PATRON"
    ROUTE_ITEM = "ROUTE_ITEM"
    HOLD_TRAP = "HOLD_TRAP"
    CLOCK_SKEW = "CLOCK_SKEW"
    LOAN_NOT_FOUND = "LOAN_NOT_FOUND"
    ITEM_NOT_ON_LOAN = "ITEM_NOT_ON_LOAN"
    TEMPORARY_CARD_REPLACED = "TEMPORARY_CARD_REPLACED"


class PayloadError(ValueError):
    """A payload that does not match its kind; the message names the field."""


_REQUIRED: dict[Kind, dict[str, type | tuple[type, ...]]] = {
    Kind.CHECKOUT: {
        "loan_id": str,
        "patron_card": str,
        "item_barcode": str,
        "out_at": str,
        "due_date": str,
    },
    Kind.CHECKIN: {"item_barcode": str, "returned_at": str},
    Kind.RENEW: {
        "loan_id": str,
        "item_barcode": str,
        "patron_card": str,
        "renewed_at": str,
        "due_date": str,
        "renewals": int,
    },
    Kind.IN_HOUSE_USE: {"item_barcode": str, "count": int, "used_at": str},
    Kind.UNDO: {"target_mutation_id": str, "target_kind": str},
    Kind.PATRON_REGISTER: {
        "patron_card": str,
        "temporary": bool,
        "name": str,
        "category": str,
    },
    Kind.STOP_OPEN: {"stop_id": str, "name": str},
    Kind.EVENT_CREATE: {"event_id": str, "stop_id": str, "title": str, "event_type": str},
    Kind.ATTENDANCE_COUNT: {"event_id": str, "band": str, "delta": int, "counted_at": str},
    Kind.ATTENDANCE_SCAN: {"event_id": str, "patron_card": str, "band": str, "counted_at": str},
    Kind.REGISTRATION_ADD: {
        "registration_id": str,
        "event_id": str,
        "name": str,
        "status": str,
        "registered_at": str,
    },
    Kind.REGISTRATION_CANCEL: {
        "registration_id": str,
        "event_id": str,
        "cancelled_at": str,
        "promoted": list,
    },
    Kind.EVENT_CAPACITY: {"event_id": str, "changed_at": str, "promoted": list},
}

_TIME_FIELDS = {
    "out_at",
    "returned_at",
    "renewed_at",
    "used_at",
    "counted_at",
    "registered_at",
    "cancelled_at",
    "changed_at",
}
_DATE_FIELDS = {"due_date"}
_UUID_FIELDS = {"loan_id", "target_mutation_id", "stop_id", "event_id", "registration_id"}


def parse_kind(value: object) -> Kind:
    try:
        return Kind(str(value))
    except ValueError:
        known = ", ".join(k.value for k in Kind)
        raise PayloadError(f"unknown action kind {value!r}; expected one of: {known}") from None


def validate_payload(kind: Kind, payload: Mapping[str, Any]) -> None:
    """Raise :class:`PayloadError` naming the first field that is missing or malformed."""
    if not isinstance(payload, Mapping):
        raise PayloadError(f"{kind.value} payload must be a JSON object")
    for name, expected in _REQUIRED[kind].items():
        if name not in payload:
            raise PayloadError(f"{kind.value} payload lacks the field {name!r}")
        value = payload[name]
        # bool is an int subclass: a count of True is malformed.
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise PayloadError(f"{kind.value} payload field {name!r} has the wrong type")
        if isinstance(value, str) and not value.strip():
            raise PayloadError(f"{kind.value} payload field {name!r} is empty")
        if not isinstance(value, str):
            continue
        if name in _TIME_FIELDS:
            parse_time(value, name)
        elif name in _DATE_FIELDS:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise PayloadError(f"field {name!r} is not an ISO date: {value!r}") from None
        elif name in _UUID_FIELDS:
            try:
                uuid.UUID(value)
            except ValueError:
                raise PayloadError(f"field {name!r} is not a UUID: {value!r}") from None
    if kind is Kind.IN_HOUSE_USE and not 1 <= payload["count"] <= 999:
        raise PayloadError("in_house_use count must be between 1 and 999")
    if kind is Kind.ATTENDANCE_COUNT and payload["delta"] not in (-1, 1):
        raise PayloadError("attendance_count delta must be +1 or -1")
    if kind is Kind.REGISTRATION_ADD and payload["status"] not in ("registered", "waitlist"):
        raise PayloadError("registration_add status must be 'registered' or 'waitlist'")
    if kind is Kind.EVENT_CAPACITY:
        capacity = payload.get("capacity")
        if capacity is not None and (
            not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 1
        ):
            raise PayloadError("event_capacity capacity must be a whole number of 1 or more")


def parse_time(value: object, name: str = "time") -> datetime:
    """An aware datetime from ISO text, or :class:`PayloadError` naming the field."""
    if not isinstance(value, str):
        raise PayloadError(f"field {name!r} must be an ISO time string")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise PayloadError(f"field {name!r} is not an ISO time: {value!r}") from None
    if moment.tzinfo is None:
        raise PayloadError(f"field {name!r} lacks a UTC offset: {value!r}")
    return moment
