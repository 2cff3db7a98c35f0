"""Sync screens: the status line and the enrollment dialog (the exceptions inbox is
:mod:`popup.ui.sync.inbox`; the page that holds them is :mod:`popup.ui.sync.page`). They read the
store; enrollment runs on the sync lane.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from popup.sync_client.engine import SyncReport
from popup.sync_client.enroll import default_device_name, enroll
from popup.sync_client.status import SyncStatus
from popup.ui.actions import UNEXPECTED, describe, log_failure
from popup.ui.context import AppContext, Clock
from popup.ui.scanner import take_scans
from popup.ui.tasks import Lane
from popup.ui.text import (
    sync_status_text,
)

log = logging.getLogger(__name__)


class EnrollDialog(QDialog):
    """Server address + one-time code. Accepted once the credentials are saved.

    Signals:
        enrolled(): the laptop is enrolled (credentials saved).
    """

    enrolled = Signal()

    def __init__(self, ctx: AppContext, url: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Connect to the sync server"))
        form = QFormLayout(self)
        intro = QLabel(
            self.tr(
                "Type the sync server's address and the one-time code the administrator gave"
                " you. The data on this laptop is kept."
            )
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.url = QLineEdit(url)
        self.url.setPlaceholderText("https://sync.example.org")
        self.code = QLineEdit()
        # The console shows the code as a QR code too: a hand scanner's burst lands here, even
        # with the desk (whose scan field takes scans) behind the dialog.
        take_scans(self.code)
        self.name = QLineEdit(default_device_name())
        form.addRow(self.tr("Server address"), self.url)
        form.addRow(self.tr("Enrollment code"), self.code)
        form.addRow(self.tr("Name of this laptop"), self.name)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("enrollMessage")
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Enroll"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        #: An enrollment is under way on the sync lane.
        self.busy = False

    def start(self) -> None:
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url:
            self.message.setText(self.tr("Type the server address, e.g. https://sync.example.org"))
            return
        if not code:
            self.message.setText(self.tr("Type the enrollment code from the administrator."))
            return
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("Contacting {0}…").format(url))
        self.busy = True
        store, home, name = self.ctx.store, self.ctx.home, self.name.text().strip()

        def failed(exc: BaseException) -> None:
            failure = describe(exc) if isinstance(exc, Exception) else None
            if failure is None or failure.kind == UNEXPECTED:
                log.error("enrollment failed: %s", type(exc).__name__)
                self._finished(
                    self.tr("Enrollment failed unexpectedly ({0}).").format(type(exc).__name__)
                )
                return
            log_failure("enroll", failure, exc)  # refused by the server, or the store's trouble
            self._finished(failure.text)

        self.ctx.tasks.run_in_background(
            lambda: enroll(store, home, url, code, name),
            on_done=lambda _credentials: self._finished(""),
            on_error=failed,
            lane=Lane.SYNC,  # never at the same time as a sync pass
        )

    def _finished(self, error: str) -> None:
        self.busy = False
        self.buttons.setEnabled(True)
        if error:
            self.message.setText(error)
            return
        self.message.setText(self.tr("Enrolled."))
        self.enrolled.emit()
        self.accept()


class SyncStatusWidget(QWidget):
    """Status line, progress bar and "Sync now", with the answer to "Sync now" under them.

    Signals:
        sync_requested(): "Sync now" was pressed.
    """

    sync_requested = Signal()

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        column.addLayout(row)
        #: What became of the last "Sync now" (hidden until it is pressed).
        self.note = QLabel()
        self.note.setObjectName("syncNowNote")
        self.note.setWordWrap(True)
        self.note.hide()
        column.addWidget(self.note)
        self.label = QLabel(self.tr("Checking the sync server…"))
        self.label.setObjectName("syncStatus")
        self.label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setMinimumWidth(200)  # "Uploading 12 of 40" readable beside a long status
        self.progress.setMaximumWidth(240)
        self.progress.setVisible(False)
        self.button = QPushButton(self.tr("Sync now"))
        self.button.clicked.connect(self.sync_requested)
        row.addWidget(self.label, 1)
        row.addWidget(self.progress)
        row.addWidget(self.button)
        self.text = ""

    def show_note(self, text: str) -> None:
        """Say what became of "Sync now" (kept until the next answer)."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def show_status(self, status: SyncStatus) -> None:
        self.text = sync_status_text(status, self._clock())
        self.label.setText(self.text)

    def show_progress(self, phase: str, done: int, total: int) -> None:
        self.progress.setVisible(True)
        if phase == "upload":
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(min(done, max(total, 1)))
            self.progress.setFormat(self.tr("Uploading %v of %m"))
        else:
            self.progress.setRange(0, 0)  # unknown length: busy indicator
            self.progress.setFormat(self.tr("Downloading"))
            self.label.setText(self.tr("Downloading… {0} changes so far").format(done))

    def show_started(self) -> None:
        self.button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)

    def show_report(self, report: SyncReport) -> None:
        self.button.setEnabled(True)
        self.progress.setVisible(False)
