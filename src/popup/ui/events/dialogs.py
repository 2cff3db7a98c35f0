"""Small forms: a new stop (made offline) and a new event at a stop."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo

from PySide6.QtCore import QCoreApplication, Qt, QTime
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from popup.domain.age_bands import AgeBand
from popup.domain.attendance import ALL_AGES
from popup.ui import palette
from popup.ui.text import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class StopValues:
    name: str
    place: str | None
    starts_at: datetime | None
    ends_at: datetime | None


@dataclass(frozen=True)
class EventValues:
    title: str
    event_type: str
    audience: str | None
    onsite: bool
    uses_registration: bool
    capacity: int | None


class _Form(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        if parent is not None:
            self.setFont(parent.font())  # a dialog window does not inherit the window's size
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.outer = QVBoxLayout(self)
        self.form = QFormLayout()
        self.outer.addLayout(self.form)
        self.error = QLabel(self)
        self.error.setStyleSheet(f"color: {palette.PROBLEM}; font-weight: 600;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.outer.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.outer.addWidget(self.buttons)

        #: The refusal key's field (``EMPTY.title`` -> ``title``) and the widget to fix it in.
        self.fields: dict[str, QWidget] = {}
        self._wrong: QWidget | None = None

    def first_field(self) -> QWidget | None:
        return next(iter(self.fields.values()), None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Typing starts at once: in the first field, or in the one a refused save named.
        target = self._wrong or self.first_field()
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(target, QLineEdit):
                target.selectAll()

    def show_error(self, text: str, reason: str = "") -> None:
        """Keep the form open with the problem named under it (nothing was written), and put
        the cursor in the field the refusal ``reason`` (its key) names, if it names one."""
        self.error.setText(text)
        self.error.show()
        field = reason.rpartition(".")[2] if "." in reason else reason
        self._wrong = self.fields.get(field, self._wrong)
        if self._wrong is not None and self.isVisible():
            self._wrong.setFocus(Qt.FocusReason.OtherFocusReason)


class NewStopDialog(_Form):
    """A stop staff add on the spot (the planned ones come from the server). Signals: none."""

    def __init__(self, day: date, zone: tzinfo | None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("New stop"), parent)
        self._day = day
        self._zone = zone
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("e.g. Riverside Park"))
        self.place = QLineEdit(self)
        self.place.setPlaceholderText(self.tr("e.g. By the playground"))
        self.timed = QCheckBox(self.tr("Set start and end times (today)"), self)
        self.timed.setChecked(True)
        self.start = QTimeEdit(QTime(10, 0), self)
        self.end = QTimeEdit(QTime(12, 0), self)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        self.timed.toggled.connect(self.start.setEnabled)
        self.timed.toggled.connect(self.end.setEnabled)
        self.form.addRow(self.tr("Stop name"), self.name)
        self.form.addRow(self.tr("Place"), self.place)
        self.form.addRow("", self.timed)
        self.form.addRow(self.tr("Starts"), self.start)
        self.form.addRow(self.tr("Ends"), self.end)
        self.fields.update(
            stop_name=self.name,
            place=self.place,
            start=self.start,
            end=self.end,
            ENDS_BEFORE_START=self.end,
        )

    def _moment(self, edit: QTimeEdit) -> datetime:
        t = edit.time()
        local = datetime.combine(self._day, time(t.hour(), t.minute()))
        return local.replace(tzinfo=self._zone) if self._zone else local.astimezone()

    def values(self) -> StopValues:
        timed = self.timed.isChecked()
        return StopValues(
            name=self.name.text(),
            place=self.place.text() or None,
            starts_at=self._moment(self.start) if timed else None,
            ends_at=self._moment(self.end) if timed else None,
        )


#: Offered in the type box, shown translated; a listed type is stored by this English name
#: (:func:`event_type_text` shows a stored one in the UI language).
EVENT_TYPES = (
    QT_TRANSLATE_NOOP("NewEventDialog", "Story time"),
    QT_TRANSLATE_NOOP("NewEventDialog", "STEM workshop"),
    QT_TRANSLATE_NOOP("NewEventDialog", "Craft"),
    QT_TRANSLATE_NOOP("NewEventDialog", "Card drive"),
    QT_TRANSLATE_NOOP("NewEventDialog", "Book club"),
    QT_TRANSLATE_NOOP("NewEventDialog", "Outreach visit"),
    QT_TRANSLATE_NOOP("NewEventDialog", "Class visit"),
    QT_TRANSLATE_NOOP("NewEventDialog", "Other"),
)


def event_type_text(stored: str) -> str:
    """An event's type as staff read it: a listed type (whatever its case: the store and the
    server may hold "story time") in the UI language, a typed one as typed."""
    wanted = stored.strip().casefold()
    listed = next((name for name in EVENT_TYPES if name.casefold() == wanted), None)
    if listed is None:
        return stored
    return QCoreApplication.translate("NewEventDialog", listed)


class NewEventDialog(_Form):
    """An event at the current stop: type, audience, on-site or off-site, optional list.

    Signals: none.
    """

    def __init__(self, bands: Sequence[AgeBand], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("New event"), parent)
        self.title_field = QLineEdit(self)
        self.title_field.setPlaceholderText(self.tr("e.g. Saturday story time"))
        self.event_type = QComboBox(self)
        self.event_type.setEditable(True)
        for name in EVENT_TYPES:
            self.event_type.addItem(self.tr(name), name)
        self.audience = QComboBox(self)
        self.audience.addItem(self.tr("All ages (general interest)"), ALL_AGES)
        for band in bands:
            self.audience.addItem(self.tr("Ages {0}").format(band.label), band.code)
        where = QWidget(self)
        row = QHBoxLayout(where)
        row.setContentsMargins(0, 0, 0, 0)
        self.onsite = QRadioButton(self.tr("On-site (at the bookmobile / library)"), where)
        self.offsite = QRadioButton(self.tr("Off-site (school, centre, park…)"), where)
        self.onsite.setChecked(True)
        row.addWidget(self.onsite)
        row.addWidget(self.offsite)
        self.registration = QCheckBox(self.tr("Keep a registration list"), self)
        self.capacity = QSpinBox(self)
        self.capacity.setRange(0, 999)
        self.capacity.setSpecialValueText(self.tr("No limit"))
        self.capacity.setEnabled(False)
        self.registration.toggled.connect(self.capacity.setEnabled)
        self.form.addRow(self.tr("Title"), self.title_field)
        self.form.addRow(self.tr("Type"), self.event_type)
        self.form.addRow(self.tr("Audience"), self.audience)
        self.form.addRow(self.tr("Where"), where)
        self.form.addRow("", self.registration)
        self.form.addRow(self.tr("Places"), self.capacity)
        self.fields.update(
            title=self.title_field,
            event_type=self.event_type,
            audience=self.audience,
            CAPACITY=self.capacity,
        )

    def values(self) -> EventValues:
        index = self.event_type.currentIndex()
        typed = self.event_type.currentText().strip()
        data = self.event_type.itemData(index) if index >= 0 else None
        # A listed type is stored by its untranslated name; a typed one as typed.
        event_type = str(data) if data and self.event_type.itemText(index) == typed else typed
        audience = str(self.audience.currentData())
        registration = self.registration.isChecked()
        return EventValues(
            title=self.title_field.text(),
            event_type=event_type,
            audience=None if audience == ALL_AGES else audience,
            onsite=self.onsite.isChecked(),
            uses_registration=registration,
            capacity=(self.capacity.value() or None) if registration else None,
        )
