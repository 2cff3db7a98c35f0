"""The one way to build a page of the main window.

A page is a :class:`Page` subclass that says who it is in three class-level lines and takes the
application context::

    class VisitsPage(Page):
        key = "visits"              # what show_mode() and the tests call it
        shortcut = "Shift+F5"       # shown on its sidebar button and in the Mode menu

        @classmethod
        def title(cls) -> str:      # translated when the window is built
            return QCoreApplication.translate("visits", "Visits")

        def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
            super().__init__(ctx, parent)
            ...

and is added to :data:`popup.ui.pages.PAGES` (the order there is the sidebar's). The window
builds the sidebar button, the Mode-menu entry and the shortcut from that, makes the page
itself when it is first shown (so ``__init__`` runs then, not at start-up), and calls the hooks
below; a page overrides only what it needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from popup.domain.staff import Capability
from popup.store.notify import StoreChange
from popup.ui.actions import Attempt, Failure

if TYPE_CHECKING:
    from popup.ui.context import AppContext
    from popup.ui.desk.checkout import CheckoutPage

#: A burst of changes (a download commits page after page) refreshes a page once, this late.
REFRESH_DELAY_MS = 150


class Page(QWidget):
    """One screen of the main window (see the module's notes for how to add one).

    The window calls :meth:`activate` when the page is shown and :meth:`deactivate` when another
    replaces it; routes keyboard-wedge scans made while it shows to :meth:`handle_scan`; keeps
    :meth:`active_scan_field` focused; calls :meth:`done` on F12, :meth:`focus_scan` on F6 and
    Esc, and :meth:`clear_patron` when nobody used the app for the idle time. Every page hears
    of every committed store write through :meth:`on_store_changed` (from
    :attr:`AppContext.changes`), its own included.

    Signals:
        recorded(int): an outbox action was written on this page (its seq).
        status_text(str): new text for the window's status line (the sync page's summary).
        checkoutRequested(str): serve this card number at checkout (sign-up hands over).

    Attributes:
        ctx: the application context.
    """

    #: The page's name for :meth:`MainWindow.show_mode` (unique).
    key: ClassVar[str] = ""
    #: Its key sequence, shown on its button (unique).
    shortcut: ClassVar[str] = ""
    #: Build it once the window has painted, shown or not: for a page that works unseen (the
    #: sync page runs the background sync). Other pages are built when first shown.
    build_early: ClassVar[bool] = False
    #: What the signed-in person must be allowed to do to see the page at all (#17): a
    #: volunteer sees the pages whose capability their role has; None: staff only. (The
    #: store checks every action again: hiding a page is for a clear screen, not the guard.)
    needs: ClassVar[Capability | None] = None

    recorded = Signal(int)
    status_text = Signal(str)
    checkoutRequested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        ctx.changes.changed.connect(self.on_store_changed)

    @classmethod
    def title(cls) -> str:
        """The page's name on its button and in the Mode menu, translated."""
        raise NotImplementedError(f"{cls.__name__} has no title")

    # -- hooks the window calls ----------------------------------------------------------------

    def activate(self) -> None:
        """The page was shown."""

    def deactivate(self) -> None:
        """Another page replaces this one."""

    def active_scan_field(self) -> QLineEdit | None:
        """The field that owns scans on this page now (None: scans are not for this page)."""
        return None

    def handle_scan(self, text: str) -> None:
        """A keyboard-wedge scan made while this page showed and focus was not in its field.

        Ignored unless the page says otherwise."""

    def focus_scan(self) -> None:
        """Put the keyboard in the active scan field."""
        field = self.active_scan_field()
        if field is not None and field.isEnabled():
            field.setFocus(Qt.FocusReason.OtherFocusReason)

    def done(self) -> None:
        """F12: finished with this person or list (nothing by default)."""

    def attach_checkout(self, checkout: CheckoutPage) -> None:
        """When this page is built the window hands it the checkout page, whose patron is the
        one being served (the search page lends to them through it). Nothing by default."""

    def print_current(self) -> bool:
        """Ctrl+P: print what this page shows. False (the default): it has nothing of its own
        to print, and the window prints the checkout's due-date slip."""
        return False

    def clear_patron(self, note: str) -> None:
        """Nobody used the app for a while (:mod:`popup.ui.idle`): forget any patron this page
        shows (name, card, loans, fines, what they borrowed or typed) and, if there was one,
        show ``note`` where they were. Pages that never show a patron keep the default."""

    def actor_changed(self) -> None:
        """Someone signed in, or the window locked (``ctx.store.actor`` says who, or None): a
        page that shows more to some roles than to others shows what this one may see."""

    # -- actions -------------------------------------------------------------------------------

    def attempt(
        self,
        action: str,
        *,
        retry: tuple[QLineEdit, str] | None = None,
        writes: bool = True,
        say: Callable[[Failure], None] | None = None,
    ) -> Attempt:
        """Run a store action as ``with self.attempt("checkin") as act: ...`` (see
        :mod:`popup.ui.actions`): the clock is looked at first; a failure is said by
        :meth:`say_problem` (or ``say``), sounded and logged, and ``retry``'s field gets its
        text back when trying again may help."""
        return Attempt(
            action,
            say or self.say_problem,
            self.ctx.sounds,
            retry=retry,
            writes=writes,
            before=self.ctx.clock_watch.before_action,
        )

    def say_problem(self, failure: Failure) -> None:
        """Show a failed action's sentence in the problem colour (the sound is played already).

        Every page that writes overrides it: its banner, its status line."""
        raise NotImplementedError(f"{type(self).__name__} shows no problems")

    # -- store changes -------------------------------------------------------------------------

    def on_store_changed(self, change: StoreChange) -> None:
        """A write was committed (here, at another page, by a sync pass or an import).

        Delivered on the GUI thread, at once for writes made on it. Override to bring what the
        page shows up to date; :meth:`refresh_soon` merges a burst into one :meth:`refresh`."""

    def refresh_soon(self) -> None:
        """Call :meth:`refresh` once the current burst of changes is over."""
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def refresh(self) -> None:
        """Read what the page shows from the store again (see :meth:`refresh_soon`)."""


__all__ = ["REFRESH_DELAY_MS", "Page"]
