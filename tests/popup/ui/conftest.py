"""Fixtures for the desk UI: a real MainWindow over the demo store file, shown offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from popup.store.db import Store
from popup.ui import tasks
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
