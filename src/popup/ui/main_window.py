"""The main window: header (library, today's stop, date), mode switcher, sync status.

Other screens plug in here. The public API:

* ``window.add_mode(key, title, widget, shortcut)`` adds a page to the mode switcher with a
  visible shortcut (e.g. ``"F7"``). If ``widget`` has a ``handle_scan(text: str)`` method,
  keyboard-wedge scans made while its mode is showing go there; if it also has
  ``active_scan_field() -> QLineEdit | None``, that field is kept focused and receives scans
  typed into it directly. A widget with an ``activate()`` method has it called when shown, and
  one with a ``deactivate()`` method has it called when another mode replaces it.
* ``window.show_mode(key)`` switches mode (``"checkout"``, ``"return"``, ``"in_house"`` or an
  added key).
* ``window.start_checkout(card_number)`` switches to checkout and serves that patron (sign-up
  hands a new patron straight over).
* ``window.set_sync_status(text)`` replaces the status text (the sync client calls it); until it
  is first called the window shows "Offline, N waiting to upload" from the outbox.
* ``window.menuBar()`` has a File menu (``window.file_menu``) others may add actions to.
* ``window.desk`` is the :class:`~popup.store.circulation.Desk` over the window's store.

Pages by other engineers are registered in :func:`install_modes` (one line each).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from popup.domain.due_dates import local_date
from popup.store import outbox
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.models import Stop
from popup.ui.desk.base import ScanPage
from popup.ui.desk.checkout import CheckoutPage
from popup.ui.desk.in_house import InHousePage
from popup.ui.desk.returns import ReturnPage
from popup.ui.feedback import Outcome, Sounds
from popup.ui.scanner import WedgeFilter
from popup.ui.text import long_date_text
from popup.ui.widgets import LiveText

#: Base point size for the whole window: readable at arm's length on a 1366x768 laptop.
BASE_POINT_SIZE = 13


@dataclass
class Mode:
    key: str
    title: str
    widget: QWidget
    shortcut: str
    button: QPushButton


def install_modes(window: MainWindow) -> None:
    """Register the other engineers' pages. ONE LINE EACH, in the marked list below.

    Each line imports lazily and calls ``window.add_mode(key, title, widget, shortcut)``
    (or a helper in its own package that does). Keep F2-F4 for the desk, F5/F6 for scan
    fields, F8 slip, F9 camera, F12 Done.
    """
    # ---- other engineers' pages: one line each -------------------------------------------
    # e.g. from popup.ui.signup import install; install(window)        # sign-up (F7)
    # e.g. from popup.ui.events import install; install(window)        # events (F10)
    # e.g. from popup.ui.sync import install; install(window)          # sync (F11)
    from popup.ui.signup import install as install_signup  # sign-up (F7)

    install_signup(window)
    from popup.ui.events import install as install_events  # events (F10), report (Ctrl+F10)

    install_events(window)
    from popup.ui.sync import install as install_sync  # sync + exceptions inbox (F11)

    install_sync(window)
    from popup.ui.interop_actions import install_file_menu_actions  # File: MARC/CSV/KOC/xacts

    install_file_menu_actions(window, window.desk.store)
    # ---- end of list -------------------------------------------------------------------------


def todays_stop(desk: Desk, now: datetime | None = None) -> Stop | None:
    """The stop whose scheduled day(s) cover today in the library's zone, if any."""
    now = now or datetime.now(UTC)
    zone = desk.config.zone
    today = local_date(now, zone)
    with desk.store.read() as session:
        for stop in session.scalars(select(Stop).order_by(Stop.starts_at)):
            if stop.starts_at is None:
                continue
            first = local_date(stop.starts_at, zone)
            last = local_date(stop.ends_at, zone) if stop.ends_at else first
            if first <= today <= last:
                session.expunge(stop)
                return stop
    return None


class MainWindow(QMainWindow):
    """Popup's desk window.

    Signals:
        modeChanged(str): the mode with this key is now showing.
        actionRecorded(int): a desk action was written (its outbox seq); the sync client may
            listen to upload sooner.

    Attributes:
        desk: the circulation desk over ``store``.
        store: the open store.
        sounds: outcome sounds (silent in tests).
        wedge: the app-wide keyboard-wedge filter.
        file_menu: the File menu; others may add actions.
        checkout, returns, in_house: the desk pages.
    """

    modeChanged = Signal(str)
    actionRecorded = Signal(int)

    def __init__(
        self,
        store: Store,
        desk: Desk | None = None,
        sounds: Sounds | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.desk = desk or (Desk(store, clock=clock) if clock else Desk(store))
        self.sounds = sounds or Sounds(self)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._modes: dict[str, Mode] = {}
        self._external_status = False
        cfg = self.desk.config
        self.setWindowTitle(self.tr("Popup — {0}").format(cfg.library_name))
        self.setMinimumSize(1024, 640)
        self.resize(1366, 768)
        font = QFont(self.font())
        font.setPointSize(BASE_POINT_SIZE)
        self.setFont(font)

        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(10, 6, 10, 6)
        outer.setSpacing(6)
        outer.addWidget(self._build_header(central))

        body = QHBoxLayout()
        self._sidebar = QVBoxLayout()
        self._sidebar.setSpacing(6)
        self._mode_buttons = QButtonGroup(self)
        self._mode_buttons.setExclusive(True)
        self._sidebar_end = QVBoxLayout()
        sidebar_frame = QFrame(central)
        sidebar_frame.setObjectName("sidebar")
        sidebar_frame.setFixedWidth(190)
        side = QVBoxLayout(sidebar_frame)
        side.setContentsMargins(0, 0, 0, 0)
        side.addLayout(self._sidebar)
        side.addStretch(1)
        side.addLayout(self._sidebar_end)
        body.addWidget(sidebar_frame)
        self.stack = QStackedWidget(central)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        self.sync_label = LiveText(self, point_size=14)
        self.sync_label.setAccessibleName(self.tr("Sync status"))
        self.sync_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.sync_label.setFixedWidth(700)  # "Online · N waiting to upload · last sync …": 1 line
        self.sync_label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.statusBar().addPermanentWidget(self.sync_label)
        self.statusBar().setStyleSheet("QStatusBar { font-size: 13pt; }")

        self.file_menu: QMenu = self.menuBar().addMenu(self.tr("&File"))
        self.edit_menu: QMenu = self.menuBar().addMenu(self.tr("&Edit"))
        self.mode_menu: QMenu = self.menuBar().addMenu(self.tr("&Mode"))
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.file_menu.addAction(quit_action)

        self.checkout = CheckoutPage(self.desk, self.sounds, self)
        self.returns = ReturnPage(self.desk, self.sounds, self)
        self.in_house = InHousePage(self.desk, self.sounds, self)
        self.add_mode("checkout", self.tr("Checkout"), self.checkout, "F2")
        self.add_mode("return", self.tr("Return"), self.returns, "F3")
        self.add_mode("in_house", self.tr("In-house use"), self.in_house, "F4")
        for page in (self.checkout, self.returns, self.in_house):
            page.recorded.connect(self.on_recorded)
            page.undone.connect(self._on_page_undone)

        self._add_desk_actions()
        self.wedge = WedgeFilter(self.active_scan_field, self)
        self.wedge.scanned.connect(self.on_wedge_scan)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.installEventFilter(self.wedge)
            app.focusChanged.connect(self.on_focus_changed)
        install_modes(self)
        self.show_mode("checkout")
        self.refresh_status()

        # The header date and stop roll over at midnight without a restart.
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(60_000)
        self._clock_timer.timeout.connect(self.refresh_header)
        self._clock_timer.start()

    # -- header --------------------------------------------------------------------------------

    def _build_header(self, parent: QWidget) -> QWidget:
        header = QFrame(parent)
        header.setObjectName("header")
        header.setStyleSheet(
            "#header { background: #1f3a5f; border-radius: 6px; } #header QLabel { color: white; }"
        )
        row = QHBoxLayout(header)
        row.setContentsMargins(14, 6, 14, 6)
        self.library_label = QLabel(header)
        self.library_label.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.library_label.setAccessibleName(self.tr("Library and branch"))
        self.stop_label = QLabel(header)
        self.stop_label.setStyleSheet("font-size: 14pt;")
        self.stop_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.stop_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stop_label.setAccessibleName(self.tr("Today's stop"))
        self.date_label = QLabel(header)
        self.date_label.setStyleSheet("font-size: 14pt;")
        self.date_label.setAccessibleName(self.tr("Date"))
        row.addWidget(self.library_label)
        row.addWidget(self.stop_label, 1)
        row.addWidget(self.date_label)
        self.refresh_header()
        return header

    def refresh_header(self) -> None:
        cfg = self.desk.config
        self.library_label.setText(self.tr("{0} — {1}").format(cfg.library_name, cfg.branch_name))
        now = self._clock()
        stop = todays_stop(self.desk, now)
        if stop is None:
            self.stop_label.setText(self.tr("No stop scheduled"))
        else:
            times = ""
            if stop.starts_at and stop.ends_at:
                zone = cfg.zone
                start = stop.starts_at.astimezone(zone) if zone else stop.starts_at.astimezone()
                end = stop.ends_at.astimezone(zone) if zone else stop.ends_at.astimezone()
                times = f"  {start:%H:%M}–{end:%H:%M}"
            self.stop_label.setText(self.tr("Today: {0}").format(f"{stop.name}{times}"))
            self.stop_label.setToolTip(stop.place or "")
        self.date_label.setText(long_date_text(local_date(now, cfg.zone)))

    # -- modes ---------------------------------------------------------------------------------

    def add_mode(self, key: str, title: str, widget: QWidget, shortcut: str) -> None:
        """Add a page to the mode switcher, reachable with ``shortcut`` (shown on its button)."""
        if key in self._modes:
            raise ValueError(f"mode {key!r} is already registered")
        button = QPushButton(f"{title}\n{shortcut}", self)
        button.setCheckable(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAccessibleName(title)
        button.setAccessibleDescription(self.tr("Shortcut {0}").format(shortcut))
        button.setMinimumHeight(64)
        button.setStyleSheet(
            "QPushButton { font-size: 15pt; text-align: left; padding: 6px 12px; }"
            " QPushButton:checked { background: #1f3a5f; color: white; font-weight: bold; }"
        )
        self._mode_buttons.addButton(button)
        self._sidebar.addWidget(button)
        self.stack.addWidget(widget)
        mode = Mode(key, title, widget, shortcut, button)
        self._modes[key] = mode
        button.clicked.connect(lambda _checked=False, k=key: self.show_mode(k))
        action = QAction(f"{title}", self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False, k=key: self.show_mode(k))
        self.mode_menu.addAction(action)
        self.addAction(action)

    def show_mode(self, key: str) -> None:
        mode = self._modes.get(key)
        if mode is None:
            raise KeyError(f"no mode {key!r}; known: {', '.join(self._modes)}")
        leaving = self.stack.currentWidget()
        if leaving is not mode.widget:
            deactivate = getattr(leaving, "deactivate", None)
            if callable(deactivate):
                deactivate()
        self.stack.setCurrentWidget(mode.widget)
        mode.button.setChecked(True)
        activate = getattr(mode.widget, "activate", None)
        if callable(activate):
            activate()
        self.modeChanged.emit(key)

    def current_mode(self) -> str:
        current = self.stack.currentWidget()
        for key, mode in self._modes.items():
            if mode.widget is current:
                return key
        return ""

    def modes(self) -> list[str]:
        return list(self._modes)

    def start_checkout(self, card_number: str) -> None:
        """Switch to checkout and serve ``card_number`` (e.g. a patron just signed up)."""
        self.show_mode("checkout")
        self.checkout.start(card_number)

    # -- scanning ------------------------------------------------------------------------------

    def active_scan_field(self) -> QLineEdit | None:
        # Another top-level window (a report, a file dialog) has the keyboard: leave it alone.
        if (
            not self.isActiveWindow()
            and QApplication.activeModalWidget() is None
            and QApplication.activeWindow() is not None
        ):
            return None
        widget = self.stack.currentWidget()
        getter = getattr(widget, "active_scan_field", None)
        field = getter() if callable(getter) else None
        return field if isinstance(field, QLineEdit) else None

    def on_wedge_scan(self, text: str) -> None:
        if QApplication.activeModalWidget() is not None:
            self.sounds.play(Outcome.PROBLEM)
            self.statusBar().showMessage(
                self.tr("Finish the open prompt first; that scan was not used."), 8000
            )
            return
        widget = self.stack.currentWidget()
        handler = getattr(widget, "handle_scan", None)
        if callable(handler):
            handler(text)

    def on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # Clicking a label or empty space leaves no focus: give it back to the scan field.
        if new is None and self.isActiveWindow() and QApplication.activeModalWidget() is None:
            field = self.active_scan_field()
            if field is not None and field.isEnabled():
                QTimer.singleShot(0, field.setFocus)

    def _add_desk_actions(self) -> None:
        def act(text: str, keys: str | QKeySequence.StandardKey, slot: Callable[[], Any]) -> None:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _checked=False: slot())
            self.edit_menu.addAction(action)
            self.addAction(action)

        act(self.tr("Undo last scan"), "Ctrl+Z", self.undo_last)
        act(self.tr("Patron card field"), "F5", self._focus_patron)
        act(self.tr("Item field"), "F6", self._focus_item)
        act(self.tr("Show due-date slip"), "F8", self.checkout.show_slip)
        act(self.tr("Print due-date slip"), "Ctrl+P", self.checkout.print_slip)
        act(self.tr("Camera"), "F9", self._camera)
        act(self.tr("Done: next patron / clear list"), "F12", self._done)
        act(self.tr("Renew selected loan"), "Ctrl+R", self.checkout.renew_selected)
        act(self.tr("Renew all loans"), "Ctrl+Shift+R", self.checkout.renew_all)
        back = QShortcut(QKeySequence("Esc"), self)
        back.activated.connect(self._escape)

    def _page(self) -> ScanPage | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, ScanPage) else None

    def undo_last(self) -> None:
        page = self._page()
        if page is not None:
            page.undo_last()

    def _focus_patron(self) -> None:
        self.show_mode("checkout")
        if self.checkout.patron is None:
            self.checkout.patron_field.setFocus()

    def _focus_item(self) -> None:
        page = self._page()
        if page is not None:
            page.focus_scan()

    def _camera(self) -> None:
        if self.current_mode() != "checkout":
            self.show_mode("checkout")
        self.checkout.toggle_camera()

    def _done(self) -> None:
        page = self._page()
        done = getattr(page, "done", None)
        if callable(done):
            done()

    def _escape(self) -> None:
        if self.current_mode() == "checkout":
            self.checkout.handle_key_escape()
        else:
            self._focus_item()

    def _on_page_undone(self, target_seq: int) -> None:
        for page in (self.checkout, self.returns, self.in_house):
            for model in page.models:
                model.mark_undone(target_seq)

    # -- status --------------------------------------------------------------------------------

    def on_recorded(self, seq: int) -> None:
        self.refresh_status()
        self.actionRecorded.emit(seq)

    def waiting_count(self) -> int:
        with self.store.read() as session:
            return outbox.pending_count(session)

    def refresh_status(self) -> None:
        """Show "Offline, N waiting to upload" unless the sync client has taken over."""
        if self._external_status:
            return
        waiting = self.waiting_count()
        if waiting:
            text = self.tr("Offline, {0} waiting to upload").format(waiting)
        else:
            text = self.tr("Offline, nothing waiting to upload")
        self.sync_label.setText(text)

    def set_sync_status(self, text: str) -> None:
        """Replace the sync status text (called by the sync client on the GUI thread)."""
        self._external_status = True
        self.sync_label.setText(text)

    # -- lifecycle -----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self.wedge)
            if isinstance(app, QApplication):
                app.focusChanged.disconnect(self.on_focus_changed)
        self.checkout.stop_camera()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh_header()
        super().changeEvent(event)


__all__ = ["MainWindow", "Mode", "install_modes", "todays_stop"]
