"""The event screen's registration list: who signed up, places left, check-in and sign-up.

The panel shows and collects; the events page acts (it owns the store calls, the banner and
the sounds). Its strings keep the ``EventsPage`` translation context they had before the panel
was its own class, so the existing translations still apply.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from popup.domain.age_bands import AgeBand
from popup.store.events import CHECKED_IN, REGISTERED, WAITLIST, RegistrationView
from popup.ui.events.models import RegistrationModel


def places_text(rows: Sequence[RegistrationView], capacity: int | None) -> str:
    """How full the event is ("3 of 10 places taken", then who is here), in the UI language."""
    taken = sum(1 for r in rows if r.status in (REGISTERED, CHECKED_IN))
    waiting = sum(1 for r in rows if r.status == WAITLIST)
    here = sum(1 for r in rows if r.status == CHECKED_IN)
    if capacity is None:
        text = QCoreApplication.translate("EventsPage", "{0} registered").format(taken)
    else:
        text = QCoreApplication.translate("EventsPage", "{0} of {1} places taken").format(
            taken, capacity
        )
        if taken > capacity:
            text += " " + QCoreApplication.translate("EventsPage", "({0} over)").format(
                taken - capacity
            )
    text += "\n" + QCoreApplication.translate("EventsPage", "{0} checked in").format(here)
    if waiting:
        text += " · " + QCoreApplication.translate("EventsPage", "{0} on the waitlist").format(
            waiting
        )
    return text


class RegistrationPanel(QGroupBox):
    """The registration list of one event, its buttons and the form that adds a name.

    Signals:
        checkInRequested(): "Check in" was pressed (for the selected name).
        cancelRequested(): "Cancel registration" was pressed (for the selected name).
        registrationActivated(str): a name was double-clicked (its registration id).
        addRequested(): "Add" (or Enter in the name field) with the form filled in.

    Attributes:
        registrations: the list's model; registration_view: its view.
        reg_name, reg_card, reg_band: the form; reg_add: its button.
    """

    checkInRequested = Signal()
    cancelRequested = Signal()
    registrationActivated = Signal(str)
    addRequested = Signal()

    def __init__(self, bands: Sequence[AgeBand], parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("EventsPage", "Registration list"), parent)
        self.setFixedWidth(380)
        reg = QVBoxLayout(self)
        self.places_label = QLabel(self)
        self.places_label.setWordWrap(True)
        self.places_label.setStyleSheet("font-size: 13pt; font-weight: 600;")
        reg.addWidget(self.places_label)
        self.registrations = RegistrationModel(bands, self)
        self.registration_view = QTableView(self)
        view = self.registration_view
        view.setModel(self.registrations)
        view.setAccessibleName(QCoreApplication.translate("EventsPage", "Registration list"))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(32)
        view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        view.doubleClicked.connect(self.on_double_clicked)
        reg.addWidget(view, 1)
        buttons = QHBoxLayout()
        self.check_in_button = QPushButton(QCoreApplication.translate("EventsPage", "Check in"))
        self.cancel_button = QPushButton(
            QCoreApplication.translate("EventsPage", "Cancel registration")
        )
        for button in (self.check_in_button, self.cancel_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(40)
            buttons.addWidget(button)
        self.check_in_button.clicked.connect(self.checkInRequested)
        self.cancel_button.clicked.connect(self.cancelRequested)
        reg.addLayout(buttons)
        add = QGridLayout()
        self.reg_name = QLineEdit(self)
        self.reg_name.setPlaceholderText(QCoreApplication.translate("EventsPage", "Name"))
        self.reg_name.setAccessibleName(
            QCoreApplication.translate("EventsPage", "Name to register")
        )
        self.reg_card = QLineEdit(self)
        self.reg_card.setPlaceholderText(
            QCoreApplication.translate("EventsPage", "Card (optional)")
        )
        self.reg_card.setAccessibleName(
            QCoreApplication.translate("EventsPage", "Card of the person to register")
        )
        self.reg_band = QComboBox(self)
        self.reg_band.addItem(QCoreApplication.translate("EventsPage", "Age band?"), None)
        for band in bands:
            self.reg_band.addItem(band.label, band.code)
        self.reg_add = QPushButton(QCoreApplication.translate("EventsPage", "Add"), self)
        self.reg_add.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reg_add.clicked.connect(self.addRequested)
        self.reg_name.returnPressed.connect(self.addRequested)
        add.addWidget(self.reg_name, 0, 0, 1, 2)
        add.addWidget(self.reg_card, 1, 0)
        add.addWidget(self.reg_band, 1, 1)
        add.addWidget(self.reg_add, 0, 2, 2, 1)
        reg.addLayout(add)

    def show_rows(self, rows: Sequence[RegistrationView], capacity: int | None) -> None:
        self.registrations.set_rows(list(rows))
        self.places_label.setText(places_text(rows, capacity))

    def clear_rows(self) -> None:
        self.registrations.set_rows([])

    def selected_registration(self) -> str | None:
        rows = self.registration_view.selectionModel().selectedRows()
        if not rows:
            return None
        reg = self.registrations.registration(rows[0].row())
        return reg.id if reg else None

    def on_double_clicked(self, index: QModelIndex) -> None:
        reg = self.registrations.registration(index.row())
        if reg is not None:
            self.registrationActivated.emit(reg.id)

    def form_values(self) -> tuple[str, str | None, str | None]:
        """(name, card or None, band code or None) as typed."""
        band = self.reg_band.currentData()
        return self.reg_name.text(), self.reg_card.text() or None, str(band) if band else None

    def clear_form(self) -> None:
        self.reg_name.clear()
        self.reg_card.clear()
        self.reg_band.setCurrentIndex(0)
