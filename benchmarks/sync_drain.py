"""Liveness: how fast a laptop's queue drains once the network heals, and a big first download.

Starts a real ``popup-sync serve`` process on a temporary SQLite (or ``--database URL``)
seeded with the demo consortium, enrolls a laptop, records ``--actions`` actions while the
server is unreachable (checkouts, returns, in-house uses, attendance taps), confirms a sync
fails offline, then "heals" the network (starts the server) and times one sync pass until
nothing is waiting. With ``--download-items N`` it also times a first download of a
catalogue of N items on a fresh laptop (pages applied + cursor in one transaction each),
``--rounds`` times, each beside a bare executemany of the same item rows into the same schema
(the ratio says how close the download comes to it) and beside fetching the pages alone;
the CPU seconds of the laptop and of the server say which one is the limit.

    .venv/bin/python benchmarks/sync_drain.py                    # 1,000 actions
    .venv/bin/python benchmarks/sync_drain.py --download-items 100000 --rounds 3
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import select

from popup import paths
from popup.store import cipher
from popup.store.circulation import Desk, DeskError
from popup.store.db import Store, driver
from popup.store.events import Events
from popup.store.models import Item, Patron
from popup.sync_client.client import SyncClient
from popup.sync_client.engine import SyncEngine
from popup.sync_client.enroll import enroll
from popup.sync_client.rows import ITEM_COLUMNS
from popup_sync import crud
from popup_sync.cli import seed_demo
from popup_sync.core.db import Database


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).parent / "popup-sync"
    with log.open("ab") as handle:
        proc = subprocess.Popen(
            [str(exe), "serve", "--database", url, "--port", str(port), "--log-level", "warning"],
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/health", timeout=1).ok:
                return proc
        except requests.RequestException:
            time.sleep(0.1)
    raise SystemExit("the sync server did not start; see " + str(log))


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    proc.wait(timeout=10)


def new_code(db: Database) -> str:
    return db.run_write(
        lambda s: crud.create_enrollment_code(
            session=s, library=crud.get_library(session=s, code="MAIN"), branch_code="BM2"
        )
    )


def laptop(base: Path, name: str, url: str, db: Database) -> tuple[Store, SyncEngine]:
    home = base / name
    home.mkdir()
    store = Store.open(paths.store_file(home), paths.backups_dir(home))
    creds = enroll(store, home, url, new_code(db), name)
    return store, SyncEngine(store, TimedClient(url, creds.token), creds.device_id)


def record_actions(store: Store, n: int) -> None:
    rng = random.Random(3)
    desk = Desk(store)
    events = Events(store)
    stop_id = events.open_stop("Benchmark stop").id
    event_id = events.create_event(stop_id, "Story time", "storytime").id
    with store.read() as s:
        books = list(s.scalars(select(Item.barcode).where(Item.item_type == "BOOK")))
        cards = list(
            s.scalars(
                select(Patron.card_number).where(
                    Patron.manual_block.is_(False), Patron.category == "ADULT"
                )
            )
        )
    # A realistic stop: lend what is on the shelf, take back what is out, count heads.
    shelf = list(books)
    out: list[str] = []
    done = 2  # the stop and the event
    while done < n:
        choice = rng.random()
        try:
            if choice < 0.4 and shelf:
                book = shelf.pop(rng.randrange(len(shelf)))
                desk.checkout(rng.choice(cards), book, override_reason="benchmark")
                out.append(book)
            elif choice < 0.7 and out:
                desk.checkin(out.pop(rng.randrange(len(out))))
            elif choice < 0.85:
                desk.in_house_use(rng.choice(books))
            else:
                events.count(event_id, rng.choice(["0-5", "6-11", "19-64"]), 1)
        except DeskError:
            continue
        done += 1


class TimedClient(SyncClient):
    """Counts the time spent waiting for the server (request + response on the wire)."""

    waited = 0.0

    def _request(self, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return super()._request(*args, **kwargs)
        finally:
            self.waited += time.perf_counter() - started


_ITEMS = f"SELECT {', '.join(ITEM_COLUMNS)} FROM items ORDER BY id"
_INSERT = (
    f"INSERT INTO items ({', '.join(ITEM_COLUMNS)}) VALUES ({', '.join('?' * len(ITEM_COLUMNS))})"
)


def bare_executemany(store: Store, rows: list[tuple[Any, ...]], page: int) -> tuple[float, float]:
    """Seconds (wall, CPU) to write ``rows`` into ``store``'s empty items table the barest way:
    one executemany per page of ``page`` rows, one transaction each, on one of the store's
    own sqlite3 connections (its pragmas: WAL, synchronous=FULL, foreign keys)."""
    pooled = store.engine.raw_connection()
    raw = pooled.driver_connection
    assert cipher.is_connection(raw)
    t0, cpu0 = time.perf_counter(), time.process_time()
    for start in range(0, len(rows), page):
        raw.execute("BEGIN IMMEDIATE")
        raw.executemany(_INSERT, rows[start : start + page])
        raw.execute("COMMIT")
    took = time.perf_counter() - t0, time.process_time() - cpu0
    pooled.close()
    return took


def fetch_only(url: str, token: str, page: int) -> tuple[int, float]:
    """Rows and seconds to fetch every page of a first download one after the other, applying
    nothing: what the server, the wire and reading the answers allow at most."""
    client = SyncClient(url, token)
    rows, cursor, t0 = 0, None, time.perf_counter()
    while True:
        answer = client.pull(cursor, page)
        rows += len(answer.changes)
        cursor = answer.cursor
        if not answer.has_more and not (answer.reset and not answer.changes):
            break
    took = time.perf_counter() - t0
    client.close()
    return rows, took


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of process ``pid`` so far; 0 where /proc does not say."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def first_downloads(
    base: Path, url: str, db: Database, rounds: int, server: int, page_size: int | None
) -> None:
    """Each round: a first download on a fresh laptop; a bare executemany of the same item
    rows into the same schema (a fresh store); fetching every page without applying it. The
    laptop and the server share this machine's cores: their CPU seconds say who is the limit."""
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}")
    downloads: list[float] = []
    bares: list[float] = []
    fetches: list[float] = []
    cpus: list[float] = []
    for n in range(rounds):
        fresh, engine = laptop(base, f"fresh{n}", url, db)
        assert engine.client.token
        engine.first_page_size = page_size or engine.first_page_size
        t0, cpu0, served0 = time.perf_counter(), time.process_time(), cpu_seconds(server)
        big = engine.sync()
        took, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        served = cpu_seconds(server) - served0
        assert big.ok, big.error
        with fresh.read() as session:
            rows = driver(session).execute(_ITEMS).fetchall()
        fresh.close()
        home = base / f"bare{n}"
        empty = Store.open(paths.store_file(home), paths.backups_dir(home))
        bare, bare_cpu = bare_executemany(empty, rows, engine.first_page_size)
        empty.close()
        fetched, fetch_took = fetch_only(url, engine.client.token, engine.first_page_size)
        downloads.append(big.pulled / took)
        bares.append(len(rows) / bare)
        fetches.append(fetched / fetch_took)
        cpus.append(big.pulled / cpu)
        print(
            f"first download: {big.pulled} rows in {big.pages} pages in {took:.2f} s"
            f" ({downloads[-1]:,.0f} rows/s; CPU: laptop {cpu:.2f} s, server {served:.2f} s)"
            f" | bare executemany of its {len(rows)} items: {bare:.2f} s"
            f" ({bares[-1]:,.0f} rows/s; CPU {bare_cpu:.2f} s)"
            f" | ratio {downloads[-1] / bares[-1]:.2f}"
            f" | fetching alone: {fetches[-1]:,.0f} rows/s"
        )
    d, b, f, c = (statistics.median(x) for x in (downloads, bares, fetches, cpus))
    print(
        f"median of {rounds}: first download {d:,.0f} rows/s ({c:,.0f} rows per laptop CPU-second),"
        f" bare executemany {b:,.0f} rows/s, ratio {d / b:.2f}; fetching alone {f:,.0f} rows/s"
    )
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=1000)
    parser.add_argument("--download-items", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=1, help="first downloads, alternated")
    parser.add_argument(
        "--page-size", type=int, help="rows per downloaded page (default: the engine's)"
    )
    parser.add_argument("--database", help="server database URL (default: temporary SQLite)")
    args = parser.parse_args()

    base = Path(tempfile.mkdtemp(prefix="popup-sync-drain-"))
    try:
        url = args.database or f"sqlite:///{base / 'server.db'}"
        db = Database(url)
        db.migrate()
        seed_demo(db, items=max(300, args.download_items), patrons=400)
        port = free_port()
        server_url = f"http://127.0.0.1:{port}"
        server = start_server(url, port, base / "server.log")
        store, engine = laptop(base, "drain", server_url, db)
        t0 = time.perf_counter()
        first = engine.sync()
        first_download = time.perf_counter() - t0
        assert first.ok, first.error

        stop(server)  # the bookmobile drives out of range
        record_actions(store, args.actions)
        offline = engine.sync()
        assert not offline.ok and offline.waiting == args.actions, offline
        server = start_server(url, port, base / "server.log")  # back in range

        assert isinstance(engine.client, TimedClient)
        engine.client.waited = 0.0
        t0 = time.perf_counter()
        report = engine.sync()
        drained = time.perf_counter() - t0
        waited = engine.client.waited
        assert report.ok and report.waiting == 0, report
        print(f"catalogue at enrollment: {first.pulled} rows in {first_download:.2f} s")
        print(
            f"drain: {args.actions} waiting actions uploaded and acknowledged in {drained:.2f} s"
            f" ({args.actions / drained:.0f} actions/s; {report.exceptions} exceptions to review,"
            f" {report.pulled} changes downloaded in the same pass)"
        )
        print(
            f"  of which waiting for the server: {waited:.2f} s;"
            f" on the laptop: {drained - waited:.2f} s"
        )
        store.close()

        if args.download_items:
            first_downloads(base, server_url, db, args.rounds, server.pid, args.page_size)
        stop(server)
        db.dispose()
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
