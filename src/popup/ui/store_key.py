"""At start-up, before the store opens: where the store's key is kept (:mod:`popup.store.keys`).

Where the computer has a credential store, nothing is asked: the key is kept there. Where it has
none (keyring's fail/null backends), the window says so plainly at the first start and lets the
administrator choose a key file or a passphrase asked at every start; a store locked with a
passphrase asks for it at every start. Everything works from the keyboard: the choice's buttons
take Tab and Enter (and their underlined letters), the passphrase field has the focus, Enter
confirms and Escape cancels.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from popup.store import keys
from popup.store.db import StoreError
from popup.ui.text import refusal_text

log = logging.getLogger(__name__)

#: Wrong passphrases allowed at one start before Popup quits (start it again to retry).
TRIES = 3


class KeyNotGiven(Exception):
    """The administrator cancelled: the store is not opened."""


class PassphraseDialog(QDialog):
    """Asks for the store's passphrase (twice for a new one)."""

    def __init__(self, new: bool, problem: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Popup: the store's passphrase"))
        # Wide enough that the explanation reads in a few lines, not a narrow column.
        self.setMinimumWidth(460)
        self._new = new
        layout = QVBoxLayout(self)
        if new:
            intro = self.tr(
                "Choose the passphrase that locks this laptop's store. It is asked at every"
                " start; without it nobody, not even the administrator, can read the store."
                " At least %n character(s).",
                "",
                keys.MIN_PASSPHRASE,
            )
        else:
            intro = self.tr("Type the passphrase of this laptop's store.")
        self._intro = QLabel(intro)
        self._intro.setWordWrap(True)
        layout.addWidget(self._intro)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        layout.addWidget(self.passphrase)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName(self.tr("The same passphrase again"))
        self.again.setPlaceholderText(self.tr("The same passphrase again"))
        self.again.setVisible(new)
        layout.addWidget(self.again)
        self.problem = QLabel(problem)
        self.problem.setWordWrap(True)
        self.problem.setVisible(bool(problem))
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.passphrase.setFocus()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(True)

    def _confirm(self) -> None:
        typed = self.passphrase.text()
        if self._new and len(typed) < keys.MIN_PASSPHRASE:
            self._say(
                self.tr("Choose a passphrase of at least %n character(s).", "", keys.MIN_PASSPHRASE)
            )
            self.passphrase.setFocus()
            return
        if self._new and self.again.text() != typed:
            self._say(self.tr("The two passphrases differ: type the same one twice."))
            self.again.clear()
            self.again.setFocus()
            return
        if not typed:
            self.passphrase.setFocus()
            return
        self.accept()

    def value(self) -> str:
        return self.passphrase.text()


def ask_passphrase(new: bool, problem: str = "") -> str | None:
    dialog = PassphraseDialog(new, problem)
    try:
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def choose_key_store(backend: str) -> keys.KeyStore | None:
    """Ask the administrator where the key goes on a computer without a credential store."""
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(
        QCoreApplication.translate("store_key", "Popup: where to keep the store's key")
    )
    box.setText(
        QCoreApplication.translate(
            "store_key",
            "This computer has no credential store Popup can use ({backend}), so the key that"
            " encrypts Popup's store cannot be kept there.",
        ).format(backend=backend)
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "store_key",
            "Choose where to keep it. A key file is kept beside the store, readable only by"
            " you: the store opens by itself, but a thief who takes the laptop takes the key"
            " too. A passphrase is asked at every start and kept nowhere: the store stays"
            " locked without it.",
        )
    )
    file_button = box.addButton(
        QCoreApplication.translate("store_key", "Key &file"), QMessageBox.ButtonRole.AcceptRole
    )
    phrase_button = box.addButton(
        QCoreApplication.translate("store_key", "&Passphrase"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(phrase_button)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    if clicked is file_button:
        return keys.KeyStore.FILE
    if clicked is phrase_button:
        return keys.KeyStore.PASSPHRASE
    return None


def key_for_start(store: Path) -> keys.StoreKey | None:
    """The key to open ``store`` with, asked for where it must be; None when
    :meth:`Store.open` finds it by itself (the credential store, a key file). Raises
    :class:`KeyNotGiven` when the administrator cancels, :class:`StoreError` when the key
    cannot be made or read."""
    record = keys.read_record(store)
    if record is None:  # the first start: keyring is imported only now, or for its key
        status = keys.keyring_status()
        if status.usable:
            return None
        log.info("no OS credential store (%s) for the store key", status.backend)
        if os.environ.get(keys.ENV_KEY_STORE):  # chosen beforehand: said plainly, not asked
            sys.stderr.write(
                f"popup: this computer has no credential store ({status.backend}); the store's"
                f" key goes where {keys.ENV_KEY_STORE} says.\n"
            )
            return None
        where = choose_key_store(status.backend)
        if where is None:
            raise KeyNotGiven
        if where is keys.KeyStore.FILE:
            return keys.create(store, where)
        passphrase = ask_passphrase(new=True)
        if passphrase is None:
            raise KeyNotGiven
        return keys.create(store, where, passphrase=passphrase)
    if record.where is not keys.KeyStore.PASSPHRASE:
        return None
    problem: StoreError | None = None
    for _ in range(TRIES):
        passphrase = ask_passphrase(new=False, problem=refusal_text(problem) if problem else "")
        if passphrase is None:
            raise KeyNotGiven
        try:
            return keys.load(record, store, passphrase)
        except StoreError as exc:
            if exc.key != "WRONG_PASSPHRASE":
                raise
            problem = exc
    assert problem is not None
    raise problem
