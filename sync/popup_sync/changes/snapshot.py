"""A first load (or a reset): the library's current rows, entity by entity, ordered by key.

Keyset pagination on the unique indexes, so page N costs the same as page 1; after the last
entity the cursor switches to the log at the position recorded when the snapshot began. Rows
changed during the snapshot are served again from the log; upserts are idempotent, so that is
harmless. The snapshot holds open loans only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, text, union_all

from popup.domain.protocol.entities import Entity
from popup_sync import library_settings
from popup_sync.changes.cursor import SNAPSHOT_ENTITIES, Cursor
from popup_sync.changes.reader import ACTIVE_HOLDS, ITEM_COLUMNS, Reader, item_changes
from popup_sync.models import (
    CardRange,
    ClosedDay,
    Event,
    Hold,
    Item,
    Library,
    Loan,
    LoanRuleRow,
    Patron,
    PatronAlias,
    Staff,
    Stop,
    SyncException,
)


def page(reader: Reader, cursor: Cursor, limit: int) -> tuple[list[dict[str, Any]], Cursor]:
    """Up to ``limit`` changes from a snapshot position, and the cursor after them."""
    assert cursor.entity_index is not None
    changes: list[dict[str, Any]] = []
    index, after = cursor.entity_index, cursor.after_key
    while index < len(SNAPSHOT_ENTITIES) and len(changes) < limit:
        entity = SNAPSHOT_ENTITIES[index]
        want = limit - len(changes)
        if entity is Entity.ITEM:  # the big one: keys and data in a single keyset query
            rows, done = _item_page(reader, after, want)
            keys = [row[0] for row in rows]
            changes += item_changes(rows)
        else:
            keys = _keys(reader, entity, after, want)
            done = len(keys) < want
            changes += reader.changes(entity.value, keys, deletes=False)
        if done:  # this entity is done
            index, after = index + 1, ""
        else:  # the page is full; carry on in this entity next time
            after = keys[-1]
    if index >= len(SNAPSHOT_ENTITIES):
        return changes, Cursor(cursor.xid, cursor.id)
    return changes, Cursor(cursor.xid, cursor.id, index, after)


def _keys(reader: Reader, entity: Entity, after: str, limit: int) -> list[str]:
    """The next ``limit`` keys of ``entity`` after ``after`` (not items: see _item_page)."""
    lib = reader.library.id
    query: Any
    if entity is Entity.LIBRARY:
        query = select(Library.code).where(Library.code > after).order_by(Library.code)
    elif entity is Entity.SETTING:
        return [k for k in library_settings.SERVED if k > after][:limit]
    elif entity is Entity.LOAN_RULE:
        rows = reader.session.execute(
            select(LoanRuleRow.patron_category, LoanRuleRow.item_type).where(
                LoanRuleRow.library_id == lib
            )
        ).all()
        keys = sorted(f"{c}/{t}" for c, t in rows)
        return [k for k in keys if k > after][:limit]
    elif entity is Entity.CLOSED_DAY:
        days = reader.session.scalars(
            select(ClosedDay.day).where(ClosedDay.library_id == lib).order_by(ClosedDay.day)
        )
        return [d.isoformat() for d in days if d.isoformat() > after][:limit]
    elif entity is Entity.STOP:
        query = select(Stop.id).where(Stop.library_id == lib, Stop.id > after).order_by(Stop.id)
    elif entity is Entity.EVENT:
        query = select(Event.id).where(Event.library_id == lib, Event.id > after).order_by(Event.id)
    elif entity is Entity.CARD_RANGE:
        ids = reader.session.scalars(
            select(CardRange.id)
            .where(CardRange.library_id == lib, CardRange.device_id == reader.device_id)
            .order_by(CardRange.id)
        )
        return [str(i) for i in ids if str(i) > after][:limit]
    elif entity is Entity.CARD_REPLACEMENT:
        query = (
            select(PatronAlias.card_number)
            .where(
                PatronAlias.library_id == lib,
                PatronAlias.reason == "temporary",
                PatronAlias.card_number > after,
            )
            .order_by(PatronAlias.card_number)
        )
    elif entity is Entity.EXCEPTION:
        ids = reader.session.scalars(
            select(SyncException.id)
            .where(SyncException.library_id == lib, SyncException.resolved_at.is_(None))
            .order_by(SyncException.id)
        )
        keys = sorted(str(i) for i in ids)
        return [k for k in keys if k > after][:limit]
    elif entity is Entity.PATRON:
        query = (
            select(Patron.card_number)
            .where(Patron.library_id == lib, Patron.card_number > after)
            .order_by(Patron.card_number)
        )
    elif entity is Entity.HOLD:
        if reader.pickup is None:
            return []
        query = (
            select(Hold.hold_id)
            .where(
                Hold.library_id == lib,
                Hold.pickup == reader.pickup,
                Hold.status.in_(ACTIVE_HOLDS),
                Hold.hold_id > after,
            )
            .order_by(Hold.hold_id)
        )
    elif entity is Entity.LOAN:
        # Open loans only: history is not needed at the desk.
        query = (
            select(Loan.id)
            .where(Loan.library_id == lib, Loan.returned_at.is_(None), Loan.id > after)
            .order_by(Loan.id)
        )
    elif entity is Entity.STAFF:
        query = select(Staff.id).where(Staff.library_id == lib, Staff.id > after).order_by(Staff.id)
    else:  # pragma: no cover - every entity but the item has a branch above
        raise AssertionError(entity)
    return [str(k) for k in reader.session.scalars(query.limit(limit))]


def _item_page(reader: Reader, after: str, limit: int) -> tuple[Sequence[Any], bool]:
    """Up to ``limit`` items the reader sees after barcode ``after``, and whether that is all."""
    db = reader.session.connection()  # Core rows: ORM result processing costs ~2x per page
    if not reader.shared_ids:
        own = db.execute(
            select(*ITEM_COLUMNS)
            .where(Item.library_id == reader.library.id, Item.barcode > after)
            .order_by(Item.barcode)
            .limit(limit)
        ).all()
        return own, len(own) < limit
    # One keyset range scan per visible library, each ordered and limited on its own, merged
    # by barcode. (Without the inner LIMITs PostgreSQL sorts every remaining row of every
    # library for each page; with them it merges index scans and reads about one page.)
    # A barcode held by several libraries comes once per library, so the page reads enough
    # rows to hold at least one barcode past the last one it keeps, whose rows may go on.
    libraries = [reader.library.id, *reader.shared_ids]
    want = limit + len(libraries)
    parts = [
        select(Item.library_id, *ITEM_COLUMNS)
        .where(Item.library_id == lib, Item.barcode > after)
        .order_by(Item.barcode)
        .limit(want)
        .subquery()
        for lib in libraries
    ]
    rows = db.execute(
        union_all(*(select(part) for part in parts))
        .order_by(text("barcode"), text("library_id"))
        .limit(want)
    ).all()
    rank = {lib: n for n, lib in enumerate(libraries)}
    best: dict[str, Any] = {}
    for row in rows:
        held = best.get(row[1])
        if held is None or rank[row[0]] < rank[held[0]]:
            best[row[1]] = row
    complete = list(best)  # in barcode order
    if len(rows) == want:
        complete.pop()  # other libraries' rows of the last barcode may lie beyond this page
    kept = complete[:limit]
    return [best[b][1:] for b in kept], len(rows) < want and len(kept) == len(complete)
