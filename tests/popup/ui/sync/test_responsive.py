"""A large first download runs in the sync thread: the window keeps painting and shows progress.

``POPUP_SYNC_UI_ITEMS`` sets the catalogue size (default 20,000 items, about 20,500 rows; the
100,000-item figure is measured the same way and reported with benchmarks/sync_drain.py).
"""

from __future__ import annotations

import itertools
import os
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from sqlalchemy import func, select

from popup.store.db import Store
from popup.store.models import Item
from popup.sync_client.enroll import enroll
from popup.ui.sync.page import SyncPage
from tests.helpers.consortium import SyncServer
from tests.helpers.desk import MakeWindow

pytestmark = [
    pytest.mark.gui,
    pytest.mark.slow,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

ITEMS = int(os.environ.get("POPUP_SYNC_UI_ITEMS", "20000"))


@pytest.fixture
def big_server(tmp_path: Path) -> Iterator[Any]:
    server = SyncServer(f"sqlite:///{tmp_path / 'big.db'}", tmp_path, items=ITEMS)
    server.seed()
    server.start()
    yield server
    server.close()


def test_window_stays_responsive_during_a_large_download(
    big_server: Any, store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    window = make_window(store)
    window.show()
    window.show_mode("sync")
    page = window.page_of(SyncPage)
    worker = page.scheduler
    worker.poll_seconds = 3600
    enroll(store, store.path.parent, big_server.url, big_server.new_code(), "big download")

    ticks: list[float] = []
    labels: set[str] = set()
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(
        lambda: (ticks.append(time.perf_counter()), labels.add(page.status.label.text()))
    )
    downloads: list[int] = []
    worker.progress.connect(
        lambda phase, done, _total: downloads.append(done) if phase == "download" else None
    )
    timer.start()
    started = time.perf_counter()
    try:
        with qtbot.waitSignal(worker.synced, timeout=600_000) as done:
            worker.credentials_changed()
    finally:
        timer.stop()
        took = time.perf_counter() - started
        worker.stop()
    report = done.args[0]
    assert report.ok, report.error
    with store.read() as s:
        assert s.scalar(select(func.count(Item.id))) == ITEMS
    gaps = sorted(b - a for a, b in itertools.pairwise(ticks))
    p99 = gaps[int(len(gaps) * 0.99)]
    print(
        f"{report.pulled} rows in {report.pages} pages in {took:.1f} s;"
        f" GUI timer gaps: median {statistics.median(gaps) * 1000:.0f} ms,"
        f" p99 {p99 * 1000:.0f} ms, max {gaps[-1] * 1000:.0f} ms"
    )
    # The event loop kept running: ticks throughout, no long freeze. The download now takes
    # about a second (~100 ticks), where p99 is the single worst gap; one tick delayed by
    # other work on a shared machine is allowed, a sluggish window is not.
    assert len(ticks) > took * 20
    slow = [g for g in gaps if g > 0.25]
    assert len(slow) <= max(1, len(gaps) // 100), slow
    assert gaps[-1] < 1.5
    # Progress was shown page by page.
    assert len(downloads) >= report.pages and downloads == sorted(downloads)
    assert any(text.startswith("Downloading") for text in labels)
