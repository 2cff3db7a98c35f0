"""Pages (popup.ui.page) and their registration (popup.ui.pages): what the window builds from
them, and a page added the way another engineer would add one."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from popup.store.db import Store
from popup.store.notify import StoreChange, Topic, note
from popup.ui.context import AppContext
from popup.ui.main_window import MainWindow
from popup.ui.page import Page
from popup.ui.pages import PAGES
from popup.ui.scanner import ScanField
from tests.helpers import desk as helpers
from tests.helpers.desk import MakeContext, MakeWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_every_registered_page_is_reached_by_its_shortcut_from_the_focused_widget(
    window: MainWindow, qtbot: Any
) -> None:
    assert window.modes() == [page.key for page in PAGES]
    for page_class in [*PAGES[1:], PAGES[0]]:
        page = window.page_of(page_class)
        button = window._modes[page.key].button
        assert button.text() == f"{page_class.title()}\n{page_class.shortcut}"
        with qtbot.waitSignal(window.modeChanged) as changed:
            helpers.press(qtbot, *_keys(page_class.shortcut))
        assert changed.args == [page.key]
        assert window.current_page() is page and button.isChecked()
        # Every page leaves the keyboard somewhere, so the next shortcut is typed into it.
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)


def _keys(shortcut: str) -> tuple[Qt.Key, Qt.KeyboardModifier]:
    """("Ctrl+F10") -> (Key_F10, ControlModifier)."""
    *mods, key = shortcut.split("+")
    modifier = Qt.KeyboardModifier.NoModifier
    for mod in mods:
        modifier |= {"Ctrl": Qt.KeyboardModifier.ControlModifier}[mod]
    return getattr(Qt.Key, f"Key_{key}"), modifier


class VisitsPage(Page):
    """A page as another engineer would write one: one scan field and its own shortcut."""

    key = "visits"
    shortcut = "Shift+F5"

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("visits", "Visits")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.field = ScanField("Attendee card")
        layout.addWidget(QLabel("Event check-in"))
        layout.addWidget(self.field)
        self.got: list[str] = []
        self.field.submitted.connect(self.got.append)
        self.changes: list[StoreChange] = []

    def active_scan_field(self) -> ScanField:
        return self.field

    def handle_scan(self, text: str) -> None:
        self.field.take_scan(text)

    def activate(self) -> None:
        self.field.setFocus()

    def on_store_changed(self, change: StoreChange) -> None:
        self.changes.append(change)


def test_a_registered_page_gets_its_button_menu_entry_shortcut_and_scans(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    window = make_window(demo_store, pages=(*PAGES, VisitsPage))
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page = window.page_of(VisitsPage)
    assert window._modes["visits"].button.text() == "Visits\nShift+F5"
    assert "Visits" in [a.text() for a in window.mode_menu.actions()]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    with qtbot.waitSignal(window.modeChanged) as changed:
        helpers.press(qtbot, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    assert changed.args == ["visits"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)
    qtbot.keyClicks(page.field, "21120000000027")
    qtbot.keyClick(page.field, Qt.Key.Key_Return)
    assert page.got == ["21120000000027"]
    assert window.checkout.lines.rowCount() == 0
    window.on_wedge_scan("21120000000035")  # a scan made while focus was elsewhere
    assert page.got[-1] == "21120000000035"
    # It hears of store writes like every page.
    with demo_store.transaction() as session:
        note(session, Topic.STOPS)
    assert page.changes[-1].topics == {Topic.STOPS}
    with pytest.raises(KeyError):
        window.show_mode("nope")


def test_a_page_with_a_taken_key_or_shortcut_is_refused(
    demo_store: Store, make_context: MakeContext, qtbot: Any
) -> None:
    class Again(VisitsPage):
        key = "checkout"

    class SameKeys(VisitsPage):
        shortcut = "F2"

    for page_class, words in ((Again, "already registered"), (SameKeys, "shortcut F2")):
        with pytest.raises(ValueError, match=words):
            MainWindow(make_context(demo_store), (*PAGES, page_class))
