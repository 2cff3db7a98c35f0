"""Recording: a write transaction notes which rows it changed; the commit writes the log rows.

The log stores *which* row changed (entity + key), not the row's contents; pull reads each
row's current state when it serves the entry (see :mod:`popup_sync.changes`).

Shared catalogue: an item entry is recorded under the item's own library, and
:func:`flush_pending` copies it into every other library's log when that library shares its
catalogue. The copies are ordinary entries of the writing transaction, so the watermark and the
floors keep their guarantees unchanged. Turning sharing on or off logs every item of the library
for every other library (:func:`announce_catalogue`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import BigInteger, CursorResult, String, Table, insert, literal, select, text
from sqlalchemy.orm import Session

from popup.domain.protocol.entities import Entity
from popup_sync.models import Change, Item, Library

_PENDING = "popup_sync.pending_changes"
_CHANGE_LOG = cast(Table, Change.__table__)

Pending = dict[tuple[int, str, str], None]


def record(session: Session, library_id: int, entity: Entity, key: str) -> None:
    """Note that ``entity``/``key`` of a library changed; written when the transaction commits.

    An item is recorded under the library that owns it (``Item.library_id``), whichever
    library's device changed it: the commit copies it to the libraries it is shared with.
    """
    pending: Pending = session.info.setdefault(_PENDING, {})
    pending[(library_id, str(entity), key)] = None


def current_xid(session: Session) -> int:
    """The writing transaction's id on PostgreSQL; 0 on SQLite (writers commit in id order)."""
    if session.get_bind().dialect.name != "postgresql":
        return 0
    return int(session.execute(text("SELECT pg_current_xact_id()::text::bigint")).scalar_one())


def flush_pending(session: Session) -> None:
    """Write the noted changes (called by the session's ``before_commit`` hook)."""
    pending: Pending | None = session.info.pop(_PENDING, None)
    if not pending:
        return
    _share_items(session, pending)
    xid = current_xid(session)
    now = datetime.now(UTC)
    session.execute(
        insert(_CHANGE_LOG),  # Core: a push chunk logs ~1,000 rows and the ORM's bulk path is slow
        [
            {"library_id": lib, "xid": xid, "entity": entity, "key": key, "created_at": now}
            for lib, entity, key in pending
        ],
    )


def discard_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _share_items(session: Session, pending: Pending) -> None:
    """Copy item entries of libraries that share their catalogue into every other library's log."""
    owners = sorted({lib for lib, entity, _ in pending if entity == Entity.ITEM})
    if not owners:
        return
    # Every owner row is locked FOR KEY SHARE (cheap: card ranges and foreign keys do not wait
    # for it) before the flag is read. set_catalogue_sharing holds the row FOR UPDATE while it
    # flips the flag and logs the whole catalogue, so this transaction either commits before
    # that one reads the catalogue, or waits and copies by the new flag: no item change falls
    # between the two.
    sharing = [
        lib
        for lib, shares in session.execute(
            select(Library.id, Library.shares_catalogue)
            .where(Library.id.in_(owners))
            .order_by(Library.id)
            .with_for_update(read=True, key_share=True)
        )
        if shares
    ]
    if not sharing:
        return
    viewers = list(session.scalars(select(Library.id)))
    for lib, entity, key in list(pending):
        if entity == Entity.ITEM and lib in sharing:
            for viewer in viewers:
                if viewer != lib:
                    pending[(viewer, entity, key)] = None


def announce_catalogue(session: Session, library_id: int) -> int:
    """Log every item of a library for every other library (its sharing was turned on or off).

    One INSERT ... SELECT, so a large catalogue never passes through Python. Returns the number
    of entries written.
    """
    source = (
        select(
            Library.id,
            literal(current_xid(session), BigInteger()),
            literal(Entity.ITEM.value, String()),
            Item.barcode,
            literal(datetime.now(UTC), Change.__table__.c.created_at.type),
        )
        .select_from(Item)
        .join(Library, Library.id != Item.library_id)
        .where(Item.library_id == library_id)
    )
    statement = insert(Change).from_select(
        ["library_id", "xid", "entity", "key", "created_at"], source
    )
    # Without preserve_rowcount SQLAlchemy reports an INSERT's rowcount as -1 on psycopg.
    result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        statement.execution_options(preserve_rowcount=True)
    )
    return max(0, int(result.rowcount or 0))


def sharing_libraries(session: Session, library_id: int) -> list[int]:
    """The other libraries that share their catalogue, lowest id (highest precedence) first."""
    return list(
        session.scalars(
            select(Library.id)
            .where(Library.shares_catalogue, Library.id != library_id)
            .order_by(Library.id)
        )
    )
