"""Sync screens: the status line and the enrollment dialog (the exceptions inbox is
:mod:`popup.ui.sync.inbox`; the page that holds them is :mod:`popup.ui.sync.page`). They read the
store; enrollment runs on the sync lane.

The console shows a new enrollment code as text and as a QR code holding just the code. The
dialog takes it typed, scanned into its code field with a hand scanner, or read by the laptop's
camera ("Scan with camera (F9)": the checkout page's :class:`~popup.ui.camera.CameraView`, so
QtMultimedia still loads only when the camera is first wanted).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
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

from popup.domain.cards import QR_PREFIX
from popup.sync_client.engine import SyncReport
from popup.sync_client.enroll import default_device_name, enroll, looks_like_code
from popup.sync_client.status import SyncStatus
from popup.ui.actions import UNEXPECTED, describe, log_failure
from popup.ui.camera import CameraView, camera_devices, multimedia_installed
from popup.ui.context import AppContext, Clock
from popup.ui.scanner import take_scans
from popup.ui.tasks import Lane
from popup.ui.text import (
    sync_status_text,
)

log = logging.getLogger(__name__)

# The camera picture in the enrollment dialog: big enough to aim a QR code on a screen or a
# sheet of paper at, small enough that the dialog fits a 1024x600 screen with it. (Plain
# comments here: lupdate hands a "#:" comment to the next translated text as its note.)
CAMERA_SIZE = QSize(288, 216)


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
        column = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Type the sync server's address and the one-time code the administrator gave"
                " you. The data on this laptop is kept."
            )
        )
        intro.setWordWrap(True)
        column.addWidget(intro)
        # The rows, without the texts that wrap: a form layout gives a wrapping text's height
        # to the rows under it, which then lie over the camera picture.
        form = QFormLayout()
        column.addLayout(form)
        self.url = QLineEdit(url)
        self.url.setPlaceholderText("https://sync.example.org")
        self.code = QLineEdit()
        # The console shows the code as a QR code too: a hand scanner's burst lands here, even
        # with the desk (whose scan field takes scans) behind the dialog.
        take_scans(self.code)
        self.name = QLineEdit(default_device_name())
        form.addRow(self.tr("Server address"), self.url)
        code_row = QHBoxLayout()
        code_row.addWidget(self.code, 1)
        #: Opens the camera to read the console's QR code (F9 too); closes it while it is on.
        self.camera_button = QPushButton(self.tr("Scan with camera (F9)"))
        self.camera_button.setAutoDefault(False)  # Enter in the dialog still enrolls
        self.camera_button.setToolTip(
            self.tr("Read the enrollment code's QR code with this laptop's camera")
        )
        self.camera_button.clicked.connect(self.toggle_camera)
        code_row.addWidget(self.camera_button)
        # The camera picture goes under the code field, in the field column.
        code_column = QVBoxLayout()
        code_column.addLayout(code_row)
        form.addRow(self.tr("Enrollment code"), code_column)
        shortcut = QShortcut(QKeySequence("F9"), self)
        shortcut.activated.connect(self.toggle_camera)
        # The camera picture while it reads (hidden otherwise; QtMultimedia loads on first use).
        self.camera = CameraView(self, ctx.tasks)
        self.camera.setFixedSize(CAMERA_SIZE)
        self.camera.hide()
        self.camera.codeRead.connect(self.on_camera_code)
        # The system may refuse the camera after asking, or the camera may stop by itself.
        self.camera.availabilityChanged.connect(self.on_camera_availability)
        code_column.addWidget(self.camera)
        form.addRow(self.tr("Name of this laptop"), self.name)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("enrollMessage")
        column.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Enroll"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)
        # An enrollment is under way on the sync lane (a plain comment: see CAMERA_SIZE).
        self.busy = False

    # -- camera ------------------------------------------------------------------------------

    @property
    def camera_open(self) -> bool:
        """The camera view is shown (reading, or waiting for the system's permission)."""
        return not self.camera.isHidden()

    def toggle_camera(self) -> None:
        """F9 or the button: open the camera to read the QR code, or close it again."""
        if self.camera_open:
            self.close_camera()
            self.message.setText("")
            return
        self._show_camera_view()
        if not self.camera.start():
            self._say_no_camera()

    def _show_camera_view(self) -> None:
        """The camera view in the dialog, and what to do with it (the camera not started)."""
        self.camera.show()
        self._refit()
        self.camera_button.setText(self.tr("Close camera (F9)"))
        self.message.setText(
            self.tr(
                "Hold the QR code the administrator gave you up to the camera. F9 or Esc closes"
                " the camera."
            )
        )

    def close_camera(self) -> None:
        self.camera.stop()
        self.camera.hide()
        self.camera_button.setText(self.tr("Scan with camera (F9)"))
        self._refit()

    def _refit(self) -> None:
        """Fit the dialog to the camera view shown or gone (and to the message said with it,
        once the handler that said it has returned)."""
        QTimer.singleShot(0, self, self._fit_on_screen)

    def _fit_on_screen(self) -> None:
        """Take the size the contents need, moving up as far as needed to stay on the screen
        (a 1024x600 bookmobile laptop has little room below a centred dialog)."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.adjustSize()
        room = self.screen().availableGeometry()
        frame = self.frameGeometry()
        below = frame.bottom() - room.bottom()
        if below > 0:
            self.move(frame.left(), max(room.top(), frame.top() - below))

    def on_camera_availability(self, usable: bool) -> None:
        if not usable and self.camera_open:
            self._say_no_camera()

    def _say_no_camera(self) -> None:
        """The camera cannot read here: close it and say why in the dialog."""
        self.close_camera()
        if multimedia_installed() and not self.camera.denied and not camera_devices():
            why = self.tr(
                "No camera found. Plug in a camera, or type the code (a hand scanner can type"
                " it too)."
            )
        else:  # where to allow it, that QtMultimedia is missing, or why the camera stopped
            why = self.camera.reason or ""
        self.message.setText(why)

    def on_camera_code(self, text: str) -> None:
        """A QR code read by the camera: an enrollment code fills the code field; anything else
        is said to be no enrollment code (the field keeps what it had)."""
        self.close_camera()
        text = text.strip()
        if looks_like_code(text):
            self.code.setText(text)
            self.code.setFocus()
            self.message.setText(self.tr("Code read from the camera. Press Enter to enroll."))
        elif text.startswith(f"{QR_PREFIX}:"):
            self.message.setText(
                self.tr(
                    "That QR code is a library card, not an enrollment code. Scan the QR code"
                    " the administrator gave you."
                )
            )
        else:
            shown = text if len(text) <= 40 else text[:39] + "…"
            self.message.setText(
                self.tr(
                    "That QR code is not an enrollment code (it reads “{0}”). Scan the QR code"
                    " the administrator gave you."
                ).format(shown)
            )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc with the camera open closes the camera, not the dialog.
        if event.key() == Qt.Key.Key_Escape and self.camera_open:
            self.close_camera()
            self.message.setText("")
            event.accept()
            return
        super().keyPressEvent(event)

    def done(self, result: int) -> None:
        self.camera.stop()  # however the dialog closes, the camera goes off
        super().done(result)

    # -- enrolling ---------------------------------------------------------------------------

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
