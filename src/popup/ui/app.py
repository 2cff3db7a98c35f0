"""Start-up: paint the window's frame and sign-in screen first, then open the store (with
clear words if it cannot be opened), build the application context
(:mod:`popup.ui.context`) once and give it to the window.

The store, SQLAlchemy and the pages load after the first paint (#20: cold start): staff see
the sign-in screen, and can type into it or scan a badge, in about a third of the time the
whole start takes; what they type waits for the store (a sign-in asked for meanwhile goes
ahead once it is open). Only where no question comes first (:func:`paints_first`): a first
start (where the key goes may be asked; the store is made) and a store kept under a
passphrase (asked at every start) ask and open before the window shows, so that what is typed
for the window never lands in a question that pops up over it.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

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


def paints_first(store_file: Path) -> bool:
    """Whether the window may paint before ``store_file`` is open: the store exists and its key
    needs no question (it is in the credential store or a key file). Reads the key record
    alone (:mod:`popup.store.keys` loads without SQLAlchemy)."""
    from popup.store import keys
    from popup.store.errors import StoreError

    if not store_file.exists():
        return False
    try:
        record = keys.read_record(store_file)
    except StoreError:
        return False  # said by the opening, before the window
    return record is not None and record.where is not keys.KeyStore.PASSPHRASE


class Opening:
    """Opens the store and gives the window its context (:meth:`open`); says over the window
    (and on stderr) why not, and ends the app: code 2 for a store that cannot be opened or a
    key not given, 1 for anything unexpected."""

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
        # The exit code when opening failed (None: it has not, or not yet).
        self.failed: int | None = None
        self.store: Store | None = None
        self.ctx: AppContext | None = None
        self._report = bool(os.environ.get(QUIT_AFTER_FIRST_PAINT))
        if self._report:
            window.firstPainted.connect(self._painted)

    def open_after_paint(self) -> None:
        """The window is on screen (or was shown long enough ago): open now, unless it was
        closed meanwhile (then nothing is opened, made or asked)."""
        if self.window.isVisible():
            self.open()

    def open(self) -> bool:
        """Open the store and attach the window; False (and ``failed`` set, the app told to
        exit) if that could not be done."""
        if self.started:
            return self.failed is None
        self.started = True
        from popup.store.db import StoreError
        from popup.ui.store_key import KeyNotGiven, key_for_start

        try:
            store = open_store(self.home, self.demo, key_for_start(paths.store_file(self.home)))
        except KeyNotGiven:
            sys.stderr.write("popup: no key was given, so the store was not opened.\n")
            return self._fail(2)
        except StoreError as exc:
            sys.stderr.write(f"popup: {exc}\n")  # English, for whoever started it from a terminal
            QMessageBox.critical(self._parent(), *cannot_open_text(exc))
            return self._fail(2)
        self.store = store
        # Locked until someone signs in (#17): the store refuses every action until then, and
        # the window stays on the sign-in screen (or "create the administrator" on a fresh
        # laptop).
        store.actor = None
        try:
            from popup.ui.context import AppContext, SyncSettings

            # The one context: --sync-server URL is used (enrolling first if needed) by the
            # sync page.
            self.ctx = AppContext.create(
                store, self.home, sync=SyncSettings.from_option(self.sync_server)
            )
            self.window.attach(self.ctx)
        except Exception as exc:  # a bug, a full disk, …: said over the window, not a hang
            from popup.ui.actions import describe, log_failure

            failure = describe(exc, writes=False)
            log_failure("start", failure, exc)
            sys.stderr.write(f"popup: could not start ({failure.reason})\n")
            title = QCoreApplication.translate("app", "Popup could not start")
            QMessageBox.critical(self._parent(), title, failure.text)
            return self._fail(1)
        if self._report and self.window.painted():
            self._ready()
        return True

    def _parent(self) -> QWidget | None:
        return self.window if self.window.isVisible() else None

    def _fail(self, code: int) -> bool:
        self.failed = code
        self.app.exit(code)
        return False

    def _painted(self) -> None:
        _report(self.app, "painted")
        if self.window.attached():  # opened before the window showed: ready as it paints
            self._ready()

    def _ready(self) -> None:
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

    window = MainWindow()  # the frame and the sign-in screen
    opening = Opening(app, window, home, demo, sync_server)
    if paints_first(paths.store_file(home)):
        window.firstPainted.connect(opening.open_after_paint)
        QTimer.singleShot(OPEN_UNPAINTED_MS, window, opening.open_after_paint)
    elif not opening.open():  # a question first, or a first start: before the window shows
        window.deleteLater()
        opening.close()
        return opening.failed or 1
    show_window(window)
    code = app.exec()
    window.deleteLater()  # before the store closes and before interpreter teardown
    app.processEvents()
    opening.close()
    return int(code)
