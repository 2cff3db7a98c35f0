"""The new card from the keyboard (#16): Enter starts checkout for the new patron, the other
actions have shortcuts shown on their buttons, and a saved PDF/PNG says where it went (or why
it did not save). Keys go to the widget that has the focus."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from popup.domain.signup import SignupForm
from popup.store.db import Store
from popup.ui.main_window import MainWindow
from popup.ui.signup.page import SignupPage
from tests.helpers import desk as helpers
from tests.helpers.desk import MakeWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CTRL = Qt.KeyboardModifier.ControlModifier
KOFI = SignupForm(
    name="Kofi Adeyemi", date_of_birth="1991-07-04", email="kofi@example.org", consent=True
)


def _card_shown(store: Store, make_window: MakeWindow, qtbot: Any) -> tuple[MainWindow, SignupPage]:
    window = make_window(store)
    helpers.show_active(window, qtbot)
    with qtbot.waitSignal(window.modeChanged):
        helpers.press(qtbot, Qt.Key.Key_F7)
    page = window.page_of(SignupPage)
    page.form.fill(KOFI)
    helpers.press(qtbot, Qt.Key.Key_Return, CTRL)
    assert page.stack.currentWidget() is page.card_view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.card_view.checkout_button)
    return window, page


def test_buttons_show_their_shortcuts(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    _, page = _card_shown(demo_store, make_window, qtbot)
    texts = [b.text() for b in page.card_view.findChildren(QPushButton)]
    assert len(texts) == 5 and all("(" in t and ")" in t for t in texts), texts


def test_enter_starts_checkout_for_the_new_patron(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    window, page = _card_shown(demo_store, make_window, qtbot)
    card = page.card_view.card
    assert card is not None
    with qtbot.waitSignal(window.modeChanged):
        helpers.press(qtbot, Qt.Key.Key_Return)
    assert window.current_mode() == "checkout"
    assert window.checkout.patron is not None
    assert window.checkout.patron.card_number == card.card_number


def test_enter_on_a_focused_button_presses_it_not_checkout(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    window, page = _card_shown(demo_store, make_window, qtbot)
    button = page.card_view.another_button  # in the row of buttons that wraps on a narrow screen
    helpers.press(qtbot, Qt.Key.Key_Tab)
    while QApplication.focusWidget() is not button:
        assert page.card_view.isAncestorOf(QApplication.focusWidget())
        helpers.press(qtbot, Qt.Key.Key_Tab)
    helpers.press(qtbot, Qt.Key.Key_Return)
    assert window.current_mode() == "signup"
    assert page.stack.currentWidget() is page.form_page and page.card_view.card is None
    assert window.checkout.patron is None


def test_ctrl_n_goes_to_an_empty_form(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    _, page = _card_shown(demo_store, make_window, qtbot)
    helpers.press(qtbot, Qt.Key.Key_N, CTRL)
    assert page.stack.currentWidget() is page.form_page
    assert page.form.values() == SignupForm()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.form.name)


def _answer_file_dialog(qtbot: Any, path: Path) -> None:
    """When the save dialog opens, choose ``path`` in it and accept it.

    The dialog is looked for among the top-level widgets, not as the active modal widget:
    offscreen, with no window manager, it is not always made active. It is looked for during
    a minute (a loaded CI machine may take seconds to show it, and the dialog's exec() would
    wait for ever for an answer); should it never appear the test fails on its assertions."""
    deadline = time.monotonic() + 60

    def answer() -> None:
        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QFileDialog) and w.isVisible()
        ]
        if not dialogs:
            if time.monotonic() < deadline:
                QTimer.singleShot(20, answer)
            return
        # Chosen and accepted directly: a Return typed into the dialog passes the window's
        # wedge filter first, which holds keys while it decides whether they are a scan.
        dialogs[0].selectFile(str(path))
        dialogs[0].accept()

    QTimer.singleShot(20, answer)


def test_ctrl_s_saves_the_pdf_and_says_where(
    demo_store: Store, make_window: MakeWindow, qtbot: Any, tmp_path: Path
) -> None:
    _, page = _card_shown(demo_store, make_window, qtbot)
    target = tmp_path / "kofi.pdf"
    _answer_file_dialog(qtbot, target)
    helpers.press(qtbot, Qt.Key.Key_S, CTRL)
    assert target.read_bytes().startswith(b"%PDF")
    assert page.card_view.saved.text() == f"Saved to {target}"
    assert page.card_view.saved.isVisible()
    # Leaving the card clears the line too: the file name carries the card number.
    page.card_view.another_button.click()
    assert page.card_view.saved.text() == ""
