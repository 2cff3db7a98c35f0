"""The desk's prompts: what every question staff must answer shares, and the plain question.

A prompt is window-modal and opened with ``open()``, never ``exec()``, so the event loop (and
tests) keep running. While one is open a scan cannot be used (the answer decides what it would
mean); the window discards it and calls :meth:`DeskPrompt.scan_not_used`, which says so inside
the prompt, where staff are looking, in readable text. A prompt is a
:class:`~popup.ui.scanner.ScanProofDialog`: a scan's Enter never presses its buttons, however
slowly the scanner types.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from popup.ui.feedback import COLOURS, Outcome
from popup.ui.scanner import ScanProofDialog


def prompt_button(text: str, accessible: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(accessible)
    button.setMinimumHeight(48)
    button.setStyleSheet("font-size: 15pt; padding: 4px 18px;")
    return button


class DeskPrompt(ScanProofDialog):
    """Base of the desk's prompts: a heading, a body the subclass fills, and a line that says
    when a scan arrived while the question was open (hidden until one does).

    Attributes:
        scan_note: the "a scan arrived ..." line.
        scans_not_used: how many scans arrived while this prompt was open.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(620)
        self.setAccessibleName(title)
        self.scans_not_used = 0
        self.body = QVBoxLayout(self)
        self.body.setSpacing(12)
        heading = QLabel(title, self)
        font = QFont(heading.font())
        font.setPointSize(20)
        font.setBold(True)
        heading.setFont(font)
        heading.setWordWrap(True)
        self.body.addWidget(heading)
        self.scan_note = QLabel(self)
        self.scan_note.setWordWrap(True)
        background, foreground = COLOURS[Outcome.ATTENTION]
        self.scan_note.setStyleSheet(
            f"background: {background}; color: {foreground}; font-size: 15pt;"
            " padding: 6px 10px; border-radius: 4px;"
        )
        self.scan_note.hide()

    def add_scan_note(self) -> None:
        """Place the scan note (subclasses call it where it belongs: above the buttons)."""
        self.body.addWidget(self.scan_note)

    def scan_not_used(self) -> None:
        """A scan arrived while this question was open and was discarded: say so here."""
        self.scans_not_used += 1
        text = self.tr(
            "A scan arrived while this question was open and was not used: answer first, then"
            " scan again."
        )
        self.scan_note.setText("⚠ " + text)
        self.scan_note.setAccessibleName(text)
        if not self.scan_note.isVisible():
            self.scan_note.show()
            self.fit()

    def fit(self) -> None:
        """Qt opens a window at most 2/3 of the screen tall and does not grow it for wrapped
        labels: size it for them, in the fonts the style sheets give at polish, or the last line
        is cut. Never taller than the screen."""
        self.ensurePolished()
        width = max(self.minimumWidth(), self.width(), self.sizeHint().width())
        screen = self.screen().availableGeometry().height()
        self.resize(width, min(max(self.heightForWidth(width), self.sizeHint().height()), screen))


class ConfirmDialog(DeskPrompt):
    """A question with one answer that goes ahead (the default: Enter) and Cancel (Esc).

    ``accepted`` and ``rejected`` are QDialog's: the answer, Cancel, Esc or closing the prompt.

    Attributes:
        question: the question's label; yes_button, cancel_button.
    """

    def __init__(
        self, title: str, question: str, yes: tuple[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(title, parent)
        self.question = QLabel(question, self)
        self.question.setWordWrap(True)
        self.question.setStyleSheet("font-size: 16pt;")
        self.body.addWidget(self.question)
        self.add_scan_note()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = prompt_button(self.tr("Cancel (Esc)"), self.tr("Cancel"), self)
        self.yes_button = prompt_button(yes[0], yes[1], self)
        self.yes_button.setDefault(True)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.yes_button)
        self.body.addLayout(buttons)
        self.cancel_button.clicked.connect(self.reject)
        self.yes_button.clicked.connect(self.accept)
        self.yes_button.setFocus()
        self.fit()
