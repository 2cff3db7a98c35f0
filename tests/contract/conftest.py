"""Fixtures for laptops against the REAL sync server (``popup-sync serve`` on 127.0.0.1).

* ``sync_server`` (module scope): a server process on a fresh database seeded with the demo
  consortium (300 items, 80 patrons in library MAIN; ``tests.helpers.consortium``). SQLite,
  and PostgreSQL too when ``POPUP_EXPECT_POSTGRES=1`` (and then FAILS if it is down).
* ``laptops``: makes :class:`~tests.helpers.laptops.Laptop` objects, each a store file in its
  own data directory, enrolled with a one-time code.
* ``proxy``: a :class:`~tests.helpers.laptops.DropProxy` in front of the server that can close
  the client's connection WITHOUT relaying the server's (committed) answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers.consortium import SyncServer, start_sync_server
from tests.helpers.laptops import DropProxy, Laptop, file_credentials, laptop_maker
from tests.helpers.postgres import backends


@pytest.fixture(autouse=True)
def _file_credentials() -> Iterator[None]:
    with file_credentials():
        yield


@pytest.fixture(scope="module", params=backends())
def sync_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SyncServer]:
    """The module's server: SQLite, and PostgreSQL too when POPUP_EXPECT_POSTGRES=1."""
    server, cleanup = start_sync_server(request.param, tmp_path_factory.mktemp("server"))
    try:
        yield server
    finally:
        cleanup()


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[Callable[[str], Laptop]]:
    make, close = laptop_maker(tmp_path)
    yield make
    close()


@pytest.fixture
def proxy(sync_server: SyncServer) -> Iterator[DropProxy]:
    p = DropProxy(sync_server.port)
    yield p
    p.close()
