"""The window says when the laptop's clock looks wrong: at start, on its timer and before the
next action, above every page, in the UI language; the desk keeps working meanwhile."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from popup.store.db import Store
from popup.store.models import OutboxEntry, SyncState
from popup.ui.feedback import Outcome
from popup.ui.main_window import MainWindow
from tests.helpers import desk as helpers
from tests.helpers.desk import MakeWindow, StepClocks

START = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
ADVICE = (
    "Actions are recorded with this laptop's date and time: if they are wrong, fix them in the"
    " system settings."
)


def open_window(
    store: Store, make_window: MakeWindow, clocks: StepClocks, qtbot: Any
) -> MainWindow:
    window = make_window(store, clock=clocks.wall, elapsed=clocks.elapsed, awake=clocks.awake)
    helpers.show_active(window, qtbot)
    return window


def last_client_time(store: Store) -> datetime:
    with store.read() as session:
        entry = session.query(OutboxEntry).order_by(OutboxEntry.seq.desc()).first()
        assert entry is not None
        return entry.client_time


def test_a_year_forward_is_said_before_the_next_scan_which_still_counts(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    clocks = StepClocks(START)
    window = open_window(demo_store, make_window, clocks, qtbot)
    assert not window.clock_bar.isVisible()
    helpers.press(qtbot, Qt.Key.Key_F4)
    page = window.in_house
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)
    barcode = helpers.available_items(demo_store, 1)[0]
    helpers.type_in(qtbot, barcode)
    assert not window.clock_bar.isVisible() and page.total == 1

    clocks.wait(timedelta(seconds=40))
    clocks.jump(timedelta(days=365))  # someone set the year wrong
    before = helpers.outbox_count(demo_store)
    played = len(window.sounds.played)
    helpers.type_in(qtbot, barcode)
    assert window.clock_bar.isVisible()
    assert window.clock_bar.label.text() == (
        "Check the date and time: The clock on this laptop jumped about a year forward while"
        f" Popup was open. {ADVICE}"
    )
    # The warning sounded first; the scan was recorded, with the laptop's time as the bar says.
    assert window.sounds.played[played:] == [Outcome.ATTENTION, Outcome.OK]
    assert helpers.outbox_count(demo_store) == before + 1
    assert last_client_time(demo_store) == clocks.now
    assert QApplication.focusWidget() is page.field

    # It stays while the clock is wrong; staff who know better hide it.
    clocks.wait(timedelta(seconds=30))
    helpers.type_in(qtbot, barcode)
    assert window.clock_bar.isVisible() and window.sounds.played[-1] is Outcome.OK
    qtbot.mouseClick(window.clock_bar.button, Qt.MouseButton.LeftButton)
    assert not window.clock_bar.isVisible()
    helpers.type_in(qtbot, barcode)
    assert not window.clock_bar.isVisible() and page.total == 4


def test_an_hour_back_is_seen_by_the_timer_without_any_scan(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    clocks = StepClocks(START)
    window = open_window(demo_store, make_window, clocks, qtbot)
    window.ctx.clock_watch.timer.setInterval(20)
    clocks.wait(timedelta(minutes=1))
    clocks.jump(-timedelta(hours=1))
    qtbot.waitUntil(window.clock_bar.isVisible)
    assert "The clock on this laptop jumped about an hour back" in window.clock_bar.label.text()
    assert window.sounds.played[-1] is Outcome.ATTENTION
    clocks.jump(timedelta(hours=1))  # put right in the system settings
    qtbot.waitUntil(lambda: not window.clock_bar.isVisible())


def test_a_clock_behind_the_servers_at_the_last_sync_is_said_at_start(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    with demo_store.transaction() as session:  # what the last sync pass wrote
        state = session.get(SyncState, 1) or SyncState(id=1)
        state.last_sync_at = START + timedelta(hours=3)
        state.clock_offset_s = 4.0
        session.add(state)
    window = open_window(demo_store, make_window, StepClocks(START), qtbot)
    assert window.clock_bar.isVisible()
    assert window.clock_bar.label.text() == (
        "Check the date and time: The date and time on this laptop are about 3 hours earlier"
        f" than the sync server's at the last sync. {ADVICE}"
    )
    assert window.sounds.played[-1] is Outcome.ATTENTION
    # The desk works on: a scan is recorded.
    before = helpers.outbox_count(demo_store)
    helpers.press(qtbot, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.in_house.field)
    helpers.type_in(qtbot, helpers.available_items(demo_store, 1)[0])
    assert helpers.outbox_count(demo_store) == before + 1


@pytest.mark.usefixtures("spanish")
def test_the_warning_speaks_spanish(demo_store: Store, make_window: MakeWindow, qtbot: Any) -> None:
    clocks = StepClocks(START)
    window = open_window(demo_store, make_window, clocks, qtbot)
    clocks.wait(timedelta(seconds=30))
    clocks.jump(timedelta(days=365))
    window.ctx.clock_watch.check()  # what the timer does
    assert window.clock_bar.label.text() == (
        "Revise la fecha y la hora: El reloj de este equipo se adelantó alrededor de un año"
        " mientras Popup estaba abierto. Las acciones se registran con la fecha y la hora de"
        " este equipo: si están mal, corríjalas en la configuración del sistema."
    )
    assert window.clock_bar.button.text() == "La hora es correcta"
