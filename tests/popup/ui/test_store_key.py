"""The store's key at start-up (popup.ui.store_key): the passphrase asked from the keyboard
only, a wrong one said in words and asked again, the administrator's choice on a computer
without a credential store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox

from popup import paths
from popup.store import keys
from popup.store.db import Store, StoreError
from popup.ui.store_key import KeyNotGiven, PassphraseDialog, key_for_start

PASSPHRASE = "correct horse battery"


def _type(qtbot: Any, text: str) -> None:
    """Type into the focused widget and press Enter, as a person does."""
    focused = QApplication.focusWidget()
    assert isinstance(focused, QLineEdit)
    qtbot.keyClicks(focused, text)
    qtbot.keyClick(focused, Qt.Key.Key_Return)


def _when_modal(steps: list[Callable[[QDialog], None]]) -> list[str]:
    """Run each step on the next modal dialog when it shows; returns the problems it showed."""
    seen: list[str] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog) or not dialog.isVisible():
            QTimer.singleShot(20, poll)
            return
        focused = QApplication.focusWidget()
        if focused is None or not dialog.isAncestorOf(focused):
            dialog.activateWindow()  # the keyboard goes where a person's would: the dialog
            QTimer.singleShot(20, poll)
            return
        if isinstance(dialog, PassphraseDialog):
            seen.append(dialog.problem.text() if dialog.problem.isVisible() else "")
        step = steps.pop(0)
        step(dialog)
        if steps:
            QTimer.singleShot(50, poll)

    QTimer.singleShot(0, poll)
    return seen


def test_a_new_passphrase_is_checked_from_the_keyboard(qtbot: Any) -> None:
    dialog = PassphraseDialog(new=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.passphrase)
    _type(qtbot, "short")
    assert dialog.isVisible() and "at least 8 character" in dialog.problem.text()
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Tab)
    _type(qtbot, "something else entirely")
    assert dialog.isVisible() and "differ" in dialog.problem.text()
    assert QApplication.focusWidget() is dialog.again
    _type(qtbot, PASSPHRASE)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.value() == PASSPHRASE


def test_a_passphrase_store_asks_again_after_a_wrong_one(home: Path, qtbot: Any) -> None:
    path = paths.store_file(home)
    made = keys.create(path, keys.KeyStore.PASSPHRASE, passphrase=PASSPHRASE)
    Store.open(path, key=made).close()

    def type_text(text: str) -> Callable[[QDialog], None]:
        return lambda dialog: _type(qtbot, text)

    problems = _when_modal([type_text("wrong horse battery"), type_text(PASSPHRASE)])
    key = key_for_start(path)

    assert key == made
    assert problems[0] == ""
    assert problems[1].startswith("That passphrase does not open the store")
    Store.open(path, key=key).close()


def test_three_wrong_passphrases_are_refused_in_words(home: Path, qtbot: Any) -> None:
    path = paths.store_file(home)
    keys.create(path, keys.KeyStore.PASSPHRASE, passphrase=PASSPHRASE)
    steps: list[Callable[[QDialog], None]] = [lambda d: _type(qtbot, "nope nope nope")] * 3
    _when_modal(steps)
    with pytest.raises(StoreError) as refused:
        key_for_start(path)
    assert refused.value.key == "WRONG_PASSPHRASE"


@pytest.fixture
def no_credential_store() -> Iterator[None]:
    """keyring's fail backend, as on a computer without a credential store."""
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.mark.usefixtures("no_credential_store")
def test_without_a_credential_store_the_administrator_chooses(
    home: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(keys.ENV_KEY_STORE)
    path = paths.store_file(home)
    said: list[str] = []

    def choose_file(box: QDialog) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        qtbot.keyClick(box, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)

    _when_modal([choose_file])
    key = key_for_start(path)

    assert said and said[0].startswith("This computer has no credential store Popup can use")
    record = keys.read_record(path)
    assert key is not None and record is not None and record.where is keys.KeyStore.FILE
    Store.open(path, key=key).close()

    other = home / "other.sqlite3"
    _when_modal([lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape)])
    with pytest.raises(KeyNotGiven):
        key_for_start(other)
    assert keys.read_record(other) is None
