"""The change log and the pull cursor.

* :mod:`.log` — recording: a write transaction notes which rows changed (:func:`record`); the
  commit writes one log row per (library, entity, key), and copies shared items' entries.
* :mod:`.cursor` — positions in the log and in a snapshot (:class:`Cursor`).
* :mod:`.reader` — what a device sees of a row: one loader per entity, building its data from
  the entity's class in :mod:`popup.domain.protocol.entities`.
* :mod:`.snapshot` — a first load, entity by entity; :mod:`.pull` — one page, from the
  snapshot or from the log.
* :mod:`.compaction` — dropping old entries below a per-library floor.

Recording
---------
The log stores *which* row changed (entity + key), not the row's contents; pull reads each
row's current state when it serves the entry. Entries may therefore be served in any order
without a device ever keeping an older version of a row, and a row changed twice is simply
served twice.

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
A first load (or a reset) pages through the library's current rows entity by entity (in
:class:`~popup.domain.protocol.entities.Entity` order), ordered by key, then switches to the
log at the position recorded when the snapshot began.

Compaction (``popup-sync admin compact-log``) deletes old entries and raises the library's floor;
a cursor below the floor is answered with ``reset``.

Shared catalogue
----------------
A library that shares its catalogue (``Library.shares_catalogue``) lets every other library's
devices see its items (only items). Each library keeps reading only its own log: an item entry
is recorded under the item's own library, and :func:`flush_pending` copies it into every other
library's log when that library shares. (Merging other libraries' logs at read time was the
alternative; it would tie one library's cursors to every other library's compaction floor and
make each pull a union of several logs.) Turning sharing on or off logs every item of the
library for every other library (:func:`announce_catalogue`); each entry is served as the
item's current state as that library sees it: an upsert, or a delete once it is no longer
visible. A key is a barcode, so when two visible libraries hold the same barcode one wins: the
device's own library, else the sharing library with the lowest id (:func:`sharing_libraries`;
push resolves barcodes the same way).
"""

from popup_sync.changes.compaction import compact
from popup_sync.changes.cursor import SNAPSHOT_ENTITIES, BadCursor, Cursor, snapshot_start
from popup_sync.changes.log import (
    announce_catalogue,
    discard_pending,
    flush_pending,
    record,
    sharing_libraries,
)
from popup_sync.changes.pull import Page, pull
from popup_sync.changes.reader import Reader

__all__ = [
    "SNAPSHOT_ENTITIES",
    "BadCursor",
    "Cursor",
    "Page",
    "Reader",
    "announce_catalogue",
    "compact",
    "discard_pending",
    "flush_pending",
    "pull",
    "record",
    "sharing_libraries",
    "snapshot_start",
]
