"""The import itself: records read, rows extracted, items upserted in batches."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from sqlalchemy import Table, and_, case, or_, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from popup.domain.marc.reader import read_items, sniff_format
from popup.domain.marc.records import ItemRow, MarcOptions, MarcResult, Progress
from popup.domain.staff import Capability
from popup.interop import InteropError, Problem
from popup.store.db import Store
from popup.store.library import load_config
from popup.store.models import Item
from popup.store.staff import require

log = logging.getLogger("popup.interop.marc")
ITEMS: Table = Item.__table__  # type: ignore[assignment]


class _Writer:
    """Upserts item rows in batches, one store transaction per batch."""

    def __init__(self, store: Store, result: MarcResult, batch_size: int) -> None:
        self.store = store
        self.result = result
        self.batch_size = batch_size
        self.pending: dict[str, ItemRow] = {}
        self.seen: dict[str, int] = {}

    def add(self, rows: list[ItemRow], record_no: int) -> None:
        for row in rows:
            earlier = self.seen.get(row.barcode)
            if earlier is not None:
                self.result.problems.append(
                    Problem(
                        record_no,
                        f"barcode {row.barcode} is also in record {earlier}; this record's"
                        " details replace it",
                        skipped=False,
                    )
                )
            self.seen[row.barcode] = record_no
            self.pending[row.barcode] = row

    def maybe_flush(self) -> None:
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        rows = list(self.pending.values())
        values = [{**vars(r), "on_hold": False} for r in rows]  # ItemRow names the columns
        columns = ("title", "author", "isbn", "call_number", "item_type", "home_library")
        stmt = sqlite_insert(ITEMS)  # Core: the ORM's bulk path costs 3x here
        # The catalogue may take an item on the shelf out of circulation (Koha's 952 $7 not for
        # loan, $0 withdrawn, ...); it never puts one back, nor touches an item on loan: its
        # status here is circulation state.
        shelved = ITEMS.c.status == "available"
        taken_out = and_(shelved, stmt.excluded.status != "available")
        stmt = stmt.on_conflict_do_update(
            index_elements=["barcode"],
            set_={
                **{name: stmt.excluded[name] for name in columns},
                "status": case((taken_out, stmt.excluded.status), else_=ITEMS.c.status),
            },
            # Re-importing the same file rewrites nothing (and writes no WAL pages).
            where=or_(
                taken_out,
                *(ITEMS.c[name].is_distinct_from(stmt.excluded[name]) for name in columns),
            ),
        )
        with self.store.transaction() as session:
            existing: set[str] = set()
            barcodes = [r.barcode for r in rows]
            for at in range(0, len(barcodes), 900):  # SQLite's bound-parameter limit
                existing.update(
                    session.scalars(
                        select(Item.barcode).where(Item.barcode.in_(barcodes[at : at + 900]))
                    )
                )
            written = session.connection().execute(stmt, values).rowcount
        created = len(rows) - len(existing)
        self.result.items_created += created
        self.result.items_updated += max(0, written - created)
        self.result.items_unchanged += len(existing) - max(0, written - created)
        self.pending.clear()


# -- the import ------------------------------------------------------------------------------


def import_marc(
    store: Store,
    path: Path,
    options: MarcOptions | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    file_format: str = "auto",
) -> MarcResult:
    """Import ``path`` into ``store``. Raises :class:`InteropError` for an unusable file or a
    store failure; every bad record is a :class:`Problem` in the result instead."""
    require(store, Capability.EXPORT)
    options = options or MarcOptions()
    started = time.monotonic()
    try:
        total = path.stat().st_size
        kind = sniff_format(path) if file_format == "auto" else file_format
    except OSError as exc:
        raise InteropError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    if kind not in ("marc", "marcxml"):
        raise InteropError(f"unknown MARC file format {file_format!r}; use marc or marcxml")
    try:
        with store.read() as session:
            home = options.home_library or load_config(session).library_code
    except Exception as exc:
        raise InteropError(f"The store could not be read ({type(exc).__name__}).") from exc
    result = MarcResult()
    writer = _Writer(store, result, max(1, options.batch_size))

    def report(done: int) -> None:
        if progress is not None:
            progress(done, total, result.records)

    def add(rows: list[ItemRow], number: int) -> None:
        writer.add(rows, number)
        writer.maybe_flush()

    try:
        read_items(path, kind, options, home, result, add, report, cancel)
        writer.flush()
    except InteropError:
        raise
    except OSError as exc:
        raise InteropError(f"Reading {path} failed: {exc.strerror or exc}") from exc
    except SQLAlchemyError as exc:
        # Store failures (disk full, locked, ...): batches already committed stay. The
        # exception's text carries the SQL's bound values (titles, barcodes): only its kind is
        # shown and logged.
        log.info("MARC import stopped at record %d: %s", result.records, type(exc).__name__)
        raise InteropError(
            f"The import stopped at record {result.records}: the database refused the write"
            f" ({type(exc).__name__}). {result.items_created + result.items_updated} items were"
            " saved before it; importing the file again is safe."
        ) from exc
    report(total)
    result.seconds = time.monotonic() - started
    log.info(
        "MARC import: %d records, %d created, %d updated, %d problems in %.1fs",
        result.records,
        result.items_created,
        result.items_updated,
        len(result.problems),
        result.seconds,
    )
    return result
