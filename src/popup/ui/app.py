"""Start-up: paint the window's frame and sign-in screen first, then open the store (with
clear words if it cannot be opened), build the application context
(:mod:`popup.ui.context`) once and give it to the window.

The store, SQLAlchemy and the pages load after the first paint (#20: cold start): staff see
the sign-in screen, and can type into it, in about a third of the time the whole start takes;
what they type waits in the event queue until the store is open.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from popup import paths

if TYPE_CHECKING:
    from popup.store.db import Store, StoreError
    from popup.store.keys import StoreKey
    from popup.ui.context import AppContext
    from popup.ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: Set (to anything), the app prints "painted <focused widget's class>" on stdout once its
#: window has painted, then "ready <focused widget's class>" once the store is open and the
#: window has it, and quits: how ``benchmarks/cold_start.py`` times a start, frozen too.
QUIT_AFTER_FIRST_PAINT = "POPUP_QUIT_AFTER_FIRST_PAINT"
#: If the window is shown but never painted (another workspace), the store opens after this.
OPEN_UNPAINTED_MS = 3000


def open_store(home: Path, seed_demo: bool, key: StoreKey | None = None) -> Store:
    """The store, opened with ``key`` (default: the one it keeps, :mod:`popup.store.keys`)
    and seeded for the demo. Raises :class:`StoreError` for anything that stops it: a
    damaged, locked, read-only or full store, a missing or wrong key, a failed demo seeding."""
    from popup.store.db import Store, StoreError

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


def _report(app: QApplication, what: str) -> None:
    focus = app.focusWidget()
    sys.stdout.write(f"{what} {type(focus).__name__ if focus is not None else '-'}\n")
    sys.stdout.flush()


class Opening:
    """Opens the store once the window's frame is on screen and gives the window its
    context; says on screen (and on stderr) why not, and ends the app with code 2."""

    def __init__(
        self,
        app: QApplication,
        window: MainWindow,
        home: Path,
        demo: bool,
        sync_server: str | None,
    ) -> None:
        self.app = app
        self.window = window
        self.home = home
        self.demo = demo
        self.sync_server = sync_server
        self.started = False
        self.store: Store | None = None
        self.ctx: AppContext | None = None

    def open(self) -> None:
        if self.started:
            return
        self.started = True
        from popup.store.db import StoreError
        from popup.ui.store_key import KeyNotGiven, key_for_start

        try:
            store = open_store(self.home, self.demo, key_for_start(paths.store_file(self.home)))
        except KeyNotGiven:
            sys.stderr.write("popup: no key was given, so the store was not opened.\n")
            self.app.exit(2)
            return
        except StoreError as exc:
            sys.stderr.write(f"popup: {exc}\n")  # English, for whoever started it from a terminal
            QMessageBox.critical(self.window, *cannot_open_text(exc))
            self.app.exit(2)
            return
        self.store = store
        # Locked until someone signs in (#17): the store refuses every action until then, and
        # the window stays on the sign-in screen (or "create the administrator" on a fresh
        # laptop).
        store.actor = None
        from popup.ui.context import AppContext, SyncSettings

        # The one context: --sync-server URL is used (enrolling first if needed) by the sync page.
        self.ctx = AppContext.create(
            store, self.home, sync=SyncSettings.from_option(self.sync_server)
        )
        self.window.attach(self.ctx)
        if os.environ.get(QUIT_AFTER_FIRST_PAINT):
            _report(self.app, "ready")
            self.app.quit()

    def close(self) -> None:
        if self.ctx is not None:
            self.ctx.close()
        if self.store is not None:
            self.store.close()


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
    from popup.ui.main_window import MainWindow

    window = MainWindow()  # the frame and the sign-in screen; the store opens once it is up
    opening = Opening(app, window, home, demo, sync_server)
    if os.environ.get(QUIT_AFTER_FIRST_PAINT):
        window.firstPainted.connect(lambda: _report(app, "painted"))
    window.firstPainted.connect(opening.open)
    QTimer.singleShot(OPEN_UNPAINTED_MS, window, opening.open)
    show_window(window)
    code = app.exec()
    window.deleteLater()  # before the store closes and before interpreter teardown
    app.processEvents()
    opening.close()
    return int(code)
