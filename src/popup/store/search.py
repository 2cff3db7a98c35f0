"""Finding a book: the catalogue search over the laptop's items (issue #15).

:class:`Catalogue` answers one search field's text with the copies it finds, each with its
availability (on the shelf here, on loan with its due date, on hold, another library's). An
exact barcode (typed or scanned, Codabar start/stop characters or not) is that copy alone;
words go to the SQLite FTS5 index ``items_search`` (migration 0006: title, author, call number,
ISBN); the first digits of a barcode go to the barcode's own index.

Triggers on ``items`` see every write (the desk, the sync client's bulk download, an import, a
snapshot's sweep) and queue it; :func:`catch_up` indexes the queue in batches of
:data:`CATCH_UP_BATCH` rows, one ``INSERT ... SELECT`` each (migration 0006 says why not row by
row). :meth:`Catalogue.find` catches up before it searches, and the search page starts a
catch-up in the background whenever the catalogue changes, so a search after a download finds
it done. :func:`rebuild_search_index` builds the index again from ``items``.

Holds are read in one place, :func:`hold_states`: the item's ``on_hold`` flag and the ``holds``
table of the holds to be picked up at this vehicle.
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
from popup.domain.holds import ACTIVE
from popup.domain.staff import Capability
from popup.store.circulation.lookups import Db
from popup.store.db import Store, driver
from popup.store.staff import require

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
# A copy is held when the item says so (downloaded with it) or a hold still to be met names it;
# a title hold (any copy) holds no copy until one is set aside for it. Expired holds are the
# desk's to ignore (``popup.domain.holds.is_live``) and the server's to drop at the next pull.
_HOLDS = (
    "SELECT i.id, i.on_hold OR h.id IS NOT NULL, COALESCE(i.hold_pickup, h.pickup)"
    " FROM items i LEFT JOIN holds h ON h.id = ("
    "  SELECT id FROM holds WHERE item_barcode = i.barcode"
    f"  AND status IN ({', '.join(repr(str(s)) for s in sorted(ACTIVE))}) LIMIT 1)"
    " WHERE i.id IN ({})"
)

# The triggers of migration 0006, for a store whose items table was rebuilt (they go with it).
_GONE_OLD = (
    "INSERT INTO items_search_gone (id, title, author, call_number, isbn)"
    " SELECT old.id, old.title, old.author, old.call_number, replace(old.isbn, '-', '')"
    " WHERE NOT EXISTS (SELECT 1 FROM items_search_queue WHERE id = old.id);"
)
_TRIGGERS = {
    "items_search_insert": (
        "CREATE TRIGGER items_search_insert AFTER INSERT ON items BEGIN"
        " INSERT OR IGNORE INTO items_search_queue (id) VALUES (new.id); END"
    ),
    "items_search_delete": (
        f"CREATE TRIGGER items_search_delete AFTER DELETE ON items BEGIN {_GONE_OLD}"
        " DELETE FROM items_search_queue WHERE id = old.id; END"
    ),
    "items_search_update": (
        "CREATE TRIGGER items_search_update AFTER UPDATE OF id, title, author, call_number,"
        " isbn ON items WHEN old.id IS NOT new.id OR old.title IS NOT new.title"
        " OR old.author IS NOT new.author OR old.call_number IS NOT new.call_number"
        f" OR old.isbn IS NOT new.isbn BEGIN {_GONE_OLD}"
        " DELETE FROM items_search_queue WHERE id = old.id;"
        " INSERT OR IGNORE INTO items_search_queue (id) VALUES (new.id); END"
    ),
}
#: Queued rows indexed per transaction: about a fifth of a second, so a catch-up after a big
#: download never holds the store's write lock long enough to keep a checkout waiting.
CATCH_UP_BATCH = 20_000
_BEHIND = (
    "SELECT EXISTS (SELECT 1 FROM items_search_queue) OR EXISTS (SELECT 1 FROM items_search_gone)"
)
# Words of changed or deleted rows leave first: a row's new words may share some of them.
_DROP_GONE = (
    "INSERT INTO items_search (items_search, rowid, title, author, call_number, isbn)"
    " SELECT 'delete', id, title, author, call_number, isbn FROM items_search_gone ORDER BY seq"
)
_ADD_BATCH = (
    "INSERT INTO items_search (rowid, title, author, call_number, isbn)"
    " SELECT id, title, author, call_number, isbn FROM items_search_source"
    " WHERE id IN (SELECT id FROM items_search_queue ORDER BY id LIMIT ?)"
)
_UNQUEUE_BATCH = (
    "DELETE FROM items_search_queue"
    " WHERE id IN (SELECT id FROM items_search_queue ORDER BY id LIMIT ?)"
)


def behind(db: Db) -> bool:
    """Whether items were written since the index last caught up (see :func:`catch_up`)."""
    return bool(driver(db).execute(_BEHIND).fetchone()[0])


def catch_up(db: Db, batch: int = CATCH_UP_BATCH) -> int:
    """Index what the triggers queued, inside ``db``'s write transaction: every changed or
    deleted row's old words out, then up to ``batch`` queued rows in. Returns how many rows
    were indexed (fewer than ``batch``: nothing is left)."""
    sql = driver(db)
    sql.execute(_DROP_GONE)
    sql.execute("DELETE FROM items_search_gone")
    sql.execute(_ADD_BATCH, (batch,))
    done = sql.execute("SELECT changes()").fetchone()[0]
    sql.execute(_UNQUEUE_BATCH, (batch,))
    return int(done)


@dataclass(frozen=True)
class HoldState:
    """Whether someone waits for a copy, and where they will pick it up (None: here)."""

    held: bool
    pickup: str | None = None


def hold_states(db: Db, item_ids: list[int]) -> dict[int, HoldState]:
    """The hold on each of ``item_ids``: THE one place a search reads holds.

    The item's ``on_hold`` flag and ``hold_pickup`` (downloaded with the item) and the
    ``holds`` table (downloaded to the pickup vehicle, changed by the desk) both count.
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
    sql.execute("DELETE FROM items_search_queue")
    sql.execute("DELETE FROM items_search_gone")


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
    """The search over one store (what the search page uses): the index caught up first."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def catch_up(self) -> int:
        """Index everything queued, a batch per transaction; how many rows that was."""
        total = 0
        while True:
            with self.store.read() as session:
                if not behind(session):
                    return total
            with self.store.transaction() as session:
                done = catch_up(session)
            total += done
            if done < CATCH_UP_BATCH:
                return total

    def find(self, text: str, this_library: str, limit: int = LIMIT) -> Found:
        """The catalogue search page's answer (needs :attr:`Capability.LOOKUP`: not for a
        volunteer)."""
        require(self.store, Capability.LOOKUP)
        self.catch_up()
        with self.store.read() as session:
            return find(session, text, this_library=this_library, limit=limit)


__all__ = [
    "CATCH_UP_BATCH",
    "LIMIT",
    "Catalogue",
    "Copy",
    "Found",
    "HoldState",
    "behind",
    "catch_up",
    "find",
    "hold_states",
    "rebuild_search_index",
    "search_index_bytes",
]
