"""The scan hot path's reads and writes: plain SQL on the sqlite3 connection.

Lookups, checkout, return and renewal run these statements inside the transaction
:meth:`Store.write` began with ``BEGIN IMMEDIATE``. The ORM's unit of work cost ~6 ms of CPU per
scan and even SQLAlchemy Core ~0.4 ms, more than the commit's fsync (issue #2 wants a checkout's
p99 within 3x a bare commit's). The statements name models.py's columns and store values the
way its types do (utc_text, ISO dates, 0/1); the store tests read every row back through the
ORM.

An open loan is read as one :class:`OpenLoan` row (a
:class:`popup.domain.circulation.LoanRow`), whichever way it is looked up.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any, NamedTuple

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from popup.domain.blocks import PatronState
from popup.domain.cards import (
    CardFormat,
    InvalidNumber,
    ScanKind,
    codabar_readings,
    scan_readings,
)
from popup.domain.circulation import ClosedReason, ItemStatus
from popup.domain.concerns import specifics
from popup.domain.due_dates import local_date
from popup.domain.holds import ACTIVE, HoldState, HoldStatus
from popup.store.circulation.errors import (
    CardReportedLost,
    ItemNotFound,
    PatronNotFound,
    Problem,
    WrongKindScanned,
)
from popup.store.db import driver
from popup.store.models import utc_text

#: A session or a bare connection: the lookups serve both.
Db = Session | Connection


class PatronRecord(NamedTuple):
    id: int
    temporary: bool
    state: PatronState  # what the rules read


class ItemRecord(NamedTuple):
    """An item row (a :class:`popup.domain.circulation.ItemRow`)."""

    id: int
    barcode: str
    title: str
    item_type: str
    home_library: str
    status: str
    on_hold: bool
    hold_pickup: str | None


class OpenLoan(NamedTuple):
    """An open loan with its patron's card and name and its item's type: a
    :class:`popup.domain.circulation.LoanRow`."""

    id: str
    patron_id: int
    item_id: int
    patron_card: str
    patron_name: str
    item_type: str
    out_at: datetime
    due_date: date
    renewals: int


_PATRON_COLUMNS = (
    "p.id, p.card_number, p.name, p.category, p.card_expiry, p.fines_owed_cents,"
    " p.manual_block, p.block_reason, p.home_library, p.temporary"
)
_PATRON_BY_CARD = f"SELECT {_PATRON_COLUMNS} FROM patrons p WHERE p.card_number = ?"
_PATRON_BY_ALIAS = (
    f"SELECT {_PATRON_COLUMNS}, a.lost_at FROM patrons p"
    " JOIN patron_aliases a ON a.patron_id = p.id WHERE a.card_number = ?"
)
_PATRON_BY_ID = f"SELECT {_PATRON_COLUMNS} FROM patrons p WHERE p.id = ?"
_ITEM_COLUMNS = "id, barcode, title, item_type, home_library, status, on_hold, hold_pickup"
_ITEM_BY_BARCODE = f"SELECT {_ITEM_COLUMNS} FROM items WHERE barcode = ?"
_ITEM_BY_ID = f"SELECT {_ITEM_COLUMNS} FROM items WHERE id = ?"
_OPEN_LOANS = (
    "SELECT l.id, l.patron_id, l.item_id, p.card_number, p.name, i.item_type, l.out_at,"
    " l.due_date, l.renewals"
    " FROM loans l JOIN patrons p ON p.id = l.patron_id JOIN items i ON i.id = l.item_id"
    " WHERE l.returned_at IS NULL"
)
_OPEN_LOAN_OF_ITEM = _OPEN_LOANS + " AND l.item_id = ?"
_OPEN_LOANS_OF_PATRON = _OPEN_LOANS + " AND l.patron_id = ?"
_OPEN_LOAN_BY_ID = _OPEN_LOANS + " AND l.id = ?"
_CLOSE_LOAN = "UPDATE loans SET returned_at = ?, closed_reason = ?, synced = 0 WHERE id = ?"
_INSERT_LOAN = (
    "INSERT INTO loans (id, patron_id, item_id, out_at, due_date, renewals, synced)"
    " VALUES (?, ?, ?, ?, ?, 0, 0)"
)
_RENEW_LOAN = "UPDATE loans SET due_date = ?, renewals = ?, synced = 0 WHERE id = ?"
_SET_ITEM_STATUS = "UPDATE items SET status = ? WHERE id = ?"
_ACTIVE_HOLDS = "('" + "', '".join(sorted(s.value for s in ACTIVE)) + "')"
_HOLD_COLUMNS = (
    "id, patron_card, item_barcode, title, placed_on, expires_on, status, pickup, stop_id, any_copy"
)
# One index lookup each (an OR of them scanned the whole table: 230 us at 500 holds); title
# holds narrowed by title, case aside (the rules then match the title exactly).
_ACTIVE_WHERE = f"SELECT {_HOLD_COLUMNS} FROM holds WHERE status IN {_ACTIVE_HOLDS}"
_HOLDS_MEETING = (
    f"{_ACTIVE_WHERE} AND patron_card = ?"
    f" UNION {_ACTIVE_WHERE} AND item_barcode = ?"
    f" UNION {_ACTIVE_WHERE} AND item_barcode IS NULL AND lower(title) = lower(?)"
    f" UNION {_ACTIVE_WHERE} AND any_copy = 1 AND lower(title) = lower(?)"
)
_HOLDS_OF = f"SELECT {_HOLD_COLUMNS} FROM holds WHERE status IN {_ACTIVE_HOLDS} AND patron_card = ?"
_ALL_HOLDS = f"SELECT {_HOLD_COLUMNS} FROM holds WHERE status IN {_ACTIVE_HOLDS}"
_SET_HOLD = "UPDATE holds SET status = ?, item_barcode = coalesce(?, item_barcode) WHERE id = ?"
_SET_FINES = "UPDATE patrons SET fines_owed_cents = ? WHERE id = ?"


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _patron_of(row: tuple[Any, ...] | None) -> PatronRecord | None:
    if row is None:
        return None
    pid, card, name, category, expiry, fines, block, reason, home, temporary = row
    state = PatronState(card, name, category, _day(expiry), fines, bool(block), reason, home)
    return PatronRecord(pid, bool(temporary), state)


def _item_of(row: tuple[Any, ...] | None) -> ItemRecord | None:
    if row is None:
        return None
    iid, barcode, title, item_type, home, status, on_hold, pickup = row
    return ItemRecord(iid, barcode, title, item_type, home, status, bool(on_hold), pickup)


def _loan_of(row: tuple[Any, ...]) -> OpenLoan:
    loan_id, patron_id, item_id, card, name, item_type, out_at, due, renewals = row
    return OpenLoan(
        loan_id,
        patron_id,
        item_id,
        card,
        name,
        item_type,
        datetime.fromisoformat(out_at),
        date.fromisoformat(due),
        renewals,
    )


def find_patron(db: Db, scanned: str, fmt: CardFormat, zone: tzinfo | None = None) -> PatronRecord:
    """The patron of a scanned card (QR payload or bare number), by number or alias: as
    scanned first, then without Codabar start/stop characters (a card number may have
    letters of its own). A card reported lost is refused (:class:`CardReportedLost`, with
    the day in ``zone``)."""
    try:
        readings = scan_readings(scanned)
    except InvalidNumber as exc:  # a Popup card of a version this app cannot read
        raise PatronNotFound(Problem.PATRON_INVALID_CARD, invalid=exc) from None
    sql = driver(db)
    for number in readings:
        patron = _patron_of(sql.execute(_PATRON_BY_CARD, (number,)).fetchone())
        if patron is None:
            row = sql.execute(_PATRON_BY_ALIAS, (number,)).fetchone()
            if row is not None and row[-1] is not None:  # reported lost: refused (#15)
                lost_on = local_date(datetime.fromisoformat(row[-1]), zone)
                raise CardReportedLost(number, lost_on)
            patron = _patron_of(row[:-1] if row is not None else None)
        if patron is not None:
            return patron
    try:
        kind, number = fmt.validate(readings[0])
    except InvalidNumber as exc:
        raise PatronNotFound(Problem.PATRON_INVALID_CARD, invalid=exc) from None
    if kind is ScanKind.ITEM:
        raise WrongKindScanned(
            Problem.PATRON_ITEM_SCANNED,
            specifics(number=number),
        )
    raise PatronNotFound(Problem.PATRON_NOT_FOUND, specifics(number=number))


def find_item(db: Db, scanned: str, fmt: CardFormat) -> ItemRecord:
    """The item of a scanned barcode: as scanned first, then without Codabar start/stop
    characters (a barcode may have letters of its own)."""
    sql = driver(db)
    raw = scanned.strip()
    for number in codabar_readings(raw):
        item = _item_of(sql.execute(_ITEM_BY_BARCODE, (number,)).fetchone())
        if item is not None:
            return item
    try:
        readings = scan_readings(raw)
    except InvalidNumber as exc:  # a Popup card of a version this app cannot read
        raise ItemNotFound(Problem.ITEM_INVALID_BARCODE, invalid=exc) from None
    for card in readings:
        if sql.execute(_PATRON_BY_CARD, (card,)).fetchone():
            raise WrongKindScanned(Problem.ITEM_PATRON_SCANNED, specifics(number=card))
    try:
        card = fmt.validate_patron(raw)
    except InvalidNumber:
        pass
    else:
        raise WrongKindScanned(Problem.ITEM_PATRON_SCANNED, specifics(number=card))
    try:
        _, number = fmt.validate(raw)
    except InvalidNumber as exc:
        raise ItemNotFound(Problem.ITEM_INVALID_BARCODE, invalid=exc) from None
    raise ItemNotFound(Problem.ITEM_NOT_FOUND, specifics(barcode=number))


def patron_by_id(db: Db, patron_id: int) -> PatronRecord:
    found = _patron_of(driver(db).execute(_PATRON_BY_ID, (patron_id,)).fetchone())
    assert found is not None, "a loan's patron is kept while the loan is (foreign key)"
    return found


def item_by_id(db: Db, item_id: int) -> ItemRecord:
    found = _item_of(driver(db).execute(_ITEM_BY_ID, (item_id,)).fetchone())
    assert found is not None, "a loan's item is kept while the loan is (foreign key)"
    return found


def open_loan_of_item(db: Db, item_id: int) -> OpenLoan | None:
    row = driver(db).execute(_OPEN_LOAN_OF_ITEM, (item_id,)).fetchone()
    return None if row is None else _loan_of(row)


def open_loans_of_patron(db: Db, patron_id: int) -> list[OpenLoan]:
    """The patron's open loans, in one query."""
    return [_loan_of(row) for row in driver(db).execute(_OPEN_LOANS_OF_PATRON, (patron_id,))]


def open_loan(db: Db, loan_id: str) -> OpenLoan | None:
    row = driver(db).execute(_OPEN_LOAN_BY_ID, (loan_id,)).fetchone()
    return None if row is None else _loan_of(row)


def close_loan(db: Db, loan_id: str, at: datetime, why: ClosedReason) -> None:
    driver(db).execute(_CLOSE_LOAN, (utc_text(at), why.value, loan_id))


def insert_loan(
    db: Db, loan_id: str, patron_id: int, item_id: int, at: datetime, due: date
) -> None:
    driver(db).execute(_INSERT_LOAN, (loan_id, patron_id, item_id, utc_text(at), due.isoformat()))


def renew_loan(db: Db, loan_id: str, due: date, renewals: int) -> None:
    driver(db).execute(_RENEW_LOAN, (due.isoformat(), renewals, loan_id))


def set_item_status(db: Db, item_id: int, status: ItemStatus) -> None:
    driver(db).execute(_SET_ITEM_STATUS, (status.value, item_id))


def _hold_of(row: tuple[Any, ...]) -> HoldState:
    hold_id, card, barcode, title, placed, expires, status, pickup, stop_id, any_copy = row
    try:
        known = HoldStatus(status)
    except ValueError:  # a newer server's word: the hold is still to be met
        known = HoldStatus.WAITING
    return HoldState(
        hold_id,
        card,
        barcode,
        title,
        date.fromisoformat(placed),
        date.fromisoformat(expires),
        known,
        pickup,
        stop_id,
        bool(any_copy),
    )


def holds_meeting(db: Db, patron_card: str, barcode: str, title: str) -> list[HoldState]:
    """The active holds a copy may meet: the patron's own, others' on this copy, and title
    holds of its title (the rules decide which it meets)."""
    found = driver(db).execute(_HOLDS_MEETING, (patron_card, barcode, title, title))
    return [_hold_of(r) for r in found]


def holds_of(db: Db, patron_card: str) -> list[HoldState]:
    return [_hold_of(r) for r in driver(db).execute(_HOLDS_OF, (patron_card,))]


def active_holds(db: Db) -> list[HoldState]:
    return [_hold_of(r) for r in driver(db).execute(_ALL_HOLDS)]


def set_hold(db: Db, hold_id: str, status: HoldStatus, barcode: str | None = None) -> None:
    """A hold filled at the desk, or a copy set aside for it (``barcode``)."""
    driver(db).execute(_SET_HOLD, (status.value, barcode, hold_id))


def pickups(db: Db) -> tuple[str, ...]:
    """The pickup codes of the holds this laptop keeps: its own vehicle (a laptop downloads only
    the holds picked up there), so a copy flagged for one of them is for here."""
    return tuple(row[0] for row in driver(db).execute("SELECT DISTINCT pickup FROM holds"))


def patron_names(db: Db, cards: list[str]) -> dict[str, str]:
    """Card -> name of the patrons the laptop has (a hold's patron may not have come down)."""
    if not cards:
        return {}
    marks = ", ".join("?" for _ in cards)
    rows = driver(db).execute(
        f"SELECT card_number, name FROM patrons WHERE card_number IN ({marks})", cards
    )
    return {card: name for card, name in rows}


def stop_names(db: Db) -> dict[str, str]:
    return {sid: name for sid, name in driver(db).execute("SELECT id, name FROM stops")}


def call_numbers(db: Db, barcodes: list[str]) -> dict[str, str]:
    if not barcodes:
        return {}
    marks = ", ".join("?" for _ in barcodes)
    rows = driver(db).execute(
        f"SELECT barcode, coalesce(call_number, '') FROM items WHERE barcode IN ({marks})",
        barcodes,
    )
    return {barcode: number for barcode, number in rows}


def set_fines(db: Db, patron_id: int, cents: int) -> None:
    """The patron's balance after a payment or waiver (below zero: a credit)."""
    driver(db).execute(_SET_FINES, (cents, patron_id))
