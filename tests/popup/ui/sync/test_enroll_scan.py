"""An enrollment code scanned from the console's QR code with a hand scanner (a keyboard that
types fast and ends with Enter) lands in the enrollment dialog's code field and enrolls the
laptop, whatever page is behind the dialog: the scanner filter never takes it for a desk scan."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from popup.store.db import Store
from popup.sync_client.credentials import CredentialStore
from popup.ui.main_window import MainWindow
from popup.ui.sync.page import SyncPage
from tests.helpers.consortium import SyncServer
from tests.helpers.desk import MakeWindow

SYNC_TIMEOUT_MS = 60_000


@pytest.fixture
def window(store: Store, make_window: MakeWindow) -> Iterator[MainWindow]:
    win = make_window(store)
    win.show()
    yield win
    scheduler = win.page_of(SyncPage).scheduler
    scheduler.stop()
    assert not scheduler.running and not scheduler.busy


@pytest.mark.parametrize("behind", ["sync", "checkout"])
def test_a_scanned_code_lands_in_the_code_field_and_enrolls(
    window: MainWindow, sync_server: SyncServer, qtbot: Any, behind: str
) -> None:
    window.show_mode(behind)  # "checkout": the desk's scan field is the active one
    page = window.page_of(SyncPage)
    dialog = page.open_enroll(sync_server.url)
    dialog.code.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.code)
    code = sync_server.new_code()
    qtbot.keyClicks(dialog.code, code)  # the scanner's burst, then its Enter
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=SYNC_TIMEOUT_MS)
    assert dialog.code.text() == code
    creds = CredentialStore(window.ctx.home).load()
    assert creds is not None and creds.server_url == sync_server.url
