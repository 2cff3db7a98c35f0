"""Failed enrollments are limited per client address and overall (429 + Retry-After), against
a real server process with small allowances. Successful enrollments are never counted."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import requests

from popup_sync import crud
from popup_sync.core.db import Database
from tests.helpers.server import ServerProcess

# One every 10 s once the burst is spent: the check that a good code waits too comes right
# after the guessing, and must not find a token that came back meanwhile (at one a second, a
# slow machine's few hundred milliseconds between them gave one back: 201, not 429).
ADDRESS_BURST, ADDRESS_PER_MINUTE = 5, 6.0
GLOBAL_BURST, GLOBAL_PER_MINUTE = 20, 120.0


def _code(db: Database, library: str) -> str:
    def make(session: Any) -> str:
        lib = crud.get_library(session=session, code=library)
        return crud.create_enrollment_code(session=session, library=lib)

    return db.run_write(make)


def _guess(
    base: str, address: str | None = None, code: str = "NOPE-NOPE-NOPE"
) -> requests.Response:
    # uvicorn takes the client address from X-Forwarded-For when the peer is 127.0.0.1 (as
    # behind nginx on the same host): here it stands for laptops at other addresses.
    headers = {"X-Forwarded-For": address} if address else {}
    return requests.post(
        f"{base}/v1/enroll", json={"code": code, "device_name": "x"}, headers=headers, timeout=30
    )


def test_failed_enrollments_are_limited_per_address_and_overall(
    blank_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POPUP_SYNC_ENROLL_FAILURES_BURST", str(ADDRESS_BURST))
    monkeypatch.setenv("POPUP_SYNC_ENROLL_FAILURES_PER_MINUTE", str(ADDRESS_PER_MINUTE))
    monkeypatch.setenv("POPUP_SYNC_ENROLL_FAILURES_GLOBAL_BURST", str(GLOBAL_BURST))
    monkeypatch.setenv("POPUP_SYNC_ENROLL_FAILURES_GLOBAL_PER_MINUTE", str(GLOBAL_PER_MINUTE))
    proc = ServerProcess(blank_url, tmp_path / "server.log").start()
    db = Database(blank_url)
    try:

        def make_lib(session: Any) -> str:
            return crud.create_library(session=session, code="LIM", name="Limit").code

        lib = db.run_write(make_lib)
        good_code = _code(db, lib)  # made before: no pause between the guesses and it
        # One address guessing as fast as it can.
        statuses: Counter[int] = Counter()
        started = time.monotonic()
        for _ in range(150):
            answer = _guess(proc.url)
            statuses[answer.status_code] += 1
            if answer.status_code == 429:
                body = answer.json()
                assert body["error"] == "TOO_MANY_ATTEMPTS" and "try again in" in body["message"]
                assert int(answer.headers["Retry-After"]) >= 1
            else:
                assert answer.status_code == 400 and answer.json()["error"] == "INVALID_CODE"
        elapsed = time.monotonic() - started
        assert set(statuses) == {400, 429}, statuses  # never 5xx
        assert statuses[400] <= ADDRESS_BURST + elapsed * ADDRESS_PER_MINUTE / 60 + 1, statuses
        assert statuses[429] >= 150 - statuses[400]
        # A good code from that address waits too (no lookup while limited) ...
        limited = _guess(proc.url, code=good_code)
        assert limited.status_code == 429
        # ... but another address is not held up by it, and a success costs nothing.
        for n in range(3):
            good = _guess(proc.url, f"10.0.0.{n + 2}", _code(db, lib))
            assert good.status_code == 201, good.text
        # Guesses spread over many addresses meet the overall allowance.
        spread: Counter[int] = Counter()
        started = time.monotonic()
        for n in range(60):
            spread[_guess(proc.url, f"10.1.{n // 250}.{n % 250 + 1}").status_code] += 1
        elapsed += time.monotonic() - started
        assert set(spread) == {400, 429}, spread
        allowed = GLOBAL_BURST + elapsed * GLOBAL_PER_MINUTE / 60 + 1
        assert statuses[400] + spread[400] <= allowed, (statuses, spread)
        # After Retry-After, the first address may try again.
        wait = int(_guess(proc.url).headers["Retry-After"])
        time.sleep(wait + 0.2)
        assert _guess(proc.url).status_code == 400
    finally:
        db.dispose()
        proc.stop()
