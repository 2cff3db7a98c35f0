"""The keyboard-wedge filter: scans go to the active scan field, typing goes where it was typed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget

from popup.ui.scanner import ScanField, WedgeFilter, take_scans

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class FakeClock:
    """Each reading advances by ``step`` seconds: a scanner (8 ms) or a person (150 ms)."""

    def __init__(self, step: float) -> None:
        self.now = 1000.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


class Rig:
    def __init__(self, qtbot: Any, step: float) -> None:
        self.window = QWidget()
        qtbot.addWidget(self.window)
        layout = QVBoxLayout(self.window)
        self.scan = ScanField("Scan")
        self.other = QLineEdit()
        self.button = QPushButton("Press me")
        for w in (self.scan, self.other, self.button):
            layout.addWidget(w)
        self.clock = FakeClock(step)
        self.wedge = WedgeFilter(lambda: self.scan, self.window, clock=self.clock)
        self.scans: list[str] = []
        self.wedge.scanned.connect(self.scans.append)
        self.submitted: list[str] = []
        self.scan.submitted.connect(self.submitted.append)
        self.clicks = 0
        self.button.clicked.connect(self._click)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self.wedge)
        self.window.show()
        self.window.activateWindow()
        qtbot.waitUntil(self.window.isActiveWindow)

    def _click(self) -> None:
        self.clicks += 1

    def focus(self, qtbot: Any, widget: QWidget) -> None:
        widget.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)

    def close(self) -> None:
        app = QApplication.instance()
        assert app is not None
        app.removeEventFilter(self.wedge)


@pytest.fixture
def fast(qtbot: Any) -> Iterator[Rig]:
    rig = Rig(qtbot, step=0.008)
    yield rig
    rig.close()


@pytest.fixture
def slow(qtbot: Any) -> Iterator[Rig]:
    rig = Rig(qtbot, step=0.150)
    yield rig
    rig.close()


def test_burst_ending_in_enter_on_a_button_is_a_scan_and_never_presses_it(
    fast: Rig, qtbot: Any
) -> None:
    fast.button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    fast.focus(qtbot, fast.button)
    with qtbot.waitSignal(fast.wedge.scanned) as got:
        qtbot.keyClicks(fast.button, "31120000000017")
        qtbot.keyClick(fast.button, Qt.Key.Key_Return)
    assert got.args == ["31120000000017"]
    assert fast.clicks == 0


def test_burst_typed_into_another_field_does_not_land_there(fast: Rig, qtbot: Any) -> None:
    fast.focus(qtbot, fast.other)
    qtbot.keyClicks(fast.other, "21120000000027")
    qtbot.keyClick(fast.other, Qt.Key.Key_Return)
    assert fast.scans == ["21120000000027"]
    assert fast.other.text() == ""


def test_burst_into_a_field_that_takes_scans_stays_there(fast: Rig, qtbot: Any) -> None:
    take_scans(fast.other)  # e.g. the enrollment dialog's code field
    fast.focus(qtbot, fast.other)
    qtbot.keyClicks(fast.other, "ABCD-EFGH-JKMN")
    qtbot.keyClick(fast.other, Qt.Key.Key_Return)
    assert fast.scans == []
    assert fast.other.text() == "ABCD-EFGH-JKMN"


def test_scan_into_the_scan_field_itself_is_submitted_normally(fast: Rig, qtbot: Any) -> None:
    fast.focus(qtbot, fast.scan)
    qtbot.keyClicks(fast.scan, "21120000000027")
    qtbot.keyClick(fast.scan, Qt.Key.Key_Return)
    assert fast.submitted == ["21120000000027"]
    assert fast.scans == []


def test_person_typing_slowly_gets_every_key_in_order(slow: Rig, qtbot: Any) -> None:
    slow.focus(qtbot, slow.other)
    qtbot.keyClicks(slow.other, "paid in cash")
    qtbot.waitUntil(lambda: slow.other.text() == "paid in cash")
    qtbot.keyClick(slow.other, Qt.Key.Key_Return)
    assert slow.scans == []


def test_fast_keys_without_enter_are_delivered_when_they_stop(fast: Rig, qtbot: Any) -> None:
    fast.focus(qtbot, fast.other)
    qtbot.keyClicks(fast.other, "abcdef")
    assert fast.other.text() == ""  # held back for a moment...
    qtbot.waitUntil(lambda: fast.other.text() == "abcdef")  # ...then delivered
    assert fast.scans == []


def test_short_burst_with_enter_is_not_a_scan(fast: Rig, qtbot: Any) -> None:
    fast.focus(qtbot, fast.other)
    qtbot.keyClicks(fast.other, "ok")
    qtbot.keyClick(fast.other, Qt.Key.Key_Return)
    assert fast.scans == []
    assert fast.other.text() == "ok"


def test_scan_field_take_scan_emits_stripped_text(qtbot: Any) -> None:
    field = ScanField("Scan")
    qtbot.addWidget(field)
    with qtbot.waitSignal(field.submitted) as got:
        field.take_scan("  POPUP:1:21120000000027 \n")
    assert got.args == ["POPUP:1:21120000000027"]
    with qtbot.assertNotEmitted(field.submitted):
        field.take_scan("   ")


def test_long_qr_payload_burst_is_one_scan(fast: Rig, qtbot: Any) -> None:
    fast.focus(qtbot, fast.other)
    qtbot.keyClicks(fast.other, "POPUP:1:21120000000027")
    qtbot.keyClick(fast.other, Qt.Key.Key_Return)
    assert fast.scans == ["POPUP:1:21120000000027"]


def test_burst_with_ctrl_shortcut_in_the_middle_is_flushed_first(fast: Rig, qtbot: Any) -> None:
    fast.focus(qtbot, fast.other)
    qtbot.keyClicks(fast.other, "abc")
    qtbot.keyClick(fast.other, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    qtbot.keyClicks(fast.other, "z")
    qtbot.waitUntil(lambda: fast.other.text() == "z")
    assert fast.scans == []


def test_ctrl_z_in_a_scan_field_is_the_windows_undo_not_the_fields(qtbot: Any) -> None:
    """A line edit keeps Ctrl+Z for its own typing; a scan field hands it to the window, and a
    submitted scan cannot be brought back into the field (the previous patron's card)."""
    window = QWidget()
    qtbot.addWidget(window)
    field = ScanField("Scan", window)
    undos: list[bool] = []
    undo = QAction("Undo last scan", window)
    undo.setShortcut(QKeySequence("Ctrl+Z"))
    undo.triggered.connect(lambda: undos.append(True))
    window.addAction(undo)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    with qtbot.waitSignal(field.submitted):
        qtbot.keyClicks(field, "21120000000027")
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert not field.isUndoAvailable()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert undos == [True]
    assert field.text() == ""
