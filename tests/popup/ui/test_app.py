"""Start-up (#20: cold start): the window paints its frame and sign-in screen before the store is
open, takes typing from then on, and gets its store afterwards; a store that cannot be opened
is said on that window and the app ends with code 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from popup import paths
from popup.store.db import Store
from popup.ui import tasks
from popup.ui.main_window import MainWindow
from tests.helpers import desk as helpers
from tests.helpers.desk import STAFF_PIN, MakeContext

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_what_is_typed_before_the_store_opens_signs_in_once_it_has(
    demo_store: Store, make_context: MakeContext, qtbot: Any
) -> None:
    window = MainWindow()  # the frame alone, as start-up paints it
    qtbot.addWidget(window)
    helpers.show_active(window, qtbot)
    assert not window.attached() and window.locked()
    assert window.modes() == []
    assert window.sync_label.text() == "Opening the store…"
    assert window.user_label.text() == "Locked"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.sign_in.who)
    # Typed before the store is open: Enter moves to the PIN, Enter there waits for the store.
    helpers.type_in(qtbot, "sam")
    assert QApplication.focusWidget() is window.sign_in.pin
    qtbot.keyClicks(window.sign_in.pin, STAFF_PIN)
    helpers.press(qtbot, Qt.Key.Key_Return)
    assert window.sign_in.who.text() == "sam" and window.sign_in.pin.text() == STAFF_PIN
    assert window.locked()

    helpers.add_staff(demo_store, "sam", "Sam Staff")
    window.attach(make_context(demo_store, signed_in=None))
    assert window.attached() and window.locked()
    assert window.modes()[0] == "checkout"
    assert window.sync_label.text().startswith("Offline")
    with pytest.raises(RuntimeError):
        window.attach(make_context(demo_store, signed_in=None))
    # The sign-in screen starts afresh with the store behind it; the keyboard in the login.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.sign_in.who)
    helpers.type_in(qtbot, "sam")
    helpers.type_in(qtbot, STAFF_PIN)
    assert not window.locked()
    assert demo_store.actor is not None and demo_store.actor.login == "sam"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.checkout.patron_field)
    tasks.wait_idle()


def test_a_fresh_laptop_shows_the_first_administrator_form_once_its_store_is_open(
    store: Store, make_context: MakeContext, qtbot: Any
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    helpers.show_active(window, qtbot)
    assert not window.sign_in.first_admin_shown()  # nothing known of the store yet
    window.attach(make_context(store, signed_in=None))
    assert window.sign_in.first_admin_shown()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.sign_in.admin_login)


#: ``run_app`` in a process of its own (its quit ends the task lanes, as the app's should):
#: presses OK on the message box once it is up and prints what it said, and over which window.
CANNOT_OPEN = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from popup.ui.app import run_app

app = QApplication(sys.argv[:1])
said = []

def answer():
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        QTimer.singleShot(20, answer)
        return
    window = box.parentWidget()
    said.append([box.windowTitle(), box.text(), type(window).__name__, window.attached()])
    box.accept()

QTimer.singleShot(20, answer)
code = run_app(Path(sys.argv[1]))
print(json.dumps({"code": code, "said": said}))
"""


def test_a_store_that_cannot_be_opened_is_said_on_the_window_and_the_app_ends_with_2(
    home: Path,
) -> None:
    store_file = paths.store_file(home)
    store_file.parent.mkdir(parents=True, exist_ok=True)
    store_file.write_bytes(b"not a store " * 400)
    done = helpers.run_qt_child(CANNOT_OPEN, str(home))
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 2
    [(title, text, window, attached)] = result["said"]
    assert title == "Popup cannot open its store"
    assert "damaged or is not a Popup store" in text
    # Over the window that was already up (its sign-in screen, no store behind it).
    assert (window, attached) == ("MainWindow", False)
    assert "popup: " in done.stderr and "Traceback" not in done.stderr
    assert store_file.read_bytes() == b"not a store " * 400  # nothing written over it
