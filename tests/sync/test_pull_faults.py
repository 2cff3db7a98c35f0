"""A pull under dropped database connections (PostgreSQL ``pg_terminate_backend`` in a loop
from another connection), against the real server process: every answer is a complete 200
page or a 503, never a connection cut after a 200 began (#14 Server 8)."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg
import requests

from popup_sync.core.db import Database
from tests.helpers import postgres
from tests.helpers.server import ServerProcess
from tests.sync.conftest import enroll, seed_library

PULLS = 1200


def _killer(database: str, stop: threading.Event, killed: list[int]) -> None:
    """Terminate the server's connections to ``database`` every few milliseconds."""
    rng = random.Random(14)
    with psycopg.connect(postgres.ADMIN_URL, autocommit=True) as admin:
        while not stop.is_set():
            rows = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (database,),
            ).fetchall()
            killed[0] += sum(1 for (done,) in rows if done)
            time.sleep(rng.uniform(0.02, 0.2))


def test_every_pull_answer_is_a_whole_page_or_503_while_connections_are_killed(
    tmp_path: Path,
) -> None:
    with postgres.scratch_database("popup_pullfault") as url:
        db = Database(url)
        db.migrate()
        lib = seed_library(db, items=600, patrons=20)
        server = ServerProcess(url, tmp_path / "server.log", args=("--log-level", "warning"))
        server.start()
        device = enroll(server.url, db, lib.code)
        stop, killed = threading.Event(), [0]
        killer = threading.Thread(target=_killer, args=(url.rsplit("/", 1)[1], stop, killed))
        outcomes: Counter[str] = Counter()
        cursor: str | None = None
        try:
            killer.start()
            http = requests.Session()
            for _ in range(PULLS):
                params: dict[str, str | int] = {"limit": 100}
                if cursor:
                    params["cursor"] = cursor
                try:
                    answer = http.get(
                        f"{server.url}/v1/pull", params=params, headers=device.headers, timeout=30
                    )
                    body = answer.json()
                except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
                    outcomes["cut"] += 1
                    http = requests.Session()
                    continue
                except ValueError:
                    outcomes["unreadable"] += 1
                    continue
                if answer.status_code == 200:
                    assert isinstance(body["changes"], list) and body["cursor"]
                    outcomes["200"] += 1
                    # Walk the snapshot and the log; start again at the end.
                    cursor = body["cursor"] if body["has_more"] else None
                elif answer.status_code == 503:
                    assert body["error"] == "UNAVAILABLE", body
                    outcomes["503"] += 1
                else:
                    outcomes[f"other {answer.status_code} {body.get('error')}"] += 1
        finally:
            stop.set()
            killer.join()
            server.stop()
            db.dispose()
        print(f"pulls {PULLS}: {dict(outcomes)}; backends terminated: {killed[0]}")
        assert outcomes["cut"] == 0 and outcomes["unreadable"] == 0, outcomes
        assert set(outcomes) <= {"200", "503"}, outcomes
        assert outcomes["503"] > 0 and outcomes["200"] > PULLS // 4, outcomes
