"""The main window: header, status line, modes and the actions every page shares."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from popup.store import demo, library
from popup.store.db import Store
from popup.store.models import Stop
from popup.ui.desk.checkout import CheckoutPage
from popup.ui.feedback import Outcome
from popup.ui.main_window import MainWindow
from popup.ui.text import long_date_text
from tests.helpers import desk as helpers
from tests.helpers.desk import MakeWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_header_shows_library_stop_and_date(window: MainWindow) -> None:
    assert window.library_label.text() == "Riverside County Library — Bookmobile 2"
    assert window.stop_label.text().startswith("Today: Farmers' Market")
    assert str(datetime.now().year) in window.date_label.text()
    assert window.sync_label.text() == "Offline, nothing waiting to upload"


def test_no_stop_today_says_so(demo_store: Store, make_window: MakeWindow) -> None:
    with demo_store.transaction() as session:
        stop = session.get(Stop, "00000000-0000-4000-8000-000000000001")
        assert stop is not None
        stop.starts_at = datetime.now(UTC) + timedelta(days=3)
        stop.ends_at = stop.starts_at + timedelta(hours=4)
    win = make_window(demo_store)
    assert win.stop_label.text() == "No stop scheduled"


def test_the_header_date_and_the_slip_follow_the_injected_clock(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    moment = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
    win = make_window(demo_store, clock=lambda: moment)
    assert win.date_label.text() == long_date_text(date(2026, 11, 27))
    page = win.checkout
    page.patron_field.take_scan(demo.demo_patron(demo_store))
    page.item_field.take_scan(helpers.available_items(demo_store, 1)[0])
    assert long_date_text(date(2026, 11, 27)) in page.slip_html()


def test_set_sync_status_replaces_the_offline_text(window: MainWindow, demo_store: Store) -> None:
    window.set_sync_status("Uploaded 3 actions at 14:02")
    window.checkout.patron_field.take_scan(demo.demo_patron(demo_store))
    window.refresh_status()
    assert window.sync_label.text() == "Uploaded 3 actions at 14:02"


def test_the_status_line_counts_actions_as_they_are_written(
    window: MainWindow, demo_store: Store
) -> None:
    window.checkout.patron_field.take_scan(demo.demo_patron(demo_store))
    window.checkout.item_field.take_scan(helpers.available_items(demo_store, 1)[0])
    assert window.sync_label.text() == "Offline, 1 waiting to upload"


def test_a_settings_change_reaches_the_header(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    with qtbot.waitSignal(window.ctx.changes.changed), demo_store.transaction() as session:
        library.put(session, "branch_name", "Bookmobile 3")
    assert window.library_label.text() == "Riverside County Library — Bookmobile 3"


def test_scan_while_a_prompt_is_open_is_refused(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    window.checkout.patron_field.take_scan(demo.demo_patron(demo_store, blocked=True))
    dialog = window.checkout.override_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog)
    window.on_wedge_scan("31120000000017")
    assert window.sounds.played[-1] is Outcome.PROBLEM
    assert "Finish the open prompt first" in window.statusBar().currentMessage()
    assert dialog.reason.text() == ""
    dialog.reject()


def test_start_checkout_serves_the_patron_from_another_mode(
    window: MainWindow, demo_store: Store
) -> None:
    window.show_mode("return")
    card = demo.demo_patron(demo_store)
    window.start_checkout(card)
    assert window.current_mode() == "checkout"
    assert window.checkout.patron is not None
    assert window.checkout.patron.card_number == card
    other = demo.demo_patron(demo_store, blocked=True)
    window.start_checkout(other)  # a different patron: the first is cleared first
    assert window.checkout.patron is not None
    assert window.checkout.patron.card_number == other
    assert window.checkout.override_dialog is not None
    window.checkout.override_dialog.reject()


def test_file_menu_is_there_for_others_and_every_action_has_a_shortcut(
    window: MainWindow,
) -> None:
    assert window.file_menu.title() == "&File"
    for menu in (window.edit_menu, window.mode_menu):
        for action in menu.actions():
            assert not action.shortcut().isEmpty(), action.text()


def test_window_fits_1366x768(window: MainWindow) -> None:
    window.resize(1366, 768)
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768


def test_the_checkout_page_is_the_windows_own(window: MainWindow) -> None:
    assert window.page_of(CheckoutPage) is window.checkout is window.page("checkout")
