"""The change log and the pull cursor.

Recording
---------
A write transaction calls :func:`record` for each row it changes. The log stores *which* row
changed (entity + key), not the row's contents; pull reads each row's current state when it
serves the entry. Entries may therefore be served in any order without a device ever keeping an
older version of a row, and a row changed twice is simply served twice.

Positions and the concurrency watermark
---------------------------------------
A cursor position is a pair ``(xid, id)``: ``id`` is the log row's serial id and ``xid`` the id
of the transaction that wrote it. Rows are served in ``(xid, id)`` order, and only rows whose
transaction has ended:

* **PostgreSQL**: each row records ``pg_current_xact_id()``; pull serves only rows with
  ``xid < pg_snapshot_xmin(pg_current_snapshot())``, i.e. written by transactions older than
  every transaction still in flight. Every transaction below that watermark has finished, and
  the watermark never goes down, so a row that commits later always has a position above any
  position already served: a cursor can never skip it. A bigserial alone would not do, since
  ids are taken at insert time and commit out of order. (The alternative, a per-library counter
  row locked until commit, would serialize every push of a library on one lock.)
* **SQLite**: writers hold the database lock (``BEGIN IMMEDIATE``) until commit, so ids commit
  in order; ``xid`` is 0 and the position is effectively the id.

Snapshot
--------
A first load (or a reset) pages through the library's current rows entity by entity, ordered by
key (keyset pagination on the unique indexes, so page N costs the same as page 1), then switches
to the log at the position recorded when the snapshot began. Rows changed during the snapshot
are served again from the log; upserts are idempotent, so that is harmless.

Compaction (``popup-sync admin compact-log``) deletes old entries and raises the library's floor;
a cursor below the floor is answered with ``reset``.

Shared catalogue
----------------
A library that shares its catalogue (``Library.shares_catalogue``) lets every other library's
devices see its items (only items). Each library keeps reading only its own log: an item entry
is recorded under the item's own library, and :func:`flush_pending` copies it into every other
library's log when that library shares. The copies are ordinary entries of the writing
transaction, so the watermark and the floors above keep their guarantees unchanged. (Merging
other libraries' logs at read time was the alternative; it would tie one library's cursors to
every other library's compaction floor and make each pull a union of several logs.) Turning
sharing on or off logs every item of the library for every other library
(:func:`announce_catalogue`); each entry is served as the item's current state as that library
sees it: an upsert, or a delete once it is no longer visible. A key is a barcode, so when two
visible libraries hold the same barcode one wins: the device's own library, else the sharing
library with the lowest id (:func:`sharing_libraries`; push resolves barcodes the same way).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, cast

from sqlalchemy import (
    ARRAY,
    BigInteger,
    ColumnElement,
    CursorResult,
    String,
    Table,
    and_,
    any_,
    delete,
    func,
    insert,
    literal,
    select,
    text,
    true,
    tuple_,
    union_all,
)
from sqlalchemy.orm import Session

from popup_sync.models import (
    CardRange,
    Change,
    ClosedDay,
    Event,
    Item,
    Library,
    Loan,
    LoanRuleRow,
    Patron,
    PatronAlias,
    Stop,
    SyncException,
)

#: Larger than any serial id: position (x, MAX_ID) means "everything of transaction x".
MAX_ID = 2**62
_PENDING = "popup_sync.pending_changes"
_CHANGE_LOG = cast(Table, Change.__table__)
_XID = "popup_sync.xid"

#: Order of a snapshot: rules and settings first, so a device can work before the catalogue ends.
SNAPSHOT_ENTITIES = (
    "library",
    "setting",
    "loan_rule",
    "closed_day",
    "stop",
    "event",
    "card_range",
    "card_replacement",
    "exception",
    "patron",
    "item",
    "loan",
)

#: Settings every device downloads (values come from the library's settings JSON).
SETTING_KEYS = (
    "library_code",
    "library_name",
    "fines_limit_cents",
    "card_format",
    "closed_weekdays",
    "timezone",
    "card_expiry_years",
    "card_range_low_warning",
    "signup_required_fields",
    "category_bands",
    "attendance_bands",
)


class BadCursor(ValueError):
    """A cursor this server did not issue (or a mangled one)."""


# -- recording ----------------------------------------------------------------------------------


def record(session: Session, library_id: int, entity: str, key: str) -> None:
    """Note that ``entity``/``key`` of a library changed; written when the transaction commits.

    An item is recorded under the library that owns it (``Item.library_id``), whichever
    library's device changed it: the commit copies it to the libraries it is shared with.
    """
    pending: dict[tuple[int, str, str], None] = session.info.setdefault(_PENDING, {})
    pending[(library_id, entity, key)] = None


def _xid(session: Session) -> int:
    if session.get_bind().dialect.name != "postgresql":
        return 0
    return int(session.execute(text("SELECT pg_current_xact_id()::text::bigint")).scalar_one())


def flush_pending(session: Session) -> None:
    """Write the noted changes (called by the session's ``before_commit`` hook)."""
    pending: dict[tuple[int, str, str], None] | None = session.info.pop(_PENDING, None)
    if not pending:
        return
    _share_items(session, pending)
    xid = _xid(session)
    now = datetime.now(UTC)
    session.execute(
        insert(_CHANGE_LOG),  # Core: a push chunk logs ~1,000 rows and the ORM's bulk path is slow
        [
            {"library_id": lib, "xid": xid, "entity": entity, "key": key, "created_at": now}
            for lib, entity, key in pending
        ],
    )


def _share_items(session: Session, pending: dict[tuple[int, str, str], None]) -> None:
    """Copy item entries of libraries that share their catalogue into every other library's log."""
    owners = sorted({lib for lib, entity, _ in pending if entity == "item"})
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
        if entity == "item" and lib in sharing:
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
            literal(_xid(session), BigInteger()),
            literal("item", String()),
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


def discard_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


# -- cursors ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cursor:
    """Either in the log (``entity_index`` None) or in a snapshot that then switches to it."""

    xid: int
    id: int
    entity_index: int | None = None
    after_key: str = ""

    def encode(self) -> str:
        if self.entity_index is None:
            return f"L.{self.xid}.{self.id}"
        key = base64.urlsafe_b64encode(self.after_key.encode()).decode().rstrip("=")
        return f"S.{self.xid}.{self.id}.{self.entity_index}.{key}"

    @classmethod
    def decode(cls, raw: str) -> Cursor:
        """The cursor ``raw`` encodes, or :class:`BadCursor`: only what :meth:`encode` makes.

        Numbers are plain ASCII digits below 2**63 (a BIGINT), the key strict URL-safe base64.
        """
        parts = raw.split(".")
        if not all(_NUMBER.fullmatch(n) and int(n) < 2**63 for n in parts[1:4]):
            raise BadCursor(raw)
        try:
            if parts[0] == "L" and len(parts) == 3:
                return cls(int(parts[1]), int(parts[2]))
            if parts[0] == "S" and len(parts) == 5:
                index = int(parts[3])
                if not 0 <= index < len(SNAPSHOT_ENTITIES) or not _KEY.fullmatch(parts[4]):
                    raise BadCursor(raw)
                padded = parts[4] + "=" * (-len(parts[4]) % 4)
                key = base64.b64decode(padded.encode(), altchars=b"-_", validate=True).decode()
                cursor = cls(int(parts[1]), int(parts[2]), index, key)
                if cursor.encode() == raw:  # one spelling per cursor (no stray padding bits)
                    return cursor
        except (ValueError, binascii.Error, UnicodeDecodeError):
            pass
        raise BadCursor(raw)


_NUMBER = re.compile(r"[0-9]{1,19}")
_KEY = re.compile(r"[A-Za-z0-9_-]*")


def _after(position: tuple[int, int]) -> ColumnElement[bool]:
    # A row comparison, so the (library_id, xid, id) index gives a range scan (an OR would not).
    return tuple_(Change.xid, Change.id) > tuple_(literal(position[0]), literal(position[1]))


def snapshot_start(session: Session, library: Library) -> Cursor:
    """Where the log resumes after a snapshot that begins now (never below the floor)."""
    position: tuple[int, int]
    if session.get_bind().dialect.name == "postgresql":
        xmin = int(
            session.execute(
                text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
            ).scalar_one()
        )
        position = (xmin - 1, MAX_ID)
    else:
        position = (0, int(session.scalar(select(func.max(Change.id))) or 0))
    # Compacted entries are already reflected in the rows the snapshot reads.
    position = max(position, (library.log_floor_xid, library.log_floor_id))
    return Cursor(position[0], position[1], 0, "")


# -- serving ------------------------------------------------------------------------------------


@dataclass
class Page:
    changes: list[dict[str, Any]]
    cursor: Cursor
    has_more: bool
    reset: bool = False


@dataclass(frozen=True)
class Reader:
    """Reads current rows for one device: its library, its own card ranges, shared items."""

    session: Session
    library: Library
    device_id: str

    @cached_property
    def shared_ids(self) -> list[int]:
        """The other libraries whose items this device sees, in order of precedence."""
        return sharing_libraries(self.session, self.library.id)

    # Each loader: keys -> {key: data or None}; None means the row is gone (delete).

    def load(self, entity: str, keys: Sequence[str]) -> dict[str, dict[str, Any] | None]:
        loader = _LOADERS.get(entity)
        if loader is None:
            return {}
        return loader(self, keys)

    def _libraries(self, keys: Sequence[str]) -> dict[str, dict[str, Any] | None]:
        rows = self.session.execute(
            select(Library.code, Library.name).where(Library.code.in_(keys))
        ).all()
        return {code: {"code": code, "name": name} for code, name in rows}

    def _settings(self, keys: Sequence[str]) -> dict[str, dict[str, Any] | None]:
        values = dict(self.library.settings or {})
        values["library_name"] = self.library.name
        values["library_code"] = self.library.code  # the desk routes other libraries' items
        return {k: {"key": k, "value": values[k]} for k in keys if k in values}

    def _rules(self, keys: Sequence[str]) -> dict[str, dict[str, Any] | None]:
        rows = self.session.scalars(
            select(LoanRuleRow).where(
                LoanRuleRow.library_id == self.library.id,
                tuple_(LoanRuleRow.patron_category, LoanRuleRow.item_type).in_(
                    [tuple(k.split("/", 1)) for k in keys if "/" in k]
                ),
            )
        )
        return {f"{r.patron_category}/{r.item_type}": _rule_data(r) for r in rows}

    def _closed_days(self, keys: Sequence[str]) -> dict[str, dict[str, Any] | None]:
        days = []
        for key in keys:
            try:
                days.append(datetime.fromisoformat(key).date())
            except ValueError:
                continue
        rows = self.session.scalars(
            select(ClosedDay).where(
                ClosedDay.library_id == self.library.id, ClosedDay.day.in_(days)
            )
        )
        return {r.day.isoformat(): {"day": r.day.isoformat(), "reason": r.reason} for r in rows}

    def _patrons(self, keys: Sequence[str]) -> dict[str, dict[str, Any] | None]:
        rows = list(
            self.session.scalars(
                select(Patron).where(
                    Patron.library_id == self.library.id,
                    _member(self.session, Patron.card_number, keys),
                )
            )
        )
        return patron_data(self.session, rows)

    def _items(self, keys: Sequence[str]) -> dict[str, dict[str, Any] | None]:
        # Plain rows, not ORM objects: a page may hold thousands of items.
        rows = self.session.execute(
            select(*_ITEM_COLUMNS).where(
                Item.library_id == self.library.id, _member(self.session, Item.barcode, keys)
            )
        )
        found: dict[str, dict[str, Any] | None] = {
            row[0]: dict(zip(_ITEM_KEYS, row, strict=True)) for row in rows
        }
        found.update(self._shared_items([k for k in keys if k not in found]))
        return found

    def _shared_items(self, keys: Sequence[str]) -> dict[str, dict[str, Any] | None]:
        """Items of sharing libraries under barcodes this library does not hold itself."""
        if not keys or not self.shared_ids:
            return {}
        rows = self.session.execute(
            select(*_ITEM_COLUMNS)
            .where(Item.library_id.in_(self.shared_ids), _member(self.session, Item.barcode, keys))
            .order_by(Item.library_id.desc())  # the lowest id comes last and wins
        )
        return {row[0]: dict(zip(_ITEM_KEYS, row, strict=True)) for row in rows}

    def _loans(self, keys: Sequence[str]) -> dict[str, dict[str, Any] | None]:
        rows = self.session.execute(
            select(Loan, Patron.card_number, Item.barcode)
            .join(Patron, Patron.id == Loan.patron_id)
            .join(Item, Item.id == Loan.item_id)
            .where(Loan.library_id == self.library.id, _member(self.session, Loan.id, keys))
        ).all()
        return {loan.id: loan_data(loan, card, barcode) for loan, card, barcode in rows}

    def _stops(self, keys: Sequence[str]) -> dict[str, dict[str, Any] | None]:
        rows = self.session.scalars(
            select(Stop).where(Stop.library_id == self.library.id, Stop.id.in_(keys))
        )
        return {r.id: stop_data(r) for r in rows}

    def _events(self, keys: Sequence[str]) -> dict[str, dict[str, Any] | None]:
        rows = self.session.scalars(
            select(Event).where(Event.library_id == self.library.id, Event.id.in_(keys))
        )
        return {r.id: event_data(r) for r in rows}

    def _card_ranges(self, keys: Sequence[str]) -> dict[str, dict[str, Any] | None]:
        ids = [int(k) for k in keys if k.isdigit()]
        rows = self.session.scalars(
            select(CardRange).where(
                CardRange.library_id == self.library.id,
                CardRange.device_id == self.device_id,
                CardRange.id.in_(ids),
            )
        )
        return {str(r.id): range_data(r) for r in rows}

    def _exceptions(self, keys: Sequence[str]) -> dict[str, dict[str, Any] | None]:
        ids = [int(k) for k in keys if k.isdigit()]
        rows = self.session.scalars(
            select(SyncException).where(
                SyncException.library_id == self.library.id, SyncException.id.in_(ids)
            )
        )
        return {str(r.id): exception_data(r) for r in rows}

    def _replacements(self, keys: Sequence[str]) -> dict[str, dict[str, Any] | None]:
        rows = self.session.execute(
            select(PatronAlias.card_number, Patron.card_number)
            .join(Patron, Patron.id == PatronAlias.patron_id)
            .where(
                PatronAlias.library_id == self.library.id,
                PatronAlias.reason == "temporary",
                PatronAlias.card_number.in_(keys),
            )
        ).all()
        return {old: {"temporary_card": old, "card_number": new} for old, new in rows}


_ITEM_COLUMNS = (
    Item.barcode,
    Item.title,
    Item.author,
    Item.isbn,
    Item.call_number,
    Item.item_type,
    Item.home_library,
    Item.status,
    Item.on_hold,
    Item.hold_pickup,
)

_ITEM_KEYS = tuple(c.key for c in _ITEM_COLUMNS)


def _member(session: Session, column: Any, keys: Sequence[str]) -> ColumnElement[bool]:
    """``column IN keys``; on PostgreSQL as ``= ANY(array)``: one parameter, not thousands."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(ColumnElement[bool], column == any_(literal(list(keys), ARRAY(String))))
    return cast(ColumnElement[bool], column.in_(keys))


_LOADERS: dict[str, Callable[[Reader, Sequence[str]], dict[str, dict[str, Any] | None]]] = {
    "library": Reader._libraries,
    "setting": Reader._settings,
    "loan_rule": Reader._rules,
    "closed_day": Reader._closed_days,
    "patron": Reader._patrons,
    "item": Reader._items,
    "loan": Reader._loans,
    "stop": Reader._stops,
    "event": Reader._events,
    "card_range": Reader._card_ranges,
    "exception": Reader._exceptions,
    "card_replacement": Reader._replacements,
}

# Snapshot sources: entity -> (key column, extra filter) over the device's library.


def _snapshot_keys(reader: Reader, entity: str, after: str, limit: int) -> list[str]:
    lib = reader.library.id
    query: Any
    if entity == "library":
        query = select(Library.code).where(Library.code > after).order_by(Library.code)
    elif entity == "setting":
        values = dict(reader.library.settings or {})
        keys = sorted({"library_code", "library_name", *values})
        return [k for k in keys if k > after][:limit]
    elif entity == "loan_rule":
        rows = reader.session.execute(
            select(LoanRuleRow.patron_category, LoanRuleRow.item_type).where(
                LoanRuleRow.library_id == lib
            )
        ).all()
        keys = sorted(f"{c}/{t}" for c, t in rows)
        return [k for k in keys if k > after][:limit]
    elif entity == "closed_day":
        days = reader.session.scalars(
            select(ClosedDay.day).where(ClosedDay.library_id == lib).order_by(ClosedDay.day)
        )
        return [d.isoformat() for d in days if d.isoformat() > after][:limit]
    elif entity == "stop":
        query = select(Stop.id).where(Stop.library_id == lib, Stop.id > after).order_by(Stop.id)
    elif entity == "event":
        query = select(Event.id).where(Event.library_id == lib, Event.id > after).order_by(Event.id)
    elif entity == "card_range":
        ids = reader.session.scalars(
            select(CardRange.id)
            .where(CardRange.library_id == lib, CardRange.device_id == reader.device_id)
            .order_by(CardRange.id)
        )
        return [str(i) for i in ids if str(i) > after][:limit]
    elif entity == "card_replacement":
        query = (
            select(PatronAlias.card_number)
            .where(
                PatronAlias.library_id == lib,
                PatronAlias.reason == "temporary",
                PatronAlias.card_number > after,
            )
            .order_by(PatronAlias.card_number)
        )
    elif entity == "exception":
        ids = reader.session.scalars(
            select(SyncException.id)
            .where(SyncException.library_id == lib, SyncException.resolved_at.is_(None))
            .order_by(SyncException.id)
        )
        keys = sorted(str(i) for i in ids)
        return [k for k in keys if k > after][:limit]
    elif entity == "patron":
        query = (
            select(Patron.card_number)
            .where(Patron.library_id == lib, Patron.card_number > after)
            .order_by(Patron.card_number)
        )
    elif entity == "loan":
        # Open loans only: history is not needed at the desk.
        query = (
            select(Loan.id)
            .where(Loan.library_id == lib, Loan.returned_at.is_(None), Loan.id > after)
            .order_by(Loan.id)
        )
    else:  # pragma: no cover - SNAPSHOT_ENTITIES lists the entities above
        raise AssertionError(entity)
    return [str(k) for k in reader.session.scalars(query.limit(limit))]


def _item_page(reader: Reader, after: str, limit: int) -> tuple[Sequence[Any], bool]:
    """Up to ``limit`` items the reader sees after barcode ``after``, and whether that is all."""
    db = reader.session.connection()  # Core rows: ORM result processing costs ~2x per page
    if not reader.shared_ids:
        own = db.execute(
            select(*_ITEM_COLUMNS)
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
        select(Item.library_id, *_ITEM_COLUMNS)
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
    page = complete[:limit]
    return [best[b][1:] for b in page], len(rows) < want and len(page) == len(complete)


def sharing_libraries(session: Session, library_id: int) -> list[int]:
    """The other libraries that share their catalogue, lowest id (highest precedence) first."""
    return list(
        session.scalars(
            select(Library.id)
            .where(Library.shares_catalogue, Library.id != library_id)
            .order_by(Library.id)
        )
    )


def _changes(
    reader: Reader, entity: str, keys: Sequence[str], *, deletes: bool
) -> list[dict[str, Any]]:
    loaded = reader.load(entity, keys)
    out: list[dict[str, Any]] = []
    for key in keys:
        data = loaded.get(key)
        if data is not None:
            out.append({"entity": entity, "op": "upsert", "key": key, "data": data})
        elif deletes and entity != "card_range":  # other devices' ranges are not ours
            out.append({"entity": entity, "op": "delete", "key": key, "data": None})
    return out


def pull(reader: Reader, cursor: Cursor | None, limit: int) -> Page:
    """One page of changes for the reader's device, starting at ``cursor`` (None = first load)."""
    session = reader.session
    if cursor is None:
        cursor = snapshot_start(session, reader.library)
    if cursor.entity_index is not None:
        return _snapshot_page(reader, cursor, limit)
    floor = (reader.library.log_floor_xid, reader.library.log_floor_id)
    if (cursor.xid, cursor.id) < floor:
        return Page([], snapshot_start(session, reader.library), has_more=True, reset=True)
    postgres = session.get_bind().dialect.name == "postgresql"
    entries = (
        select(Change.library_id, Change.xid, Change.id, Change.entity, Change.key)
        .where(Change.library_id == reader.library.id, _after((cursor.xid, cursor.id)))
        .order_by(Change.xid, Change.id)
        .limit(limit)
    )
    if postgres:
        entries = entries.where(
            Change.xid < text("pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        )
    page = entries.subquery("page")
    # Items (the bulk of most logs) come joined in; other entities are loaded per page.
    match = and_(
        page.c.entity == "item", Item.library_id == page.c.library_id, Item.barcode == page.c.key
    )
    item_columns: Sequence[Any]
    if postgres:
        # A lateral lookup (LIMIT 1 keeps it one) is an index probe per entry whatever the
        # statistics say; a plain join is planned as a hash join over the whole catalogue
        # (~25 ms a page for 100,000 items), or worse while the log is not yet analyzed.
        lookup = select(*_ITEM_COLUMNS).where(match).limit(1).lateral("item")
        joined = page.outerjoin(lookup, true())
        item_columns = list(lookup.c)
    else:  # SQLite has no LATERAL; its planner probes the unique index anyway
        joined = page.outerjoin(Item, match)
        item_columns = _ITEM_COLUMNS
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
        if entity == "item" and row[4] is not None:
            served[(entity, key)] = {
                "entity": entity,
                "op": "upsert",
                "key": key,
                "data": dict(zip(_ITEM_KEYS, row[4:], strict=True)),
            }
        else:  # other entities, and items this library does not hold (shared, or deleted)
            by_entity.setdefault(entity, []).append(key)
    for entity, keys in by_entity.items():
        for change in _changes(reader, entity, keys, deletes=True):
            served[(entity, change["key"])] = change
    changes = [served[k] for k in order if k in served]
    last = rows[-1]
    return Page(changes, Cursor(int(last.xid), int(last.id)), has_more=len(rows) == limit)


def _snapshot_page(reader: Reader, cursor: Cursor, limit: int) -> Page:
    assert cursor.entity_index is not None
    changes: list[dict[str, Any]] = []
    index, after = cursor.entity_index, cursor.after_key
    while index < len(SNAPSHOT_ENTITIES) and len(changes) < limit:
        entity = SNAPSHOT_ENTITIES[index]
        want = limit - len(changes)
        if entity == "item":  # the big one: keys and data in a single keyset query (Core rows)
            rows, done = _item_page(reader, after, want)
            keys = [row[0] for row in rows]
            changes += [
                {
                    "entity": "item",
                    "op": "upsert",
                    "key": row[0],
                    "data": dict(zip(_ITEM_KEYS, row, strict=True)),
                }
                for row in rows
            ]
        else:
            keys = _snapshot_keys(reader, entity, after, want)
            done = len(keys) < want
            changes += _changes(reader, entity, keys, deletes=False)
        if done:  # this entity is done
            index, after = index + 1, ""
        else:  # the page is full; carry on in this entity next time
            after = keys[-1]
    if index >= len(SNAPSHOT_ENTITIES):
        return Page(changes, Cursor(cursor.xid, cursor.id), has_more=True)
    return Page(changes, Cursor(cursor.xid, cursor.id, index, after), has_more=True)


# -- row data (what devices see) ----------------------------------------------------------------


def _iso(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())


def patron_data(session: Session, rows: Iterable[Patron]) -> dict[str, dict[str, Any] | None]:
    rows = list(rows)
    aliases: dict[int, list[str]] = {}
    if rows:
        for patron_id, card in session.execute(
            select(PatronAlias.patron_id, PatronAlias.card_number).where(
                PatronAlias.patron_id.in_([p.id for p in rows])
            )
        ):
            aliases.setdefault(patron_id, []).append(card)
    return {
        p.card_number: {
            "card_number": p.card_number,
            "name": p.name,
            "category": p.category,
            "card_expiry": _iso(p.card_expiry),
            "fines_owed_cents": p.fines_owed_cents,
            "manual_block": p.manual_block,
            "block_reason": p.block_reason,
            "home_library": p.home_library,
            "temporary": p.temporary,
            "aliases": sorted(aliases.get(p.id, [])),
        }
        for p in rows
    }


def item_data(r: Item) -> dict[str, Any]:
    return {
        "barcode": r.barcode,
        "title": r.title,
        "author": r.author,
        "isbn": r.isbn,
        "call_number": r.call_number,
        "item_type": r.item_type,
        "home_library": r.home_library,
        "status": r.status,
        "on_hold": r.on_hold,
        "hold_pickup": r.hold_pickup,
    }


def loan_data(loan: Loan, patron_card: str, item_barcode: str) -> dict[str, Any]:
    return {
        "id": loan.id,
        "patron_card": patron_card,
        "item_barcode": item_barcode,
        "out_at": _iso(loan.out_at),
        "due_date": _iso(loan.due_date),
        "renewals": loan.renewals,
        "returned_at": _iso(loan.returned_at),
        "closed_reason": loan.closed_reason,
    }


def _rule_data(r: LoanRuleRow) -> dict[str, Any]:
    return {
        "patron_category": r.patron_category,
        "item_type": r.item_type,
        "loan_days": r.loan_days,
        "max_renewals": r.max_renewals,
        "max_items": r.max_items,
        "loanable": r.loanable,
    }


def stop_data(r: Stop) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "place": r.place,
        "starts_at": _iso(r.starts_at),
        "ends_at": _iso(r.ends_at),
    }


def event_data(r: Event) -> dict[str, Any]:
    return {
        "id": r.id,
        "stop_id": r.stop_id,
        "title": r.title,
        "event_type": r.event_type,
        "audience": r.audience,
        "onsite": r.onsite,
    }


def range_data(r: CardRange) -> dict[str, Any]:
    return {"id": r.id, "first": r.first, "last": r.last}


def exception_data(r: SyncException) -> dict[str, Any]:
    return {
        "id": r.id,
        "device_id": r.device_id,
        "seq": r.seq,
        "mutation_id": r.mutation_id,
        "code": r.code,
        "message": r.message,
        "detail": r.detail,
        "resolved": r.resolved_at is not None,
    }


# -- compaction ---------------------------------------------------------------------------------


def compact(session: Session, library: Library, before: datetime) -> int:
    """Delete a library's log entries older than ``before`` (finished transactions only)."""
    where = [Change.library_id == library.id, Change.created_at < before]
    if session.get_bind().dialect.name == "postgresql":
        where.append(Change.xid < text("pg_snapshot_xmin(pg_current_snapshot())::text::bigint"))
    top = session.execute(
        select(Change.xid, Change.id).where(*where).order_by(Change.xid.desc(), Change.id.desc())
    ).first()
    if top is None:
        return 0
    result: CursorResult[Any] = session.execute(delete(Change).where(*where))  # type: ignore[assignment]
    count = result.rowcount
    if (int(top.xid), int(top.id)) > (library.log_floor_xid, library.log_floor_id):
        library.log_floor_xid, library.log_floor_id = int(top.xid), int(top.id)
    return int(count or 0)
