"""Shared fixtures. Every test gets its own POPUP_HOME under tmp_path; Qt runs offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Store keys go to a key file beside each test's store, never to the developer's own
# credential store (popup.store.keys).
os.environ.setdefault("POPUP_KEY_STORE", "file")

from collections.abc import Iterator
from pathlib import Path

import pytest

from popup import paths
from popup.store import demo
from popup.store.circulation import Desk
from popup.store.db import Store


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data directory, also exported as POPUP_HOME for subprocesses."""
    base = tmp_path / "home"
    monkeypatch.setenv(paths.ENV_HOME, str(base))
    return paths.home()


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    """An empty, migrated store file on disk."""
    opened = Store.open(paths.store_file(home), paths.backups_dir(home))
    yield opened
    opened.close()


@pytest.fixture
def demo_store(store: Store) -> Store:
    """The store seeded with a small demo stop (fast to build)."""
    demo.seed(store, items=300, patrons=80)
    return store


@pytest.fixture
def desk(demo_store: Store) -> Desk:
    return Desk(demo_store)
