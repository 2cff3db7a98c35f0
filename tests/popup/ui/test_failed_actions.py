"""The pages beyond the desk when the store cannot save: a sign-up keeps the form and says why
in the problem colour; "Mark done" in the sync inbox says why and leaves the entry open."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from popup.store.db import Store
from popup.store.models import Patron, SyncException
from popup.store.notify import Topic, note
from popup.ui.feedback import Outcome
from popup.ui.main_window import MainWindow
from popup.ui.signup.page import SignupPage
from popup.ui.sync.page import SyncPage
from tests.helpers import desk as helpers
from tests.popup.ui.signup.test_signup_page import ANA

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def patrons(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count(Patron.id))) or 0)


def test_a_sign_up_under_a_lock_keeps_the_form_and_says_why(
    quick_window: MainWindow, quick_store: Store, qtbot: Any
) -> None:
    helpers.press(qtbot, Qt.Key.Key_F7)
    page = quick_window.page_of(SignupPage)
    page.form.fill(ANA)
    before = (patrons(quick_store), helpers.outbox_count(quick_store))
    with helpers.write_locked(quick_store):
        qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    assert page.banner.isVisible() and page.banner.outcome is Outcome.PROBLEM
    assert page.banner.text() == helpers.LOCKED
    assert quick_window.sounds.played[-1] is Outcome.PROBLEM
    assert page.stack.currentWidget() is page.form_page
    assert page.form.values() == ANA  # nothing to type again
    assert (patrons(quick_store), helpers.outbox_count(quick_store)) == before

    page.submit_button.click()  # the lock is gone
    assert page.stack.currentWidget() is page.card_view
    assert not page.banner.isVisible()
    assert patrons(quick_store) == before[0] + 1


def test_mark_done_under_a_lock_says_why_and_leaves_the_entry_open(
    quick_window: MainWindow, quick_store: Store, qtbot: Any
) -> None:
    with quick_store.transaction() as session:
        session.add(
            SyncException(
                code="ITEM_NOT_FOUND", message="no such item", received_at=datetime.now(UTC)
            )
        )
        note(session, Topic.INBOX)  # as the sync client says it
    helpers.press(qtbot, Qt.Key.Key_F11)
    inbox = quick_window.page_of(SyncPage).inbox
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 1)
    inbox.table.selectRow(0)
    with helpers.write_locked(quick_store):
        qtbot.mouseClick(inbox.done_button, Qt.MouseButton.LeftButton)
    assert inbox.banner.isVisible() and inbox.banner.text() == helpers.LOCKED
    assert inbox.banner.outcome is Outcome.PROBLEM
    assert quick_window.sounds.played[-1] is Outcome.PROBLEM
    with quick_store.read() as session:
        assert session.scalar(select(SyncException.resolved_at)) is None
    assert inbox.model.rowCount() == 1

    qtbot.mouseClick(inbox.done_button, Qt.MouseButton.LeftButton)
    assert not inbox.banner.isVisible()
    with quick_store.read() as session:
        assert session.scalar(select(SyncException.resolved_at)) is not None
