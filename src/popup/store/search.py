"""Finding a book: the catalogue search over the laptop's items (issue #15).

:class:`Catalogue` answers one search field's text with the copies it finds, each with its
availability (on the shelf here, on loan with its due date, on hold, another library's). An
exact barcode (typed or scanned, Codabar start/stop characters or not) is that copy alone;
words go to the SQLite FTS5 index ``items_search`` (migration 0006: title, author, call number,
ISBN), which triggers on ``items`` keep in step with every write, the sync client's bulk
download included; the first digits of a barcode go to the barcode's own index.

Holds are read in one place, :func:`hold_states`, so a holds table can replace the item's
``on_hold`` flag there and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from popup.domain.cards import codabar_readings
from popup.domain.catalogue import (
    Availability,
    availability,
    barcode_prefix,
    match_expression,
)
from popup.store.circulation.lookups import Db
from popup.store.db import Store, driver

#: Rows shown at most: more means "type another word" (the page says so).
LIMIT = 100

_COLUMNS = (
    "i.id, i.barcode, i.title, i.author, i.call_number, i.isbn, i.home_library, i.status,"
    " l.due_date"
)
_WITH_LOAN = "LEFT JOIN loans l ON l.item_id = i.id AND l.returned_at IS NULL"
_BY_BARCODE = f"SELECT {_COLUMNS} FROM items i {_WITH_LOAN} WHERE i.barcode = ?"
_BY_BARCODE_PREFIX = (
    f"SELECT {_COLUMNS} FROM items i {_WITH_LOAN}"
    " WHERE i.barcode >= ? AND i.barcode < ? ORDER BY i.barcode LIMIT ?"
)
#: Matches ranked at most: a word as common as "the" matches most of a million items, and
#: ranking them all takes most of a second; the first this many (in the index's order) are
#: ranked instead, and the page says to type another word.
RANKED_AT_MOST = 2000
# bm25 with the weights of migration 0006: a title's words count most, then the author's, then
# the call number's and the ISBN's (lower is better). No ORDER BY: SQLite streams the matches.
_MATCHES = (
    "SELECT rowid, bm25(items_search, 10, 5, 2, 1) FROM items_search"
    " WHERE items_search MATCH ? LIMIT ?"
)
_BY_IDS = f"SELECT {_COLUMNS} FROM items i {_WITH_LOAN} WHERE i.id IN ({{}})"
_HOLDS = "SELECT id, on_hold, hold_pickup FROM items WHERE id IN ({})"

# For a store whose triggers were lost (see migration 0006's notes); the same statements.
_ADD = (
    "INSERT INTO items_search(rowid, title, author, call_number, isbn)"
    " VALUES (new.id, new.title, new.author, new.call_number, replace(new.isbn, '-', ''));"
)
_REMOVE = (
    "INSERT INTO items_search(items_search, rowid, title, author, call_number, isbn)"
    " VALUES ('delete', old.id, old.title, old.author, old.call_number,"
    " replace(old.isbn, '-', ''));"
)
_TRIGGERS = {
    "items_search_insert": (
        f"CREATE TRIGGER items_search_insert AFTER INSERT ON items BEGIN {_ADD} END"
    ),
    "items_search_delete": (
        f"CREATE TRIGGER items_search_delete AFTER DELETE ON items BEGIN {_REMOVE} END"
    ),
    "items_search_update": (
        "CREATE TRIGGER items_search_update AFTER UPDATE OF id, title, author, call_number,"
        " isbn ON items WHEN old.id IS NOT new.id OR old.title IS NOT new.title"
        " OR old.author IS NOT new.author OR old.call_number IS NOT new.call_number"
        f" OR old.isbn IS NOT new.isbn BEGIN {_REMOVE} {_ADD} END"
    ),
}


@dataclass(frozen=True)
class HoldState:
    """Whether someone waits for a copy, and where they will pick it up (None: here)."""

    held: bool
    pickup: str | None = None


def hold_states(db: Db, item_ids: list[int]) -> dict[int, HoldState]:
    """The hold on each of ``item_ids``: THE one place a search reads holds.

    Today the store knows a hold only as the item's ``on_hold`` flag and ``hold_pickup``
    (downloaded with the item); a holds table, when the store has one, is read here instead.
    """
    if not item_ids:
        return {}
    sql = _HOLDS.format(", ".join("?" * len(item_ids)))
    rows = driver(db).execute(sql, item_ids).fetchall()
    return {iid: HoldState(bool(held), pickup) for iid, held, pickup in rows}


@dataclass(frozen=True)
class Copy:
    """One copy a search found."""

    item_id: int
    barcode: str
    title: str
    author: str | None
    call_number: str | None
    isbn: str | None
    home_library: str
    status: str
    #: The open loan's due date (None: not on loan).
    due: date | None
    hold: HoldState
    availability: Availability


@dataclass(frozen=True)
class Found:
    """What a search found: the copies (at most :data:`LIMIT`), whether the text was one
    copy's exact barcode, and whether there were more than are listed."""

    copies: tuple[Copy, ...]
    exact: bool = False
    more: bool = False


def _copies(db: Db, rows: list[Any], this_library: str) -> list[Copy]:
    holds = hold_states(db, [row[0] for row in rows])
    copies = []
    for iid, barcode, title, author, call, isbn, home, status, due in rows:
        hold = holds.get(iid, HoldState(False))
        where = availability(
            status=status,
            home_library=home,
            this_library=this_library,
            on_loan=due is not None,
            held=hold.held,
        )
        day = date.fromisoformat(due) if due is not None else None
        copies.append(Copy(iid, barcode, title, author, call, isbn, home, status, day, hold, where))
    return copies


def _next_key(prefix: str) -> str:
    """The smallest text after every text starting with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def find(db: Db, text: str, *, this_library: str, limit: int = LIMIT) -> Found:
    """The copies ``text`` finds (see the module's notes); ``this_library`` is the laptop's."""
    sql = driver(db)
    for number in codabar_readings(text) if text.strip() else ():
        row = sql.execute(_BY_BARCODE, (number,)).fetchone()
        if row is not None:
            return Found(tuple(_copies(db, [row], this_library)), exact=True)
    rows: list[Any] = []
    prefix = barcode_prefix(text)
    if prefix is not None:
        rows = sql.execute(_BY_BARCODE_PREFIX, (prefix, _next_key(prefix), limit + 1)).fetchall()
    expression = match_expression(text)
    broad = False
    if expression is not None and len(rows) <= limit:
        matches = sql.execute(_MATCHES, (expression, RANKED_AT_MOST + 1)).fetchall()
        broad = len(matches) > RANKED_AT_MOST
        matches.sort(key=lambda m: m[1])
        seen = {row[0] for row in rows}
        best = [iid for iid, _score in matches if iid not in seen][: limit + 1 - len(rows)]
        if best:
            found = sql.execute(_BY_IDS.format(", ".join("?" * len(best))), best).fetchall()
            order = {iid: n for n, iid in enumerate(best)}
            rows += sorted(found, key=lambda row: order[row[0]])
    copies = _copies(db, rows[:limit], this_library)
    return Found(tuple(copies), more=broad or len(rows) > limit)


def rebuild_search_index(db: Db) -> None:
    """Build the index again from ``items`` (after a bulk write that went round the triggers,
    or to repair it), and put back any trigger a rebuilt ``items`` table lost."""
    sql = driver(db)
    have = {
        name
        for (name,) in sql.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'items'"
        )
    }
    for name, statement in _TRIGGERS.items():
        if name not in have:
            sql.execute(statement)
    sql.execute("INSERT INTO items_search(items_search) VALUES ('rebuild')")


def search_index_bytes(db: Db) -> int:
    """What the index takes in the file, in bytes (its own tables; the words live in items)."""
    sql = driver(db)
    total = 0
    for table, column in (
        ("items_search_data", "block"),
        ("items_search_idx", "term"),
        ("items_search_docsize", "sz"),
    ):
        (size,) = sql.execute(f"SELECT coalesce(sum(length({column})), 0) FROM {table}").fetchone()
        total += int(size)
    return total


class Catalogue:
    """The search over one store (what the search page uses)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def find(self, text: str, this_library: str, limit: int = LIMIT) -> Found:
        with self.store.read() as session:
            return find(session, text, this_library=this_library, limit=limit)


__all__ = [
    "LIMIT",
    "Catalogue",
    "Copy",
    "Found",
    "HoldState",
    "find",
    "hold_states",
    "rebuild_search_index",
    "search_index_bytes",
]
