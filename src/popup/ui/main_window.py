"""The main window: header (library, today's stop, date), the pages, sync status.

It is built from the application context and the page registry::

    window = MainWindow(ctx)                 # every page in popup.ui.pages.PAGES
    window = MainWindow(ctx, DESK_PAGES)     # the circulation desk alone (a benchmark)
    window = MainWindow(); window.attach(ctx)  # start-up: the frame first (below)

and registers one of each page, with its sidebar button, Mode-menu entry and shortcut (see
:mod:`popup.ui.page` for writing a page, :mod:`popup.ui.pages` for registering it). A page is
built when it is first shown or asked for (``page()``, ``page_of()``): start-up builds the
checkout page alone, and pages that work in the background (``Page.build_early``, the sync
page) once the window has painted. Until then its button, menu entry and shortcut work the
same: they build it. The rest of its public API:

* ``window.show_mode(key)``, ``current_mode()``, ``modes()``; ``window.page(key)`` and
  ``window.page_of(PageClass)`` give the page itself, typed.
* ``window.start_checkout(card_number)`` switches to checkout and serves that patron (any
  page's ``checkoutRequested`` signal does the same: sign-up hands a new patron over).
* ``window.set_sync_status(text)`` replaces the status text (any page's ``status_text``
  signal does: the sync page's); until then the window shows "Offline, N waiting to upload".
* Start-up (#20: cold start) paints the frame first: ``MainWindow()`` without a context is
  the header, the menus and the sign-in screen (whose fields take typing already), built from
  Qt and this package's light modules alone; :mod:`popup.ui.app` then opens the store and
  calls ``window.attach(ctx)``, which builds the rest. ``window.attached()`` says whether it
  has happened. Until then the header is empty and the status line says the store is opening.
* ``window.firstPainted``: emitted once, after the window's first paint; what start-up can do
  later (the eager pages, the camera probe) waits for it, so staff see the desk sooner.
* ``window.clock_bar``: the clock warning above the pages (``ctx.clock_watch`` says when).
* ``window.idle``: the idle watch (:mod:`popup.ui.idle`); after the ``idle_clear_seconds``
  setting without a key, click or scan, ``clear_patrons`` has every page forget its patron.
* ``window.user_label``: who is signed in and their role, at the right of the menu bar.
* ``window.file_menu`` / ``edit_menu`` / ``mode_menu``; ``window.ctx`` (and its ``store``,
  ``desk``, ``sounds``).
* Staff sign-in (#17): while ``store.actor`` is None the window shows ``window.sign_in`` (the
  sign-in screen, :mod:`popup.ui.staff.signin`) instead of the pages, with every shortcut but
  Quit inert. ``window.lock(note)`` clears every page (as the idle clear does), signs out
  and shows it: after the ``idle_lock_seconds`` setting without a key, click or scan
  (``window.idle_lock``), when the laptop has slept (the lid closed between stops:
  ``window.sleep_watch``; not where the library set no idle lock), and on Ctrl+L (switch
  user). Signing in shows an empty checkout.
  A volunteer sees only the pages their role may use (``Page.needs``); the others' buttons
  are hidden and their shortcuts, like the desk keys they may not use, do nothing.

What the store says changed (``ctx.changes``) keeps the header (settings, stops) and the status
line (the outbox) current.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QFont,
    QKeySequence,
    QPaintEvent,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from popup.domain.staff import Capability, Role
from popup.ui import palette
from popup.ui.scanner import WedgeFilter
from popup.ui.staff.signin import SignInScreen
from popup.ui.widgets import LiveText, PageScroll

# The window's frame and its sign-in screen are painted before the store is open (#20: cold
# start): this module loads nothing of the store, the pages or their texts until
# MainWindow.attach() (they are imported there, or in the method that needs them).
if TYPE_CHECKING:
    from popup.domain.clock import ClockWarning
    from popup.store.circulation import Desk
    from popup.store.db import Store
    from popup.store.notify import StoreChange
    from popup.store.staff import Actor
    from popup.ui.clock_warning import ClockBar
    from popup.ui.context import AppContext
    from popup.ui.desk.checkout import CheckoutPage
    from popup.ui.desk.in_house import InHousePage
    from popup.ui.desk.returns import ReturnPage
    from popup.ui.feedback import Sounds
    from popup.ui.idle import IdleWatch, SleepWatch
    from popup.ui.page import Page

P = TypeVar("P", bound="Page")

#: Base point size for the whole window: readable at arm's length on a 1366x768 laptop.
BASE_POINT_SIZE = 13
#: The smallest window every page fits without cutting a text or a button: a 1024x600 netbook
#: or tablet less a title bar and a panel (tests/popup/ui/test_fit.py holds it to that).
MINIMUM_WIDTH, MINIMUM_HEIGHT = 1000, 520
#: The most the sidebar's buttons ask for: what a 540-pixel window leaves beside the header.
#: More pages than fit scroll there.
SIDEBAR_HEIGHT_AT_MOST = 430
#: What waits for the first paint starts this long after the window is shown, painted or not.
AFTER_SHOW_MS = 3000
#: The widest the signed-in person's name goes in the header (longer: shortened with "…").
USER_NAME_WIDTH = 260
#: The size the window opens at when it is not maximized (the screens are laid out for it).
DESIGN_WIDTH, DESIGN_HEIGHT = 1366, 768


class StopLabel(QLabel):
    """Today's stop in the header: wraps onto a second line when the width needs it, but asks
    for one line at least. (A word-wrapped label's minimum is its height at its narrowest,
    two lines, which the layout then took from the page on a netbook whatever the width.)"""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        hint.setHeight(min(hint.height(), self.fontMetrics().height()))
        return hint


@dataclass
class Mode:
    key: str
    title: str
    page_class: type[Page]
    shortcut: str
    button: QPushButton
    #: What the stack shows: the page in a scroll area, so a tall page (the sign-up form,
    #: the report) scrolls on a short screen instead of pushing the window past its edge.
    scroll: PageScroll
    #: The page, once built (when first shown or asked for).
    widget: Page | None = None
    #: Its Mode-menu entry and shortcut.
    action: QAction | None = None


class MainWindow(QMainWindow):
    """Popup's desk window.

    Signals:
        modeChanged(str): the mode with this key is now showing.

    Attributes:
        ctx: the application context; store, desk, sounds: its store, desk and sounds.
        wedge: the app-wide keyboard-wedge filter.
        file_menu: the File menu; others may add actions.
        checkout, returns, in_house: the desk pages.
    """

    modeChanged = Signal(str)
    firstPainted = Signal()

    #: Set by :meth:`attach`: the application context and its store, desk and sounds.
    ctx: AppContext
    store: Store
    desk: Desk
    sounds: Sounds
    checkout: CheckoutPage
    clock_bar: ClockBar
    idle: IdleWatch
    idle_lock: IdleWatch
    sleep_watch: SleepWatch
    wedge: WedgeFilter

    def __init__(
        self,
        ctx: AppContext | None = None,
        pages: Sequence[type[Page]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """The window for ``ctx`` with ``pages`` (default: every page in
        :data:`popup.ui.pages.PAGES`). Without a context, only its frame and the sign-in
        screen: start-up paints that, opens the store, then calls :meth:`attach`."""
        super().__init__(parent)
        self._modes: dict[str, Mode] = {}
        self._external_status = False
        self._painted = False
        self._later_started = False
        self._attached = False
        #: What start-up leaves until the desk is on screen (see :meth:`_after_first_paint`).
        self._later: list[Callable[[], object]] = []
        #: Shortcut actions and what the signed-in person must be allowed to do for them to
        #: work (None: anyone signed in). Nothing works while the window is locked.
        self._guarded: list[tuple[QAction, Capability | None]] = []
        self._lock_seconds, self._volunteers_sign_up = 0, False
        self.setWindowTitle("Popup")
        self.setMinimumSize(MINIMUM_WIDTH, MINIMUM_HEIGHT)
        self.resize(DESIGN_WIDTH, DESIGN_HEIGHT)
        font = QFont(self.font())
        font.setPointSize(BASE_POINT_SIZE)
        self.setFont(font)

        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(8, 4, 8, 4)
        outer.setSpacing(4)
        self._outer = outer
        outer.addWidget(self._build_header(central))

        #: The pages (with the sidebar), or the sign-in screen while nobody is signed in.
        self.screens = QStackedWidget(central)
        desk = QWidget(self.screens)
        self.desk_screen = desk
        body = QHBoxLayout(desk)
        body.setContentsMargins(0, 0, 0, 0)
        self._sidebar = QVBoxLayout()
        self._sidebar.setSpacing(4)
        self._mode_buttons = QButtonGroup(self)
        self._mode_buttons.setExclusive(True)
        sidebar_frame = QFrame(desk)
        sidebar_frame.setObjectName("sidebar")
        self._sidebar_frame = sidebar_frame
        side = QVBoxLayout(sidebar_frame)
        side.setContentsMargins(0, 0, 0, 0)
        side.addLayout(self._sidebar)
        side.addStretch(1)
        # The pages' buttons scroll when more pages than fit a netbook's height are registered:
        # the window's minimum height never grows with the number of pages (every page is
        # also on its shortcut and in the Mode menu).
        sidebar_scroll = QScrollArea(desk)
        sidebar_scroll.setObjectName("sidebar_scroll")
        sidebar_scroll.setWidget(sidebar_frame)
        sidebar_scroll.setWidgetResizable(True)
        sidebar_scroll.setFrameShape(QFrame.Shape.NoFrame)
        sidebar_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        sidebar_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        sidebar_scroll.setFixedWidth(170)
        self._sidebar_scroll = sidebar_scroll
        body.addWidget(sidebar_scroll)
        self.stack = QStackedWidget(desk)
        body.addWidget(self.stack, 1)
        self.screens.addWidget(desk)
        self.sign_in = SignInScreen()
        self.sign_in.signedIn.connect(self.on_signed_in)
        # Scrolls rather than push the window past a netbook's screen (a locked account's
        # unlock form under the sign-in form, in Spanish, at 1024x600).
        self._sign_in_scroll = PageScroll(self.sign_in, self.screens)
        self.screens.addWidget(self._sign_in_scroll)
        self.screens.setCurrentWidget(self._sign_in_scroll)
        outer.addWidget(self.screens, 1)
        self.setCentralWidget(central)

        self.sync_label = LiveText(self, point_size=14)
        self.sync_label.setAccessibleName(self.tr("Sync status"))
        self.sync_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.sync_label.setFixedWidth(700)  # "Online · N waiting to upload · last sync …": 1 line
        self.sync_label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.sync_label.setText(self.tr("Opening the store…"))
        self.statusBar().addPermanentWidget(self.sync_label)
        self.statusBar().setStyleSheet("QStatusBar { font-size: 13pt; }")

        # Who is signed in and their role, at the top right, on the menus' line: the header
        # beside it has no width to spare on a 1024-pixel netbook (the stop would wrap onto a
        # third line and push the desk's Done off a 600-pixel screen).
        self.user_label = QLabel(self.menuBar())
        self.user_label.setObjectName("user_label")
        self.user_label.setStyleSheet(
            f"#user_label {{ font-size: 13pt; font-weight: bold; padding: 1px 10px;"
            f" margin: 1px 6px; background: {palette.NAVY}; color: white; border-radius: 4px; }}"
        )
        self.user_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.user_label.setAccessibleName(self.tr("Signed in"))
        self.menuBar().setCornerWidget(self.user_label, Qt.Corner.TopRightCorner)
        self.file_menu: QMenu = self.menuBar().addMenu(self.tr("&File"))
        self.edit_menu: QMenu = self.menuBar().addMenu(self.tr("&Edit"))
        self.mode_menu: QMenu = self.menuBar().addMenu(self.tr("&Mode"))
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.file_menu.addAction(quit_action)
        self.quit_action = quit_action
        self.refresh_user()
        self.sign_in.focus_first()
        self.firstPainted.connect(self._after_first_paint)
        if ctx is not None:
            self.attach(ctx, pages)

    def attach(self, ctx: AppContext, pages: Sequence[type[Page]] | None = None) -> None:
        """Give the window its store (``ctx``): the header, the pages and their shortcuts,
        the sign-in screen's staff, the scanner, the idle watches and the clock. Once."""
        if self._attached:
            raise RuntimeError("the window has its context already")
        typing_in = QApplication.focusWidget()
        try:
            self._attach(ctx, pages)
        except BaseException:
            self._attached = False  # half built: closing it stops nothing it did not start
            raise
        if self.locked():  # the checkout page, built behind the screen, took the keyboard
            if (
                typing_in is not None
                and self.sign_in.isAncestorOf(typing_in)
                and typing_in.isVisible()
            ):
                typing_in.setFocus()
            else:
                self.sign_in.focus_first()
        # Enter pressed in the PIN while the store was opening: signed in now, with what was
        # typed then (the fields kept it).
        self.sign_in.sign_in_waiting()

    def _attach(self, ctx: AppContext, pages: Sequence[type[Page]] | None) -> None:
        from popup.ui.clock_warning import ClockBar
        from popup.ui.desk.checkout import CheckoutPage
        from popup.ui.idle import IdleWatch, SleepWatch
        from popup.ui.interop_actions import install_file_menu_actions
        from popup.ui.pages import PAGES

        self._attached = True
        self.ctx = ctx
        self.store = ctx.store
        self.desk = ctx.desk
        self.sounds = ctx.sounds
        self._lock_seconds, self._volunteers_sign_up = self._staff_settings()
        self.clock_bar = ClockBar(self.centralWidget())
        self._outer.insertWidget(1, self.clock_bar)  # under the header, above every page
        self.sign_in.attach(ctx.staff, ctx.elapsed)
        for page_class in PAGES if pages is None else pages:
            self.add_page(page_class)
        self.checkout = self.page_of(CheckoutPage)

        self._add_desk_actions()
        before = set(self.file_menu.actions())
        install_file_menu_actions(
            self, ctx.store, file_menu=self.file_menu, clock=ctx.clock, task_manager=ctx.tasks
        )
        # The file menu's exports and imports: staff only (the store refuses them too).
        for action in self.file_menu.actions():
            if action not in before and not action.isSeparator():
                self._guarded.append((action, Capability.EXPORT))
        self.wedge = WedgeFilter(self.active_scan_field, self)
        self.wedge.scanned.connect(self.on_wedge_scan)
        # Installed after the wedge so it runs first: it sees every key, scans included.
        self.idle = IdleWatch(ctx.elapsed, lambda: self.desk.config.idle_clear_seconds, self)
        self.idle.idle.connect(self.clear_patrons)
        self.checkout.camera.codeRead.connect(self.idle.poke)
        self.idle_lock = IdleWatch(ctx.elapsed, self._lock_limit, self)
        self.idle_lock.idle.connect(self.lock_idle)
        self.checkout.camera.codeRead.connect(self.idle_lock.poke)
        self.sleep_watch = SleepWatch(ctx.elapsed, ctx.awake, self)
        self.sleep_watch.slept.connect(self.lock_after_sleep)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.installEventFilter(self.wedge)
            app.installEventFilter(self.idle)
            app.installEventFilter(self.idle_lock)
            app.focusChanged.connect(self.on_focus_changed)
        ctx.changes.changed.connect(self.on_store_changed)
        self.clock_bar.accepted.connect(ctx.clock_watch.accept)
        ctx.clock_watch.changed.connect(self.on_clock_warning)
        self.refresh_header()
        self.show_mode(self.checkout.key)
        self.refresh_status()
        # The sign-in screen keeps what was typed while the store opened (sign_in.attach
        # switched it to the first administrator's form if this laptop has no staff).
        self._apply_actor(reset_sign_in=False)
        ctx.clock_watch.start()
        if self._painted:  # the frame is on screen already: what waited for it starts now
            QTimer.singleShot(0, self, self._after_first_paint)
        elif self.isVisible():  # shown but not painted (another workspace): as showEvent does
            QTimer.singleShot(AFTER_SHOW_MS, self, self._after_first_paint)

        # The header date and stop roll over at midnight without a restart.
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(60_000)
        self._clock_timer.timeout.connect(self.refresh_header)
        self._clock_timer.start()

    def attached(self) -> bool:
        """Whether the window has its store (:meth:`attach`)."""
        return self._attached

    def painted(self) -> bool:
        """Whether the window has painted (``firstPainted`` was emitted or is on its way)."""
        return self._painted

    # -- header --------------------------------------------------------------------------------

    def _build_header(self, parent: QWidget) -> QWidget:
        header = QFrame(parent)
        header.setObjectName("header")
        header.setStyleSheet(
            f"#header {{ background: {palette.NAVY}; border-radius: 6px; }}"
            " #header QLabel { color: white; }"
        )
        row = QHBoxLayout(header)
        row.setContentsMargins(14, 4, 14, 4)
        self.library_label = QLabel(header)
        self.library_label.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.library_label.setAccessibleName(self.tr("Library and branch"))
        # Until the store says which library this is: the header keeps its height, so the
        # sign-in screen does not move down when the library's name arrives.
        self.library_label.setText("Popup")
        # Wraps onto a second line on a narrow screen (a long stop name, a 1024-pixel netbook)
        # rather than ending in "…".
        self.stop_label = StopLabel(header)
        self.stop_label.setWordWrap(True)
        self.stop_label.setMinimumWidth(160)
        self.stop_label.setStyleSheet("font-size: 14pt;")
        self.stop_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stop_label.setAccessibleName(self.tr("Today's stop"))
        self.date_label = QLabel(header)
        self.date_label.setStyleSheet("font-size: 14pt;")
        self.date_label.setAccessibleName(self.tr("Date"))
        row.addWidget(self.library_label)
        row.addWidget(self.stop_label, 1)
        row.addWidget(self.date_label)
        return header  # filled in by attach(): the library, the stop and the date

    def refresh_header(self) -> None:
        """Library, today's stop (the one rule: popup.domain.stops) and the date."""
        from popup.domain.stops import todays_stop

        cfg = self.desk.config
        self.setWindowTitle(self.tr("Popup — {0}").format(cfg.library_name))
        self.library_label.setText(self.tr("{0} — {1}").format(cfg.library_name, cfg.branch_name))
        now = self.ctx.clock()
        zone = cfg.zone
        stop = todays_stop(self.ctx.events.stops(), now, zone)
        if stop is None:
            self.stop_label.setText(self.tr("No stop scheduled"))
            self.stop_label.setToolTip("")
        else:
            times = ""
            if stop.starts_at and stop.ends_at:
                start = stop.starts_at.astimezone(zone) if zone else stop.starts_at.astimezone()
                end = stop.ends_at.astimezone(zone) if zone else stop.ends_at.astimezone()
                times = f"  {start:%H:%M}–{end:%H:%M}"
            self.stop_label.setText(self.tr("Today: {0}").format(f"{stop.name}{times}"))
            self.stop_label.setToolTip(stop.place or "")
        self._fit_header()

    def _fit_header(self) -> None:
        """The long date ("Friday, 27 November 2026") where the header has room for it next to
        the library and the stop, the short one ("27 Nov 2026") where it has not."""
        if not self._attached:  # no date before the store says which zone it is in
            return
        from popup.ui.text import date_text, long_date_text

        today = self.ctx.today()
        long_text = long_date_text(today)
        header = self.library_label.parentWidget()
        if header is None or not header.isVisible():  # not laid out yet: it has no width
            self.date_label.setText(long_text)
            return
        room = header.width() - 28 - 2 * 6  # margins, spacing
        needed = (
            self.library_label.sizeHint().width()
            + self.stop_label.fontMetrics().horizontalAdvance(self.stop_label.text())
            + self.date_label.fontMetrics().horizontalAdvance(long_text)
        )
        text = long_text if needed <= room else date_text(today)
        self.date_label.setToolTip(long_text)
        if text != self.date_label.text():
            self.date_label.setText(text)
            # The stop beside it may need one line fewer now: the window's layout keeps the
            # header's height for this width until it is told to measure again.
            central = self.centralWidget()
            layout = central.layout() if central is not None else None
            if layout is not None:
                layout.invalidate()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_header()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._fit_header)  # once the header has its width
        # A window shown but never painted (on another workspace, covered) still syncs.
        QTimer.singleShot(AFTER_SHOW_MS, self, self._after_first_paint)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # After this paint reaches the screen, not inside it.
            QTimer.singleShot(0, self, self.firstPainted.emit)

    # -- pages ---------------------------------------------------------------------------------

    def add_page(self, page_class: type[Page]) -> None:
        """Add a page to the sidebar, the Mode menu and the shortcuts (its class says how);
        the page itself is built when first shown or asked for."""
        key, title, shortcut = page_class.key, page_class.title(), page_class.shortcut
        if not key or not shortcut:
            raise ValueError(f"{page_class.__name__} needs a key and a shortcut")
        if key in self._modes:
            raise ValueError(f"mode {key!r} is already registered")
        taken = {m.shortcut: m.key for m in self._modes.values()}
        if shortcut in taken:
            raise ValueError(f"{key!r}: shortcut {shortcut} is {taken[shortcut]!r}'s already")
        button = QPushButton(f"{title}\n{shortcut}", self)
        button.setCheckable(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAccessibleName(title)
        button.setAccessibleDescription(self.tr("Shortcut {0}").format(shortcut))
        # Two lines of 13pt, little padding: nine pages fit down the side of a 600-pixel screen.
        button.setStyleSheet(
            "QPushButton { font-size: 13pt; text-align: left; padding: 1px 10px; }"
            f" QPushButton:checked {{ background: {palette.NAVY}; color: white;"
            " font-weight: bold; }"
        )
        self._mode_buttons.addButton(button)
        self._sidebar.addWidget(button)
        # The buttons keep their two lines on a short screen, and the side asks for all of them
        # up to what a netbook leaves (past that it scrolls): the header gives way first, not
        # the page beside it. (The pages' preferred sizes once pushed the header back;
        # unbuilt pages have none yet.)
        wanted = self._sidebar_frame.sizeHint().height()
        self._sidebar_frame.setMinimumHeight(wanted)
        self._sidebar_scroll.setMinimumHeight(min(wanted, SIDEBAR_HEIGHT_AT_MOST))
        scroll = PageScroll(None, self.stack)
        self.stack.addWidget(scroll)
        self._modes[key] = Mode(key, title, page_class, shortcut, button, scroll)
        button.clicked.connect(lambda _checked=False, k=key: self.show_mode(k))
        action = QAction(title, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False, k=key: self.show_mode(k))
        self.mode_menu.addAction(action)
        self.addAction(action)
        self._modes[key].action = action

    def _built(self, mode: Mode) -> Page:
        """``mode``'s page, built now if it was not yet."""
        if mode.widget is None:
            from popup.ui.desk.checkout import CheckoutPage

            page = mode.page_class(self.ctx, self)
            page.status_text.connect(self.set_sync_status)
            page.checkoutRequested.connect(self.start_checkout)
            mode.widget = page
            mode.scroll.hold(page)
            if not isinstance(page, CheckoutPage):
                # The patron being served is checkout's (the search page lends to them).
                page.attach_checkout(self.page_of(CheckoutPage))
        return mode.widget

    def _after_first_paint(self) -> None:
        """Once the desk is on screen: build the pages that work unseen (the sync page syncs
        in the background; the keyring is looked at there), then look for a camera. One step
        per turn of the event loop, so a scan in between waits for one step at most."""
        if self._later_started or not self._attached:  # attach() calls it again
            return
        self._later_started = True
        early = [mode for mode in self._modes.values() if mode.page_class.build_early]
        self._later = [functools.partial(self._built, mode) for mode in early]
        self._later.append(self.checkout.camera.probe)
        QTimer.singleShot(0, self, self._next_later)

    def _next_later(self) -> None:
        if self._later:
            self._later.pop(0)()
            QTimer.singleShot(0, self, self._next_later)

    def page(self, key: str) -> Page:
        """The page with this key (built now if it was not yet)."""
        mode = self._modes.get(key)
        if mode is None:
            raise KeyError(f"no mode {key!r}; known: {', '.join(self._modes)}")
        return self._built(mode)

    def page_of(self, page_class: type[P]) -> P:
        """The page of that class (the window makes one of each; built now if it was not)."""
        for mode in self._modes.values():
            if issubclass(mode.page_class, page_class):
                page = self._built(mode)
                assert isinstance(page, page_class)
                return page
        raise KeyError(f"no {page_class.__name__} in this window")

    def built_pages(self) -> list[Page]:
        """The pages built so far, in sidebar order."""
        return [mode.widget for mode in self._modes.values() if mode.widget is not None]

    @property
    def returns(self) -> ReturnPage:
        from popup.ui.desk.returns import ReturnPage

        return self.page_of(ReturnPage)

    @property
    def in_house(self) -> InHousePage:
        from popup.ui.desk.in_house import InHousePage

        return self.page_of(InHousePage)

    def show_mode(self, key: str) -> None:
        page = self.page(key)
        leaving = self.current_page()
        if leaving is not None and leaving is not page:
            leaving.deactivate()
        self.stack.setCurrentWidget(self._modes[key].scroll)
        self._modes[key].button.setChecked(True)
        page.activate()
        self.modeChanged.emit(key)

    def current_page(self) -> Page | None:
        from popup.ui.page import Page

        current = self.stack.currentWidget()
        page = current.widget() if isinstance(current, QScrollArea) else None
        return page if isinstance(page, Page) else None

    def current_mode(self) -> str:
        page = self.current_page()
        return page.key if page is not None else ""

    def modes(self) -> list[str]:
        return list(self._modes)

    def start_checkout(self, card_number: str) -> None:
        """Switch to checkout and serve ``card_number`` (e.g. a patron just signed up)."""
        self.show_mode(self.checkout.key)
        self.checkout.start(card_number)

    # -- scanning ------------------------------------------------------------------------------

    def active_scan_field(self) -> QLineEdit | None:
        if self.locked():  # the sign-in fields take what is typed (a badge scan too)
            return None
        # Another top-level window (a report, a file dialog) has the keyboard: leave it alone.
        if (
            not self.isActiveWindow()
            and QApplication.activeModalWidget() is None
            and QApplication.activeWindow() is not None
        ):
            return None
        page = self.current_page()
        return page.active_scan_field() if page is not None else None

    def on_wedge_scan(self, text: str) -> None:
        from popup.ui.desk.prompt import DeskPrompt
        from popup.ui.feedback import Outcome

        if (modal := QApplication.activeModalWidget()) is not None:
            if isinstance(modal, DeskPrompt):  # said inside the prompt, where staff look
                modal.scan_not_used()
            self.sounds.play(Outcome.PROBLEM)
            self.statusBar().showMessage(
                self.tr("Finish the open prompt first; that scan was not used."), 8000
            )
            return
        page = self.current_page()
        if page is not None:
            page.handle_scan(text)

    def on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # Clicking a label or empty space leaves no focus: give it back to the scan field.
        if new is None and self.isActiveWindow() and QApplication.activeModalWidget() is None:
            field = self.active_scan_field()
            if field is not None and field.isEnabled():
                QTimer.singleShot(0, field.setFocus)

    def _add_desk_actions(self) -> None:
        from popup.ui.desk.checkout import CheckoutPage

        def act(
            text: str,
            keys: str | QKeySequence.StandardKey,
            slot: Callable[[], Any],
            needs: Capability | None = Capability.CHECKOUT,
        ) -> QAction:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _checked=False: slot())
            self.edit_menu.addAction(action)
            self.addAction(action)
            self._guarded.append((action, needs))
            return action

        act(self.tr("Undo last scan"), "Ctrl+Z", self.undo_last, Capability.UNDO_OWN)
        act(self.tr("Patron card field"), "F5", self.on_patron_field_key)
        act(self.tr("Item field"), "F6", self.on_scan_field_key, None)
        act(self.tr("Show due-date slip"), "F8", self.checkout.show_slip)
        act(self.tr("Print slip or list"), "Ctrl+P", self.on_print_key)
        act(self.tr("Camera"), "F9", self.on_camera_key)
        act(self.tr("Done: next patron / clear list"), "F12", self.on_done_key, None)
        act(
            self.tr("Renew selected loan"), "Ctrl+R", self.checkout.renew_selected, Capability.RENEW
        )
        act(self.tr("Renew all loans"), "Ctrl+Shift+R", self.checkout.renew_all, Capability.RENEW)
        act(
            self.tr("Find a patron by name"),
            "Ctrl+K",
            lambda: self._on_card_key(CheckoutPage.lookup),
            Capability.LOOKUP,
        )
        act(
            self.tr("Replace a lost card"),
            "Ctrl+Shift+L",
            lambda: self._on_card_key(CheckoutPage.replace_lost_card),
            Capability.CARDS,
        )
        act(
            self.tr("Renew a card"),
            "Ctrl+Shift+E",
            lambda: self._on_card_key(CheckoutPage.renew_card),
            Capability.CARDS,
        )
        act(self.tr("Payment or waiver"), "Ctrl+M", self.on_payment_key, Capability.PAYMENT)
        # Switch user: works from anywhere, the scan field included; not while locked.
        self.switch_user_action = act(
            self.tr("Lock / switch user"), "Ctrl+L", self.switch_user, None
        )
        self.switch_user_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self._back = QShortcut(QKeySequence("Esc"), self)
        self._back.activated.connect(self.on_escape_key)

    def _on_card_key(self, flow: Callable[[CheckoutPage], None]) -> None:
        """The card flows (#15) belong to checkout: go there first."""
        if self.current_page() is not self.checkout:
            self.show_mode(self.checkout.key)
        flow(self.checkout)

    def undo_last(self) -> None:
        from popup.ui.desk.base import ScanPage

        page = self.current_page()
        if isinstance(page, ScanPage):
            page.undo_last()

    def on_print_key(self) -> None:
        """Ctrl+P prints what the page shows: the hold slip on Return, the pick list on its
        page, and the due-date slip everywhere else."""
        page = self.current_page()
        if page is None or not page.print_current():
            self.checkout.print_slip()

    def on_patron_field_key(self) -> None:
        self.show_mode(self.checkout.key)
        if self.checkout.patron is None:
            self.checkout.patron_field.setFocus()

    def on_scan_field_key(self) -> None:
        page = self.current_page()
        if page is not None:
            page.focus_scan()

    def on_camera_key(self) -> None:
        if self.current_page() is not self.checkout:
            self.show_mode(self.checkout.key)
        self.checkout.toggle_camera()

    def on_payment_key(self) -> None:
        """Ctrl+M: the payment dialog for the patron at the checkout (from any page)."""
        if self.current_page() is not self.checkout:
            self.show_mode(self.checkout.key)
        self.checkout.open_payment()

    def on_done_key(self) -> None:
        page = self.current_page()
        if page is not None:
            page.done()

    def on_escape_key(self) -> None:
        if self.current_page() is self.checkout:
            self.checkout.handle_key_escape()
        else:
            self.on_scan_field_key()

    # -- staff: sign-in, lock, roles (#17) -----------------------------------------------------

    def _staff_settings(self) -> tuple[int, bool]:
        """The idle-lock time and whether volunteers may sign patrons up (library settings)."""
        config = self.desk.config
        return config.idle_lock_seconds, config.volunteers_may_sign_up

    def _lock_limit(self) -> int:
        """The idle lock's time; none while the window is locked already."""
        return self._lock_seconds if self.actor is not None else 0

    @property
    def actor(self) -> Actor | None:
        """Who is signed in (None: the window is locked, or its store not open yet)."""
        return self.store.actor if self._attached else None

    def locked(self) -> bool:
        return self.screens.currentWidget() is self._sign_in_scroll

    def may(self, capability: Capability | None) -> bool:
        """Whether the one signed in may do ``capability`` (None: anyone signed in)."""
        actor = self.actor
        if actor is None:
            return False
        if capability is None:
            return True
        return actor.may(capability, volunteers_may_sign_up=self._volunteers_sign_up)

    def may_see(self, key: str) -> bool:
        """Whether the one signed in may use the page ``key`` (its ``needs``)."""
        needs = self._modes[key].page_class.needs
        actor = self.actor
        if actor is None:
            return False
        if needs is None:
            return actor.role is Role.STAFF
        return self.may(needs)

    def visible_modes(self) -> list[str]:
        """The pages the one signed in sees in the sidebar."""
        return [key for key in self._modes if self.may_see(key)]

    def _apply_actor(self, *, reset_sign_in: bool = True) -> None:
        """Show the pages and shortcuts the one signed in may use, or the sign-in screen
        (emptied, with the lock's note, unless ``reset_sign_in`` is false)."""
        actor = self.actor
        for mode in self._modes.values():
            allowed = self.may_see(mode.key)
            mode.button.setVisible(allowed)
            if mode.action is not None:
                mode.action.setEnabled(allowed)
        for action, needs in self._guarded:
            action.setEnabled(self.may(needs))
        self._back.setEnabled(actor is not None)
        self.refresh_user()
        for built in self.built_pages():
            built.actor_changed()
        if actor is None:
            self.screens.setCurrentWidget(self._sign_in_scroll)
            if reset_sign_in:
                self.sign_in.reset(self._lock_note)
            self._lock_note = ""
            return
        self.screens.setCurrentWidget(self.desk_screen)

    _lock_note = ""

    def user_text(self) -> str:
        """Who is signed in and their role ("Sam Ortega · staff"), or "Locked"."""
        actor = self.actor
        if actor is None:
            return self.tr("Locked")
        if actor.role is Role.VOLUNTEER:
            return self.tr("{0} · volunteer").format(actor.name)
        return self.tr("{0} · staff").format(actor.name)

    def refresh_user(self) -> None:
        """Who is signed in, and their role, in the header; a long name shortened with "…"
        (the whole of it in the tooltip)."""
        text = self.user_text()
        self.user_label.setToolTip(text)
        self.user_label.setAccessibleDescription(text)
        actor = self.actor
        if actor is None:
            self.user_label.setText(text)
            self._fit_user_label()
            return
        self.user_label.ensurePolished()  # its style sheet's font, to measure with
        metrics = self.user_label.fontMetrics()
        name = metrics.elidedText(actor.name, Qt.TextElideMode.ElideRight, USER_NAME_WIDTH)
        if actor.role is Role.VOLUNTEER:
            self.user_label.setText(self.tr("{0} · volunteer").format(name))
        else:
            self.user_label.setText(self.tr("{0} · staff").format(name))
        self._fit_user_label()

    def _fit_user_label(self) -> None:
        """The menu bar sizes its corner widget when it is set: set it again for the new text."""
        self.user_label.adjustSize()
        self.menuBar().setCornerWidget(self.user_label, Qt.Corner.TopRightCorner)

    def on_signed_in(self, _actor: Actor) -> None:
        """Someone signed in: an empty checkout, with what their role may use."""
        self.idle.poke()
        self.idle_lock.poke()
        self._apply_actor()
        self.show_mode(self.checkout.key)
        self.checkout.focus_scan()

    def lock(self, note: str = "") -> None:
        """Lock the window: every page forgets its patron (as the idle clear does), nobody is
        signed in, and the sign-in screen shows ``note``."""
        if self.actor is None and self.locked():
            return
        self._close_file_and_print_dialogs()
        cleared = note or self.tr("Locked: the screen was cleared.")
        # Prompts first: a cancelled prompt's callback writes on its page ("Not lent: …"),
        # which the clear then wipes; the other way round it stayed behind the sign-in screen.
        self._close_open_prompts()
        for built in self.built_pages():
            built.clear_patron(cleared)
        current = self.current_page()
        if current is not None and current is not self.checkout:
            self.show_mode(self.checkout.key)
        self.ctx.staff.sign_out()
        self._lock_note = note
        self._apply_actor()

    def _close_open_prompts(self) -> None:
        """A prompt still open over a page (a question a page did not close on its clear)
        goes: nobody answers it behind the sign-in screen."""
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and self._owns(widget):
                widget.reject()

    def lock_idle(self, seconds: int) -> None:
        """Nobody used the app for the idle-lock time: lock, and say why. The idle time counts
        time asleep, so after a long sleep both watches see it at once: the sleep's note wins,
        as it says what happened."""
        self.sleep_watch.check()
        self.lock(self.tr("Locked after a while without activity. Sign in again."))
        del seconds

    def lock_after_sleep(self, seconds: float) -> None:
        """The laptop slept (its lid closed between two stops): whoever opens it signs in
        again and finds no patron on screen. Not where the library set no idle lock (0): a
        laptop it keeps signed in while nobody uses it stays so across a sleep too."""
        del seconds
        if self._lock_limit() > 0:
            self.lock(self.tr("Locked while the laptop was asleep. Sign in again."))

    def switch_user(self) -> None:
        """Ctrl+L: lock now, for the next person to sign in."""
        self.lock(self.tr("Signed out. The next person signs in here."))

    # -- idle clear ----------------------------------------------------------------------------

    def clear_patrons(self, seconds: int) -> None:
        """Nobody used the app for ``seconds``: an open save or print dialog closes, every
        page forgets the patron it shows, and says why where the patron was."""
        from popup.ui.text import idle_cleared_text

        note = idle_cleared_text(seconds)
        self._close_file_and_print_dialogs()
        for built in self.built_pages():  # a page not built yet shows nobody
            built.clear_patron(note)
        if self.locked():  # the sign-in screen keeps the keyboard
            return
        page = self.current_page()
        if page is not None and QApplication.activeModalWidget() is None:
            page.focus_scan()

    def _close_file_and_print_dialogs(self) -> None:
        """Reject every open save or print dialog of this window: one may name a patron's file
        (library-card-<number>.pdf) or be about to print their slip. The slot that opened it
        sees its exec() return and finds the patron gone."""
        from PySide6.QtPrintSupport import QAbstractPrintDialog

        for widget in QApplication.topLevelWidgets():
            if (
                isinstance(widget, QFileDialog | QAbstractPrintDialog)
                and widget.isVisible()
                and self._owns(widget)
            ):
                widget.reject()

    def _owns(self, dialog: QDialog) -> bool:
        """``dialog`` was opened from this window (its parents lead here, across windows)."""
        parent = dialog.parentWidget()
        while parent is not None and parent is not self:
            parent = parent.parentWidget()
        return parent is self

    # -- the clock -----------------------------------------------------------------------------

    def on_clock_warning(self, warning: ClockWarning | None) -> None:
        """The clock looks wrong (or right again): say so above every page, with a sound when
        it is news, before the next action is recorded."""
        from popup.ui.feedback import Outcome

        news = warning is not None and (
            self.clock_bar.warning is None or self.clock_bar.warning.key != warning.key
        )
        self.clock_bar.show_warning(warning)
        if news:
            self.sounds.play(Outcome.ATTENTION)

    # -- store changes and status --------------------------------------------------------------

    def on_store_changed(self, change: StoreChange) -> None:
        from popup.store.notify import Topic

        if change.touches(Topic.SETTINGS):
            staff_settings = self._staff_settings()
            if staff_settings != (self._lock_seconds, self._volunteers_sign_up):
                self._lock_seconds, self._volunteers_sign_up = staff_settings
                if self.actor is not None:
                    self._apply_actor()
        if change.touches(Topic.SETTINGS, Topic.STOPS):
            self.refresh_header()
        if change.touches(Topic.OUTBOX):
            self.refresh_status()

    def waiting_count(self) -> int:
        from popup.store import outbox

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
        """Replace the sync status text (the sync page does, on the GUI thread)."""
        self._external_status = True
        self.sync_label.setText(text)

    # -- lifecycle -----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        app = QCoreApplication.instance()
        if not self._attached:  # closed while the store was opening: nothing to stop
            super().closeEvent(event)
            return
        if app is not None:
            app.removeEventFilter(self.wedge)
            app.removeEventFilter(self.idle)
            app.removeEventFilter(self.idle_lock)
            if isinstance(app, QApplication):
                app.focusChanged.disconnect(self.on_focus_changed)
        self.idle.stop()
        self.idle_lock.stop()
        self.sleep_watch.stop()
        self.checkout.stop_camera()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self._attached:
            self.refresh_header()
            self.refresh_user()
            self.clock_bar.retranslate()
        super().changeEvent(event)


__all__ = ["BASE_POINT_SIZE", "MainWindow", "Mode"]
