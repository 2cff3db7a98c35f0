"""The background sync's scheduler without a server: its life cycle and its lanes."""

from __future__ import annotations

import time
from typing import Any

import pytest
from PySide6.QtCore import QThread
from sqlalchemy import select

from popup.store import demo
from popup.store.db import Store
from popup.store.models import Item
from popup.sync_client.credentials import Credentials
from popup.sync_client.engine import SyncReport
from popup.sync_client.status import SyncStatus
from popup.ui import tasks
from popup.ui.context import SyncSettings
from popup.ui.sync.scheduler import AFTER_ACTION_MS, Check, SyncScheduler
from tests.helpers.desk import MakeContext

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_an_unenrolled_laptop_is_checked_on_the_sync_lane_and_stops_cleanly(
    store: Store, make_context: MakeContext, qtbot: Any
) -> None:
    ctx = make_context(store, sync=SyncSettings(poll_seconds=3600))
    scheduler = SyncScheduler(ctx)
    assert not scheduler.running and scheduler.poll_seconds == 3600
    gui = QThread.currentThread()
    threads: list[bool] = []
    scheduler.status.connect(lambda _s: threads.append(QThread.currentThread() is gui))
    with qtbot.waitSignal(scheduler.status) as told:
        scheduler.start()
        assert scheduler.running and scheduler.busy  # the check runs off the GUI thread
    status = told.args[0]
    assert isinstance(status, SyncStatus) and not status.enrolled
    assert threads == [True]
    scheduler.poll_seconds = 0.5
    assert scheduler.poll_seconds == 0.5
    scheduler.stop()
    assert not scheduler.running and not scheduler.busy
    scheduler.start()  # stopped for good: the app is closing
    assert not scheduler.running


def test_a_written_action_asks_for_a_sync_soon(
    store: Store, make_context: MakeContext, qtbot: Any
) -> None:
    demo.seed(store, items=30, patrons=5)
    ctx = make_context(store, sync=SyncSettings(poll_seconds=3600))
    scheduler = SyncScheduler(ctx)
    with qtbot.waitSignal(scheduler.status):
        scheduler.start()
    card = demo.demo_patron(store)
    barcode = demo_item(store)
    with qtbot.waitSignal(scheduler.status, timeout=AFTER_ACTION_MS + 5000):
        ctx.desk.checkout(card, barcode)  # a checkout: a change that carries its seq
    scheduler.stop()


def demo_item(store: Store) -> str:
    with store.read() as session:
        barcode = session.scalar(
            select(Item.barcode).where(Item.on_hold.is_(False), Item.item_type == "BOOK")
        )
    assert barcode is not None
    return barcode


def test_no_automatic_pass_before_the_server_said_to_come_back(
    store: Store, make_context: MakeContext, qtbot: Any
) -> None:
    """A pass ended with 503 and Retry-After: 1800. Six minutes later (past the 5-minute timed
    pass) the laptop is online with nothing waiting: no pass starts; once the 30 minutes are
    up, one does; and "Sync now" never waits."""
    ctx = make_context(store, sync=SyncSettings(poll_seconds=3600))
    scheduler = SyncScheduler(ctx)
    started: list[bool] = []
    scheduler.started_sync.connect(lambda: started.append(True))
    # Nothing listens on port 9: a pass that starts ends at once as offline.
    credentials = Credentials(
        "https://127.0.0.1:9", "6f1c2a53-8a8b-4c55-9d0e-2f3f1b0c9a11", "t", "MAIN"
    )
    online = Check(credentials=credentials, credentials_error=None, online=True, waiting=0)
    scheduler._on_passed(SyncReport(error="busy", error_code="OFFLINE", retry_after=1800.0))
    scheduler._last_pass = time.monotonic() - 360
    scheduler._on_checked(online)
    assert started == []
    scheduler._last_pass = time.monotonic() - 1801
    scheduler._on_checked(online)
    assert started == [True]
    assert tasks.wait_idle(20_000)
    scheduler._on_passed(SyncReport(error="busy", error_code="OFFLINE", retry_after=1800.0))
    scheduler._requested = True  # "Sync now"
    scheduler._on_checked(online)
    assert started == [True, True]
    assert tasks.wait_idle(20_000)
    scheduler.stop()
