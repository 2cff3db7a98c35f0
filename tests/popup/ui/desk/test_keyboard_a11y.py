"""Keyboard reach, accessible names, the slip dialog and the outcome sounds."""

from __future__ import annotations

import wave
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QTableView

from popup import paths
from popup.store import demo
from popup.store.db import Store
from popup.ui.feedback import Outcome, Sounds
from popup.ui.main_window import MainWindow
from tests.helpers import desk as helpers

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_desk_controls_have_accessible_names_and_buttons_show_shortcuts(
    window: MainWindow,
) -> None:
    for page in (window.checkout, window.returns, window.in_house):
        for widget in page.findChildren(QPushButton):
            assert widget.accessibleName(), widget.text()
            assert "(" in widget.text() and ")" in widget.text(), widget.text()  # "(F12)"
        for widget in page.findChildren(QLineEdit) + page.findChildren(QTableView):
            assert widget.accessibleName(), type(widget).__name__


def test_every_mode_and_scan_field_is_reachable_by_keys(window: MainWindow, qtbot: Any) -> None:
    for key, mode, field in (
        (Qt.Key.Key_F3, "return", window.returns.field),
        (Qt.Key.Key_F4, "in_house", window.in_house.field),
        (Qt.Key.Key_F2, "checkout", window.checkout.patron_field),
    ):
        helpers.press(qtbot, key)
        assert window.current_mode() == mode
        qtbot.waitUntil(lambda f=field: QApplication.focusWidget() is f)
    window.checkout.lines_view.setFocus()
    helpers.press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.checkout.patron_field)


def test_slip_dialog_shows_due_dates_from_f8(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    page = window.checkout
    helpers.press(qtbot, Qt.Key.Key_F8)
    assert page.slip_dialog is None and "no slip" in page.banner.text()
    page.patron_field.take_scan(demo.demo_patron(demo_store))
    page.item_field.take_scan(helpers.available_items(demo_store, 1)[0])
    helpers.press(qtbot, Qt.Key.Key_F8)
    dialog = page.slip_dialog
    assert dialog is not None
    text = dialog.view.toPlainText()
    assert page.lines.lines[0].cells[0] in text
    assert page.lines.lines[0].cells[2] in text  # the due date
    dialog.close_button.click()
    qtbot.waitUntil(lambda: page.slip_dialog is None)


def test_three_distinct_outcome_sounds_ship_and_tests_stay_silent() -> None:
    folder = paths.resources_dir() / "sounds"
    frames = {}
    for outcome in Outcome:
        with wave.open(str(folder / f"{outcome.value}.wav"), "rb") as wav:
            assert wav.getnchannels() == 1 and wav.getframerate() == 22050
            assert 0.05 < wav.getnframes() / wav.getframerate() < 1.0  # short
            frames[outcome] = wav.readframes(wav.getnframes())
    assert len(set(frames.values())) == 3
    sounds = Sounds()
    assert not sounds.enabled  # offscreen platform: silent
    sounds.play(Outcome.PROBLEM)
    assert sounds.played == [Outcome.PROBLEM]
