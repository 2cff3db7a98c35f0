"""Downloaded entity data as local rows: one serialiser per entity.

Each entity's data class (:mod:`popup.domain.protocol.entities`) is the description of what
arrives; the functions here turn one into the values of the laptop's table, named by the data
class's own fields (:func:`~popup.domain.protocol.entities.columns`), so a field added to an
entity needs no second list here. Items and patrons, most of a first download, are upserted
with plain SQL on the sqlite3 connection (``executemany``): the ORM's bulk insert spent more
than half of a 100,000-item download converting parameters.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from popup.domain.protocol.entities import (
    Entity,
    ExceptionData,
    ItemData,
    LoanData,
    PatronData,
    columns,
)
from popup.domain.protocol.wire import values_reader
from popup.store.db import driver
from popup.store.models import utc_text

#: What a pending checkout, return or renewal owns of an item: a held-back download of the
#: item still brings its catalogue fields, never these.
ITEM_CIRCULATION_STATE = frozenset({"status", "on_hold", "hold_pickup"})
ITEM_COLUMNS = columns(Entity.ITEM)
ITEM_CATALOGUE = tuple(c for c in ITEM_COLUMNS if c not in ITEM_CIRCULATION_STATE)
#: A patron's earlier card numbers, lost ones too, are rows of their own (``patron_aliases``).
PATRON_COLUMNS = tuple(c for c in columns(Entity.PATRON) if c not in ("aliases", "lost_cards"))


def _upsert(table: str, cols: Sequence[str], key: str, extra: dict[str, str] | None = None) -> str:
    """``INSERT ... ON CONFLICT(key) DO UPDATE`` of ``cols`` (``extra``: set on insert only)."""
    names = [*cols, *(extra or {})]
    values = ["?"] * len(cols) + list((extra or {}).values())
    updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c != key)
    return (
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(values)})"
        f" ON CONFLICT({key}) DO UPDATE SET {updates}"
    )


_ITEM_UPSERT = _upsert("items", ITEM_COLUMNS, "barcode")
_ITEM_CATALOGUE_UPDATE = (
    f"UPDATE items SET {', '.join(f'{c} = ?' for c in ITEM_CATALOGUE if c != 'barcode')}"
    " WHERE barcode = ?"
)
_PATRON_UPSERT = _upsert("patrons", PATRON_COLUMNS, "card_number", {"origin": "'download'"})

#: An item's values in :data:`ITEM_COLUMNS` order, read straight from the change's JSON data
#: (checked as :func:`~popup.domain.protocol.entities.parse_data` checks it, no ItemData made:
#: a first download reads a catalogue of them). :class:`WireError` names a field that does not fit.
ItemValues = tuple[Any, ...]
read_item: Callable[[object], ItemValues] = values_reader(ItemData)
_BARCODE = ITEM_COLUMNS.index("barcode")
_catalogue_values = operator.itemgetter(
    *(ITEM_COLUMNS.index(c) for c in ITEM_CATALOGUE if c != "barcode")
)


def sql_value(value: Any) -> Any:
    """A value the way models.py's column types store it (UTC text, ISO dates)."""
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def upsert_items(session: Session, items: Sequence[ItemValues]) -> None:
    session.flush()  # the ORM's pending writes first: this goes round it
    driver(session).executemany(_ITEM_UPSERT, items)


def update_item_catalogue(session: Session, item: ItemValues) -> None:
    session.flush()
    driver(session).execute(_ITEM_CATALOGUE_UPDATE, (*_catalogue_values(item), item[_BARCODE]))


def upsert_patrons(session: Session, patrons: Sequence[PatronData]) -> None:
    session.flush()
    rows = [tuple(sql_value(getattr(d, c)) for c in PATRON_COLUMNS) for d in patrons]
    driver(session).executemany(_PATRON_UPSERT, rows)


# -- the other entities: few rows, written with SQLAlchemy Core ----------------------------------


def row(entity: Entity, data: Any, without: tuple[str, ...] = ()) -> dict[str, Any]:
    """The local row of an entity whose table names its columns as the data class names its
    fields (libraries, loan rules, closed days, stops, events), ``without`` some of them."""
    return {name: getattr(data, name) for name in columns(entity) if name not in without}


#: A loan's data names its patron and item by number; the local row by id.
_LOAN_REFERENCES = ("id", "patron_card", "item_barcode")


def loan_row(d: LoanData, patron_id: int, item_id: int) -> dict[str, Any]:
    """Without the id: the change's key names the loan. A downloaded loan is in step."""
    values = row(Entity.LOAN, d, without=_LOAN_REFERENCES)
    return {"patron_id": patron_id, "item_id": item_id, **values, "synced": True}


def closed_loan_row(d: LoanData) -> dict[str, Any]:
    """What a returned loan from the server changes in the laptop's copy: never whose it was
    (a returned loan forgets its patron here, ``popup.store.forget``)."""
    return {**row(Entity.LOAN, d, without=_LOAN_REFERENCES), "synced": True}


def exception_row(d: ExceptionData) -> dict[str, Any]:
    """A new inbox row's server-side fields (the laptop adds its own bookkeeping)."""
    return {
        "seq": d.seq,
        "mutation_id": d.mutation_id,
        "code": d.code or "UNKNOWN",
        "message": d.message,
    }
