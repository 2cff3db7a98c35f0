"""What a laptop downloads: one entity enum, and one data class per entity.

A pull page is a list of :class:`~popup.domain.protocol.envelopes.Change` objects, each naming an
entity, a key and (for an upsert) the row's data. The server builds the data with these classes
(or, where it streams rows by the thousand, zips its columns onto :func:`field_names` of the
class) and the laptop reads it back with :func:`parse_data`. Adding a field to an entity is a
change here and in the two places that store the row.

``Entity``'s order is the snapshot's order (rules and settings first, so a laptop can work before
the catalogue has arrived; referenced rows before the rows that refer to them), and the order
in which a laptop applies the changes of one page. The server's snapshot cursor counts in this
order: add new entities at the end.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from popup.domain.protocol.wire import WireError, decode, field_names


class Entity(enum.StrEnum):
    LIBRARY = "library"
    SETTING = "setting"
    LOAN_RULE = "loan_rule"
    CLOSED_DAY = "closed_day"
    STOP = "stop"
    EVENT = "event"
    CARD_RANGE = "card_range"
    CARD_REPLACEMENT = "card_replacement"
    EXCEPTION = "exception"
    PATRON = "patron"
    ITEM = "item"
    LOAN = "loan"
    HOLD = "hold"
    STAFF = "staff"


class Op(enum.StrEnum):
    UPSERT = "upsert"
    DELETE = "delete"


@dataclass(frozen=True, kw_only=True)
class LibraryData:
    """Key: the library's code."""

    code: str
    name: str


@dataclass(frozen=True, kw_only=True)
class SettingData:
    """Key: the setting's key (``popup.domain.settings``); the value is its JSON value."""

    key: str
    value: Any


@dataclass(frozen=True, kw_only=True)
class LoanRuleData:
    """Key: ``"<patron_category>/<item_type>"``."""

    patron_category: str
    item_type: str
    loan_days: int
    max_renewals: int
    max_items: int
    loanable: bool = True

    @property
    def key(self) -> str:
        return f"{self.patron_category}/{self.item_type}"


@dataclass(frozen=True, kw_only=True)
class ClosedDayData:
    """Key: the ISO date."""

    day: date
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class StopData:
    """Key: the stop's id."""

    id: str
    name: str
    place: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class EventData:
    """Key: the event's id."""

    id: str
    stop_id: str
    title: str
    event_type: str
    audience: str | None = None
    onsite: bool = True


@dataclass(frozen=True, kw_only=True)
class CardRangeData:
    """Key: the range's id. Card sequence numbers ``first..last`` given to *this* device."""

    id: int
    first: int
    last: int


@dataclass(frozen=True, kw_only=True)
class CardReplacementData:
    """Key: the temporary card. The server's real number for a sign-up's temporary card."""

    temporary_card: str
    card_number: str


@dataclass(frozen=True, kw_only=True)
class ExceptionData:
    """Key: the exception's id. An outcome staff should look at (the exceptions inbox)."""

    id: int
    device_id: str | None = None
    seq: int | None = None
    mutation_id: str | None = None
    code: str
    message: str = ""
    detail: dict[str, Any] | None = None
    resolved: bool = False


@dataclass(frozen=True, kw_only=True)
class PatronData:
    """Key: the card number. No personal contact data ever travels down."""

    card_number: str
    name: str
    category: str
    card_expiry: date | None = None
    fines_owed_cents: int = 0
    manual_block: bool = False
    block_reason: str | None = None
    home_library: str = ""
    temporary: bool = False
    #: Earlier card numbers of this patron (temporary cards, merged records).
    aliases: tuple[str, ...] = ()
    #: Cards of this patron reported lost (also in ``aliases``): a scan of one is refused.
    lost_cards: tuple[LostCardData, ...] = ()


@dataclass(frozen=True, kw_only=True)
class LostCardData:
    """A card reported lost, and when (a desk says "reported lost on" that day)."""

    card_number: str
    lost_at: datetime


@dataclass(frozen=True, kw_only=True)
class ItemData:
    """Key: the barcode."""

    barcode: str
    title: str
    author: str | None = None
    isbn: str | None = None
    call_number: str | None = None
    item_type: str
    home_library: str
    status: str = "available"
    on_hold: bool = False
    hold_pickup: str | None = None


@dataclass(frozen=True, kw_only=True)
class LoanData:
    """Key: the loan's id. The snapshot sends open loans only."""

    id: str
    patron_card: str
    item_barcode: str
    out_at: datetime
    due_date: date
    renewals: int = 0
    returned_at: datetime | None = None
    closed_reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class HoldData:
    """Key: the hold's id. Only holds to be picked up at the device's own branch or vehicle,
    and only while they are to be met (waiting, in transit, ready): a filled, expired or
    cancelled hold comes as a delete. Only what circulation needs: the card, the copy (or the
    title, for any copy), the dates, and where it is picked up."""

    id: str
    patron_card: str
    #: The copy held; None for a title hold (any copy) until a copy is set aside for it.
    item_barcode: str | None = None
    title: str
    placed_on: date
    expires_on: date
    #: ``popup.domain.holds.HoldStatus``: waiting, in_transit or ready.
    status: str
    #: The branch or vehicle code it is picked up at.
    pickup: str
    #: The stop it is picked up at (None: any stop of the vehicle).
    stop_id: str | None = None
    #: A title hold: any copy of the title meets it (``item_barcode`` names a copy set aside).
    any_copy: bool = False


@dataclass(frozen=True, kw_only=True)
class StaffData:
    """Key: the staff member's id. What a laptop needs to let them sign in offline: the PIN
    only as its slow salted hash (``popup.domain.staff.hash_pin``); a disabled account comes
    as ``active: false`` so a laptop refuses it from the next pull."""

    id: str
    login: str
    name: str
    #: ``popup.domain.staff.Role``: staff or volunteer.
    role: str
    pin_hash: str
    #: A staff badge's barcode, scanned at the sign-in screen instead of typing the login.
    badge: str | None = None
    active: bool = True


EntityData = (
    LibraryData
    | SettingData
    | LoanRuleData
    | ClosedDayData
    | StopData
    | EventData
    | CardRangeData
    | CardReplacementData
    | ExceptionData
    | PatronData
    | ItemData
    | LoanData
    | HoldData
    | StaffData
)

#: The data class of every entity.
DATA: dict[Entity, type[Any]] = {
    Entity.LIBRARY: LibraryData,
    Entity.SETTING: SettingData,
    Entity.LOAN_RULE: LoanRuleData,
    Entity.CLOSED_DAY: ClosedDayData,
    Entity.STOP: StopData,
    Entity.EVENT: EventData,
    Entity.CARD_RANGE: CardRangeData,
    Entity.CARD_REPLACEMENT: CardReplacementData,
    Entity.EXCEPTION: ExceptionData,
    Entity.PATRON: PatronData,
    Entity.ITEM: ItemData,
    Entity.LOAN: LoanData,
    Entity.HOLD: HoldData,
    Entity.STAFF: StaffData,
}
assert set(DATA) == set(Entity), "every entity needs a data class"


def parse_entity(value: object) -> Entity | None:
    """The entity a change names; None for one this version does not know (a newer server's)."""
    try:
        return Entity(str(value))
    except ValueError:
        return None


def parse_data(entity: Entity, data: Mapping[str, Any] | object) -> EntityData:
    """The typed data of an upsert, or :class:`WireError` naming the field."""
    result: EntityData = decode(DATA[entity], data)
    return result


def columns(entity: Entity) -> tuple[str, ...]:
    """The data fields of ``entity``, in order: what a server zips rows onto."""
    return field_names(DATA[entity])


__all__ = [
    "DATA",
    "CardRangeData",
    "CardReplacementData",
    "ClosedDayData",
    "Entity",
    "EntityData",
    "EventData",
    "ExceptionData",
    "HoldData",
    "ItemData",
    "LibraryData",
    "LoanData",
    "LoanRuleData",
    "LostCardData",
    "Op",
    "PatronData",
    "SettingData",
    "StopData",
    "WireError",
    "columns",
    "parse_data",
    "parse_entity",
]
