"""The SIP2 bridge: actions forwarded per second to a local SIP2 server, and how long the
backlog of a one-hour ILS outage takes to drain.

The ILS is the tests' fake (``tests/helpers/fake_ils.py``: pysip2's server on 127.0.0.1 with
login, checksums and dictionaries behind it), so the figures are the bridge's own cost (the
ledger's transactions and the SIP2 round trips), not a real ILS's. Actions are applied by the
server's own push first (not timed).

1. Throughput: ``--actions`` checkouts and returns forwarded by one ``run_once`` (patron
   refreshes off, then on: one 63 per patron seen).
2. Outage: the bridge runs (its own thread, as ``popup-sync bridge`` does) while the ILS is
   down and ``--per-hour`` actions arrive; then the ILS comes back and the time until the
   ledger is drained is measured. The bridge's wait between tries is capped at
   ``retry_max_seconds`` (300 s by default, 1 s here): with the default, add up to 300 s before
   the first try after the ILS returns.

    .venv/bin/python benchmarks/sip2_bridge.py
    .venv/bin/python benchmarks/sip2_bridge.py --actions 4000 --per-hour 6000 --database URL
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select

from popup.domain.protocol import actions
from popup_sync import crud, push
from popup_sync.bridge.forward import LibraryBridge
from popup_sync.core.config import Sip2Library
from popup_sync.core.db import Database
from popup_sync.models import Sip2Delivery
from tests.helpers import mutations
from tests.helpers.fake_ils import PASSWORD, USER, FakeIls
from tests.helpers.server import free_port
from tests.sync.conftest import Lib, seed_library


def config(port: int, **more: Any) -> Sip2Library:
    return Sip2Library(
        host="127.0.0.1",
        port=port,
        login_user=USER,
        login_password=PASSWORD,  # type: ignore[arg-type]
        retry_min_seconds=0.5,
        retry_max_seconds=1.0,
        **more,
    )


def apply_actions(db: Database, lib: Lib, count: int) -> None:
    """``count`` actions: checkouts of every item to the patrons in turn, then their returns."""

    def enroll(session: Any) -> str:
        library = crud.get_library(session=session, code=lib.code)
        code = crud.create_enrollment_code(session=session, library=library)
        return crud.enroll(session=session, code=code, device_name="bus").device_id

    device_id = db.run_write(enroll)
    payloads: list[actions.Payload] = []
    half = count // 2
    start = datetime.now(UTC) - timedelta(hours=2)
    for n in range(half):
        payloads.append(
            mutations.checkout(
                lib.patrons[n % len(lib.patrons)],
                lib.items[n],
                out_at=start + timedelta(seconds=n),
                due=date.today() + timedelta(days=21),
            )
        )
    for n in range(count - half):
        payloads.append(
            mutations.checkin(lib.items[n], returned_at=start + timedelta(seconds=half + n))
        )
    now = datetime.now(UTC)
    for first in range(0, len(payloads), 500):
        chunk = payloads[first : first + 500]
        incoming = [
            push.Incoming.read(mutations.record(first + i + 1, p), f"mutations.{i}", now)
            for i, p in enumerate(chunk)
        ]
        push.push(
            db,
            device_id=device_id,
            mutations=incoming,
            sent_at=now,
            chunk_size=500,
            retries=8,
            skew_limit_s=10**9,
        )


def open_rows(db: Database, lib: Lib) -> int:
    with db.read() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(Sip2Delivery)
                .where(
                    Sip2Delivery.library_id == lib.id,
                    Sip2Delivery.state.in_(["pending", "sent"]),
                )
            )
            or 0
        )


def throughput(db: Database, ils: FakeIls, count: int, refresh: bool) -> None:
    lib = seed_library(db, items=count // 2 + 1, patrons=50)
    apply_actions(db, lib, count)
    bridge = LibraryBridge(db, lib.code, config(ils.port, refresh_patrons=refresh))
    began = time.perf_counter()
    done = bridge.run_once()
    took = time.perf_counter() - began
    label = "with patron refresh (63)" if refresh else "without patron refresh"
    print(
        f"  {done} actions forwarded in {took:.2f} s: {done / took:,.0f} actions/s ({label})",
        flush=True,
    )


def outage(db: Database, per_hour: int) -> None:
    lib = seed_library(db, items=per_hour // 2 + 1, patrons=200)
    port = free_port()
    bridge = LibraryBridge(db, lib.code, config(port, refresh_patrons=True))
    stop = threading.Event()
    runner = threading.Thread(target=bridge.run, args=(stop, 0.2), daemon=True)
    runner.start()  # the ILS is down: it tries and waits
    apply_actions(db, lib, per_hour)  # an hour of actions arrives meanwhile
    time.sleep(2)  # it has taken them in and is waiting between tries
    waiting = open_rows(db, lib)
    ils = FakeIls(port=port).start()
    began = time.perf_counter()
    while open_rows(db, lib):
        time.sleep(0.05)
    took = time.perf_counter() - began
    stop.set()
    runner.join(30)
    ils.stop()
    print(
        f"  backlog of {waiting} actions drained {took:.1f} s after the ILS came back "
        f"({waiting / took:,.0f} actions/s, wait between tries capped at 1 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=2000)
    parser.add_argument("--per-hour", type=int, default=6000, help="actions in the outage")
    parser.add_argument("--rounds", type=int, default=2, help="throughput pairs")
    parser.add_argument("--database", help="a server database URL (default: a SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{Path(tmp) / 'sync.db'}"
        db = Database(url)
        db.migrate()
        print(f"database: {db.dialect}", flush=True)
        ils = FakeIls().start()
        try:
            # Not printed: the first pass pays for connections, caches and imports.
            warm = seed_library(db, items=101, patrons=10)
            apply_actions(db, warm, 200)
            LibraryBridge(db, warm.code, config(ils.port)).run_once()
            print("Throughput:")
            for _ in range(args.rounds):  # alternated: the machine's load moves both alike
                throughput(db, ils, args.actions, refresh=False)
                throughput(db, ils, args.actions, refresh=True)
        finally:
            ils.stop()
        print(f"One-hour outage ({args.per_hour} actions):", flush=True)
        outage(db, args.per_hour)
        db.dispose()


if __name__ == "__main__":
    main()
