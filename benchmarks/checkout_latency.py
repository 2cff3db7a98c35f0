"""Checkout/return latency through the store API on a large store, next to a bare SQLite commit.

Builds (once, cached under benchmarks/out/) a store with 1,000,000 items and 250,000 patrons,
then times 2,000 actions (checkouts and returns, alternating) through ``Desk``. In the same loop,
interleaved so machine noise hits both alike, it times a bare ``INSERT`` + ``COMMIT`` on a
second file with the same pragmas (WAL, synchronous=FULL) and the same cipher (SQLCipher, as
every store is encrypted at rest). Target: checkout p99 within 3x the bare commit's p99. With
``--plain-bare`` it also times the same bare commit on an unencrypted file, to show what the
cipher itself costs a commit.

    .venv/bin/python benchmarks/checkout_latency.py [--items N] [--patrons N] [--actions N]
        [--plain-bare]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import select

from popup.store.circulation import Desk
from popup.store.db import DEFAULT_BUSY_TIMEOUT_MS, make_engine
from popup.store.engine import set_pragmas
from popup.store.models import Item, Patron

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, bench_key, cached_store, fresh_copy, open_store, percentile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--patrons", type=int, default=250_000)
    parser.add_argument("--actions", type=int, default=2_000)
    parser.add_argument(
        "--plain-bare",
        action="store_true",
        help="also time the bare commit on an unencrypted file (the cipher's own cost)",
    )
    args = parser.parse_args()

    path = cached_store("latency", args.items, args.patrons)
    work = fresh_copy(path, "latency-run.sqlite3")  # so loans do not pile up run after run
    store = open_store(work)
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
    # Same connect hook, so the same pragmas, and the same cipher with the same key.
    bare_engine = make_engine(bare_path, key=bench_key())
    bare = bare_engine.raw_connection().driver_connection
    assert bare is not None
    bare.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT)")
    plain: sqlite3.Connection | None = None
    if args.plain_bare:
        plain_path = OUT / "bare-commit-plain.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(plain_path) + suffix).unlink(missing_ok=True)
        plain = sqlite3.connect(plain_path)  # no cipher: the pragmas set by the same code
        set_pragmas(plain, DEFAULT_BUSY_TIMEOUT_MS)
        plain.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT)")
    plain_ms: list[float] = []

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
        if plain is not None:
            t0 = time.perf_counter()
            plain.execute("BEGIN IMMEDIATE")
            plain.execute("INSERT INTO t (payload) VALUES (?)", ("x" * 200,))
            plain.execute("COMMIT")
            plain_ms.append((time.perf_counter() - t0) * 1000)
    store.close()
    bare.close()
    if plain is not None:
        plain.close()

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
    print(f"checkout p99 / bare commit p99 = {ratio:.2f}x (target <= 3x; same cipher)")
    if plain_ms:
        print(line("bare, unencrypted", plain_ms))
        cipher_cost = percentile(bare_ms, 99) / percentile(plain_ms, 99)
        print(f"bare commit p99, encrypted / unencrypted = {cipher_cost:.2f}x")
        plain_ratio = percentile(checkout_ms, 99) / percentile(plain_ms, 99)
        print(f"checkout p99 / unencrypted bare commit p99 = {plain_ratio:.2f}x")


if __name__ == "__main__":
    main()
