"""How long the console's Reach page takes to answer, on a real server process (SQLite).

    .venv/bin/python benchmarks/console_reach.py [--weeks 52] [--rounds 5]

Seeds two libraries' outreach (three vehicles, stops twice a week, events, loans, sign-ups)
through the real API as laptops push it (``tests/helpers/outreach.py``, ``--weeks`` of it),
signs in as a consortium administrator and times ``/console/reach`` for a month, the last
quarter and the fiscal year, and the survey CSV for the fiscal year: medians of ``--rounds``
requests each, after one warm-up. Prints the applied actions and the figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select

from popup_sync.console.access import Role
from popup_sync.core.db import Database
from popup_sync.models import AppliedMutation
from tests.helpers import outreach
from tests.helpers.server import ServerProcess
from tests.sync.console.conftest import ConsoleClient, add_account


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/reach.db"
        db = Database(url)
        db.migrate()
        server = ServerProcess(url, Path(folder) / "server.log").start()
        try:
            outreach.WEEKS = args.weeks
            started = time.perf_counter()
            outreach.seed(db, server.url)
            seeded = time.perf_counter() - started
            with db.read() as session:
                applied = session.scalar(select(func.count()).select_from(AppliedMutation))
            account = add_account(db, Role.ADMIN)
            client = ConsoleClient(server.url)
            assert client.sign_in(account.login, account.password).status_code == 200
            this_year = datetime.now(UTC).year
            asks = {
                "month": ("/console/reach", {"kind": "month"}),
                "last quarter": ("/console/reach", {}),
                "fiscal year": (
                    "/console/reach",
                    {"kind": "fiscal-year", "at": f"FY{this_year + 1}"},
                ),
                "fiscal year CSV": (
                    "/console/reach.csv",
                    {"kind": "fiscal-year", "at": f"FY{this_year + 1}"},
                ),
            }
            print(f"{applied:,} applied actions over {args.weeks} weeks (seeded in {seeded:.0f} s)")
            for name, (path, params) in asks.items():
                times = []
                for _ in range(args.rounds + 1):
                    began = time.perf_counter()
                    answer = client.get(path, params=params)
                    times.append(time.perf_counter() - began)
                    assert answer.status_code == 200, (name, answer.status_code)
                print(f"  {name:<16} median {statistics.median(times[1:]) * 1000:7.0f} ms")
        finally:
            server.stop()
            db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
