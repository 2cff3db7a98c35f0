"""Camera QR scanning with QtMultimedia, decoding off the GUI thread.

Pipeline (see the Scanning notes): the camera delivers frames to the view's video sink; the
scanner keeps only the latest one; when the decoder is idle it converts that frame to an 8-bit
grayscale *copy* (the QImage and its numpy array never share memory with the video frame, so
nothing crosses threads that Qt still owns), and decodes it in a background task. A code is
accepted only when two consecutive decoded frames agree, which filters out misreads of a card
moving through the picture.

With no camera (or no QtMultimedia), :class:`CameraView` says why and the desk works as before
with the hand scanner or typing. QtMultimedia, numpy and the decoder are imported when first
needed: the window looks for a camera once it is up (:meth:`CameraView.probe`), or at the first
F9 if that comes sooner, never before the desk is on screen. Before starting the camera it asks
the system for permission (Qt's QCameraPermission): macOS asks the user once and remembers the
answer; a refusal is said with where to change it. Linux answers "granted" at once.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCameraPermission,
    QCoreApplication,
    QLoggingCategory,
    QObject,
    QPermission,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QStackedLayout, QVBoxLayout, QWidget

from popup.ui import palette, tasks

if TYPE_CHECKING:
    from popup.scan.decode import GrayImage

log = logging.getLogger(__name__)

#: Ask for about this much: plenty for a card held 20-40 cm away, cheap to decode.
MODEST_SIZE = QSize(640, 480)

_logs_quieted = False


def quiet_multimedia_logs() -> None:
    """Silence QtMultimedia's start-up chatter about optional libraries (VA-API, PipeWire)."""
    global _logs_quieted
    if not _logs_quieted:
        QLoggingCategory.setFilterRules(
            "qt.multimedia.symbolsresolver.warning=false\nqt.multimedia.ffmpeg.info=false"
        )
        _logs_quieted = True


def camera_devices() -> list[Any]:
    """The cameras QtMultimedia can see ([] without QtMultimedia)."""
    quiet_multimedia_logs()
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:
        return []
    return list(QMediaDevices.videoInputs())


def multimedia_installed() -> bool:
    """Whether QtMultimedia loads (loading it if it does)."""
    quiet_multimedia_logs()
    try:
        import PySide6.QtMultimedia  # noqa: F401
    except ImportError:
        return False
    return True


def unavailable_reason() -> str | None:
    """Why the camera cannot scan, in words for staff; None when it can."""
    if not multimedia_installed():
        return QCoreApplication.translate(
            "desk", "Camera scanning is not installed (QtMultimedia is missing)."
        )
    if not camera_devices():
        return QCoreApplication.translate(
            "desk", "No camera found. Plug in a camera, or use the hand scanner or type the number."
        )
    return None


def camera_permission() -> Qt.PermissionStatus:
    """Whether this app may use the camera: granted, denied, or not asked yet."""
    app = QCoreApplication.instance()
    if app is None:
        return Qt.PermissionStatus.Undetermined
    return app.checkPermission(QCameraPermission())


def request_camera_permission(context: QObject, answered: Callable[[QPermission], None]) -> None:
    """Ask the system (macOS shows its dialog once); ``answered`` gets the result, later."""
    app = QCoreApplication.instance()
    if app is not None:
        app.requestPermission(QCameraPermission(), context, answered)


def permission_denied_reason() -> str:
    """What to tell staff when the system does not let Popup use the camera."""
    if sys.platform == "darwin":
        return QCoreApplication.translate(
            "desk",
            "Popup may not use the camera. To allow it, open System Settings → Privacy &"
            " Security → Camera and turn on Popup (macOS may ask to reopen Popup). The hand"
            " scanner and typing the number keep working.",
        )
    if sys.platform == "win32":
        return QCoreApplication.translate(
            "desk",
            "Popup may not use the camera. To allow it, open Settings → Privacy & security →"
            " Camera and let desktop apps use the camera. The hand scanner and typing the"
            " number keep working.",
        )
    return QCoreApplication.translate(
        "desk",
        "Popup may not use the camera; allow it in this computer's privacy settings. The hand"
        " scanner and typing the number keep working.",
    )


def to_gray_copy(image: QImage) -> GrayImage:
    """An owned 2-D uint8 copy of ``image`` in grayscale (safe to hand to another thread)."""
    import numpy as np

    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = gray.width(), gray.height(), gray.bytesPerLine()
    buffer = np.frombuffer(gray.constBits(), dtype=np.uint8, count=stride * height)
    return np.array(buffer.reshape(height, stride)[:, :width], dtype=np.uint8, copy=True)


class FrameDecoder(QObject):
    """Latest-frame-only decoding with two-frame agreement.

    Signals:
        codeRead(str): a code two consecutive decoded frames agreed on.
        frameDecoded(list): the texts found in one frame (for diagnostics and tests).
    """

    codeRead = Signal(str)
    frameDecoded = Signal(list)

    def __init__(
        self, parent: QObject | None = None, task_manager: tasks.TaskManager | None = None
    ) -> None:
        super().__init__(parent)
        self._tasks = task_manager or tasks.manager()
        self._latest: QImage | None = None
        self._busy = False
        self._previous: list[str] | None = None
        self.frames_seen = 0
        self.frames_decoded = 0

    def offer(self, image: QImage) -> None:
        """A new frame arrived: keep it (replacing any older one) and decode if idle."""
        self.frames_seen += 1
        self._latest = image
        if not self._busy:
            self._start()

    def _start(self) -> None:
        image, self._latest = self._latest, None
        if image is None or image.isNull():
            return
        from popup.scan.decode import decode

        gray = to_gray_copy(image)  # on the GUI thread: the copy is what crosses over
        self._busy = True
        # The default lane: an import running on the io lane never delays a frame.
        self._tasks.run_in_background(lambda: decode(gray), self.on_decoded, self.on_failed)

    def on_decoded(self, texts: list[str]) -> None:
        self._busy = False
        self.frames_decoded += 1
        self.frameDecoded.emit(texts)
        if texts and texts == self._previous:
            self._previous = None  # one acceptance per agreement
            self.codeRead.emit(texts[0])
        else:
            self._previous = texts or None
        if self._latest is not None:
            self._start()

    def on_failed(self, exc: BaseException) -> None:
        self._busy = False
        log.warning("frame decode failed: %s", type(exc).__name__)
        if self._latest is not None:
            self._start()

    def reset(self) -> None:
        self._latest = None
        self._previous = None


class CameraView(QWidget):
    """The camera picture while scanning, or a sentence saying why there is none.

    Signals:
        codeRead(str): a QR code read from the camera (two frames agreed).
        availabilityChanged(bool): the camera became available or went away.

    Attributes:
        reason: why the camera cannot scan (None when it can).
    """

    codeRead = Signal(str)
    availabilityChanged = Signal(bool)

    def __init__(
        self, parent: QWidget | None = None, task_manager: tasks.TaskManager | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Camera view"))
        self.decoder = FrameDecoder(self, task_manager)
        self.decoder.codeRead.connect(self.codeRead)
        self._camera: Any = None
        self._session: Any = None
        self._video: Any = None
        #: Staff want the camera on (start() until stop()); an answer after stop() is ignored.
        self._wanted = False
        #: A permission request is out and not answered yet.
        self._asking = False
        #: The system refused the camera (``reason`` says where to allow it).
        self.denied = False
        self._stack = QStackedLayout()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._stack)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet(
            f"QLabel {{ background: {palette.CAMERA_BACKGROUND}; color: {palette.IDLE};"
            " font-size: 17pt; padding: 24px; border-radius: 8px; }"
        )
        self.message.setAccessibleName(self.tr("Camera status"))
        self._stack.addWidget(self.message)
        #: Whether QtMultimedia was asked for a camera yet (see :meth:`probe`); until then the
        #: view assumes there is one, and F9 asks.
        self.probed = False
        self.reason: str | None = None
        self._show_reason()

    def probe(self) -> None:
        """Look for a camera (once, after the window is up: QtMultimedia takes a while to load)
        so the desk can say there is none before anyone presses F9."""
        if self.probed:
            return
        self.probed = True
        self.reason = unavailable_reason()
        if self.reason is not None:
            self._show_reason()
            self.availabilityChanged.emit(False)

    @property
    def available(self) -> bool:
        return self.reason is None

    def _show_reason(self) -> None:
        text = self.reason or self.tr("Camera is off. Press F9 to scan a QR card.")
        self.message.setText(text)
        self._stack.setCurrentWidget(self.message)

    def start(self) -> bool:
        """Start the camera, or ask for permission first (True: on or waiting for the answer);
        False (and the reason shown) if it cannot."""
        self._wanted = True
        if not self._refuse_if_unavailable():
            return False
        return self.on_permission(camera_permission())

    @property
    def headline(self) -> str:
        """The reason in a sentence short enough for the desk's two-line banner."""
        if self.denied:
            return self.tr("Popup may not use the camera; the camera box says how to allow it.")
        return self.reason or ""

    def _refuse_if_unavailable(self) -> bool:
        """False (the reason shown) when there is no camera to use."""
        self.probed = True
        self.denied = False
        self.reason = unavailable_reason()
        if self.reason is not None:
            self._wanted = False
            self._show_reason()
            self.availabilityChanged.emit(False)
            return False
        return True

    def on_permission(self, status: Qt.PermissionStatus) -> bool:
        """Act on the system's word about camera use: start when granted, ask when nobody
        has been asked yet, and say where to allow it when denied."""
        self.probed = True  # what the system said stands; a later probe must not undo it
        if status == Qt.PermissionStatus.Granted:
            return self._start_camera()
        if status == Qt.PermissionStatus.Undetermined:
            self._wanted = True
            self.message.setText(self.tr("Waiting for permission to use the camera…"))
            self._stack.setCurrentWidget(self.message)
            if not self._asking:
                self._asking = True
                request_camera_permission(self, self.on_permission_answer)
            return True
        self._wanted = False
        self.reason = permission_denied_reason()
        self.denied = True
        self._show_reason()
        self.availabilityChanged.emit(False)
        return False

    def on_permission_answer(self, permission: QPermission) -> None:
        self._asking = False
        if self._wanted:  # staff may have closed the camera while the system asked
            self.on_permission(permission.status())

    def _start_camera(self) -> bool:
        if not self._refuse_if_unavailable():  # unplugged while permission was asked for
            return False
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QMediaDevices
        from PySide6.QtMultimediaWidgets import QVideoWidget

        if self._video is None:
            self._video = QVideoWidget(self)
            self._video.setAccessibleName(self.tr("Camera picture"))
            self._stack.addWidget(self._video)
            self._video.videoSink().videoFrameChanged.connect(self.on_frame)
        device = QMediaDevices.defaultVideoInput()
        self._camera = QCamera(device, self)
        best = None
        for fmt in device.videoFormats():
            size = fmt.resolution()
            score = abs(size.width() - MODEST_SIZE.width()) + abs(
                size.height() - MODEST_SIZE.height()
            )
            if best is None or score < best[0]:
                best = (score, fmt)
        if best is not None:
            self._camera.setCameraFormat(best[1])
        self._camera.errorOccurred.connect(self.on_camera_error)
        self._session = QMediaCaptureSession(self)
        self._session.setCamera(self._camera)
        self._session.setVideoOutput(self._video)
        self._stack.setCurrentWidget(self._video)
        self.decoder.reset()
        self._camera.start()
        return True

    def stop(self) -> None:
        self._wanted = False
        if self._camera is not None:
            self._camera.stop()
            self._camera.deleteLater()
            self._camera = None
        self.decoder.reset()
        self._show_reason()

    @property
    def running(self) -> bool:
        return self._camera is not None

    def on_frame(self, frame: Any) -> None:
        image = frame.toImage()
        if not image.isNull():
            self.decoder.offer(image)

    def on_camera_error(self, _error: Any, text: str) -> None:
        self.reason = self.tr("The camera stopped: {0}").format(text)
        self.stop()
        self.availabilityChanged.emit(False)
