"""Finding a book (#15): an SQLite FTS5 index over the items' title, author, call number and
ISBN, kept in step with ``items`` by triggers.

The index stores only its own search structures: its words come from the view
``items_search_source`` (an external-content table), so the titles are not stored twice and
``INSERT INTO items_search(items_search) VALUES('rebuild')`` can always build it again from
``items``. The ISBN is indexed without hyphens, so "978-0-14-044913-6" is the word
"9780140449136"; the search asks for both the ISBN-10 and ISBN-13 forms of what was typed.

Triggers, not the places that write items, keep it in step: every path that writes items (the
desk's status changes, the sync client's bulk upserts, the MARC importer, a snapshot's sweep)
goes through SQLite, so no writer can forget it. The update trigger fires only when a searched
column really changes, so a checkout's ``UPDATE items SET status`` costs the index nothing.

A later batch migration that rebuilds ``items`` (copy, drop, rename) drops these triggers with
the old table: it must create them again (``popup.store.search.install_search_triggers``) and
rebuild the index.

Revision ID: 0006_catalogue_search
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0006_catalogue_search"
down_revision = "0005"
branch_labels = None
depends_on = None

# As of this revision (a migration does not follow the code): popup.store.search has the
# same statements for a store whose triggers were lost.
_SOURCE = (
    "CREATE VIEW items_search_source AS SELECT id, title, author, call_number,"
    " replace(isbn, '-', '') AS isbn FROM items"
)
_INDEX = (
    "CREATE VIRTUAL TABLE items_search USING fts5(title, author, call_number, isbn,"
    " content='items_search_source', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
)
_ADD = (
    "INSERT INTO items_search(rowid, title, author, call_number, isbn)"
    " VALUES (new.id, new.title, new.author, new.call_number, replace(new.isbn, '-', ''));"
)
_REMOVE = (
    "INSERT INTO items_search(items_search, rowid, title, author, call_number, isbn)"
    " VALUES ('delete', old.id, old.title, old.author, old.call_number,"
    " replace(old.isbn, '-', ''));"
)
_TRIGGERS = (
    f"CREATE TRIGGER items_search_insert AFTER INSERT ON items BEGIN {_ADD} END",
    f"CREATE TRIGGER items_search_delete AFTER DELETE ON items BEGIN {_REMOVE} END",
    "CREATE TRIGGER items_search_update AFTER UPDATE OF id, title, author, call_number, isbn"
    " ON items WHEN old.id IS NOT new.id OR old.title IS NOT new.title"
    " OR old.author IS NOT new.author OR old.call_number IS NOT new.call_number"
    f" OR old.isbn IS NOT new.isbn BEGIN {_REMOVE} {_ADD} END",
)


def upgrade() -> None:
    op.execute(_SOURCE)
    op.execute(_INDEX)
    # A title's words count most, then the author's, then the call number's and the ISBN's.
    op.execute("INSERT INTO items_search(items_search, rank) VALUES ('rank', 'bm25(10, 5, 2, 1)')")
    for trigger in _TRIGGERS:
        op.execute(trigger)
    op.execute("INSERT INTO items_search(items_search) VALUES ('rebuild')")


def downgrade() -> None:
    for name in ("items_search_update", "items_search_delete", "items_search_insert"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS items_search")
    op.execute("DROP VIEW IF EXISTS items_search_source")
