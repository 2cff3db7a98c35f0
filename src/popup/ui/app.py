"""Start-up: open the store (with clear words if it cannot be opened), build the application
context (:mod:`popup.ui.context`) once, then show the window."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from popup import paths
from popup.store.db import Store, StoreError
from popup.store.keys import StoreKey

log = logging.getLogger(__name__)

#: Set (to anything), the app prints "painted <focused widget's class>" on stdout once its
#: window has painted, and quits: how ``benchmarks/cold_start.py`` times a start, frozen too.
QUIT_AFTER_FIRST_PAINT = "POPUP_QUIT_AFTER_FIRST_PAINT"


def open_store(home: Path, seed_demo: bool, key: StoreKey | None = None) -> Store:
    """The store, opened with ``key`` (default: the one it keeps, :mod:`popup.store.keys`)
    and seeded for the demo. Raises :class:`StoreError` for anything that stops it: a
    damaged, locked, read-only or full store, a missing or wrong key, a failed demo seeding."""
    store = Store.open(paths.store_file(home), paths.backups_dir(home), key=key)
    if seed_demo and not store.holds_items():  # seeded already: the demo module stays unloaded
        from popup.store import demo

        try:
            demo.seed(store, showcase=True)
        except StoreError:
            store.close()
            raise
    return store


def cannot_open_text(exc: StoreError) -> tuple[str, str]:
    """The start-up message box's title and text for ``exc``, in the UI language."""
    from popup.ui.text import refusal_text

    title = QCoreApplication.translate("app", "Popup cannot open its store")
    return title, refusal_text(exc)


def show_window(window: QMainWindow) -> None:
    """Show ``window`` maximized: the whole screen a window manager leaves, whatever its
    size. Sized to the screen by hand instead, a window on a 1366x768 laptop with a panel, on
    1280x720 or on 1024x600 would leave its status line, Done or the banner off-screen; the
    pages fit down to 1024x600 less a title bar and a panel (tests/popup/ui/test_fit.py)."""
    window.showMaximized()


def _painted_quit(app: QApplication) -> None:
    focus = app.focusWidget()
    sys.stdout.write(f"painted {type(focus).__name__ if focus is not None else '-'}\n")
    sys.stdout.flush()
    app.quit()


def run_app(
    home: Path, demo: bool = False, sync_server: str | None = None, language: str | None = None
) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Popup")
    app.setOrganizationName("Popup")
    app.setDesktopFileName("popup")  # matches packaging/linux/popup.desktop
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "app" / "popup.png")))
    from popup.ui.i18n import LanguageError, set_language

    try:
        set_language(app, language)  # --language, else $POPUP_LANGUAGE, else the system's
    except LanguageError as exc:
        sys.stderr.write(f"popup: {exc}\n")
        return 2
    from popup.ui.store_key import KeyNotGiven, key_for_start

    try:
        store = open_store(home, demo, key_for_start(paths.store_file(home)))
    except KeyNotGiven:
        sys.stderr.write("popup: no key was given, so the store was not opened.\n")
        return 2
    except StoreError as exc:
        sys.stderr.write(f"popup: {exc}\n")  # English, for whoever started it from a terminal
        QMessageBox.critical(None, *cannot_open_text(exc))
        return 2
    # Locked until someone signs in (#17): the store refuses every action until then, and the
    # window opens on the sign-in screen (or "create the administrator" on a fresh laptop).
    store.actor = None
    from popup.ui.context import AppContext, SyncSettings
    from popup.ui.main_window import MainWindow

    # The one context: --sync-server URL is used (enrolling first if needed) by the sync page.
    ctx = AppContext.create(store, home, sync=SyncSettings.from_option(sync_server))
    window = MainWindow(ctx)
    if os.environ.get(QUIT_AFTER_FIRST_PAINT):
        window.firstPainted.connect(lambda: _painted_quit(app))
    show_window(window)
    code = app.exec()
    window.deleteLater()  # before the store closes and before interpreter teardown
    app.processEvents()
    ctx.close()
    store.close()
    return int(code)
