"""Checkout/return latency through the store API on a large store, next to a bare SQLite commit.

Builds (once, cached under benchmarks/out/) a store with 1,000,000 items and 250,000 patrons,
then times 2,000 actions (checkouts and returns, alternating) through ``Desk``. In the same loop,
interleaved so machine noise hits both alike, it times a bare ``INSERT`` + ``COMMIT`` on a
second file with the same pragmas (WAL, synchronous=FULL). Target: checkout p99 within 3x the
bare commit's p99.

    .venv/bin/python benchmarks/checkout_latency.py [--items N] [--patrons N] [--actions N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import select

from popup.store.circulation import Desk
from popup.store.db import Store, make_engine
from popup.store.models import Item, Patron

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, cached_store, fresh_copy, percentile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--patrons", type=int, default=250_000)
    parser.add_argument("--actions", type=int, default=2_000)
    args = parser.parse_args()

    path = cached_store("latency", args.items, args.patrons)
    work = fresh_copy(path, "latency-run.sqlite3")  # so loans do not pile up run after run
    store = Store.open(work)
    desk = Desk(store)
    rng = random.Random(3)
    with store.read() as s:
        cards = list(
            s.scalars(
                select(Patron.card_number)
                .where(
                    Patron.manual_block.is_(False),
                    Patron.fines_owed_cents <= 500,
                    Patron.category == "ADULT",
                )
                .limit(5000)
            )
        )
        barcodes = list(
            s.scalars(
                select(Item.barcode)
                .where(Item.item_type == "BOOK", Item.on_hold.is_(False))
                .limit(50_000)
            )
        )

    bare_path = OUT / "bare-commit.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(bare_path) + suffix).unlink(missing_ok=True)
    bare_engine = make_engine(bare_path)  # same connect hook, so the same pragmas
    bare = bare_engine.raw_connection().driver_connection
    assert bare is not None
    bare.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT)")

    checkout_ms: list[float] = []
    return_ms: list[float] = []
    bare_ms: list[float] = []
    out: list[str] = []
    for i in range(args.actions):
        if out and (i % 2 == 1):
            barcode = out.pop(rng.randrange(len(out)))
            t0 = time.perf_counter()
            desk.checkin(barcode)
            return_ms.append((time.perf_counter() - t0) * 1000)
        else:
            barcode = barcodes[i]
            t0 = time.perf_counter()
            desk.checkout(rng.choice(cards), barcode, override_reason="benchmark")
            checkout_ms.append((time.perf_counter() - t0) * 1000)
            out.append(barcode)
        t0 = time.perf_counter()
        bare.execute("BEGIN IMMEDIATE")
        bare.execute("INSERT INTO t (payload) VALUES (?)", ("x" * 200,))
        bare.execute("COMMIT")
        bare_ms.append((time.perf_counter() - t0) * 1000)
    store.close()
    bare.close()

    def line(name: str, samples: list[float]) -> str:
        return (
            f"{name:<22} n={len(samples):5d}  p50={statistics.median(samples):7.2f} ms"
            f"  p99={percentile(samples, 99):7.2f} ms  max={max(samples):7.2f} ms"
        )

    print(f"store: {args.items:,} items, {args.patrons:,} patrons ({path.name})")
    print(line("checkout (Desk)", checkout_ms))
    print(line("return (Desk)", return_ms))
    print(line("bare insert+commit", bare_ms))
    ratio = percentile(checkout_ms, 99) / percentile(bare_ms, 99)
    print(f"checkout p99 / bare commit p99 = {ratio:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
