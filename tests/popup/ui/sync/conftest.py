"""A real sync server and enrolled laptops for the sync screens (``tests.helpers``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers.consortium import SyncServer, start_sync_server
from tests.helpers.laptops import Laptop, file_credentials, laptop_maker


@pytest.fixture(autouse=True)
def _file_credentials() -> Iterator[None]:
    with file_credentials():
        yield


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[Callable[[str], Laptop]]:
    make, close = laptop_maker(tmp_path)
    yield make
    close()


@pytest.fixture(scope="module")
def sync_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SyncServer]:
    """A real server on SQLite (the window tests are about the UI, not the database)."""
    server, cleanup = start_sync_server("sqlite", tmp_path_factory.mktemp("server"))
    try:
        yield server
    finally:
        cleanup()
