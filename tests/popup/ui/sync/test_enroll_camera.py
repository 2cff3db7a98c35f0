"""The enrollment dialog reads the console's QR code (it holds just the code) with the laptop's
camera: F9 or "Scan with camera (F9)" opens it, a code fills the code field and Enter enrolls;
a QR code that holds something else is said to be no enrollment code; no camera, or a refused
one, is said in the dialog, which keeps working.

There is no camera on the test machine, so, as the checkout page's camera tests do, frames of
the QR code go down the path a real camera's take (QVideoFrame -> view -> decoder), and the
system's answers about permission are given to the view as the system would give them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from popup.domain.cards import qr_payload
from popup.scan.synth import Defects, camera_frame
from popup.store.db import Store
from popup.sync_client.credentials import CredentialStore
from popup.sync_client.enroll import looks_like_code
from popup.ui import tasks
from popup.ui.camera import permission_denied_reason, quiet_multimedia_logs
from popup.ui.main_window import MainWindow
from popup.ui.sync.page import SyncPage
from popup.ui.sync.widgets import EnrollDialog
from tests.helpers import desk as helpers
from tests.helpers.consortium import SyncServer
from tests.helpers.desk import MakeWindow

pytestmark = pytest.mark.qt_log_ignore("No RHI backend", "propagateSizeHints")
SYNC_TIMEOUT_MS = 60_000


@pytest.fixture
def window(store: Store, make_window: MakeWindow) -> Iterator[MainWindow]:
    win = make_window(store)
    win.show()
    win.show_mode("sync")
    yield win
    scheduler = win.page_of(SyncPage).scheduler
    scheduler.stop()
    assert not scheduler.running and not scheduler.busy


@pytest.fixture
def dialog(window: MainWindow, qtbot: Any) -> EnrollDialog:
    made = window.page_of(SyncPage).open_enroll("https://sync.example.org")
    qtbot.waitUntil(lambda: QApplication.activeWindow() is made)
    made.code.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is made.code)
    return made


def _show_to_camera(dialog: EnrollDialog, qtbot: Any, text: str) -> None:
    """Two frames of a QR code holding ``text`` (two frames must agree), held a little askew."""
    quiet_multimedia_logs()  # as the app does before it loads QtMultimedia
    from PySide6.QtMultimedia import QVideoFrame

    def frame(angle: int) -> QVideoFrame:
        pixels = camera_frame(text, Defects(rotate_deg=angle), seed=angle)
        h, w = pixels.shape
        image = QImage(
            np.ascontiguousarray(pixels).tobytes(), w, h, w, QImage.Format.Format_Grayscale8
        )
        return QVideoFrame(image.copy())

    with qtbot.waitSignal(dialog.camera.codeRead, timeout=10_000):
        for angle in (4, 8):
            dialog.camera.on_frame(frame(angle))
            assert tasks.wait_idle()


def test_the_camera_reads_the_consoles_qr_code_and_enter_enrolls(
    window: MainWindow, sync_server: SyncServer, qtbot: Any
) -> None:
    dialog = window.page_of(SyncPage).open_enroll(sync_server.url)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    code = sync_server.new_code()
    assert looks_like_code(code)
    _show_to_camera(dialog, qtbot, code)  # the console's QR code holds just the code
    assert dialog.code.text() == code
    assert not dialog.camera_open and not dialog.camera.running
    assert dialog.camera_button.text() == "Scan with camera (F9)"
    assert dialog.message.text() == "Code read from the camera. Press Enter to enroll."
    assert QApplication.focusWidget() is dialog.code
    helpers.press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=SYNC_TIMEOUT_MS)
    creds = CredentialStore(window.ctx.home).load()
    assert creds is not None and creds.server_url == sync_server.url


def test_a_library_card_is_said_to_be_no_enrollment_code(dialog: EnrollDialog, qtbot: Any) -> None:
    dialog.code.setText("ABCD")
    _show_to_camera(dialog, qtbot, qr_payload("21120000000027"))
    assert dialog.code.text() == "ABCD"  # the field keeps what it had
    assert dialog.message.text() == (
        "That QR code is a library card, not an enrollment code. Scan the QR code the"
        " administrator gave you."
    )
    assert dialog.isVisible()


def test_any_other_qr_code_is_said_to_be_no_enrollment_code_quoting_it(
    dialog: EnrollDialog, qtbot: Any
) -> None:
    _show_to_camera(dialog, qtbot, "https://sync.example.org/console/fleet/codes/new")
    assert dialog.code.text() == ""
    assert dialog.message.text() == (
        "That QR code is not an enrollment code (it reads “https://sync.example.org/console/"
        "fleet/…”). Scan the QR code the administrator gave you."
    )


def test_f9_without_a_camera_says_so_in_the_dialog_which_keeps_working(
    window: MainWindow, dialog: EnrollDialog, qtbot: Any
) -> None:
    assert window.current_page() is window.page_of(SyncPage)
    helpers.press(qtbot, Qt.Key.Key_F9)  # from the code field: the dialog's F9, not the desk's
    assert dialog.message.text() == (
        "No camera found. Plug in a camera, or type the code (a hand scanner can type it too)."
    )
    assert not dialog.camera_open and not dialog.camera.running
    assert dialog.camera_button.text() == "Scan with camera (F9)"
    assert dialog.isVisible()
    assert window.current_page() is window.page_of(SyncPage)  # not sent to the checkout
    assert QApplication.focusWidget() is dialog.code
    qtbot.keyClicks(dialog.code, "ABCD-EFGH-JKMN")  # typing still works
    assert dialog.code.text() == "ABCD-EFGH-JKMN"


def test_the_button_is_reachable_with_tab_and_space_presses_it(
    dialog: EnrollDialog, qtbot: Any
) -> None:
    helpers.press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.camera_button
    helpers.press(qtbot, Qt.Key.Key_Space)
    assert dialog.message.text().startswith("No camera found.")


def test_waiting_for_permission_esc_closes_the_camera_then_the_dialog(
    dialog: EnrollDialog, qtbot: Any
) -> None:
    dialog.camera.show()  # what F9 does before asking the system (macOS, first time)
    assert dialog.camera.on_permission(Qt.PermissionStatus.Undetermined) is True
    assert dialog.camera_open
    helpers.press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.camera_open and dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.camera._asking)  # the answer after closing starts nothing
    assert not dialog.camera.running and dialog.message.text() == ""
    helpers.press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_refused_camera_says_where_to_allow_it_in_the_dialog(
    dialog: EnrollDialog, qtbot: Any
) -> None:
    dialog.camera.show()
    assert dialog.camera.on_permission(Qt.PermissionStatus.Denied) is False
    assert dialog.message.text() == permission_denied_reason()
    assert not dialog.camera_open and dialog.isVisible()


def test_the_camera_goes_off_when_the_dialog_is_cancelled(dialog: EnrollDialog, qtbot: Any) -> None:
    dialog.camera.show()
    dialog.camera.on_permission(Qt.PermissionStatus.Undetermined)
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.camera._asking)
    assert not dialog.camera.running and not dialog.isVisible()


def test_the_camera_texts_in_spanish(spanish: QApplication, window: MainWindow, qtbot: Any) -> None:
    dialog = window.page_of(SyncPage).open_enroll("https://sync.example.org")
    assert dialog.camera_button.text() == "Escanear con la cámara (F9)"
    dialog.toggle_camera()
    assert dialog.message.text() == (
        "No se encontró ninguna cámara. Conecte una, o escriba el código (un lector de mano"
        " también puede escribirlo)."
    )
    # While the camera is on (this machine has none, so it never stays on):
    assert dialog.tr("Close camera (F9)") == "Cerrar la cámara (F9)"
    assert dialog.tr(
        "Hold the QR code the administrator gave you up to the camera. F9 or Esc closes the camera."
    ) == (
        "Muestre a la cámara el código QR que le dio el administrador. F9 o Esc cierran la cámara."
    )
    _show_to_camera(dialog, qtbot, "ABCD-EFGH-JKMN")
    assert (
        dialog.message.text() == "Código leído con la cámara. Pulse Intro para registrar el equipo."
    )


@pytest.mark.parametrize(
    ("text", "is_code"),
    [
        ("ABCD-EFGH-JKMN", True),
        ("ABCDEFGHJKMN", True),
        (" ABCD EFGH JKMN\n", True),
        ("ABCD-EFGH-JKM", False),
        ("ABCD-EFGH-JKMO", False),  # no O (nor 0, 1, I) in a code
        ("abcd-efgh-jkmn", False),
        ("POPUP:1:21120000000027", False),
    ],
)
def test_what_looks_like_an_enrollment_code(text: str, is_code: bool) -> None:
    assert looks_like_code(text) is is_code


def test_with_the_camera_view_open_the_rows_under_it_do_not_lie_over_it(
    dialog: EnrollDialog, qtbot: Any
) -> None:
    """The dialog grows to the picture and the two-line message said with it (a form layout
    gave a wrapping text's height to the rows, which then lay over the picture)."""
    dialog._show_camera_view()  # what F9 shows before the camera starts
    picture = dialog.camera.geometry()
    qtbot.waitUntil(lambda: dialog.name.geometry().top() > picture.bottom())
    assert dialog.message.geometry().top() > dialog.name.geometry().bottom()
    assert dialog.buttons.geometry().top() > dialog.message.geometry().bottom()
    dialog.close_camera()
    qtbot.waitUntil(lambda: dialog.height() < picture.height())


#: Opens the enrollment dialog in a fresh process and notes whether QtMultimedia was loaded
#: then, and after F9.
LAZY_CHILD = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from popup.ui.app import open_store
from popup.ui.context import AppContext, SyncSettings
from popup.ui.sync.widgets import EnrollDialog
home = Path(sys.argv[1])
store = open_store(home, seed_demo=False)
ctx = AppContext.create(store, home, sync=SyncSettings(start=False))
dialog = EnrollDialog(ctx)
dialog.show()
app.processEvents()
opened = "PySide6.QtMultimedia" in sys.modules
dialog.toggle_camera()
pressed = "PySide6.QtMultimedia" in sys.modules
dialog.reject()
ctx.close()
store.close()
print(json.dumps({"opened": opened, "pressed": pressed}))
"""


def test_the_dialog_loads_qtmultimedia_only_when_the_camera_is_wanted(tmp_path: Path) -> None:
    done = helpers.run_qt_child(LAZY_CHILD, str(tmp_path))
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"opened": False, "pressed": True}
