"""Finding a book on a 1,000,000-item store: p50/p95 per kind of query, and the index's size.

Builds (once, cached under benchmarks/out/) a store of 1,000,000 demo items, whose insert
triggers queued them all for the FTS5 index of migration 0006; on a fresh copy it times the
catch-up that indexes them (as after a first download), then runs each kind of query the search
page sends — including every prefix a search-as-you-type sends while a word is typed — through
``popup.store.search.find``, the page's own call, with the rows it shows.

    .venv/bin/python benchmarks/catalogue_search.py [--items N] [--rounds N]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from popup.store.db import driver
from popup.store.search import CATCH_UP_BATCH, Catalogue, find, search_index_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import cached_store, fresh_copy, open_store, percentile


def _hyphenated(isbn: str) -> str:
    return f"{isbn[:3]}-{isbn[3]}-{isbn[4:7]}-{isbn[7:12]}-{isbn[12:]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=200, help="queries of each kind")
    args = parser.parse_args()

    path = cached_store("search", args.items, 1_000)
    store = open_store(fresh_copy(path, "search-run.sqlite3"))
    started = time.perf_counter()
    indexed = Catalogue(store).catch_up()
    took = time.perf_counter() - started
    print(
        f"catch-up: {indexed:,} queued items indexed in {took:.1f} s"
        f" ({indexed / took:,.0f} rows/s, {CATCH_UP_BATCH:,} per transaction)"
    )
    rng = random.Random(5)
    with store.read() as session:
        sql = driver(session)
        sample = sql.execute(
            "SELECT barcode, title, author, isbn, call_number FROM items"
            " WHERE id IN (SELECT abs(random()) % ? + 1 FROM items LIMIT 5000)",
            (args.items,),
        ).fetchall()
        index_bytes = search_index_bytes(session)
        page_size = sql.execute("PRAGMA page_size").fetchone()[0]
        pages = sql.execute("PRAGMA page_count").fetchone()[0]
    rng.shuffle(sample)

    def title_words(row: tuple[str, ...]) -> str:
        words = [w for w in row[1].split() if w.lower() not in ("the", "of")]
        return " ".join(words[:2])

    def typed(row: tuple[str, ...]) -> list[str]:
        """What search-as-you-type sends while staff type a surname and a title word."""
        text = f"{row[2].split(',')[0]} {title_words(row).split()[0]}"
        return [text[:n] for n in range(1, len(text) + 1)]

    kinds: dict[str, Callable[[tuple[str, ...]], list[str]]] = {
        "two title words": lambda r: [title_words(r)],
        "author surname": lambda r: [r[2].split(",")[0]],
        "surname + title word": lambda r: [f"{r[2].split(',')[0]} {title_words(r).split()[0]}"],
        "call number": lambda r: [r[4]],
        "ISBN-13 with hyphens": lambda r: [_hyphenated(r[3])],
        "ISBN-10": lambda r: [r[3][3:12] + "0"],  # shape of an ISBN-10 (either form is asked)
        "exact barcode": lambda r: [r[0]],
        "barcode, first 10 digits": lambda r: [r[0][:10]],
        "a common word ('the')": lambda _r: ["the"],
        "typed key by key": typed,
    }
    print(
        f"{args.items:,} items; index {index_bytes / 1e6:.1f} MB of a {pages * page_size / 1e6:.0f}"
        " MB store file"
    )
    print(f"{'query':28} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'rows':>6}")
    with store.read() as session:
        for name, texts_of in kinds.items():
            samples: list[float] = []
            rows = 0
            for row in sample[: args.rounds]:
                for text in texts_of(row):
                    started = time.perf_counter()
                    found = find(session, text, this_library="MAIN")
                    samples.append((time.perf_counter() - started) * 1000)
                    rows += len(found.copies)
            print(
                f"{name:28} {len(samples):6} {percentile(samples, 50):8.2f}"
                f" {percentile(samples, 95):8.2f} {max(samples):8.2f} {rows / len(samples):6.0f}"
            )
    store.close()


if __name__ == "__main__":
    main()
