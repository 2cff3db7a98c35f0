"""Fixtures of the store's tests that talk to the real sync server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.consortium import start_sync_server


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A real ``popup-sync serve`` on SQLite with the demo consortium; tokens in files."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("POPUP_SYNC_CRASH_AT", raising=False)
    (tmp_path / "server").mkdir()
    srv, cleanup = start_sync_server("sqlite", tmp_path / "server")
    try:
        yield srv
    finally:
        cleanup()
