"""Camera permission: granted starts the camera, not yet asked shows that Popup waits for the
answer and starts once granted, denied says where to allow it while the desk keeps working.

Linux grants at once, so the other answers are given to the view's handler as the system
would give them."""

from __future__ import annotations

import plistlib
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from popup.ui.camera import CameraView, camera_permission, permission_denied_reason
from popup.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
NO_CAMERA = "No camera found"  # this machine has none: a granted camera says so


@pytest.fixture
def view(qtbot: Any) -> CameraView:
    widget = CameraView()
    qtbot.addWidget(widget)
    widget.resize(640, 480)
    widget.show()
    return widget


def test_linux_grants_the_camera_without_asking(view: CameraView, qtbot: Any) -> None:
    assert sys.platform.startswith("linux")
    assert camera_permission() == Qt.PermissionStatus.Granted
    with qtbot.waitSignal(view.availabilityChanged) as got:
        assert view.on_permission(Qt.PermissionStatus.Granted) is False
    assert got.args == [False]
    assert NO_CAMERA in view.message.text()  # past the permission, to the camera itself


def test_not_asked_yet_waits_for_the_answer_then_starts(view: CameraView, qtbot: Any) -> None:
    with qtbot.waitSignal(view.availabilityChanged) as got:
        assert view.on_permission(Qt.PermissionStatus.Undetermined) is True
        assert view.message.text() == "Waiting for permission to use the camera…"
        assert view.message.isVisible()
    # The system answered "granted" (Linux always does) and the view went on to the camera.
    assert got.args == [False] and NO_CAMERA in view.message.text()


def test_an_answer_after_staff_closed_the_camera_starts_nothing(
    view: CameraView, qtbot: Any
) -> None:
    view.on_permission(Qt.PermissionStatus.Undetermined)
    view.stop()
    after_stop = view.message.text()
    assert after_stop != "Waiting for permission to use the camera…"
    with qtbot.assertNotEmitted(view.availabilityChanged):
        qtbot.waitUntil(lambda: not view._asking)  # the system's "granted" arrived
    assert not view.running
    assert view.message.text() == after_stop


def test_denied_says_where_to_allow_it_and_the_desk_keeps_scanning(
    window: MainWindow, qtbot: Any
) -> None:
    page = window.checkout
    camera = page.camera
    assert camera.on_permission(Qt.PermissionStatus.Denied) is False
    said = camera.message.text()
    assert said == permission_denied_reason()
    assert "privacy settings" in said and "hand scanner" in said
    assert not camera.running and not camera.available
    assert page.camera_button.text() == "No camera (F9)"
    assert page.camera_button.toolTip() == said
    # The banner has two lines: it says so briefly and points at the camera box.
    assert camera.headline == "Popup may not use the camera; the camera box says how to allow it."
    page.focus_scan()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.patron_field)


def test_on_macos_and_windows_the_message_names_the_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    mac = permission_denied_reason()
    assert "System Settings → Privacy & Security → Camera" in mac and "hand scanner" in mac
    monkeypatch.setattr(sys, "platform", "win32")
    assert "Settings → Privacy & security → Camera" in permission_denied_reason()


def test_the_permission_texts_in_spanish(
    spanish: QApplication, view: CameraView, monkeypatch: pytest.MonkeyPatch
) -> None:
    view.on_permission(Qt.PermissionStatus.Undetermined)
    assert view.message.text() == "Esperando permiso para usar la cámara…"
    view.stop()
    monkeypatch.setattr(sys, "platform", "darwin")
    assert view.on_permission(Qt.PermissionStatus.Denied) is False
    assert view.message.text() == (
        "Popup no tiene permiso para usar la cámara. Para permitirlo, abra Configuración del"
        " Sistema → Privacidad y seguridad → Cámara y active Popup (macOS puede pedir que"
        " vuelva a abrir Popup). El lector de mano y escribir el número siguen funcionando."
    )
    assert view.headline == (
        "Popup no tiene permiso para usar la cámara; el recuadro de la cámara explica cómo"
        " permitirlo."
    )


def test_the_macos_bundle_says_why_it_asks_for_the_camera() -> None:
    """Without the usage text macOS ends the app when it asks; without the entitlement the
    hardened runtime refuses the camera outright."""
    packaging = Path(__file__).resolve().parents[3] / "packaging"
    with open(packaging / "macos" / "Info.plist", "rb") as fh:
        info = plistlib.load(fh)
    assert "camera" in info["NSCameraUsageDescription"]
    with open(packaging / "macos" / "entitlements.plist", "rb") as fh:
        assert plistlib.load(fh)["com.apple.security.device.camera"] is True
    spec = (packaging / "popup.spec").read_text()
    assert '"macos" / "Info.plist"' in spec and "**extra_plist" in spec  # merged into the app
