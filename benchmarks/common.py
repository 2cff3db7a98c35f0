"""What the benchmark scripts share: cached large stores, fresh copies, percentiles.

Stores are encrypted as Popup's are (SQLCipher, :mod:`popup.store.cipher`); the cached ones
share one benchmark key, kept in ``benchmarks/out/bench.key`` (throw-away data only)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from popup.store import cipher, demo
from popup.store.db import MIGRATIONS_DIR, Store
from popup.store.keys import StoreKey
from popup.store.models import Item, Patron

OUT = Path(__file__).resolve().parent / "out"


def bench_key() -> StoreKey:
    """The key of the cached benchmark stores (made once, kept under benchmarks/out/)."""
    OUT.mkdir(exist_ok=True)
    where = OUT / "bench.key"
    if not where.exists():
        fd = os.open(where, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(StoreKey.random().hex())
    return StoreKey(bytes.fromhex(where.read_text(encoding="ascii").strip()))


def raw_connect(path: Path) -> sqlite3.Connection:
    """A raw connection to a benchmark store, as Popup opens one (key first)."""
    return cipher.connect(path, bench_key())


def open_store(path: Path, backups: Path | None = None) -> Store:
    return Store.open(path, backups, key=bench_key())


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def schema_fingerprint() -> str:
    """Changes whenever a migration does, so a cached store is never of an older schema."""
    digest = hashlib.sha256()
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cached_store(prefix: str, items: int, patrons: int) -> Path:
    """A store of ``items`` items and ``patrons`` patrons, built once under benchmarks/out/."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"{prefix}-{items}-{patrons}-{schema_fingerprint()}.sqlite3"
    if not path.exists():
        for old in OUT.glob(f"{prefix}-{items}-{patrons}-*.sqlite3*"):
            old.unlink()
        started = time.perf_counter()
        tmp = path.with_suffix(".building")
        store = open_store(tmp, OUT / "backups")
        demo.seed_large(store, items=items, patrons=patrons)
        store.close()
        for suffix in ("-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        tmp.rename(path)
        print(
            f"built {items:,} items / {patrons:,} patrons in "
            f"{time.perf_counter() - started:.0f} s -> {path.name}"
        )
    return path


def fresh_copy(path: Path, name: str) -> Path:
    """A throw-away copy of ``path`` so a run's loans do not pile up in the cache."""
    work = OUT / name
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    src, dst = raw_connect(path), raw_connect(work)
    src.backup(dst)
    src.close()
    dst.close()
    return work


def lendable(store: Store, cards: int = 2000, items: int = 200_000) -> tuple[list[str], list[str]]:
    """Cards of patrons with nothing blocking a checkout, and barcodes of books on the shelf
    here: what a stream of clean scans is drawn from."""
    with store.read() as session:
        card_numbers = list(
            session.scalars(
                select(Patron.card_number)
                .where(
                    Patron.manual_block.is_(False),
                    Patron.fines_owed_cents <= 500,
                    Patron.category == "ADULT",
                    Patron.card_expiry > date.today() + timedelta(days=30),
                )
                .limit(cards)
            )
        )
        barcodes = list(
            session.scalars(
                select(Item.barcode)
                .where(
                    Item.item_type == "BOOK",
                    Item.on_hold.is_(False),
                    Item.home_library == "MAIN",
                )
                .limit(items)
            )
        )
    return card_numbers, barcodes
