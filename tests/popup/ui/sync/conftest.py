"""The contract tests' real-server helpers (``tests/contract/conftest.py``), reused here."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_PATH = Path(__file__).resolve().parents[3] / "contract" / "conftest.py"
_spec = importlib.util.spec_from_file_location("popup_contract_helpers", _PATH)
assert _spec is not None and _spec.loader is not None
helpers = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("popup_contract_helpers", helpers)
_spec.loader.exec_module(helpers)

# Fixtures re-exported so pytest finds them for the tests in this directory.
_file_credentials = helpers._file_credentials
laptops = helpers.laptops


@pytest.fixture(scope="module")
def sync_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A real server on SQLite (the window tests are about the UI, not the database)."""
    server, cleanup = helpers.start_sync_server("sqlite", tmp_path_factory.mktemp("server"))
    try:
        yield server
    finally:
        cleanup()
