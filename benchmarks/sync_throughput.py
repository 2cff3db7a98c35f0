"""Sync server throughput against a PostgreSQL-backed server process on loopback.

    .venv/bin/python benchmarks/sync_throughput.py [--database postgresql://...] [--workers N]
        [--staff]

Without ``--database`` a scratch database ``popup_sync_bench_<random>`` is created on the
PostgreSQL at 127.0.0.1:5432 and dropped afterwards. Measures:

* push: 10,000 mutations (checkouts then returns, 500 per request) from one device, then
  10,000 more split over 5 devices pushing at once; every result is checked (exactly once:
  each device's last_applied equals its outbox length);
* pull: 100,000 change-log entries (one item each) replayed from a cursor, 5,000 per page,
  and the same library's first load as a snapshot.

``--staff`` names a staff account of the library on every mutation (#17: the server looks the
account up and checks the action against its role before applying it), to compare with the
same run without.

Targets: >= 1,000 mutations/s and >= 20,000 rows/s.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import requests
from sqlalchemy import insert, select

from popup.domain.cards import CardFormat, ScanKind
from popup.domain.loan_rules import LoanRule
from popup_sync import changes, crud
from popup_sync.core.db import Database
from popup_sync.models import Item, Patron

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
FMT = CardFormat()
#: Patrons the checkouts are spread over (a few loans each, as at a real stop).
PATRONS = 2_000


def barcode(n: int) -> str:
    return FMT.make(ScanKind.ITEM, n, "1120")


def card(n: int) -> str:
    return FMT.make(ScanKind.PATRON, n, "1120")


def seed(db: Database, code: str, items: int, patrons: int) -> int:
    def build(session: Any) -> int:
        library = crud.create_library(session=session, code=code, name="Bench Library")
        crud.add_rule(session=session, library=library, rule=LoanRule("*", "*", 21, 2, 100_000))
        return library.id

    library_id = db.run_write(build)
    now = datetime.now(UTC)
    for start in range(1, items + 1, 20_000):
        rows = [
            {
                "library_id": library_id,
                "barcode": barcode(n),
                "title": f"Title {n}",
                "author": "Author, An",
                "item_type": "BOOK",
                "home_library": code,
                "status": "available",
                "on_hold": False,
            }
            for n in range(start, min(items + 1, start + 20_000))
        ]
        with db.write() as session:
            session.execute(insert(Item), rows)
    with db.write() as session:
        session.execute(
            insert(Patron),
            [
                {
                    "library_id": library_id,
                    "card_number": card(n),
                    "name": f"Patron {n}",
                    "category": "ADULT",
                    "card_expiry": date.today() + timedelta(days=900),
                    "fines_owed_cents": 0,
                    "manual_block": False,
                    "home_library": code,
                    "temporary": False,
                    "created_at": now,
                }
                for n in range(1, patrons + 1)
            ],
        )
    return library_id


def log_items(db: Database, library_id: int, first: int, count: int) -> None:
    """Change-log entries for ``count`` items, as imports or edits would write them."""
    for start in range(first, first + count, 20_000):
        stop = min(first + count, start + 20_000)
        with db.write() as session:
            for n in range(start, stop):
                changes.record(session, library_id, "item", barcode(n))


class Laptop:
    def __init__(self, base: str, db: Database, code: str, name: str) -> None:
        enroll_code = db.run_write(
            lambda s: crud.create_enrollment_code(
                session=s, library=crud.get_library(session=s, code=code)
            )
        )
        body = requests.post(
            f"{base}/v1/enroll", json={"code": enroll_code, "device_name": name}, timeout=30
        ).json()
        self.base, self.id, self.seq = base, body["device_id"], 0
        #: The staff member every action names (None: a laptop older than staff sign-in).
        self.staff_id: str | None = None
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {body['token']}"

    def outbox(self, patrons: list[str], barcodes: list[str]) -> list[dict[str, Any]]:
        now = datetime.now(UTC)
        out: list[dict[str, Any]] = []
        loans = {}
        for i, b in enumerate(barcodes):  # checkouts, a few per patron ...
            patron = patrons[i % len(patrons)]
            loans[b] = str(uuid.uuid4())
            out.append(
                self._m(
                    "checkout",
                    {
                        "loan_id": loans[b],
                        "patron_card": patron,
                        "item_barcode": b,
                        "out_at": now.isoformat(),
                        "due_date": (now.date() + timedelta(days=21)).isoformat(),
                        "override_reason": None,
                        "concerns": [],
                        "closed_loan_id": None,
                    },
                    now,
                )
            )
        later = now + timedelta(minutes=5)
        for b in barcodes:  # ... then the returns
            out.append(
                self._m(
                    "checkin",
                    {"item_barcode": b, "loan_id": loans[b], "returned_at": later.isoformat()},
                    later,
                )
            )
        return out

    def _m(self, kind: str, payload: dict[str, Any], when: datetime) -> dict[str, Any]:
        self.seq += 1
        return {
            "seq": self.seq,
            "mutation_id": str(uuid.uuid4()),
            "client_time": when.isoformat(),
            "kind": kind,
            "payload": payload,
            "staff_id": self.staff_id,
        }

    def push_all(self, mutations: list[dict[str, Any]], batch: int = 500) -> None:
        for i in range(0, len(mutations), batch):
            response = self.http.post(
                f"{self.base}/v1/push",
                json={
                    "device_id": self.id,
                    "mutations": mutations[i : i + batch],
                    "sent_at": datetime.now(UTC).isoformat(),
                },
                timeout=300,
            )
            response.raise_for_status()
            results = response.json()["results"]
            assert len(results) == len(mutations[i : i + batch])
            assert all(r["status"] != "rejected" for r in results), results[:3]

    def pull_all(self, cursor: str | None, limit: int = 5000) -> tuple[int, str]:
        rows = 0
        while True:
            params: dict[str, Any] = {"limit": limit}
            if cursor:
                params["cursor"] = cursor
            response = self.http.get(f"{self.base}/v1/pull", params=params, timeout=300)
            response.raise_for_status()
            body = response.json()
            rows += len(body["changes"])
            cursor = body["cursor"]
            if not body["has_more"]:
                assert cursor is not None
                return rows, cursor


def start_server(url: str, workers: int, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).parent / "popup-sync"
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [
                str(exe),
                "serve",
                "--database",
                url,
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if requests.get(f"{base}/health", timeout=2).status_code == 200:
                return process, base
        except requests.ConnectionError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"server did not start: {log.read_text()[-2000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="PostgreSQL URL (default: a scratch database)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--mutations", type=int, default=10_000)
    parser.add_argument("--pull-rows", type=int, default=100_000)
    parser.add_argument(
        "--staff", action="store_true", help="every action names a staff member (#17)"
    )
    args = parser.parse_args()

    scratch = None
    url = args.database
    if url is None:
        scratch = f"popup_sync_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{scratch}"')
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{scratch}"
    db = Database(url)
    db.migrate()
    process = None
    try:
        code = f"B{uuid.uuid4().hex[:8].upper()}"
        items = max(args.pull_rows, args.mutations)
        t0 = time.perf_counter()
        library_id = seed(db, code, items=items, patrons=PATRONS)
        print(f"seeded {items:,} items in {time.perf_counter() - t0:.1f} s")
        log = Path(f"/tmp/popup_sync_bench_{uuid.uuid4().hex[:6]}.log")
        process, base = start_server(url, args.workers, log)
        staff_id = None
        if args.staff:
            from popup_sync import staff_accounts

            staff_id = db.run_write(
                lambda s: (
                    staff_accounts.add_staff(
                        session=s,
                        library=crud.get_library(session=s, code=code),
                        login="bench",
                        name="Bench Staff",
                        role="staff",
                        pin="1234",
                    ).id
                )
            )
            print("every action names a staff member")

        # -- push: one device -----------------------------------------------------------------
        half = args.mutations // 2
        cards = [card(n) for n in range(1, PATRONS + 1)]
        one = Laptop(base, db, code, "bench 1")
        one.staff_id = staff_id
        box = one.outbox(cards, [barcode(n) for n in range(1, half + 1)])
        t0 = time.perf_counter()
        one.push_all(box)
        elapsed = time.perf_counter() - t0
        print(
            f"push, 1 device:  {len(box):,} mutations in {elapsed:.2f} s = "
            f"{len(box) / elapsed:,.0f} mutations/s"
        )

        # -- push: five devices at once -------------------------------------------------------
        laptops = [Laptop(base, db, code, f"bench {n}") for n in range(2, 7)]
        for lap in laptops:
            lap.staff_id = staff_id
        per = half // 5
        boxes = [
            lap.outbox(cards, [barcode(n) for n in range(1 + i * per, 1 + (i + 1) * per)])
            for i, lap in enumerate(laptops)
        ]
        threads = [
            threading.Thread(target=lap.push_all, args=(b,))
            for lap, b in zip(laptops, boxes, strict=True)
        ]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
        total = sum(len(b) for b in boxes)
        print(
            f"push, 5 devices: {total:,} mutations in {elapsed:.2f} s = "
            f"{total / elapsed:,.0f} mutations/s"
        )
        from popup_sync.models import Device as DeviceRow

        with db.read() as session:
            for lap, b in zip([one, *laptops], [box, *boxes], strict=True):
                last = session.scalar(select(DeviceRow.last_applied).where(DeviceRow.id == lap.id))
                assert last == len(b), (last, len(b))
        print("exactly once: every device's last_applied equals its outbox length")

        # -- pull -----------------------------------------------------------------------------
        reader = Laptop(base, db, code, "bench reader")
        _, cursor = reader.pull_all(None)
        log_items(db, library_id, 1, args.pull_rows)
        t0 = time.perf_counter()
        rows, _ = reader.pull_all(cursor)
        elapsed = time.perf_counter() - t0
        print(f"pull, change log: {rows:,} rows in {elapsed:.2f} s = {rows / elapsed:,.0f} rows/s")
        fresh = Laptop(base, db, code, "bench fresh")
        t0 = time.perf_counter()
        rows, _ = fresh.pull_all(None)
        elapsed = time.perf_counter() - t0
        print(f"pull, snapshot:   {rows:,} rows in {elapsed:.2f} s = {rows / elapsed:,.0f} rows/s")
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
        db.dispose()
        if scratch is not None:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
