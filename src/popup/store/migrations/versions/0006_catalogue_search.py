"""Finding a book (#15): an SQLite FTS5 index over the items' title, author, call number and
ISBN, kept in step with ``items`` by triggers and a queue.

The index stores only its own search structures: its words come from the view
``items_search_source`` (an external-content table), so the titles are not stored twice and
``INSERT INTO items_search(items_search) VALUES('rebuild')`` can always build it again from
``items``. The ISBN is indexed without hyphens, so "978-0-14-044913-6" is the word
"9780140449136"; the search asks for both the ISBN-10 and ISBN-13 forms of what was typed.

Triggers on ``items``, not the places that write items, keep it in step: every path that writes
items (the desk, the sync client's bulk upserts, the MARC importer, a snapshot's sweep) goes
through SQLite, so no writer can forget it. They do not write the index itself: FTS5 writes its
pending words out at every statement savepoint, so a trigger that indexed each row made a
100,000-item download 4-5 times slower (its words written out and merged row by row). They only
queue: ``items_search_queue`` the ids whose current row is not yet indexed, and
``items_search_gone`` the indexed words of rows since changed or deleted (only known at that
moment). ``popup.store.search.catch_up`` then indexes the queue in large batches, one
``INSERT ... SELECT`` each, before a search and in the background after a download. The update
trigger fires only when a searched column really changes, so a checkout's
``UPDATE items SET status`` costs nothing.

A later batch migration that rebuilds ``items`` (copy, drop, rename) drops these triggers with
the old table: it must create them again (``popup.store.search.rebuild_search_index`` does, and
rebuilds the index).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# As of this revision (a migration does not follow the code): popup.store.search has the
# same triggers for a store whose items table was rebuilt.
_SOURCE = (
    "CREATE VIEW items_search_source AS SELECT id, title, author, call_number,"
    " replace(isbn, '-', '') AS isbn FROM items"
)
_INDEX = (
    "CREATE VIRTUAL TABLE items_search USING fts5(title, author, call_number, isbn,"
    " content='items_search_source', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
)
_QUEUE = "CREATE TABLE items_search_queue (id INTEGER PRIMARY KEY)"
_GONE = (
    "CREATE TABLE items_search_gone (seq INTEGER PRIMARY KEY, id INTEGER NOT NULL,"
    " title TEXT, author TEXT, call_number TEXT, isbn TEXT)"
)
# The old row's words leave the index only if they are in it (its id is not queued).
_GONE_OLD = (
    "INSERT INTO items_search_gone (id, title, author, call_number, isbn)"
    " SELECT old.id, old.title, old.author, old.call_number, replace(old.isbn, '-', '')"
    " WHERE NOT EXISTS (SELECT 1 FROM items_search_queue WHERE id = old.id);"
)
_TRIGGERS = (
    "CREATE TRIGGER items_search_insert AFTER INSERT ON items BEGIN"
    " INSERT OR IGNORE INTO items_search_queue (id) VALUES (new.id); END",
    f"CREATE TRIGGER items_search_delete AFTER DELETE ON items BEGIN {_GONE_OLD}"
    " DELETE FROM items_search_queue WHERE id = old.id; END",
    "CREATE TRIGGER items_search_update AFTER UPDATE OF id, title, author, call_number, isbn"
    " ON items WHEN old.id IS NOT new.id OR old.title IS NOT new.title"
    " OR old.author IS NOT new.author OR old.call_number IS NOT new.call_number"
    f" OR old.isbn IS NOT new.isbn BEGIN {_GONE_OLD}"
    " DELETE FROM items_search_queue WHERE id = old.id;"
    " INSERT OR IGNORE INTO items_search_queue (id) VALUES (new.id); END",
)


def upgrade() -> None:
    op.execute(_SOURCE)
    op.execute(_INDEX)
    op.execute(_QUEUE)
    op.execute(_GONE)
    for trigger in _TRIGGERS:
        op.execute(trigger)
    # What the store holds already is indexed by the first catch-up, in batches.
    op.execute("INSERT INTO items_search_queue (id) SELECT id FROM items")


def downgrade() -> None:
    for name in ("items_search_update", "items_search_delete", "items_search_insert"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS items_search_gone")
    op.execute("DROP TABLE IF EXISTS items_search_queue")
    op.execute("DROP TABLE IF EXISTS items_search")
    op.execute("DROP VIEW IF EXISTS items_search_source")
