"""Sign-up in the real main window of a laptop enrolled with the real sync server process:
the duplicate warning still works once the first sign-up has synced and its personal data is
erased (#16 item 5). Typed as staff type: into the focused field, Tab between fields."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from popup.store.db import Store
from popup.store.models import Patron
from popup.sync_client.engine import SyncReport
from popup.sync_client.enroll import enroll
from popup.ui.main_window import MainWindow
from popup.ui.signup.card_print import spaced_number
from popup.ui.signup.page import SignupPage
from popup.ui.sync.page import SyncPage
from popup.ui.sync.scheduler import SyncScheduler
from tests.helpers import desk as helpers
from tests.helpers.consortium import SyncServer, start_sync_server
from tests.helpers.desk import MakeWindow
from tests.helpers.laptops import file_credentials

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

SYNC_TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def sync_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SyncServer]:
    server, cleanup = start_sync_server("sqlite", tmp_path_factory.mktemp("server"))
    try:
        yield server
    finally:
        cleanup()


@pytest.fixture
def window(store: Store, make_window: MakeWindow, qtbot: Any) -> Iterator[MainWindow]:
    with file_credentials():
        win = make_window(store)
        helpers.show_active(win, qtbot)
        yield win
        scheduler = win.page_of(SyncPage).scheduler
        scheduler.stop()
        assert not scheduler.running and not scheduler.busy


def _pass(qtbot: Any, worker: SyncScheduler, trigger: Any) -> SyncReport:
    with qtbot.waitSignal(worker.synced, timeout=SYNC_TIMEOUT_MS) as blocker:
        trigger()
    report = blocker.args[0]
    assert isinstance(report, SyncReport)
    return report


def type_person(qtbot: Any, page: SignupPage, name: str, born: str, email: str) -> None:
    """Name, date of birth, address, phone, email typed field by field with Tab; the privacy
    tick box ticked with Space; nothing set by code."""
    assert QApplication.focusWidget() is page.form.name
    for text in (name, born, "4 Harbor Road", "555-010-7788", email):
        qtbot.keyClicks(QApplication.focusWidget(), text)
        helpers.press(qtbot, Qt.Key.Key_Tab)
    for _ in range(4):  # language, guardian's name, guardian's card, notes: left empty
        helpers.press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.form.consent
    helpers.press(qtbot, Qt.Key.Key_Space)
    assert page.form.consent.isChecked()


def submit(qtbot: Any) -> None:
    helpers.press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_duplicate_warning_after_the_first_sign_up_synced(
    window: MainWindow, store: Store, sync_server: SyncServer, qtbot: Any
) -> None:
    worker = window.page_of(SyncPage).scheduler
    worker.poll_seconds = 3600  # only the passes asked for below
    worker.auto_seconds = 3600
    enroll(store, store.path.parent, sync_server.url, sync_server.new_code(), "signup laptop")
    assert _pass(qtbot, worker, worker.credentials_changed).ok

    page = window.page_of(SignupPage)
    with qtbot.waitSignal(window.modeChanged):
        helpers.press(qtbot, Qt.Key.Key_F7)
    type_person(qtbot, page, "Daniel Okoye", "1979-02-14", "daniel@example.org")
    submit(qtbot)
    qtbot.waitUntil(lambda: page.card_view.card is not None)
    assert page.stack.currentWidget() is page.card_view

    # Online: the sign-up goes up and its personal data is erased on the laptop.
    report = _pass(qtbot, worker, worker.request_sync)
    assert report.ok, report.error
    with store.read() as session:
        patron = session.scalar(select(Patron).where(Patron.name == "Daniel Okoye"))
        assert patron is not None and patron.personal_erased_at is not None
        assert patron.date_of_birth is None and patron.email is None
        assert patron.match_key is not None and len(patron.match_key) == 1  # 4 bits
        number = patron.card_number
    assert number in sync_server.patron_cards()

    page.card_view.another_button.click()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.form.name)
    type_person(qtbot, page, "daniel okoye", "1979-02-14", "d.okoye@example.org")
    submit(qtbot)
    qtbot.waitUntil(lambda: page.duplicate_dialog is not None and page.duplicate_dialog.isVisible())
    dialog = page.duplicate_dialog
    assert dialog is not None
    assert dialog.list.count() == 1
    assert spaced_number(number) in dialog.list.item(0).text()
    assert "same name and date of birth" in dialog.list.item(0).text()
    with store.read() as session:
        assert len(session.scalars(select(Patron).where(Patron.origin == "local")).all()) == 1
    dialog.back_button.click()  # back to the form; nothing more is signed up
    qtbot.waitUntil(lambda: page.duplicate_dialog is None)
