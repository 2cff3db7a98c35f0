"""The client's bodies are the shared envelopes: what it sends, and answers it cannot read.

A stand-in HTTP server on 127.0.0.1 answers with canned bodies (the real server's answers are
exercised by tests/contract); it records what the client sent.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import select

from popup.domain.protocol.entities import Op
from popup.domain.protocol.envelopes import Mutation, PullPage, Status
from popup.domain.protocol.wire import WireError, decode
from popup.store.db import Store
from popup.store.models import Device, Item, SyncState
from popup.sync_client.backoff import Backoff
from popup.sync_client.client import (
    MAX_RETRY_AFTER_S,
    SeqGap,
    SyncClient,
    SyncError,
    TransientError,
    retry_after_seconds,
)
from popup.sync_client.engine import SyncEngine
from popup_sync.api.errors import RETRY_AFTER_S
from tests.helpers.server import free_port, stop_process, uvicorn_app

DEVICE = "5b2a7c1e-0000-4000-8000-00000000d001"
MUTATION_ID = "0b6c8a4e-1111-4111-8111-000000000001"
NOW = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)


class Canned:
    def __init__(self) -> None:
        self.answers: dict[str, tuple[int, object]] = {}
        self.sent: list[dict[str, Any]] = []
        #: Pull answers by the cursor asked with ("" for none), before ``answers``.
        self.pages: dict[str, object] = {}
        self.cursors: list[str] = []  # the cursor of each pull asked for, in order


@pytest.fixture
def server() -> Iterator[tuple[Canned, str]]:
    canned = Canned()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            path = self.path.split("?")[0]
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                canned.sent.append(json.loads(self.rfile.read(length)))
            cursor = parse_qs(urlsplit(self.path).query).get("cursor", [""])[0]
            if path == "/v1/pull":
                canned.cursors.append(cursor)
            if path == "/v1/pull" and cursor in canned.pages:
                status, body = 200, canned.pages[cursor]
            else:
                status, body = canned.answers[path]
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield canned, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def client(url: str) -> SyncClient:
    return SyncClient(url, "token", now=lambda: NOW)


def mutation() -> Mutation:
    return Mutation(
        seq=1,
        mutation_id=MUTATION_ID,
        client_time=NOW,
        kind="in_house_use",
        payload={"item_barcode": "31120000000017", "count": 1, "used_at": NOW.isoformat()},
    )


def test_push_sends_the_push_request_and_reads_the_results(server: tuple[Canned, str]) -> None:
    canned, url = server
    result = {"seq": 1, "mutation_id": MUTATION_ID, "status": "applied", "codes": []}
    canned.answers["/v1/push"] = (200, {"results": [result], "last_applied": 1})
    answer = client(url).push(DEVICE, [mutation()])
    assert answer.last_applied == 1 and answer.results[0].status is Status.APPLIED
    [body] = canned.sent
    assert body["device_id"] == DEVICE and body["sent_at"] == NOW.isoformat()
    assert body["mutations"][0]["client_time"] == NOW.isoformat()
    assert body["mutations"][0]["payload"]["count"] == 1


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/v1/pull", {"changes": [], "has_more": False}, "cursor"),
        (
            "/v1/pull",
            {
                "changes": [{"entity": "item", "op": "merge", "key": "3"}],
                "cursor": "c",
                "has_more": False,
            },
            "changes[0].op",
        ),
        (
            "/v1/push",
            {
                "results": [{"seq": 1, "mutation_id": MUTATION_ID, "status": "fine"}],
                "last_applied": 1,
            },
            "results[0].status",
        ),
        ("/v1/push", {"last_applied": 1}, "results"),
    ],
)
def test_an_answer_that_does_not_decode_is_an_unreadable_answer(
    server: tuple[Canned, str],
    caplog: pytest.LogCaptureFixture,
    path: str,
    body: dict[str, Any],
    field: str,
) -> None:
    canned, url = server
    canned.answers[path] = (200, body)
    caplog.set_level(logging.WARNING)
    with pytest.raises(TransientError) as err:
        if path == "/v1/pull":
            client(url).pull("c0")
        else:
            client(url).push(DEVICE, [mutation()])
    assert err.value.key == "UNREADABLE_ANSWER"
    assert dict(err.value.params) == {"path": path, "status": 200}
    assert str(err.value) == f"The sync server sent an unreadable answer to {path} (status 200)."
    assert repr(field) in caplog.text


def test_a_pull_page_reads_as_decode_reads_it(server: tuple[Canned, str]) -> None:
    """The client checks a page's changes inline; what it reads is what decode reads."""
    canned, url = server
    item = {"barcode": "3", "title": "Dune", "item_type": "BOOK", "home_library": "MAIN"}
    first = {"entity": "item", "op": "upsert", "key": "3", "data": item}
    body: dict[str, Any] = {
        "changes": [
            first,
            {"entity": "item", "op": "delete", "key": "4"},
            {"entity": "patron", "op": "upsert", "key": "Ñ-7", "data": {"name": "Núñez"}},
            {"entity": "hologram", "op": "delete", "key": "x", "data": None},
        ],
        "cursor": "c1",
        "has_more": True,
        "server_time": NOW.isoformat(),
    }
    canned.answers["/v1/pull"] = (200, body)
    page = client(url).pull("c0")
    assert page == decode(PullPage, body)
    assert [c.op for c in page.changes] == [Op.UPSERT, Op.DELETE, Op.UPSERT, Op.DELETE]
    for change, field in [
        ({"entity": "item", "op": "upsert", "key": 3}, "changes[1].key"),
        ({"entity": "item", "op": "upsert", "key": "3", "data": [1]}, "changes[1].data"),
        ({"entity": "it\x00em", "op": "upsert", "key": "3"}, "changes[1].entity"),
    ]:
        broken = {**body, "changes": [first, change]}
        canned.answers["/v1/pull"] = (200, broken)
        with pytest.raises(TransientError) as err:
            client(url).pull("c0")
        assert err.value.key == "UNREADABLE_ANSWER", field
        with pytest.raises(WireError) as wrong:
            decode(PullPage, broken)
        assert wrong.value.field == field


def test_the_next_page_is_fetched_ahead_and_one_not_applied_is_fetched_again(
    server: tuple[Canned, str], store: Store
) -> None:
    """While a page is applied the next is fetched; a pass that stops then leaves it unapplied
    (its cursor unsaved), and the next pass asks for it again."""
    canned, url = server

    def page(n: int, more: bool) -> dict[str, Any]:
        barcode = f"3112000000001{n}"
        data = {"barcode": barcode, "title": f"Book {n}", "item_type": "BOOK", "home_library": "M"}
        change = {"entity": "item", "op": "upsert", "key": barcode, "data": data}
        return {"changes": [change], "cursor": f"c{n}", "has_more": more}

    canned.pages = {"": page(1, True), "c1": page(2, True), "c2": page(3, False)}
    applied: list[str] = []
    engine = SyncEngine(
        store,
        client(url),
        DEVICE,
        progress=lambda p: applied.append(p.detail),
        should_stop=lambda: len(applied) > 1,  # after the first page
    )
    report = engine.pull_all()
    assert report.pages == 1 and canned.cursors == ["", "c1"]  # page 2 fetched ahead...
    with store.read() as session:
        assert session.scalars(select(Item.barcode)).all() == ["31120000000011"]  # ...not applied
        state = session.get(SyncState, 1)
        assert state is not None and state.cursor == "c1"
    engine.should_stop = lambda: False
    assert engine.pull_all().pages == 2
    assert canned.cursors == ["", "c1", "c1", "c2"]  # no request past the last page
    with store.read() as session:
        assert len(session.scalars(select(Item.barcode)).all()) == 3


def test_a_seq_gap_carries_the_results_before_it(server: tuple[Canned, str]) -> None:
    canned, url = server
    result = {"seq": 1, "mutation_id": MUTATION_ID, "status": "rejected", "codes": ["X"]}
    canned.answers["/v1/push"] = (
        409,
        {"error": "SEQ_GAP", "message": "expected 1", "expected_seq": 1, "results": [result]},
    )
    with pytest.raises(SeqGap) as gap:
        client(url).push(DEVICE, [mutation()])
    assert gap.value.expected_seq == 1 and gap.value.results[0].codes == ("X",)
    canned.answers["/v1/push"] = (409, {"error": "SEQ_GAP", "message": "?", "expected_seq": "1"})
    with pytest.raises(TransientError) as err:
        client(url).push(DEVICE, [mutation()])
    assert err.value.key == "UNREADABLE_ANSWER"


def test_an_upload_the_server_would_refuse_whole_is_not_sent(server: tuple[Canned, str]) -> None:
    canned, url = server
    with pytest.raises(SyncError) as err:
        client(url).push("not-a-device-id", [mutation()])
    assert not isinstance(err.value, TransientError) and "device_id" in str(err.value)
    assert canned.sent == []


@pytest.fixture
def busy_server(tmp_path: Path) -> Iterator[str]:
    """The real server with its database unreachable: it answers 503 with Retry-After."""
    folder = tmp_path / "not-a-file.db"
    folder.mkdir()  # a directory where the database should be: it cannot be opened
    port = free_port()
    log = tmp_path / "server.log"
    process = uvicorn_app(f"sqlite:///{folder}", port, log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"{url}/health", timeout=5)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)  # still starting
        yield url
    finally:
        stop_process(process)


def test_a_server_that_says_when_to_come_back_is_heard(busy_server: str) -> None:
    """The client's error carries the seconds the server's Retry-After asked for."""
    with pytest.raises(TransientError) as caught:
        SyncClient(busy_server, "token", now=lambda: NOW).pull(None)
    assert caught.value.key == "UNAVAILABLE"
    assert caught.value.retry_after == RETRY_AFTER_S


def test_a_pass_never_retries_sooner_than_the_server_asked(
    busy_server: str, demo_store: Store
) -> None:
    """Within a pass the retries wait at least Retry-After; asked to wait longer than a pass
    ever waits, the pass ends at once and its report says how long (the scheduler's wait)."""
    slept: list[float] = []
    client = SyncClient(busy_server, "token", now=lambda: NOW)
    with demo_store.read() as session:  # the engine of the store's own device
        device = session.scalar(select(Device.device_id))
    assert device is not None
    engine = SyncEngine(demo_store, client, device, max_attempts=3, sleep=slept.append)
    report = engine.sync()
    assert report.error_code == "OFFLINE" and report.retry_after == RETRY_AFTER_S
    assert len(slept) == 2 and min(slept) >= RETRY_AFTER_S
    slept.clear()
    patient = SyncEngine(
        demo_store, client, device, max_attempts=3, sleep=slept.append, backoff=Backoff(cap=1.0)
    )
    assert patient.sync().retry_after == RETRY_AFTER_S
    assert slept == []  # 5 s asked, a pass waits at most 1 s: no retry inside it


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (None, None),
        ("", None),
        ("120", 120.0),
        ("86400", MAX_RETRY_AFTER_S),  # capped: a day without syncing is never right
        ("Fri, 27 Nov 2026 15:31:30 GMT", 90.0),  # an HTTP date, against NOW
        ("Fri, 27 Nov 2026 15:00:00 GMT", 0.0),  # already past
        ("soon", None),
        ("-5", None),
    ],
)
def test_retry_after_is_read_as_seconds_or_a_date(
    header: str | None, seconds: float | None
) -> None:
    assert retry_after_seconds(header, now=NOW) == seconds
