"""Fixtures for the desk UI: a real MainWindow over the demo store file, shown offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from popup.store.db import Store
from popup.ui import tasks
from popup.ui.i18n import set_language
from popup.ui.main_window import MainWindow


@pytest.fixture
def window(demo_store: Store, qtbot: Any) -> Iterator[MainWindow]:
    """The desk window, shown and active, with the checkout page's patron field focused."""
    win = MainWindow(demo_store)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    win.show_mode("checkout")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.checkout.patron_field)
    yield win
    tasks.wait_idle()


@pytest.fixture
def spanish() -> Iterator[QApplication]:
    """Spanish installed as the UI language (as ``popup --language es`` does), then undone.

    Ask for it before ``window`` so the window is built in Spanish.
    """
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QLocale()
    translators = set(app.findChildren(QTranslator))
    set_language(app, "es")
    yield app
    for translator in set(app.findChildren(QTranslator)) - translators:
        app.removeTranslator(translator)
        translator.deleteLater()
    QLocale.setDefault(before)
