"""#14 server item 6: bodies over ``max_body_bytes`` are refused 413 before they are read (or
as soon as a chunked one passes the limit), a big body with an unknown token is refused 401
before it is read, and unknown fields are refused — against a real server process."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from popup_sync.core.config import Settings
from popup_sync.core.db import Database
from tests.helpers.server import ServerProcess

LIMIT = Settings().max_body_bytes


@pytest.fixture(scope="module")
def proc(
    database_url: str, db: Database, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    server = ServerProcess(database_url, tmp_path_factory.mktemp("limits") / "server.log")
    server.start()
    yield server
    server.stop()


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _answer(sock: socket.socket, timeout: float) -> tuple[int, dict[str, Any]]:
    """The status and JSON body of the response on ``sock``."""
    sock.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"connection closed without an answer: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(head.split(b" ")[1]), json.loads(body)


def _head(port: int, path: str, headers: dict[str, str]) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port))
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    return sock


def test_a_declared_oversized_body_is_refused_before_a_byte_is_sent(
    proc: ServerProcess, enroll_device: Callable[..., Any], make_library: Callable[..., Any]
) -> None:
    device = enroll_device(make_library(items=0, patrons=0).code)
    for token in (device.token, "garbage"):
        sock = _head(
            proc.port,
            "/v1/push",
            {"Authorization": f"Bearer {token}", "Content-Length": str(100 * 1024 * 1024)},
        )
        with sock:
            started = time.monotonic()
            status, body = _answer(sock, timeout=5)  # no body was sent: not waiting for it
        assert status == 413 and body["error"] == "TOO_LARGE"
        assert str(LIMIT) in body["message"] and body["limit"] == LIMIT
        assert time.monotonic() - started < 2


def _stream_chunked(port: int, token: str, total: int) -> tuple[int, dict[str, Any], int]:
    """POST a chunked body of up to ``total`` bytes; returns (status, body, bytes sent)."""
    sock = _head(
        port, "/v1/push", {"Authorization": f"Bearer {token}", "Transfer-Encoding": "chunked"}
    )
    piece = b'{"device_id": "' + b"x" * (1024 * 1024)
    chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    sent = 0
    with sock:
        try:
            while sent < total:
                sock.sendall(chunk)
                sent += len(piece)
            sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server answered and closed: read the answer
        status, body = _answer(sock, timeout=30)
    return status, body, sent


def test_a_chunked_body_is_cut_at_the_limit_and_a_garbage_token_reads_nothing(
    proc: ServerProcess, enroll_device: Callable[..., Any], make_library: Callable[..., Any]
) -> None:
    """The audit's attack: four 100 MB posts with a garbage token took the server to 1 GB."""
    assert proc.process is not None
    device = enroll_device(make_library(items=0, patrons=0).code)
    before = _rss_kb(proc.process.pid)
    statuses = []
    for _ in range(4):
        status, body, _sent = _stream_chunked(proc.port, "garbage", 100 * 1024 * 1024)
        statuses.append((status, body["error"]))
    assert statuses == [(401, "UNAUTHENTICATED")] * 4
    status, body, sent = _stream_chunked(proc.port, device.token, 100 * 1024 * 1024)
    assert status == 413 and body["error"] == "TOO_LARGE", body
    assert sent < 100 * 1024 * 1024  # the server stopped the upload, not the end of the body
    grown_mb = (_rss_kb(proc.process.pid) - before) / 1024
    assert grown_mb < 2 * LIMIT / 1024 / 1024, f"the server grew by {grown_mb:.0f} MB"


def test_a_large_body_with_an_unknown_token_is_refused_before_it_is_read(
    proc: ServerProcess,
) -> None:
    sock = _head(
        proc.port, "/v1/push", {"Authorization": "Bearer garbage", "Content-Length": "1000000"}
    )
    with sock:
        status, body = _answer(sock, timeout=5)  # not one byte of the body was sent
    assert status == 401 and body["error"] == "UNAUTHENTICATED"


def test_unknown_fields_are_refused_by_name(
    proc: ServerProcess, enroll_device: Callable[..., Any], make_library: Callable[..., Any]
) -> None:
    lib = make_library(items=1, patrons=1)
    device = enroll_device(lib.code)
    record = device.checkout(lib.patrons[0], lib.items[0])
    url = f"http://127.0.0.1:{proc.port}"
    # An unknown 1 MB field next to a valid push.
    response = device.http.post(
        f"{url}/v1/push",
        json={"device_id": device.device_id, "mutations": [record], "junk": "x" * 1_000_000},
        headers=device.headers,
        timeout=30,
    )
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "junk" and "junk" in response.json()["message"]
    response = device.http.post(
        f"{url}/v1/push",
        json={"device_id": device.device_id, "mutations": [{**record, "extra": 1}]},
        headers=device.headers,
        timeout=30,
    )
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "mutations.0.extra"
    response = device.http.post(
        f"{url}/v1/card-ranges", json={"size": 5, "note": "x"}, headers=device.headers, timeout=30
    )
    assert response.status_code == 400 and response.json()["field"] == "note"
    # Nothing was applied by the refused pushes: the same record goes through now.
    response = device.http.post(
        f"{url}/v1/push",
        json={"device_id": device.device_id, "mutations": [record]},
        headers=device.headers,
        timeout=30,
    )
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["status"] == "applied"


def test_a_full_batch_of_the_largest_sign_ups_fits(
    proc: ServerProcess, enroll_device: Callable[..., Any], make_library: Callable[..., Any]
) -> None:
    """The limit is sized from the client's batch (500): the worst legitimate push passes."""
    from popup.domain.protocol.envelopes import MAX_PUSH
    from popup.domain.signup import MAX_LENGTHS
    from tests.helpers import mutations

    lib = make_library(items=0, patrons=0)
    device = enroll_device(lib.code)
    wide = "\U0001f600"  # JSON escapes it as a surrogate pair: 12 bytes a character
    fields = {f: wide * MAX_LENGTHS[f] for f in ("address", "phone", "language", "notes")}
    records = [
        device.mutation(
            mutations.register(
                f"T-{n:06d}-{device.device_id}",
                temporary=True,
                name=wide * MAX_LENGTHS["name"],
                guardian_name=wide * MAX_LENGTHS["guardian_name"],
                email="a" * 64 + "@" + "b" * (MAX_LENGTHS["email"] - 69) + ".test",
                **fields,
            )
        )
        for n in range(MAX_PUSH)
    ]
    body = json.dumps({"device_id": device.device_id, "mutations": records}).encode()
    assert 0.7 * LIMIT < len(body) < 0.8 * LIMIT  # the worst case, and the margin left
    response = device.http.post(
        f"http://127.0.0.1:{proc.port}/v1/push",
        data=body,
        headers={**device.headers, "Content-Type": "application/json"},
        timeout=120,
    )
    assert response.status_code != 413, response.text
    assert response.status_code < 500, response.text
