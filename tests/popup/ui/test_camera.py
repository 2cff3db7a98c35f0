"""Camera scanning: no camera here, so the desk says why; the frame pipeline on real frames."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from popup.domain.cards import qr_payload
from popup.scan.synth import Defects, camera_frame
from popup.store import demo
from popup.store.db import Store
from popup.ui import tasks
from popup.ui.camera import CameraView, FrameDecoder, to_gray_copy, unavailable_reason
from popup.ui.main_window import MainWindow
from tests.helpers import desk as helpers


def _qimage(frame: np.ndarray) -> QImage:
    h, w = frame.shape
    return QImage(frame.tobytes(), w, h, w, QImage.Format.Format_Grayscale8).copy()


def test_no_camera_the_button_says_why_and_the_desk_still_works(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    reason = unavailable_reason()
    assert reason is not None and "No camera found" in reason
    page = window.checkout
    # The window looks for a camera once it is up (QtMultimedia loads after the first paint).
    qtbot.waitUntil(lambda: page.camera_button.text() == "No camera (F9)")
    assert page.camera_button.toolTip() == reason
    helpers.press(qtbot, Qt.Key.Key_F9)
    assert page.camera.isVisible()
    assert reason in page.camera.message.text()
    assert not page.camera.running
    helpers.press(qtbot, Qt.Key.Key_F9)  # F9 again: back to the patron panel
    assert not page.camera.isVisible() and page.panel.isVisible()
    page.patron_field.take_scan(demo.demo_patron(demo_store))  # the scanner still serves
    assert page.patron is not None


def test_gray_copy_owns_its_memory_and_matches_pixels() -> None:
    frame = camera_frame(qr_payload("21120000000027"), Defects())
    image = QImage(frame.tobytes(), 640, 480, 640, QImage.Format.Format_Grayscale8)
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    gray = to_gray_copy(rgb)
    assert gray.shape == (480, 640) and gray.dtype == np.uint8
    assert gray.flags["OWNDATA"] or gray.base is None or gray.base.flags["OWNDATA"]
    assert np.abs(gray.astype(int) - frame.astype(int)).max() <= 1


def test_frame_decoder_accepts_only_when_two_frames_agree(qtbot: Any) -> None:
    payload = qr_payload("21120000000027")
    decoder = FrameDecoder()
    one = _qimage(camera_frame(payload, Defects(rotate_deg=20, noise_sigma=6), seed=1))
    two = _qimage(camera_frame(payload, Defects(rotate_deg=24, blur_radius=0.8), seed=2))
    with qtbot.assertNotEmitted(decoder.codeRead):
        decoder.offer(one)
        assert tasks.wait_idle()
    with qtbot.waitSignal(decoder.codeRead) as got:
        decoder.offer(two)
    assert got.args == [payload]


def test_frame_decoder_keeps_only_the_latest_frame(qtbot: Any) -> None:
    payload = qr_payload("21120000000027")
    frames = [_qimage(camera_frame(payload, Defects(), seed=i)) for i in range(6)]
    decoder = FrameDecoder()
    for frame in frames:  # arrive faster than they decode
        decoder.offer(frame)
    assert tasks.wait_idle()
    assert decoder.frames_seen == 6
    assert decoder.frames_decoded < 6  # the stale ones were dropped, not queued


def test_camera_view_without_camera_refuses_to_start(qtbot: Any) -> None:
    view = CameraView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.availabilityChanged) as got:
        assert view.start() is False
    assert got.args == [False]
    assert not view.available


@pytest.mark.qt_log_ignore("No RHI backend", "propagateSizeHints")
def test_camera_frames_of_a_qr_card_serve_the_patron_in_checkout(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    """The frame path a real camera takes (QVideoFrame -> view -> decoder -> scan field)."""
    from PySide6.QtMultimedia import QVideoFrame

    card = demo.demo_patron(demo_store)
    page = window.checkout
    frames = [
        QVideoFrame(_qimage(camera_frame(qr_payload(card), Defects(rotate_deg=a), seed=a)))
        for a in (5, 9)
    ]
    with qtbot.waitSignal(page.patronChanged, timeout=10_000):
        for frame in frames:
            page.camera.on_frame(frame)
            assert tasks.wait_idle()
    assert page.patron is not None and page.patron.card_number == card
