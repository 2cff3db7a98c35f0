"""The application context (popup.ui.context): one per app, shared by the window and every page,
and its store-change signal delivered on the GUI thread."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThread

from popup.store import demo
from popup.store.db import Store
from popup.store.models import Patron
from popup.store.notify import StoreChange, Topic, note
from popup.ui.context import SyncSettings
from popup.ui.main_window import MainWindow
from popup.ui.sync.page import SyncPage
from tests.helpers import desk as helpers
from tests.helpers.desk import MakeWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

UI = Path(__file__).resolve().parents[3] / "src" / "popup" / "ui"


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
