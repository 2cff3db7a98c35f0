"""The duplicate warning: this may be a patron the library already has."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from popup.store.signup import DuplicateMatch
from popup.ui.signup.card_print import spaced_number


class DuplicateDialog(QDialog):
    """Lists the matching patrons; staff open one, create the new patron anyway, or go back.

    Signals:
        openExisting(str): open this card number (the selected match) instead.
        createAnyway(): sign the new patron up all the same.
    """

    openExisting = Signal(str)
    createAnyway = Signal()

    def __init__(
        self,
        new_name: str,
        matches: Sequence[DuplicateMatch],
        parent: QWidget | None = None,
        *,
        may_look_up: bool = True,
    ) -> None:
        super().__init__(parent)
        if parent is not None:
            self.setFont(parent.window().font())  # a dialog does not inherit the window's size
        self.setWindowTitle(self.tr("Possible duplicate patron"))
        self.setModal(True)
        self.setMinimumWidth(720)
        layout = QVBoxLayout(self)
        self.list = QListWidget(self)
        self.open_button = QPushButton(self.tr("Open existing patron"), self)
        self.create_button = QPushButton(self.tr("Create anyway"), self)
        self.back_button = QPushButton(self.tr("Back to the form"), self)
        self.may_look_up = may_look_up
        if not may_look_up:
            self._ask_staff(layout)
            return
        heading = QLabel(
            self.tr("“{0}” may already have a card. Check with the patron:").format(new_name),
            self,
        )
        heading.setWordWrap(True)
        heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        layout.addWidget(heading)

        explain = QLabel(
            self.tr(
                "Open the existing patron to serve them, or create the new patron anyway"
                " (the library merges true duplicates later)."
            ),
            self,
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)

        reasons = {
            "name and date of birth": self.tr("same name and date of birth"),
            "email": self.tr("same email"),
            "phone": self.tr("same phone"),
        }
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setWordWrap(True)
        self.list.setStyleSheet(
            "QListWidget { font-size: 14pt; } QListWidget::item { padding: 6px; }"
        )
        for match in matches:
            why = ", ".join(reasons.get(r, r) for r in match.reason.split(", "))
            text = self.tr("{0}\ncard {1} · {2} · {3}").format(
                match.name, spaced_number(match.card_number), match.category, why
            )
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, match.card_number)
        self.list.setCurrentRow(0)
        row_height = self.list.sizeHintForRow(0) if matches else 30
        self.list.setFixedHeight(min(6, max(1, len(matches))) * row_height + 12)
        layout.addWidget(self.list)

        buttons = QHBoxLayout()
        self.open_button.setDefault(True)
        for button in (self.open_button, self.create_button, self.back_button):
            button.setMinimumHeight(44)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.open_button.clicked.connect(self.on_open)
        self.create_button.clicked.connect(self.on_create)
        self.back_button.clicked.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.on_open())

    def _ask_staff(self, layout: QVBoxLayout) -> None:
        """Someone who may not look patrons up (a volunteer): no names, no cards, no way to
        open one or to create the patron anyway; only the way back to the form, and who to
        ask. Decided here from the role, whatever matches the store gave."""
        heading = QLabel(
            self.tr("This person may already have a card. Please ask a staff member."), self
        )
        heading.setWordWrap(True)
        heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.heading = heading
        layout.addWidget(heading)
        for widget in (self.list, self.open_button, self.create_button):
            widget.hide()
            widget.setEnabled(False)
        self.back_button.setMinimumHeight(44)
        self.back_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        layout.addLayout(buttons)
        self.back_button.clicked.connect(self.reject)
        self.back_button.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.may_look_up:
            return
        # Rows wrap once the list knows its width, and then need more height than the
        # sizeHintForRow() used above (a long reason, or a longer language): fit them now.
        self.list.doItemsLayout()
        shown = range(min(6, self.list.count()))
        height = sum(self.list.visualItemRect(self.list.item(row)).height() for row in shown)
        if height:
            self.list.setFixedHeight(height + 12)
            # A window's minimum size ignores wrapped labels' height-for-width: grow to fit.
            self.resize(self.width(), max(self.height(), self.heightForWidth(self.width())))

    def selected_card(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def on_open(self) -> None:
        card = self.selected_card()
        if card is None:
            return
        self.accept()
        self.openExisting.emit(card)

    def on_create(self) -> None:
        self.accept()
        self.createAnyway.emit()
