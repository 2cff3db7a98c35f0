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

from datetime import date, datetime
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
from popup.store.circulation.errors import ItemNotFound, PatronNotFound, Problem, WrongKindScanned
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
    f"SELECT {_PATRON_COLUMNS} FROM patrons p"
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


def find_patron(db: Db, scanned: str, fmt: CardFormat) -> PatronRecord:
    """The patron of a scanned card (QR payload or bare number), by number or alias: as
    scanned first, then without Codabar start/stop characters (a card number may have
    letters of its own)."""
    try:
        readings = scan_readings(scanned)
    except InvalidNumber as exc:  # a Popup card of a version this app cannot read
        raise PatronNotFound(Problem.PATRON_INVALID_CARD, invalid=exc) from None
    sql = driver(db)
    for number in readings:
        patron = _patron_of(sql.execute(_PATRON_BY_CARD, (number,)).fetchone())
        if patron is None:
            patron = _patron_of(sql.execute(_PATRON_BY_ALIAS, (number,)).fetchone())
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


def set_fines(db: Db, patron_id: int, cents: int) -> None:
    """The patron's balance after a payment or waiver (below zero: a credit)."""
    driver(db).execute(_SET_FINES, (cents, patron_id))
