"""#14 server item 7: a stalled database, a held lock and a full pool are answered 503 in
bounded time, and /health says 503 within about a second — against a real server process.

The stall is real: a TCP forwarder between the server and PostgreSQL that, when paused, stops
relaying bytes without closing anything (what a hung database host or a black-holing network
does). Keepalives and the kernel see a healthy connection; only timeouts can help.
"""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests

from popup_sync.core.db import Database
from tests.helpers import postgres
from tests.helpers.server import ServerProcess


class StallProxy:
    """127.0.0.1:<port> -> 127.0.0.1:5432; :meth:`pause` stops relaying, keeps sockets open."""

    def __init__(self, upstream: tuple[str, int] = ("127.0.0.1", 5432)) -> None:
        self.upstream = upstream
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = int(self.listener.getsockname()[1])
        self.running = threading.Event()
        self.running.set()
        self.closing = False
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def pause(self) -> None:
        self.running.clear()

    def resume(self) -> None:
        self.running.set()

    def _accept(self) -> None:
        while not self.closing:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            self.sockets += [client, server]
            for src, dst in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                self.running.wait()  # paused: hold the bytes, close nothing
                dst.sendall(data)
        except OSError:
            pass
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        self.closing = True
        self.running.set()
        self.listener.close()
        for s in self.sockets:
            with contextlib.suppress(OSError):
                s.close()


@pytest.fixture
def stalled_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[StallProxy, ServerProcess, Database]]:
    """A server on PostgreSQL behind a StallProxy, with short timeouts and a 1+0 pool."""
    with postgres.scratch_database("popup_sync_stall") as direct_url:
        db = Database(direct_url)
        db.migrate()
        proxy = StallProxy()
        via_proxy = direct_url.replace(":5432/", f":{proxy.port}/")
        for key, value in {
            "REQUEST_TIMEOUT_SECONDS": "3",
            "POOL_TIMEOUT_SECONDS": "1",
            "POOL_SIZE": "1",
            "MAX_OVERFLOW": "0",
            "LOCK_TIMEOUT_SECONDS": "1",
            "STATEMENT_TIMEOUT_SECONDS": "5",
        }.items():
            monkeypatch.setenv(f"POPUP_SYNC_{key}", value)
        server = ServerProcess(via_proxy, tmp_path / "server.log").start()
        try:
            yield proxy, server, db
        finally:
            proxy.resume()
            server.stop()
            proxy.close()
            db.dispose()


def _timed(call: Callable[[], requests.Response]) -> tuple[requests.Response, float]:
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_a_stalled_database_is_answered_503_in_bounded_time_and_recovers(
    stalled_server: tuple[StallProxy, ServerProcess, Database], kit: Any
) -> None:
    proxy, server, db = stalled_server
    lib = kit.seed_library(db, items=2, patrons=1)
    device = kit.enroll(server.url, db, lib.code)
    assert device.push_ok([device.checkout(lib.patrons[0], lib.items[0])])[0]["status"] == (
        "applied"
    )
    health = lambda: requests.get(f"{server.url}/health", timeout=30)  # noqa: E731
    assert health().status_code == 200

    proxy.pause()
    answers: list[tuple[int, float]] = []
    # A push first: it takes the only pooled connection and sticks on the stall; the request
    # deadline (3 s) answers it.
    pending = device.checkout(lib.patrons[0], lib.items[1])
    response, took = _timed(lambda: device.push([pending]))
    answers.append((response.status_code, took))
    assert response.status_code == 503, response.text
    assert response.json()["error"] == "UNAVAILABLE" and response.headers["Retry-After"] == "5"
    assert "in time" in response.json()["message"]
    assert 3 <= took < 3 + 1.5  # the request deadline, not the length of the stall
    response, took = _timed(health)
    answers.append((response.status_code, took))
    assert response.status_code == 503 and took < 1.5, (response.text, took)
    assert response.json()["status"] == "unavailable" and response.headers["Retry-After"]
    # The pool (1 + 0) is held by the stuck push: the next request waits 1 s for it -> 503.
    response, took = _timed(lambda: device.pull())
    answers.append((response.status_code, took))
    assert response.status_code == 503 and took < 3 + 1.5, response.text
    assert "no database connection free" in response.json()["message"]
    response, took = _timed(health)  # still quick while a ping is stuck
    answers.append((response.status_code, took))
    assert response.status_code == 503 and took < 1.5
    assert all(status == 503 for status, _ in answers)

    proxy.resume()
    deadline = time.monotonic() + 30
    while health().status_code != 200:
        assert time.monotonic() < deadline, "the server did not recover after the stall"
        time.sleep(0.2)
    # The resend is answered: applied now, or from the exactly-once record if the stuck
    # request committed after its 503. Either way exactly one loan.
    results = device.push_ok([pending])
    assert results[0]["status"] == "applied"
    with psycopg.connect(db.url.replace("+psycopg", "")) as conn:
        row = conn.execute(
            "SELECT count(*) FROM loans WHERE id = %s", (pending["payload"]["loan_id"],)
        ).fetchone()
    assert row is not None and row[0] == 1


def test_pool_checkout_timeout_is_503_not_500(
    stalled_server: tuple[StallProxy, ServerProcess, Database], kit: Any
) -> None:
    """A held row lock keeps the pool's one connection busy (requests waiting on it, lock
    timeout 1 s, retried); other requests wait 1 s for a connection and get 503, never 500."""
    _proxy, server, db = stalled_server
    lib = kit.seed_library(db, items=0, patrons=0)
    device = kit.enroll(server.url, db, lib.code)
    answers: list[requests.Response] = []

    def ask_range() -> None:
        answers.append(
            requests.post(
                f"{server.url}/v1/card-ranges",
                json={"size": 1},
                headers=device.headers,
                timeout=30,
            )
        )

    with psycopg.connect(db.url.replace("+psycopg", "")) as holder:
        holder.execute("SELECT * FROM libraries WHERE id = %s FOR UPDATE", (lib.id,))
        blocked = [threading.Thread(target=ask_range) for _ in range(3)]
        for t in blocked:
            t.start()
        time.sleep(0.3)
        for _ in range(3):
            answers.append(
                requests.get(f"{server.url}/v1/pull", headers=device.headers, timeout=30)
            )
        for t in blocked:
            t.join()
    statuses = sorted(r.status_code for r in answers)
    assert len(statuses) == 6 and all(s in (200, 201, 503) for s in statuses), statuses
    busy = [r.json() for r in answers if r.status_code == 503]
    assert all(b["error"] == "UNAVAILABLE" for b in busy)
    assert any("no database connection free" in b["message"] for b in busy), busy
    assert all(r.headers["Retry-After"] == "5" for r in answers if r.status_code == 503)
    after = requests.post(
        f"{server.url}/v1/card-ranges", json={"size": 1}, headers=device.headers, timeout=30
    )
    assert after.status_code == 201, after.text


def test_sqlite_busy_timeout_is_503(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kit: Any
) -> None:
    """Another process holding SQLite's write lock: a push waits lock_timeout, then 503."""
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    db = Database(url)
    db.migrate()
    lib = kit.seed_library(db, items=1, patrons=1)
    monkeypatch.setenv("POPUP_SYNC_LOCK_TIMEOUT_SECONDS", "1")
    monkeypatch.setenv("POPUP_SYNC_PUSH_RETRIES", "1")
    server = ServerProcess(url, tmp_path / "server.log").start()
    try:
        device = kit.enroll(server.url, db, lib.code)
        holder = sqlite3.connect(tmp_path / "busy.db", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            record = device.checkout(lib.patrons[0], lib.items[0])
            response, took = _timed(lambda: device.push([record]))
            assert response.status_code == 503, response.text
            assert took < 10, took  # was up to 30 s per attempt
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert device.push_ok([record])[0]["status"] == "applied"
    finally:
        server.stop()
        db.dispose()
