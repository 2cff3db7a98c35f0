"""The main window's header, status and the API other screens plug into."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from popup.store import demo
from popup.store.db import Store
from popup.store.models import Stop
from popup.ui.feedback import Outcome
from popup.ui.main_window import MainWindow, todays_stop
from popup.ui.scanner import ScanField

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_header_shows_library_stop_and_date(window: MainWindow) -> None:
    assert window.library_label.text() == "Riverside County Library — Bookmobile 2"
    assert window.stop_label.text().startswith("Today: Farmers' Market")
    assert str(datetime.now().year) in window.date_label.text()
    assert window.sync_label.text() == "Offline, nothing waiting to upload"


def test_no_stop_today_says_so(demo_store: Store, qtbot: Any) -> None:
    with demo_store.transaction() as session:
        stop = session.get(Stop, "00000000-0000-4000-8000-000000000001")
        assert stop is not None
        stop.starts_at = datetime.now(UTC) + timedelta(days=3)
        stop.ends_at = stop.starts_at + timedelta(hours=4)
    win = MainWindow(demo_store)
    qtbot.addWidget(win)
    assert todays_stop(win.desk) is None
    assert win.stop_label.text() == "No stop scheduled"


def test_set_sync_status_replaces_the_offline_text(window: MainWindow, demo_store: Store) -> None:
    window.set_sync_status("Uploaded 3 actions at 14:02")
    window.checkout.patron_field.take_scan(demo.demo_patron(demo_store))
    window.refresh_status()
    assert window.sync_label.text() == "Uploaded 3 actions at 14:02"


class _Attendance(QWidget):
    """A page like the events engineer's: one scan field and a handle_scan method."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.field = ScanField("Attendee card")
        layout.addWidget(QLabel("Event check-in"))
        layout.addWidget(self.field)
        self.got: list[str] = []
        self.field.submitted.connect(self.got.append)

    def active_scan_field(self) -> ScanField:
        return self.field

    def handle_scan(self, text: str) -> None:
        self.field.take_scan(text)

    def activate(self) -> None:
        self.field.setFocus()


def test_add_mode_gives_a_visible_shortcut_and_routes_scans(window: MainWindow, qtbot: Any) -> None:
    page = _Attendance()
    window.add_mode("visits", "Visits", page, "Shift+F5")
    assert "visits" in window.modes()
    with pytest.raises(ValueError, match="already registered"):
        window.add_mode("visits", "Visits", QWidget(), "Shift+F5")
    button = window._modes["visits"].button
    assert button.text() == "Visits\nShift+F5"
    with qtbot.waitSignal(window.modeChanged) as changed:
        qtbot.keyClick(window, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    assert changed.args == ["visits"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)
    other = window.checkout.lines_view  # a scan while some other widget has focus
    window.show_mode("visits")
    qtbot.keyClicks(page.field, "21120000000027")
    qtbot.keyClick(page.field, Qt.Key.Key_Return)
    assert page.got == ["21120000000027"]
    assert other.model().rowCount() == 0
    with pytest.raises(KeyError):
        window.show_mode("nope")


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
