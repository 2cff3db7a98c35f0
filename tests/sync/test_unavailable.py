"""Only transient faults answer 503: a server whose database is unreachable says so, never 500."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests

from tests.helpers.server import free_port, stop_process, uvicorn_app


@pytest.fixture(params=["sqlite", "postgres"])
def unreachable_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        folder = tmp_path / "not-a-file.db"
        folder.mkdir()  # a directory where the database file should be: cannot be opened
        return f"sqlite:///{folder}"
    return "postgresql+psycopg://postgres@127.0.0.1:9/nowhere"  # nothing listens on port 9


def test_unreachable_database_gives_503_not_500(unreachable_url: str, tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "server.log"
    process = uvicorn_app(unreachable_url, port, log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        health = None
        while time.monotonic() < deadline:
            try:
                health = requests.get(f"{base}/health", timeout=10)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        assert health is not None, log.read_text()
        assert health.status_code == 503
        assert health.json()["status"] == "unavailable"
        pulled = requests.get(f"{base}/v1/pull", headers={"Authorization": "Bearer x"}, timeout=30)
        assert pulled.status_code == 503, pulled.text
        assert pulled.json()["error"] == "UNAVAILABLE"
        enrolled = requests.post(
            f"{base}/v1/enroll", json={"code": "ABCD-EFGH-JKLM", "device_name": "x"}, timeout=30
        )
        assert enrolled.status_code == 503, enrolled.text
        # Bad input is still answered as bad input, without touching the database.
        bad = requests.post(f"{base}/v1/enroll", data=b"{not json", timeout=10)
        assert bad.status_code == 400
    finally:
        stop_process(process)
