"""The main window: header, status, the page registry, the context and the store-change signal."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QThread
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from helpers import desk as helpers
from helpers.desk import MakeContext, MakeWindow
from popup.store import demo, library
from popup.store.db import Store
from popup.store.models import Patron, Stop
from popup.store.notify import StoreChange, Topic, note
from popup.ui.context import AppContext, SyncSettings
from popup.ui.desk.checkout import CheckoutPage
from popup.ui.feedback import Outcome
from popup.ui.main_window import MainWindow
from popup.ui.page import Page
from popup.ui.pages import PAGES
from popup.ui.scanner import ScanField
from popup.ui.sync.page import SyncPage
from popup.ui.text import long_date_text

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

UI = Path(__file__).resolve().parents[3] / "src" / "popup" / "ui"


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


# -- the page registry -----------------------------------------------------------------------


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


# -- the application context -----------------------------------------------------------------


def test_window_and_pages_share_one_context_and_nothing_is_probed(
    demo_store: Store, make_window: MakeWindow
) -> None:
    window = make_window(demo_store)
    ctx = window.ctx
    assert (window.store, window.desk, window.sounds) == (ctx.store, ctx.desk, ctx.sounds)
    for key in window.modes():
        assert window.page(key).ctx is ctx
    # Nothing is hung on the window at run time, looked up in module globals or probed for.
    for name in ("sync_worker", "sync_page", "signup", "events_page", "stop_report_page"):
        assert name not in vars(window)
    sources = {path: path.read_text(encoding="utf-8") for path in UI.rglob("*.py")}
    probing = [p.name for p, text in sources.items() if "getattr(" in text]
    assert probing == ["selftest.py"]  # sys.frozen, sys._MEIPASS: not pages or widgets
    assert not any("SERVER_OVERRIDE" in text for text in sources.values())


def test_two_windows_with_different_sync_settings_keep_their_own(
    demo_store: Store, make_window: MakeWindow
) -> None:
    windows = [
        make_window(demo_store, sync=SyncSettings(server_override=url, start=False))
        for url in ("http://a.example", "http://b.example")
    ]
    overrides = [w.page_of(SyncPage).scheduler.server_override for w in windows]
    assert overrides == ["http://a.example", "http://b.example"]
    assert [w.page_of(SyncPage).scheduler.running for w in windows] == [False, False]


# -- the store-change signal -----------------------------------------------------------------


def _block_from_another_thread(store: Store, card: str) -> None:
    """What a sync download does: patron rows changed on a worker thread, with its note."""

    def download() -> None:
        with store.transaction() as session:
            patron = session.query(Patron).filter(Patron.card_number == card).one()
            patron.manual_block = True
            patron.block_reason = "Lost card reported at the main library"
            note(session, Topic.PATRONS)

    worker = threading.Thread(target=download)
    worker.start()
    worker.join()


def test_a_download_refreshes_the_patron_at_the_desk(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    card = demo.demo_patron(demo_store)
    page = window.checkout
    page.patron_field.take_scan(card)
    assert page.patron is not None and not page.patron.blocks
    delivered: list[bool] = []
    window.ctx.changes.changed.connect(
        lambda _change: delivered.append(QThread.currentThread() is window.thread())
    )
    with qtbot.waitSignal(window.ctx.changes.changed) as arrived:
        _block_from_another_thread(demo_store, card)
    change = arrived.args[0]
    assert isinstance(change, StoreChange) and change.topics == {Topic.PATRONS}
    assert delivered == [True]  # on the GUI thread, though written on another
    qtbot.waitUntil(lambda: page.patron is not None and bool(page.patron.blocks))
    texts = [label.text() for label in page.panel.block_labels]
    assert any("Lost card reported" in text for text in texts), texts


def test_a_patron_changed_while_checkout_is_hidden_is_read_again_when_shown(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    card = demo.demo_patron(demo_store)
    window.checkout.patron_field.take_scan(card)
    window.show_mode("return")
    with qtbot.waitSignal(window.ctx.changes.changed):
        _block_from_another_thread(demo_store, card)
    assert window.checkout.patron is not None and not window.checkout.patron.blocks
    window.show_mode("checkout")
    assert window.checkout.patron is not None and window.checkout.patron.blocks


def test_undo_marks_the_line_once(window: MainWindow, demo_store: Store, qtbot: Any) -> None:
    page = window.checkout
    page.patron_field.take_scan(demo.demo_patron(demo_store))
    page.item_field.take_scan(helpers.available_items(demo_store, 1)[0])
    marks: list[int] = []
    page.lines.dataChanged.connect(lambda top, _bottom, _roles: marks.append(top.row()))
    changes: list[StoreChange] = []
    window.ctx.changes.changed.connect(changes.append)
    with qtbot.waitSignal(page.undone):
        helpers.press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.lines.lines[0].undone
    assert marks == [0]  # once, from the store's change, not by the page and the window
    assert changes[-1].undone == (page.lines.lines[0].seq,)


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
