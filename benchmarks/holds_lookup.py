"""The holds lookup every checkout and return adds (#15), timed with an empty holds table and
with 500 holds (50 of them title holds: a big vehicle's week), alternated in one run.

    .venv/bin/python benchmarks/holds_lookup.py [--calls N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import delete, select

from popup.store import demo
from popup.store.circulation import lookups
from popup.store.db import Store
from popup.store.models import Hold, Item


def fill(store: Store, barcodes: list[str], count: int, rng: random.Random) -> None:
    """``count`` ready holds, every tenth a title hold (any copy)."""
    today = date.today()
    with store.transaction() as session:
        session.execute(delete(Hold))
        for n in range(count):
            title_hold = n % 10 == 0
            session.add(
                Hold(
                    id=f"H{n}",
                    patron_card=f"2{n:013d}",
                    item_barcode=None if title_hold else rng.choice(barcodes),
                    title=f"Title {n}",
                    placed_on=today,
                    expires_on=today + timedelta(days=9),
                    status="ready",
                    pickup="BM2",
                    stop_id=None,
                    any_copy=title_hold,
                )
            )


def run(store: Store, barcodes: list[str], calls: int, rng: random.Random) -> tuple[float, float]:
    """p50 and p99 of one lookup, in microseconds."""
    times = []
    with store.read() as session:
        for _ in range(calls):
            barcode = rng.choice(barcodes)
            start = time.perf_counter()
            lookups.holds_meeting(session, "21120000000017", barcode, "Title 7")
            times.append(time.perf_counter() - start)
    times.sort()
    return statistics.median(times) * 1e6, times[int(len(times) * 0.99)] * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="popup-holds-bench-"))
    store = Store.open(home / "store.sqlite3")
    demo.seed(store, items=20_000, patrons=5_000)
    with store.read() as session:
        barcodes = list(session.scalars(select(Item.barcode)))
    rng = random.Random(3)
    for round_no in (1, 2):
        for count in (0, 500):
            fill(store, barcodes, count, rng)
            p50, p99 = run(store, barcodes, args.calls, rng)
            print(
                f"round {round_no}: {count:4d} holds   lookup p50 {p50:7.1f} us   p99 {p99:7.1f} us"
            )
    store.close()


if __name__ == "__main__":
    main()
