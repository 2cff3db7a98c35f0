"""Serving one pull page: from the snapshot, or from the log past the cursor."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, select, true

from popup.domain.protocol.entities import Entity
from popup_sync.changes import snapshot
from popup_sync.changes.cursor import WATERMARK, Cursor, after, snapshot_start
from popup_sync.changes.reader import ITEM_COLUMNS, ITEM_KEYS, Reader, change
from popup_sync.models import Change, Item

_ITEM = Entity.ITEM.value


@dataclass
class Page:
    changes: list[dict[str, Any]]
    cursor: Cursor
    has_more: bool
    reset: bool = False


def pull(reader: Reader, cursor: Cursor | None, limit: int) -> Page:
    """One page of changes for the reader's device, starting at ``cursor`` (None = first load)."""
    session = reader.session
    if cursor is None:
        cursor = snapshot_start(session, reader.library)
    if cursor.entity_index is not None:
        changes, position = snapshot.page(reader, cursor, limit)
        return Page(changes, position, has_more=True)
    floor = (reader.library.log_floor_xid, reader.library.log_floor_id)
    if (cursor.xid, cursor.id) < floor:
        return Page([], snapshot_start(session, reader.library), has_more=True, reset=True)
    postgres = session.get_bind().dialect.name == "postgresql"
    entries = (
        select(Change.library_id, Change.xid, Change.id, Change.entity, Change.key)
        .where(Change.library_id == reader.library.id, after((cursor.xid, cursor.id)))
        .order_by(Change.xid, Change.id)
        .limit(limit)
    )
    if postgres:
        entries = entries.where(Change.xid < WATERMARK)
    page = entries.subquery("page")
    # Items (the bulk of most logs) come joined in; other entities are loaded per page.
    match = and_(
        page.c.entity == _ITEM, Item.library_id == page.c.library_id, Item.barcode == page.c.key
    )
    item_columns: Sequence[Any]
    if postgres:
        # A lateral lookup (LIMIT 1 keeps it one) is an index probe per entry whatever the
        # statistics say; a plain join is planned as a hash join over the whole catalogue
        # (~25 ms a page for 100,000 items), or worse while the log is not yet analyzed.
        lookup = select(*ITEM_COLUMNS).where(match).limit(1).lateral("item")
        joined = page.outerjoin(lookup, true())
        item_columns = list(lookup.c)
    else:  # SQLite has no LATERAL; its planner probes the unique index anyway
        joined = page.outerjoin(Item, match)
        item_columns = ITEM_COLUMNS
    query = (
        select(page.c.xid, page.c.id, page.c.entity, page.c.key, *item_columns)
        .select_from(joined)
        .order_by(page.c.xid, page.c.id)
    )
    # Core, not Session.execute: the ORM's row processing costs more than the query here.
    rows = session.connection().execute(query).all()
    if not rows:
        return Page([], cursor, has_more=False)
    by_entity: dict[str, list[str]] = {}
    order: dict[tuple[str, str], None] = {}  # first appearance, without repeats
    served: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        entity, key = row[2], row[3]
        if (entity, key) in order:
            continue
        order[(entity, key)] = None
        if entity == _ITEM and row[4] is not None:
            served[(entity, key)] = change(entity, key, dict(zip(ITEM_KEYS, row[4:], strict=True)))
        else:  # other entities, and items this library does not hold (shared, or deleted)
            by_entity.setdefault(entity, []).append(key)
    for entity, keys in by_entity.items():
        for one in reader.changes(entity, keys, deletes=True):
            served[(entity, one["key"])] = one
    changes = [served[k] for k in order if k in served]
    last = rows[-1]
    return Page(changes, Cursor(int(last.xid), int(last.id)), has_more=len(rows) == limit)
