"""Finding a book (Ctrl+F): one field over the bus's catalogue, the copies it finds with where
each one is, and Enter on a copy on the shelf lends it to the patron served at Checkout.

Keys: type (the list follows after a short pause) or scan; Enter or Down goes to the list,
where the arrow keys choose a copy and Enter lends it; typing in the list goes back to the
field; Esc (or F6) goes back to the field with its text selected. An exact barcode, typed or
scanned, goes straight to that copy.

The search runs on the task helper (a broad word takes tens of milliseconds on a million
items); only the newest answer is shown. When the catalogue changes (a download, an import)
the page has the index catch up in the background (:mod:`popup.store.search`).

Lending goes through the checkout page's own path
(:meth:`popup.ui.desk.checkout.CheckoutPage.lend`), so blocks, concerns and the Override
prompt are the same as for a scan, and the loan is listed in that visit (slip, Undo).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QVBoxLayout, QWidget
from shiboken6 import isValid

from popup.domain.catalogue import Availability
from popup.domain.staff import Capability
from popup.store.notify import StoreChange, Topic
from popup.store.search import Catalogue, Copy, Found
from popup.ui.actions import Failure, describe, log_failure
from popup.ui.context import AppContext
from popup.ui.desk.base import heading
from popup.ui.desk.checkout import CheckoutPage
from popup.ui.desk.tables import FittedTable, Fold
from popup.ui.feedback import Banner, Outcome
from popup.ui.page import Page
from popup.ui.scanner import FIELD_POINT_SIZE
from popup.ui.search.model import CopiesModel, status_text
from popup.ui.tasks import Lane
from popup.ui.text import date_text
from popup.ui.widgets import ListField

#: The pause in typing after which the list follows the field.
TYPING_PAUSE_MS = 250


class CopiesView(FittedTable):
    """The list of copies: Enter lends the chosen one, Up from the first row and typing go
    back to the field (the page connects :attr:`chosen` and :attr:`typed`)."""

    chosen = Signal(int)
    typed = Signal(str)
    up_from_top = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.currentIndex().isValid():
                self.chosen.emit(self.currentIndex().row())
            return
        if key == Qt.Key.Key_Up and self.currentIndex().row() <= 0:
            self.up_from_top.emit()
            return
        text = event.text()
        mods = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        if len(text) == 1 and text.isprintable() and mods == Qt.KeyboardModifier.NoModifier:
            self.typed.emit(text)
            return
        super().keyPressEvent(event)


class SearchPage(Page):
    """The catalogue search.

    Signals:
        shown(str): the list now shows what this text found (tests wait for it).

    Attributes:
        field: the search field; view/model: the copies found; banner: what just happened.
        found: the last answer shown (None before the first search).
    """

    key = "search"
    shortcut = "Ctrl+F"
    needs = Capability.LOOKUP

    shown = Signal(str)

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("SearchPage", "Find a book")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.catalogue = Catalogue(ctx.store)
        self.checkout: CheckoutPage | None = None
        self.found: Found | None = None
        self._shown_text = ""
        self._asked = 0  # the newest search's number: an older answer is dropped
        self._focus_list = False  # the newest search was Enter or a scan: go to the list
        self._stale = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.label = heading(self.tr("Find a book (Ctrl+F)"), self)
        layout.addWidget(self.label)
        self.field = ListField(self)
        self.field.setAccessibleName(self.tr("Search the catalogue"))
        self.field.setPlaceholderText(self.tr("Title, author, ISBN, call number or barcode"))
        self.field.setClearButtonEnabled(True)
        font = self.field.font()
        font.setPointSize(FIELD_POINT_SIZE)
        self.field.setFont(font)
        self.field.setMinimumHeight(44)
        self.label.setBuddy(self.field)
        layout.addWidget(self.field)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Search result"))
        layout.addWidget(self.summary)

        self.model = CopiesModel(self)
        self.view = CopiesView(self, wrap={0: 3, 1: 2}, row_height=36, fold=Fold(3, 0))
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Copies found"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)
        layout.addWidget(self.view, 1)

        self.serving = QLabel(self)
        self.serving.setWordWrap(True)
        self.serving.setAccessibleName(self.tr("Who a copy is lent to"))
        layout.addWidget(self.serving)
        keys = QLabel(
            self.tr(
                # What Enter on a copy does is said just above (lent to whom, or nobody served).
                "Enter or ↓: the list · ↑ ↓ choose a copy · Esc: back to the search"
            ),
            self,
        )
        keys.setWordWrap(True)
        layout.addWidget(keys)
        self.banner = Banner(self)
        self.banner.setAccessibleName(self.tr("What just happened"))
        layout.addWidget(self.banner)
        self._say_ready()

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(lambda: self.search(self.field.text()))
        self.field.textEdited.connect(lambda _text: self._pause.start())
        self.field.returnPressed.connect(self.on_enter)
        self.field.down.connect(self.focus_list)
        self.view.chosen.connect(self.lend_row)
        self.view.typed.connect(self._type_in_field)
        self.view.up_from_top.connect(self.focus_scan)
        self._show_serving()
        self._catching_up = False
        self._catch_up()  # a store just migrated (or downloaded into) has its items queued

    # -- the window's hooks --------------------------------------------------------------------

    def attach_checkout(self, checkout: CheckoutPage) -> None:
        self.checkout = checkout
        checkout.patronChanged.connect(lambda _served: self._show_serving())
        self._show_serving()

    def active_scan_field(self) -> QLineEdit:
        return self.field

    def handle_scan(self, text: str) -> None:
        """A scan while the list had the keyboard: search it, and go to the copy."""
        self.field.setText(text.strip())
        self.on_enter()

    def focus_scan(self) -> None:
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.field.selectAll()  # the next word or scan replaces the last one

    def activate(self) -> None:
        self._show_serving()
        if self._stale and self._shown_text:
            self.refresh()
        self.focus_scan()

    def on_store_changed(self, change: StoreChange) -> None:
        if change.touches(Topic.CATALOGUE):
            self._catch_up()  # index a download now, not at the next search
        if not self._shown_text or not change.touches(Topic.CIRCULATION, Topic.CATALOGUE):
            return
        if self.isVisible():
            self.refresh_soon()  # a loan, a return or a download moved a copy shown here
        else:
            self._stale = True

    def refresh(self) -> None:
        """Search the shown text again (availability moved), keeping the chosen copy."""
        self._stale = False
        if self._shown_text:
            self.search(self._shown_text, keep=self._current_id())

    def clear_patron(self, note: str) -> None:
        """Idle clear: a lend message names the patron; the list and the field do not."""
        self._show_serving()
        if self.banner.outcome is not None:
            self.banner.show_message(Outcome.ATTENTION, note)

    def say_problem(self, failure: Failure) -> None:
        self.banner.show_message(Outcome.PROBLEM, failure.text)

    def _catch_up(self) -> None:
        """Index what the catalogue's triggers queued, in the background (one at a time)."""
        if self._catching_up:
            return
        self._catching_up = True

        def finished(_result: object) -> None:
            if isValid(self):  # the window may have closed meanwhile
                self._catching_up = False

        self.ctx.tasks.start(
            lambda _control: self.catalogue.catch_up(),
            lane=Lane.IO,
            on_done=finished,
            on_error=finished,  # the next search catches up again, and says what failed
        )

    # -- searching -----------------------------------------------------------------------------

    def on_enter(self) -> None:
        """Enter in the field (or a scan): search now and go to the list."""
        self._pause.stop()
        self.search(self.field.text(), focus_list=True)

    def search(self, text: str, *, focus_list: bool = False, keep: int | None = None) -> None:
        """Look ``text`` up in the background; the newest answer is shown."""
        self._asked += 1
        asked = self._asked
        self._focus_list = focus_list
        text = text.strip()
        if not text:
            self._show(asked, "", Found(()), None)
            return
        library = self.ctx.desk.config.library_code
        self.ctx.tasks.start(
            lambda _control: self.catalogue.find(text, library),
            lane=Lane.DEFAULT,
            on_done=lambda found: self._show(asked, text, found, keep),
            on_error=lambda exc: self._failed(asked, exc),
        )

    def _failed(self, asked: int, exc: BaseException) -> None:
        if not isValid(self) or asked != self._asked or not isinstance(exc, Exception):
            return
        failure = describe(exc, writes=False)
        log_failure("search", failure, exc)
        self.ctx.sounds.play(Outcome.PROBLEM)
        self.say_problem(failure)

    def _show(self, asked: int, text: str, found: Found, keep: int | None) -> None:
        if not isValid(self) or asked != self._asked:
            return  # the window closed meanwhile, or a newer search is on its way
        self.found = found
        self._shown_text = text
        self.model.set_copies(list(found.copies))
        self.summary.setText(self._summary(text, found))
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and (self._focus_list or found.exact) and found.copies:
            row = 0
        if row is not None:
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        if found.exact and keep is None:  # not when the list follows a loan made here
            self._say_exact(found.copies[0])
        if (self._focus_list or found.exact) and found.copies and self.isVisible():
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus_list = False
        self.shown.emit(text)

    def _summary(self, text: str, found: Found) -> str:
        if not text:
            return ""
        if not found.copies:
            return self.tr("Nothing found for “{0}”. Try fewer or other words.").format(text)
        if found.more:
            return self.tr(
                "The first {0} copies found: type another word to narrow the list."
            ).format(len(found.copies))
        return self.tr("Copies found: %n.", "", len(found.copies))

    def _say_exact(self, copy: Copy) -> None:
        if copy.availability.lendable:
            self.banner.show_message(
                Outcome.OK, self.tr("{0}: press Enter to lend it.").format(copy.title)
            )
        else:
            self.banner.show_message(Outcome.ATTENTION, self._not_lendable(copy))

    # -- moving about --------------------------------------------------------------------------

    def focus_list(self) -> None:
        if self.model.rowCount() == 0:
            return
        if not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _type_in_field(self, text: str) -> None:
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.field.end(False)
        self.field.insert(text)
        self._pause.start()

    def _current_id(self) -> int | None:
        copy = self.model.copy_at(self.view.currentIndex().row())
        return copy.item_id if copy is not None else None

    # -- lending -------------------------------------------------------------------------------

    def _show_serving(self) -> None:
        patron = self.checkout.patron if self.checkout is not None else None
        if patron is None:
            self.serving.setText(
                self.tr("Nobody is being served at Checkout: Enter on a copy does not lend it.")
            )
        else:
            self.serving.setText(
                self.tr("Enter lends to {0} (card ending {1}), served at Checkout.").format(
                    patron.name, patron.card_number[-4:]
                )
            )

    def _say_ready(self) -> None:
        self.banner.clear_message()
        self.banner.setText(self.tr("Type or scan what you are looking for."))

    def _not_lendable(self, copy: Copy) -> str:
        if copy.availability is Availability.ON_LOAN:
            if copy.due is None:
                return self.tr("{0} is on loan: it is not on the shelf.").format(copy.title)
            return self.tr("{0} is on loan until {1}: it is not on the shelf.").format(
                copy.title, date_text(copy.due)
            )
        if copy.availability is Availability.ELSEWHERE:
            return self.tr(
                "{0} belongs to {1}, not to this library. If it is in your hands, scan it at"
                " Checkout (F2)."
            ).format(copy.title, copy.home_library)
        return self.tr(
            "{0} is marked {1} in the catalogue. If it is in your hands, scan it at Checkout (F2)."
        ).format(copy.title, status_text(copy.status))

    def lend_row(self, row: int) -> None:
        """Enter on a copy: lend it to the patron served at Checkout, the way a scan would."""
        copy = self.model.copy_at(row)
        if copy is None:
            return
        if not copy.availability.lendable:
            self.banner.show_message(Outcome.ATTENTION, self._not_lendable(copy))
            self.ctx.sounds.play(Outcome.ATTENTION)
            return
        checkout = self.checkout
        if checkout is None or checkout.patron is None:
            self.banner.show_message(
                Outcome.ATTENTION,
                self.tr(
                    "Nobody is being served: press F2, scan the patron's card, then come back"
                    " with Ctrl+F and press Enter on the copy."
                ),
            )
            self.ctx.sounds.play(Outcome.ATTENTION)
            return
        patron = checkout.patron
        result = checkout.lend(copy.barcode)
        if result is not None:
            self.banner.show_message(
                Outcome.ATTENTION if result.concerns else Outcome.OK,
                self.tr("Lent to {0}: {1} — due {2}. It is listed at Checkout (F2).").format(
                    patron.name, result.title, date_text(result.due)
                ),
            )
            self.search(self._shown_text, keep=copy.item_id)
            return
        if checkout.override_dialog is not None:
            # The rules want a decision: the Override prompt is open at Checkout, with the
            # patron and the banner that say why.
            self.banner.show_message(
                Outcome.ATTENTION,
                self.tr("Not lent yet: {0} needs a decision at Checkout.").format(copy.title),
            )
            dialog = checkout.override_dialog
            self.checkoutRequested.emit(patron.card_number)
            dialog.first_focus().setFocus()  # showing Checkout must not take the keys from it
            return
        # Refused or not saved: Checkout's banner said why (and played the sound); say it here.
        self.banner.show_message(checkout.banner.outcome or Outcome.PROBLEM, checkout.banner.text())


__all__ = ["TYPING_PAUSE_MS", "CopiesView", "SearchPage"]
