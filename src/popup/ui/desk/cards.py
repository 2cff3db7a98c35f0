"""Forgotten, lost and expired cards at the checkout desk (#15), keyboard only.

* :class:`LookupDialog` (Ctrl+K): type the name (and a date of birth to narrow it); the list
  follows each key; Down or Tab reaches the list, the arrows choose, Enter serves the patron as
  if their card were scanned; Esc cancels.
* :class:`NewCardDialog`: the replacement card after Ctrl+Shift+L, the sign-up's card view
  (QR code on screen, print, PDF, PNG) with Enter serving the patron by the new card.

The checkout page asks the questions in between (:class:`~popup.ui.desk.prompt.ConfirmDialog`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from popup.domain.age_bands import AgeBand
from popup.domain.signup import parse_birth_date
from popup.store.cards import LOOKUP_LIMIT, Cards, Found
from popup.store.circulation import DeskError, Problem
from popup.ui.desk.prompt import DeskPrompt, prompt_button
from popup.ui.feedback import COLOURS, Outcome
from popup.ui.signup.card_print import CardData
from popup.ui.signup.card_view import CardView
from popup.ui.signup.form import locale_date_order
from popup.ui.text import category_text, refusal_text
from popup.ui.widgets import ListField


class _Results(QTableWidget):
    """The patrons found: Enter chooses the current row, Up on the first goes back to typing."""

    chosen = Signal()
    up_from_top = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.chosen.emit()
            return
        if event.key() == Qt.Key.Key_Up and self.currentRow() <= 0:
            self.up_from_top.emit()
            return
        super().keyPressEvent(event)


class LookupDialog(DeskPrompt):
    """Find a patron by name; ``chosen(card)`` when staff pick one (Enter).

    Attributes:
        name, born: what staff type; results: the patrons found (name, category, card masked);
        status: how many were found, or why none (a sentence).
    """

    chosen = Signal(str)

    def __init__(
        self,
        cards: Cards,
        title: str,
        category_bands: tuple[AgeBand, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent)
        self.cards = cards
        self.category_bands = category_bands
        self.found: list[Found] = []
        self.setMinimumWidth(680)

        form = QFormLayout()
        self.name = ListField(self)
        self.name.setAccessibleName(self.tr("Patron's name"))
        self.name.setPlaceholderText(self.tr("e.g. garc mar"))
        self.name.setMinimumHeight(40)
        self.name.setStyleSheet("font-size: 15pt;")
        self.born = QLineEdit(self)
        self.born.setAccessibleName(self.tr("Date of birth (optional)"))
        self.born.setPlaceholderText(self.tr("optional: narrows the list"))
        self.born.setStyleSheet("font-size: 13pt;")
        name_label = QLabel(self.tr("&Name:"), self)
        name_label.setBuddy(self.name)
        born_label = QLabel(self.tr("&Date of birth:"), self)
        born_label.setBuddy(self.born)
        for label in (name_label, born_label):
            label.setStyleSheet("font-size: 13pt;")
        form.addRow(name_label, self.name)
        form.addRow(born_label, self.born)
        self.body.addLayout(form)

        self.results = _Results(0, 3, self)
        self.results.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Category"), self.tr("Card")]
        )
        self.results.setAccessibleName(self.tr("Patrons found"))
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.verticalHeader().hide()
        self.results.setStyleSheet("font-size: 14pt;")
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.results.setMinimumHeight(220)
        self.body.addWidget(self.results, 1)

        self.status = QLabel(self.tr("Type at least two letters of the patron's name."), self)
        self.status.setWordWrap(True)
        self.status.setStyleSheet("font-size: 13pt;")
        self.body.addWidget(self.status)
        self.hint = QLabel(
            self.tr("↓ moves to the list, ↑ ↓ choose, Enter takes the patron, Esc cancels."), self
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("font-size: 12pt;")
        self.body.addWidget(self.hint)
        self.add_scan_note()
        self.cancel_button = prompt_button(self.tr("Cancel (Esc)"), self.tr("Cancel"), self)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.body.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)

        self.name.textChanged.connect(lambda _t: self.search())
        self.born.textChanged.connect(lambda _t: self.search())
        self.name.returnPressed.connect(self.choose)
        self.born.returnPressed.connect(self.choose)
        self.name.down.connect(self.to_results)
        self.results.chosen.connect(self.choose)
        self.results.up_from_top.connect(self.name.setFocus)
        self.resize(760, 520)
        self.name.setFocus()

    def _birth_date(self) -> date | None:
        text = self.born.text().strip()
        if not text:
            return None
        try:
            return parse_birth_date(text, locale_date_order())
        except ValueError:
            raise DeskError(Problem.LOOKUP_BAD_BIRTH_DATE, (("typed", text),)) from None

    def search(self) -> None:
        """List the patrons matching what is typed (local and fast: every key)."""
        self.results.setRowCount(0)
        self.found = []
        try:
            found = self.cards.lookup(self.name.text(), self._birth_date(), LOOKUP_LIMIT + 1)
        except DeskError as exc:
            self._say(refusal_text(exc), Outcome.ATTENTION)
            return
        self.found = found[:LOOKUP_LIMIT]
        self.results.setRowCount(len(self.found))
        for row, patron in enumerate(self.found):
            cells = (
                patron.name,
                category_text(patron.category, self.category_bands),
                patron.masked,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setData(
                        Qt.ItemDataRole.AccessibleTextRole,
                        self.tr("card ending {0}").format(patron.card_number[-4:]),
                    )
                self.results.setItem(row, column, item)
        if len(found) > LOOKUP_LIMIT:
            self.results.setCurrentCell(0, 0)
            self._say(
                self.tr("More than {0} patrons match: type more of the name.").format(LOOKUP_LIMIT),
                Outcome.ATTENTION,
            )
        elif self.found:
            self.results.setCurrentCell(0, 0)
            # The count after a colon: English reads right without a plural translation.
            self._say(self.tr("Patrons found: %n.", "", len(self.found)), Outcome.OK)
        else:
            self._say(self.tr("Nobody on this laptop has that name."), Outcome.ATTENTION)

    def _say(self, text: str, outcome: Outcome) -> None:
        background, foreground = COLOURS[outcome]
        self.status.setStyleSheet(
            f"font-size: 13pt; background: {background}; color: {foreground}; padding: 4px 8px;"
        )
        self.status.setText(text)

    def to_results(self) -> None:
        if self.found:
            self.results.setFocus()
            self.results.setCurrentCell(max(self.results.currentRow(), 0), 0)

    def choose(self) -> None:
        """Serve the current row's patron (the first one when staff never moved)."""
        if not self.found:
            return
        row = max(self.results.currentRow(), 0)
        card = self.found[row].card_number
        self.accept()
        self.chosen.emit(card)


class NewCardDialog(DeskPrompt):
    """The replacement card: QR on screen, print, PDF, PNG; Enter serves the patron by it.

    Signals:
        startCheckout(str): staff pressed Start checkout (Enter) for the new number.
    """

    startCheckout = Signal(str)

    def __init__(
        self, card: CardData, exports_dir: Path, old_card: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("New card for a lost one"), parent)
        self.setMinimumWidth(900)
        self.lost = QLabel(
            self.tr("Card ending {0} is blocked as lost from now on.").format(old_card[-4:]), self
        )
        self.lost.setWordWrap(True)
        background, foreground = COLOURS[Outcome.ATTENTION]
        self.lost.setStyleSheet(
            f"font-size: 14pt; background: {background}; color: {foreground}; padding: 6px 10px;"
        )
        self.body.addWidget(self.lost)
        self.view = CardView(exports_dir, self)
        self.view.another_button.hide()  # no sign-up here
        self.body.addWidget(self.view, 1)
        self.add_scan_note()
        self.view.show_card(card, title=self.tr("New card ready:"))
        self.view.startCheckout.connect(self._start)
        self.view.notDone.connect(lambda text: self.view.saved.setText(text))
        self.fit()

    def _start(self, card: str) -> None:
        self.accept()
        self.startCheckout.emit(card)

    def clear(self) -> None:
        """Idle clear: forget the card and close."""
        self.view.clear()
        self.reject()


__all__ = ["LookupDialog", "NewCardDialog"]
