"""What the benchmark scripts share: cached large stores, fresh copies, percentiles."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path

from popup.store import demo
from popup.store.db import MIGRATIONS_DIR, Store

OUT = Path(__file__).resolve().parent / "out"


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
        store = Store.open(tmp, OUT / "backups")
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
    src, dst = sqlite3.connect(path), sqlite3.connect(work)
    src.backup(dst)
    src.close()
    dst.close()
    return work
