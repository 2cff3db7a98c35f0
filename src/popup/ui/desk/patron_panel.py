"""The patron panel: who is at the desk, their blocks and current loans, renew one or all."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpacerItem,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from popup.domain.age_bands import DEFAULT_CATEGORY_BANDS, AgeBand
from popup.store.circulation import HoldView, LoanView, PatronView
from popup.ui.desk.base import big_button, live_heading
from popup.ui.desk.models import LoansModel
from popup.ui.desk.payment import balance_text
from popup.ui.desk.tables import FittedTable, Fold
from popup.ui.feedback import COLOURS, Outcome
from popup.ui.text import category_text, concern_text, date_text
from popup.ui.widgets import FlowLayout


class LoansView(FittedTable):
    """The patron's loans, usable from the keyboard: Tab reaches it from the item field, the
    arrow keys choose a loan and Enter renews it; the focus is drawn plainly.

    Signals:
        renewPressed(): Enter (or Return) on the chosen loan.
    """

    renewPressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        # The title wraps; on a narrow screen the renewals count goes under the due date,
        # unless there were none (a netbook then shows twice the loans).
        fold = Fold(2, 1, labelled=True, omit="0")
        super().__init__(parent, wrap={0: 1}, row_height=34, fold=fold)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setTabKeyNavigation(False)  # Tab leaves the list (back to the scan field)
        # A thick outline while the list has the keyboard: staff must see where Enter goes.
        self.setStyleSheet(
            "QTableView { border: 3px solid transparent; }"
            " QTableView:focus { border: 3px solid palette(highlight); }"
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.renewPressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class PatronPanel(QFrame):
    """Shows one :class:`PatronView`; :meth:`clear` removes every trace of it.

    Signals:
        renewRequested(str): renew the selected loan (its loan id).
        renewAllRequested(): renew all of this patron's loans.
    """

    renewRequested = Signal(str)
    renewAllRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Patron"))
        self._stack = QStackedLayout(self)

        # Empty state: what to do next, not a grey void.
        self.empty = QLabel(
            self.tr("Scan a patron's card (or press F9 for the camera) to start a checkout."),
            self,
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("font-size: 17pt; color: palette(mid); padding: 24px;")
        self._stack.addWidget(self.empty)

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setSpacing(6)
        self.name = QLabel(body)
        font = QFont(self.name.font())
        font.setPointSize(22)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setWordWrap(True)
        self.name.setAccessibleName(self.tr("Patron name"))
        self.details = QLabel(body)
        # One line on a netbook (category and expiry): the loans below need the room.
        self.details.setStyleSheet("font-size: 13pt;")
        self.details.setWordWrap(True)
        self.details.setAccessibleName(self.tr("Category and card expiry"))
        self.balance = QLabel(body)
        self.balance.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.balance.setAccessibleName(self.tr("Fines balance"))
        layout.addWidget(self.name)
        layout.addWidget(self.details)
        #: "2 holds ready for pickup" and their titles (hidden when there are none).
        self.holds_label = QLabel(body)
        self.holds_label.setWordWrap(True)
        self.holds_label.setAccessibleName(self.tr("Holds ready for pickup"))
        hold_bg, hold_fg = COLOURS[Outcome.ATTENTION]
        self.holds_label.setStyleSheet(
            f"background: {hold_bg}; color: {hold_fg}; font-size: 13pt;"
            " padding: 2px 8px; border-radius: 4px;"
        )
        self.holds_label.hide()
        layout.addWidget(self.holds_label)

        self.blocks_box = QVBoxLayout()
        layout.addLayout(self.blocks_box)
        self.block_labels: list[QLabel] = []

        self.loans_heading = live_heading("", body, 14)
        # The balance shares the loans heading's line: a line of its own would make the page
        # scroll on a netbook.
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.loans_heading, 1)
        heading_row.addWidget(self.balance)
        layout.addLayout(heading_row)
        self.loans = LoansModel(self)
        self.loans_view = LoansView(body)
        self.loans_view.setModel(self.loans)
        self.loans_view.setAccessibleName(self.tr("Current loans"))
        self.loans_view.setAccessibleDescription(
            self.tr("Arrow keys choose a loan; Enter renews it.")
        )
        self.loans_view.setToolTip(self.tr("Arrow keys choose a loan; Enter renews it."))
        self.loans_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.loans_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.loans_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.loans_view, 1)

        # The keys under the words, as on the sidebar: the two buttons share one line even at
        # 1024 pixels in Spanish, which leaves the loans list room for its rows.
        row = FlowLayout()  # wraps on a narrow screen instead of cutting the texts
        self.renew_button = big_button(
            self.tr("Renew selected\n(Ctrl+R)"), self.tr("Renew selected loan"), body
        )
        self.renew_all_button = big_button(
            self.tr("Renew all\n(Ctrl+Shift+R)"), self.tr("Renew all loans"), body
        )
        row.addWidget(self.renew_button)
        row.addWidget(self.renew_all_button)
        layout.addLayout(row)
        #: Takes the loans list's room in the limited view, so the name, the count and "Please
        #: ask staff" stay together at the top (no room at all otherwise).
        self._limited_room = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        layout.addItem(self._limited_room)
        self._body_layout = layout

        #: Showing a volunteer's limited view (no loans, no fines).
        self.limited = False
        self._items_out = 0
        self.renew_button.clicked.connect(self.on_renew_clicked)
        self.loans_view.renewPressed.connect(self.on_renew_clicked)
        self.renew_all_button.clicked.connect(self.renewAllRequested)
        self._stack.addWidget(body)
        self.body = body
        self.clear()

    @property
    def showing(self) -> bool:
        return self._stack.currentWidget() is self.body

    def show_patron(
        self, patron: PatronView, bands: Sequence[AgeBand] = DEFAULT_CATEGORY_BANDS
    ) -> None:
        self.name.setText(patron.name)
        self.limited = patron.limited
        if patron.limited:
            self._show_limited(patron)
            return
        for widget in (self.loans_view, self.renew_button, self.renew_all_button):
            widget.show()
        self._set_limited_room(False)
        expiry = date_text(patron.card_expiry)
        temp = self.tr(" · temporary card") if patron.temporary else ""
        self.details.setText(
            self.tr("{0} · card expires {1}{2}").format(
                category_text(patron.category, bands), expiry, temp
            )
        )
        self.show_balance(patron)
        self.show_holds(patron.holds_ready)
        self.show_loans(patron.loans)
        self._stack.setCurrentWidget(self.body)

    def _show_limited(self, patron: PatronView) -> None:
        """What a volunteer sees (#17): the first name and initial (the store's), how many
        items are out, and "Please ask staff" for any block; no fines, no loans, no card."""
        self._items_out = patron.items_out
        self.details.setText(self.tr("%n item(s) out", "", patron.items_out))
        self.balance.clear()
        self.show_holds([])
        self.loans.set_loans([])
        self.loans_heading.clear()
        for widget in (self.loans_view, self.renew_button, self.renew_all_button):
            widget.hide()
        self._set_limited_room(True)
        self._set_blocks(patron)
        self._stack.setCurrentWidget(self.body)

    def _set_limited_room(self, limited: bool) -> None:
        policy = QSizePolicy.Policy.Expanding if limited else QSizePolicy.Policy.Fixed
        self._limited_room.changeSize(0, 0, QSizePolicy.Policy.Minimum, policy)
        self._body_layout.invalidate()

    def show_balance(self, patron: PatronView) -> None:
        """The fines owed (or the credit) and the blocks: after a payment, at once."""
        self.balance.setText(balance_text(patron.fines_owed_cents))
        self._set_blocks(patron)

    def show_holds(self, holds: Sequence[HoldView]) -> None:
        if not holds:
            self.holds_label.hide()
            self.holds_label.clear()
            return
        heading = self.tr("%n hold(s) ready for pickup", "", len(holds))
        # One run of titles, not a line each: on a 600-pixel screen the loans need the room.
        titles = " · ".join(h.title for h in holds)
        self.holds_label.setText(f"{heading}: {titles}")
        self.holds_label.show()

    def show_loans(self, loans: list[LoanView]) -> None:
        if self.limited:
            return
        self.loans.set_loans(loans)
        self.loans_heading.setText(self.tr("Current loans: %n", "", len(loans)))
        self.renew_button.setEnabled(bool(loans))
        self.renew_all_button.setEnabled(bool(loans))
        if loans:
            self.loans_view.selectRow(0)

    def add_loan(self, loan: LoanView) -> None:
        """A checkout just made: one row added (cheaper than redrawing the whole list)."""
        if self.limited:  # no list: the count goes up
            self._items_out += 1
            self.details.setText(self.tr("%n item(s) out", "", self._items_out))
            return
        self.loans.add_loan(loan)  # the view widens the due column if this date needs it
        count = self.loans.rowCount()
        self.loans_heading.setText(self.tr("Current loans: %n", "", count))
        if count == 1:
            self.renew_button.setEnabled(True)
            self.renew_all_button.setEnabled(True)
            self.loans_view.selectRow(0)

    def _set_blocks(self, patron: PatronView) -> None:
        for label in self.block_labels:
            self.blocks_box.removeWidget(label)
            label.hide()  # gone from the screen now, not when the event loop deletes it
            label.deleteLater()
        self.block_labels = []
        background, foreground = COLOURS[Outcome.PROBLEM]
        if patron.limited and patron.blocks:  # one line, whatever the blocks: no details
            label = QLabel("✖ " + self.tr("Please ask staff"), self.body)
            label.setWordWrap(True)
            label.setStyleSheet(
                f"background: {background}; color: {foreground}; font-size: 16pt;"
                " font-weight: bold; padding: 6px 8px; border-radius: 4px;"
            )
            self.blocks_box.addWidget(label)
            self.block_labels.append(label)
            return
        for concern in patron.blocks:
            label = QLabel("✖ " + concern_text(concern), self.body)
            label.setWordWrap(True)
            label.setStyleSheet(
                f"background: {background}; color: {foreground}; font-size: 14pt;"
                " padding: 4px 8px; border-radius: 4px;"
            )
            self.blocks_box.addWidget(label)
            self.block_labels.append(label)
        if not patron.blocks:
            ok_bg, ok_fg = COLOURS[Outcome.OK]
            label = QLabel(self.tr("✓ No blocks"), self.body)
            label.setStyleSheet(
                f"background: {ok_bg}; color: {ok_fg}; font-size: 14pt;"
                " padding: 4px 8px; border-radius: 4px;"
            )
            self.blocks_box.addWidget(label)
            self.block_labels.append(label)

    def selected_loan(self) -> LoanView | None:
        rows = self.loans_view.selectionModel().selectedRows()
        return self.loans.loan_at(rows[0].row()) if rows else None

    def on_renew_clicked(self) -> None:
        loan = self.selected_loan()
        if loan is not None:
            self.renewRequested.emit(loan.loan_id)

    def clear(self) -> None:
        """Forget the patron: every label, the loans list and the blocks."""
        self.name.clear()
        self.details.clear()
        self.show_holds([])
        self.balance.clear()
        for label in self.block_labels:
            self.blocks_box.removeWidget(label)
            label.setParent(None)
            label.deleteLater()
        self.block_labels = []
        self.loans.set_loans([])
        self.loans_heading.clear()
        self.renew_button.setEnabled(False)
        self.renew_all_button.setEnabled(False)
        self.limited = False
        self._items_out = 0
        for widget in (self.loans_view, self.renew_button, self.renew_all_button):
            widget.show()
        self._set_limited_room(False)
        self._stack.setCurrentWidget(self.empty)
