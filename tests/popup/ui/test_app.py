"""Start-up (#20: cold start): the window paints its frame and sign-in screen before the store is
open, takes typing from then on, and gets its store afterwards; a store that cannot be opened
is said on that window and the app ends with code 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from popup import paths
from popup.store import keys
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
    helpers.type_in(qtbot, STAFF_PIN)
    assert window.sign_in.who.text() == "sam" and window.sign_in.pin.text() == STAFF_PIN
    assert window.locked()

    helpers.add_staff(demo_store, "sam", "Sam Staff")
    window.attach(make_context(demo_store, signed_in=None))
    # Signed in with what was typed, nothing typed again.
    assert window.attached() and not window.locked()
    assert demo_store.actor is not None and demo_store.actor.login == "sam"
    assert window.modes()[0] == "checkout"
    assert window.sync_label.text().startswith("Offline")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.checkout.patron_field)
    with pytest.raises(RuntimeError):
        window.attach(make_context(demo_store, signed_in=None))
    tasks.wait_idle()


def test_a_login_typed_before_the_store_opens_stays_for_the_pin(
    demo_store: Store, make_context: MakeContext, qtbot: Any
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    helpers.show_active(window, qtbot)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.sign_in.who)
    helpers.type_in(qtbot, "sam")  # a badge scan or a login, then the store opens
    helpers.add_staff(demo_store, "sam", "Sam Staff")
    window.attach(make_context(demo_store, signed_in=None))
    assert window.locked() and window.sign_in.who.text() == "sam"
    assert QApplication.focusWidget() is window.sign_in.pin
    helpers.type_in(qtbot, STAFF_PIN)
    assert not window.locked()
    assert demo_store.actor is not None and demo_store.actor.login == "sam"
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
#: answers the first dialog once it is up (OK to a message box, Cancel to a question) and
#: prints what it was, what it said, over which window, and whether a main window was showing.
ANSWER_FIRST_DIALOG = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from popup.ui.app import run_app
from popup.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])
said = []

def answer():
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, QDialog):
        QTimer.singleShot(20, answer)
        return
    box = isinstance(dialog, QMessageBox)
    showing = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    said.append([
        type(dialog).__name__, dialog.windowTitle(), dialog.text() if box else "",
        type(dialog.parentWidget()).__name__, len(showing),
    ])
    dialog.accept() if box else dialog.reject()

QTimer.singleShot(20, answer)
code = run_app(Path(sys.argv[1]))
print(json.dumps({"code": code, "said": said}))
"""


def first_dialog(child: str, home: Path) -> tuple[int, list[tuple[str, ...]], str]:
    """The exit code of ``child`` (ANSWER_FIRST_DIALOG or a variant) on ``home``, the dialogs
    it answered (kind, title, text, parent, main windows showing) and its stderr."""
    done = helpers.run_qt_child(child, str(home))
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["code"], [tuple(line) for line in result["said"]], done.stderr


def cannot_open(home: Path) -> tuple[int, list[tuple[str, ...]], str]:
    code, said, err = first_dialog(ANSWER_FIRST_DIALOG, home)
    assert "popup: " in err and "Traceback" not in err
    return code, [line[1:] for line in said], err


def test_a_damaged_store_with_its_key_is_said_over_the_window_and_the_app_ends_with_2(
    home: Path,
) -> None:
    # Its key is in a key file (tests/conftest.py): the window paints first, then the store
    # turns out damaged.
    Store.open(paths.store_file(home), paths.backups_dir(home)).close()
    store_file = paths.store_file(home)
    store_file.write_bytes(b"not a store " * 400)
    code, said, _err = cannot_open(home)
    assert code == 2
    [(title, text, parent, showing)] = said
    assert title == "Popup cannot open its store"
    assert "popup recover" in text or "damaged" in text, text
    assert (parent, showing) == ("MainWindow", 1)  # over the window that was already up
    assert store_file.read_bytes() == b"not a store " * 400  # nothing written over it


def test_a_store_without_its_key_record_is_said_before_any_window(home: Path) -> None:
    # No key record: the question of the key (or, here, the refusal) comes first, alone.
    store_file = paths.store_file(home)
    store_file.parent.mkdir(parents=True, exist_ok=True)
    store_file.write_bytes(b"not a store " * 400)
    code, said, _err = cannot_open(home)
    assert code == 2
    [(title, text, parent, showing)] = said
    assert title == "Popup cannot open its store"
    assert "damaged or is not a Popup store" in text
    assert (parent, showing) == ("NoneType", 0)
    assert store_file.read_bytes() == b"not a store " * 400


#: ``run_app`` with a page registered twice (as a clashing add-on page would be): attaching the
#: window fails after the store has opened.
BROKEN_PAGES = ANSWER_FIRST_DIALOG.replace(
    "from popup.ui.app import run_app\n",
    "from popup.ui.app import run_app\nfrom popup.ui import pages\n"
    "pages.PAGES = (*pages.PAGES, pages.PAGES[0])\n",
)


def test_a_failure_while_the_window_is_being_built_is_said_and_the_app_ends_with_1(
    home: Path,
) -> None:
    Store.open(paths.store_file(home), paths.backups_dir(home)).close()
    code, said, err = first_dialog(BROKEN_PAGES, home)
    assert code == 1  # before: the window stayed up, "Opening the store…", for ever
    [(_kind, title, text, parent, showing)] = said
    assert title == "Popup could not start"
    assert text.startswith("Not done:") and "ValueError" in text, text
    assert (parent, showing) == ("MainWindow", 1)
    assert "popup: could not start (ValueError)" in err
    assert "Traceback" not in err


def test_a_passphrase_is_asked_before_the_window_shows(home: Path) -> None:
    # Typing meant for the sign-in screen must not land in a question popping up over it.
    path = paths.store_file(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    made = keys.create(path, keys.KeyStore.PASSPHRASE, passphrase="correct horse battery")
    Store.open(path, key=made).close()
    code, said, err = first_dialog(ANSWER_FIRST_DIALOG, home)
    assert code == 2
    assert [(kind, showing) for kind, _title, _text, _parent, showing in said] == [
        ("PassphraseDialog", 0)
    ]
    assert "no key was given" in err
