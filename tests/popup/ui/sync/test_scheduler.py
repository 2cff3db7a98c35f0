"""The background sync's scheduler without a server: its life cycle and its lanes."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QThread
from sqlalchemy import select

from popup.store import demo
from popup.store.db import Store
from popup.store.models import Item
from popup.sync_client.status import SyncStatus
from popup.ui.context import SyncSettings
from popup.ui.sync.scheduler import AFTER_ACTION_MS, SyncScheduler
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
