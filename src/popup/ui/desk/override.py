"""The Override / Cancel prompt: what the rules object to, and a required reason to go ahead."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from popup.domain.concerns import Concern
from popup.ui.feedback import COLOURS, Outcome
from popup.ui.text import concern_text


class OverrideDialog(QDialog):
    """Asks staff to override ``concerns`` with a reason, or cancel.

    Opened window-modal with :meth:`open`, never ``exec()``, so the event loop (and tests) keep
    running. The reason is recorded in the action's outbox payload.

    Signals:
        overridden(str): Override was chosen, with the (non-empty, stripped) reason.
        cancelled(): Cancel, Esc or closing the prompt.
    """

    overridden = Signal(str)
    cancelled = Signal()

    def __init__(
        self, title: str, subject: str, concerns: list[Concern], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(620)
        self.setAccessibleName(title)
        self._done = False
        layout = QVBoxLayout(self)
        layout.setSpacing(12)

        heading = QLabel(title, self)
        font = QFont(heading.font())
        font.setPointSize(20)
        font.setBold(True)
        heading.setFont(font)
        heading.setWordWrap(True)
        layout.addWidget(heading)

        if subject:
            what = QLabel(subject, self)
            what.setWordWrap(True)
            what.setStyleSheet("font-size: 16pt;")
            layout.addWidget(what)

        self.concern_labels: list[QLabel] = []
        background, foreground = COLOURS[Outcome.PROBLEM]
        for concern in concerns:
            label = QLabel("⚠ " + concern_text(concern), self)
            label.setWordWrap(True)
            label.setStyleSheet(
                f"background: {background}; color: {foreground}; font-size: 15pt;"
                " padding: 6px 10px; border-radius: 4px;"
            )
            label.setAccessibleName(concern_text(concern))
            layout.addWidget(label)
            self.concern_labels.append(label)

        reason_label = QLabel(self.tr("&Reason for the override (required):"), self)
        reason_label.setStyleSheet("font-size: 14pt;")
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(self.tr("Override reason"))
        self.reason.setPlaceholderText(self.tr("e.g. patron paid the fine in cash today"))
        self.reason.setMinimumHeight(44)
        self.reason.setStyleSheet("font-size: 15pt;")
        reason_label.setBuddy(self.reason)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Cancel (Esc)"), self)
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.override_button = QPushButton(self.tr("&Override (Ctrl+Enter)"), self)
        self.override_button.setAccessibleName(self.tr("Override"))
        self.override_button.setEnabled(False)
        self.override_button.setShortcut(QKeySequence("Ctrl+Return"))
        for button in (self.cancel_button, self.override_button):
            button.setMinimumHeight(48)
            button.setStyleSheet("font-size: 15pt; padding: 4px 18px;")
            buttons.addWidget(button)
        layout.addLayout(buttons)

        self.reason.textChanged.connect(self.on_reason_changed)
        self.reason.returnPressed.connect(self.on_override)
        self.override_button.clicked.connect(self.on_override)
        self.cancel_button.clicked.connect(self.reject)
        self.rejected.connect(self.on_rejected)
        self.reason.setFocus()
        # Qt opens a window at most 2/3 of the screen tall (512 px on a 768 px laptop) and does
        # not grow it for wrapped labels: size it for them, in the fonts the style sheets give
        # at polish, or the last line of a long concern is cut. Never taller than the screen.
        self.ensurePolished()
        width = max(self.minimumWidth(), self.sizeHint().width())
        screen = self.screen().availableGeometry().height()
        self.resize(width, min(self.heightForWidth(width), screen))

    def on_reason_changed(self, text: str) -> None:
        self.override_button.setEnabled(bool(text.strip()))

    def on_override(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.reason.setFocus()
            return
        self._done = True
        self.accept()
        self.overridden.emit(reason)

    def on_rejected(self) -> None:
        if not self._done:
            self._done = True
            self.cancelled.emit()
