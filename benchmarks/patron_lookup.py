"""Finding a patron by name (#15) on a store of 250,000 patrons: p50/p95 per search.

Builds (once, cached under benchmarks/out/) a store with 250,000 patrons, then times
``Cards.lookup`` the way the lookup dialog calls it: once per key as staff type a name
("m", "ma", "mar", "mar g", ... up to first name and surname), for names drawn from the store;
a surname alone (the longest lists, cut at 30); and with a date of birth (up to 400 candidates
narrowed by each row's duplicate-check key). Side by side in the same loop, interleaved so
machine noise hits both alike: the same words as ``LIKE '%word%'`` over ``patrons.name``, what
a search without the FTS5 index would cost. Last, what the index costs a download: 20,000
patron upserts with the index's triggers and on a copy without them.

    .venv/bin/python benchmarks/patron_lookup.py [--patrons N] [--names N]
"""

from __future__ import annotations

import argparse
import contextlib
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from sqlalchemy import select

from popup.store.cards import Cards, name_query
from popup.store.models import Patron

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import cached_store, fresh_copy, open_store, percentile, raw_connect


def _typed(name: str) -> list[str]:
    """What the box holds after each key while typing ``first surname`` (two letters on)."""
    first, _, last = name.partition(" ")
    words = f"{first[:4]} {last[:5]}".strip()
    return [words[:n] for n in range(2, len(words) + 1) if not words[:n].endswith(" ")]


def _like(con: sqlite3.Connection, text: str) -> int:
    words = [w for w in text.replace(",", " ").split() if w]
    where = " AND ".join("name LIKE ?" for _ in words)
    rows = con.execute(
        f"SELECT id, card_number, name FROM patrons WHERE {where} ORDER BY name LIMIT 30",
        [f"%{w}%" for w in words],
    ).fetchall()
    return len(rows)


@contextlib.contextmanager
def store_read(path: Path) -> Iterator[list[tuple[str, str, str, str]]]:
    """20,000 patrons of the store as a download would bring them again."""
    con = raw_connect(path)
    try:
        yield con.execute(
            "SELECT card_number, name, category, home_library FROM patrons LIMIT 20000"
        ).fetchall()
    finally:
        con.close()


def _line(label: str, samples: list[float]) -> str:
    return (
        f"{label:<38} n={len(samples):5d}  p50={percentile(samples, 50):7.2f} ms"
        f"  p95={percentile(samples, 95):7.2f} ms  max={max(samples):7.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patrons", type=int, default=250_000)
    parser.add_argument("--names", type=int, default=100, help="names typed key by key")
    args = parser.parse_args()

    path = cached_store("lookup", 1_000, args.patrons)
    store = open_store(path)
    cards = Cards(store)
    rng = random.Random(5)
    with store.read() as s:
        names = list(s.scalars(select(Patron.name).order_by(Patron.id)))
    picked = rng.sample(names, min(args.names, len(names)))
    raw = raw_connect(path)

    keys_fts: list[float] = []
    keys_like: list[float] = []
    listed: list[int] = []
    for name in picked:
        for text in _typed(name):
            if name_query(text) is None:
                continue
            t0 = time.perf_counter()
            found = cards.lookup(text)
            keys_fts.append((time.perf_counter() - t0) * 1000)
            listed.append(len(found))
            t0 = time.perf_counter()
            _like(raw, text)
            keys_like.append((time.perf_counter() - t0) * 1000)

    surnames_fts: list[float] = []
    surnames_like: list[float] = []
    for name in picked:
        surname = name.rpartition(" ")[2]
        t0 = time.perf_counter()
        cards.lookup(surname)
        surnames_fts.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        _like(raw, surname)
        surnames_like.append((time.perf_counter() - t0) * 1000)

    born: list[float] = []
    for name in picked:
        day = date(1950 + rng.randrange(60), 1 + rng.randrange(12), 1 + rng.randrange(28))
        t0 = time.perf_counter()
        cards.lookup(name.rpartition(" ")[2], day)
        born.append((time.perf_counter() - t0) * 1000)

    print(f"{args.patrons:,} patrons; {len(picked)} names typed key by key")
    print(_line("each key, FTS5 (Cards.lookup)", keys_fts))
    print(_line("each key, LIKE '%word%' (no index)", keys_like))
    print(_line("surname alone, FTS5", surnames_fts))
    print(_line("surname alone, LIKE", surnames_like))
    print(_line("surname + date of birth, FTS5", born))
    print(
        f"patrons listed per key: p50 {percentile([float(n) for n in listed], 50):.0f},"
        f" p95 {percentile([float(n) for n in listed], 95):.0f} (at most 30)"
    )
    raw.close()
    store.close()

    # What the index's triggers cost a download's patron upserts.
    for label, keep in (("with the name index", True), ("without it", False)):
        work = fresh_copy(path, f"lookup-upsert-{int(keep)}.sqlite3")
        con = raw_connect(work)
        if not keep:
            for trigger in ("patron_names_ai", "patron_names_ad", "patron_names_au"):
                con.execute(f"DROP TRIGGER {trigger}")
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")
        new_rows = [
            (f"2999{n:010d}", f"{rng.choice(names).split(' ')[0]} Newname{n}", "ADULT", "MAIN")
            for n in range(20_000)
        ]
        with store_read(work) as existing:  # patrons already here, downloaded again
            again = existing
        for what, batch in (("new", new_rows), ("again, same names", again)):
            t0 = time.perf_counter()
            with con:
                con.executemany(
                    "INSERT INTO patrons (card_number, name, category, fines_owed_cents,"
                    " manual_block, home_library, temporary, origin) VALUES (?, ?, ?, 0, 0, ?,"
                    " 0, 'download') ON CONFLICT(card_number) DO UPDATE SET"
                    " name = excluded.name, category = excluded.category",
                    batch,
                )
            took = time.perf_counter() - t0
            print(
                f"20,000 patron upserts ({what}) {label:<20} {took:6.2f} s ({20_000 / took:,.0f}/s)"
            )
        con.close()


if __name__ == "__main__":
    main()
