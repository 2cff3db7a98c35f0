"""Fixtures for the UI: the application context and a real MainWindow over a real store file,
shown offscreen."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from popup import paths
from popup.store import demo
from popup.store.db import Store
from popup.ui import tasks
from popup.ui.context import AppContext
from popup.ui.i18n import set_language
from popup.ui.main_window import MainWindow
from popup.ui.page import Page
from popup.ui.pages import PAGES
from tests.helpers.desk import MakeContext, MakeWindow, show_active, sign_in_as


@pytest.fixture
def make_context() -> Iterator[MakeContext]:
    """``make_context(store, signed_in="staff", **options)``: :meth:`AppContext.create` with
    a staff member signed in (``signed_in="volunteer"``: a volunteer; None: nobody, the window
    opens on the sign-in screen), closed after the test."""
    made: list[AppContext] = []

    def make(store: Store, signed_in: str | None = "staff", **options: Any) -> AppContext:
        ctx = AppContext.create(store, **options)
        sign_in_as(ctx, signed_in)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


@pytest.fixture
def make_window(make_context: MakeContext, qtbot: Any) -> MakeWindow:
    """``make_window(store, pages=PAGES, signed_in="staff", **context_options)``: the whole
    window (a staff member signed in; see ``make_context``), closed after the test."""

    def make(store: Store, pages: Sequence[type[Page]] = PAGES, **options: Any) -> MainWindow:
        win = MainWindow(make_context(store, **options), pages)
        qtbot.addWidget(win)
        return win

    return make


def _at_checkout(store: Store, make_window: MakeWindow, qtbot: Any) -> Iterator[MainWindow]:
    win = make_window(store)
    show_active(win, qtbot)
    win.show_mode("checkout")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.checkout.patron_field)
    yield win
    tasks.wait_idle()


@pytest.fixture
def window(demo_store: Store, make_window: MakeWindow, qtbot: Any) -> Iterator[MainWindow]:
    """The desk window, shown and active, with the checkout page's patron field focused."""
    yield from _at_checkout(demo_store, make_window, qtbot)


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


@pytest.fixture
def quick_store(home: Path) -> Iterator[Store]:
    """The demo store opened with a 200 ms busy timeout, so that a write under another program's
    lock fails in a fifth of a second instead of five (what the desk does with it is the same).
    """
    opened = Store.open(paths.store_file(home), paths.backups_dir(home), busy_timeout_ms=200)
    demo.seed(opened, items=300, patrons=80)
    yield opened
    opened.close()


@pytest.fixture
def quick_window(quick_store: Store, make_window: MakeWindow, qtbot: Any) -> Iterator[MainWindow]:
    """The desk window over :func:`quick_store`, shown and active, on checkout."""
    yield from _at_checkout(quick_store, make_window, qtbot)
