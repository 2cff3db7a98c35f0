"""Keyboard-wedge scanner input: scans go to the active scan field and nowhere else.

A USB barcode scanner is a keyboard that types about one key every 7-8 ms and ends with Enter.
:class:`WedgeFilter` is installed on the QApplication. When the keyboard focus is in the active
:class:`ScanField`, keys go there as usual. Anywhere else (a button, a table, a reason box),
printable keys are held back for a moment: if they keep arriving fast and end in Enter within
about 100 ms of the first (10 ms a character for longer strings), the whole string is a scan
and is handed to the window's scan handler (the focused widget never sees it, and the Enter
never presses a button). A field marked with :func:`take_scans` (the enrollment code) keeps
what is typed or scanned into it. If they stop
or come slowly, a person is typing, and the held keys are delivered to the widget they were
meant for, in order.

A question no scan may answer (:class:`ScanProofDialog`, the desk's prompts) is stricter: a
slower scanner (keys 50-200 ms apart) would otherwise type its digits into the focused button
and its Enter would press it. There, an Enter that comes within :data:`PROMPT_RUN_GAP_MS` of a
printable key is never an answer: the run before it is handed on as a scan (the prompt says one
arrived) or, when too short to be one, dropped. Text typed into the prompt's own field (a
reason) is not held back: what it may hold is the prompt's to check.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

#: A whole scan arrives within this many ms from the first key to the Enter...
SCAN_WINDOW_MS = 100
#: ...or, for longer strings (a QR payload), within this many ms per character.
SCAN_MS_PER_CHAR = 10
#: Keys further apart than this are typing, not a scanner.
MAX_GAP_MS = 45
#: Shorter strings are not treated as scans (an Enter after two quick keys is a person).
MIN_SCAN_LENGTH = 4
#: In a question no scan may answer, an Enter this soon after a printable key ends a scan,
#: however slowly its keys came: a person answers with Enter alone, not after typing at a button.
PROMPT_RUN_GAP_MS = 500


#: A scan field's text size, and the smallest it goes to so that its hint is never cut.
FIELD_POINT_SIZE, SMALLEST_HINT_POINT_SIZE = 18, 12
#: What the frame and the clear button take from a field's width.
FIELD_CHROME = 40


class ScanField(QLineEdit):
    """A large single-line field that takes scans; Enter submits.

    Signals:
        submitted(str): the stripped text when Enter is pressed (or a scan is routed here);
            the field is cleared first.
    """

    submitted = Signal(str)

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setClearButtonEnabled(True)
        font = QFont(self.font())
        # Big enough to read a scanned number at arm's length; small enough that the hint
        # ("Scan items one after another", in Spanish too) fits a 1024-pixel screen.
        font.setPointSize(FIELD_POINT_SIZE)
        self.setFont(font)
        self.setMinimumHeight(44)
        self.returnPressed.connect(self.on_return_pressed)

    def setPlaceholderText(self, text: str) -> None:
        super().setPlaceholderText(text)
        self._fit_hint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_hint()

    def _fit_hint(self) -> None:
        """A smaller font where the hint ("Scan items one after another", longer in Spanish)
        would be cut on a narrow screen; the full size wherever it fits."""
        room = self.width() - FIELD_CHROME
        font = QFont(self.font())
        size = FIELD_POINT_SIZE
        while size > SMALLEST_HINT_POINT_SIZE:
            font.setPointSize(size)
            if QFontMetrics(font).horizontalAdvance(self.placeholderText()) <= room:
                break
            size -= 1
        font.setPointSize(size)
        if size != self.font().pointSize():
            self.setFont(font)

    def on_return_pressed(self) -> None:
        text = self.text().strip()
        self.empty()
        if text:
            self.submitted.emit(text)

    def take_scan(self, text: str) -> None:
        """A scan routed here by the wedge filter (or a camera read)."""
        self.empty()
        if text.strip():
            self.submitted.emit(text.strip())

    def event(self, event: QEvent) -> bool:
        # A line edit claims Ctrl+Z (and redo) for its own typing; in a scan field that key
        # means the window's "Undo last scan", so the field lets the shortcut through.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
            )
        ):
            event.ignore()
            return True
        return super().event(event)

    def empty(self) -> None:
        """Clear the field and its undo history: a submitted scan is not the field's to undo,
        so Ctrl+Z pressed here reaches the window's "Undo last scan" (``clear()`` would keep
        the scan undoable and the field would take the key)."""
        self.setText("")


class ScanProofDialog(QDialog):
    """A modal question that only a person may answer: the wedge filter never lets a scan's
    Enter (fast or slow) press its buttons; a scan it catches reaches the window's handler."""


#: The property that marks a text field a scan is meant for, outside the desk's scan fields
#: (the enrollment dialog's code field: the console shows the code as a QR code).
TAKES_SCANS = "popupTakesScans"


def take_scans(field: QLineEdit) -> None:
    """Let scans typed into ``field`` stay there: the wedge filter leaves its keys alone."""
    field.setProperty(TAKES_SCANS, True)


def _takes_scans(widget: QWidget | None) -> bool:
    return isinstance(widget, QLineEdit) and widget.property(TAKES_SCANS) is True


def _takes_text(widget: QWidget | None) -> bool:
    return isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox)


class WedgeFilter(QObject):
    """App-wide event filter that recognises keyboard-wedge scans.

    Signals:
        scanned(str): a complete scan typed while focus was outside the active scan field.

    Attributes:
        active_field: returns the scan field that currently owns scans (or None: no routing).
    """

    scanned = Signal(str)

    def __init__(
        self,
        active_field: Callable[[], QLineEdit | None],
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.active_field = active_field
        self._clock = clock
        self._held: list[tuple[QWidget, int, Qt.KeyboardModifier, str]] = []
        self._first_at = 0.0
        self._last_at = 0.0
        self._replaying = False
        #: The printable keys typed outside the active field since the last other key, and
        #: when the last came (for the scan-proof prompts).
        self._run: list[str] = []
        self._run_at = 0.0
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.timeout.connect(self.flush)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._replaying or event.type() != QEvent.Type.KeyPress:
            return False
        if not isinstance(watched, QWidget) or not isinstance(event, QKeyEvent):
            return False
        field = self.active_field()
        if field is None or not field.isVisible():
            if self._held:
                self.flush()
            return False
        focus = QApplication.focusWidget()
        # A key event is delivered to the focus widget and then propagates to its parents;
        # only look at it once, at the widget it was first sent to.
        if focus is not None and watched is not focus:
            return False
        if focus is field or _takes_scans(focus):
            self._run.clear()
            if self._held:
                self.flush()
            return False
        now = self._clock()
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            run, self._run = "".join(self._run), []
            if self._held and self._looks_like_scan(now):
                text = "".join(t for _, _, _, t in self._held)
                self._held.clear()
                self._flush_timer.stop()
                self.scanned.emit(text)
                return True
            if run and (now - self._run_at) * 1000 <= PROMPT_RUN_GAP_MS and self._scan_proof(focus):
                # A slow scan's Enter: it must not press the prompt's button. Its keys were no
                # answer either (a button ignores digits): drop what is still held.
                self._held.clear()
                self._flush_timer.stop()
                if len(run) >= MIN_SCAN_LENGTH:
                    self.scanned.emit(run)
                return True
            if self._held:
                self.flush()
            return False
        text = event.text()
        mods = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        if len(text) != 1 or not text.isprintable() or mods != Qt.KeyboardModifier.NoModifier:
            self._run.clear()
            if self._held:
                self.flush()
            return False
        if self._run and (now - self._run_at) * 1000 > PROMPT_RUN_GAP_MS:
            self._run.clear()
        self._run.append(text)
        self._run_at = now
        if self._held and (now - self._last_at) * 1000 > MAX_GAP_MS:
            self.flush()
        if not self._held:
            self._first_at = now
        self._last_at = now
        self._held.append((watched, key, event.modifiers(), text))
        self._flush_timer.start(MAX_GAP_MS)
        return True

    @staticmethod
    def _scan_proof(focus: QWidget | None) -> bool:
        """Whether an Enter into ``focus`` would answer a question no scan may answer (its
        text field excepted: Enter there submits what was typed, which the prompt checks)."""
        return isinstance(QApplication.activeModalWidget(), ScanProofDialog) and not _takes_text(
            focus
        )

    def _looks_like_scan(self, now: float) -> bool:
        window = max(SCAN_WINDOW_MS, SCAN_MS_PER_CHAR * (len(self._held) + 1))
        within = (now - self._first_at) * 1000 <= window
        quick = (now - self._last_at) * 1000 <= MAX_GAP_MS
        return within and quick and len(self._held) >= MIN_SCAN_LENGTH

    def flush(self) -> None:
        """Deliver held keys to the widgets they were typed into (a person was typing)."""
        self._flush_timer.stop()
        held, self._held = self._held, []
        self._replaying = True
        try:
            for widget, key, mods, text in held:
                if widget is None:
                    continue
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(widget, QKeyEvent(kind, key, mods, text))
        finally:
            self._replaying = False
