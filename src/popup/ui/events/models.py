"""Item models of the event screens: the registration list and the stop's attendance table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from popup.domain.age_bands import AgeBand
from popup.store.events import (
    CANCELLED,
    CHECKED_IN,
    REGISTERED,
    WAITLIST,
    EventReport,
    RegistrationView,
    StopView,
)
from popup.ui import palette
from popup.ui.text import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex


def status_text(status: str) -> str:
    return {
        REGISTERED: QCoreApplication.translate("events", "Registered"),
        WAITLIST: QCoreApplication.translate("events", "Waitlist"),
        CHECKED_IN: QCoreApplication.translate("events", "Checked in"),
        CANCELLED: QCoreApplication.translate("events", "Cancelled"),
    }.get(status, status)


def day_text(day: date) -> str:
    """A day in the UI's language, short: "Fri 27 Nov", "vie 27 nov"."""
    return str(
        QLocale().toString(
            QDate(day.year, day.month, day.day),
            QCoreApplication.translate("events", "ddd d MMM"),  # "Fri 27 Nov"
        )
    )


def stop_label(stop: StopView, zone: tzinfo | None, today: date) -> str:
    """A stop as the stop pickers list it: its name, then its hours ("· 15:00–19:00") on the
    day it is, with its day on another ("· Fri 27 Nov 15:00–19:00", in the UI's language)."""
    if stop.starts_at is None:
        return stop.name
    start = stop.starts_at.astimezone(zone)
    when = f"{start:%H:%M}"
    if start.date() != today:
        when = f"{day_text(start.date())} {when}"
    if stop.ends_at is not None:
        when += f"–{stop.ends_at.astimezone(zone):%H:%M}"
    return f"{stop.name} · {when}"


def where_text(onsite: bool) -> str:
    return (
        QCoreApplication.translate("events", "On-site")
        if onsite
        else QCoreApplication.translate("events", "Off-site")
    )


def band_label(bands: Sequence[AgeBand], code: str | None) -> str:
    if code is None:
        return "—"
    return next((b.label for b in bands if b.code == code), code)


class RegistrationModel(QAbstractTableModel):
    """An event's registration list: sign-up order, name, band, status.

    Signals: the standard model signals.
    """

    COLUMNS = (
        "#",
        QT_TRANSLATE_NOOP("events", "Name"),
        QT_TRANSLATE_NOOP("events", "Band"),
        QT_TRANSLATE_NOOP("events", "Status"),
    )
    ROW_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, bands: Sequence[AgeBand], parent: Any = None) -> None:
        super().__init__(parent)
        self._bands = tuple(bands)
        self._rows: list[RegistrationView] = []

    def set_rows(self, rows: Sequence[RegistrationView]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def registration(self, row: int) -> RegistrationView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.COLUMNS)
        ):
            return QCoreApplication.translate("events", self.COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        reg = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(reg.position)
            if col == 1:
                return reg.name + (" ▣" if reg.patron_card else "")
            if col == 2:
                return band_label(self._bands, reg.band)
            if col == 3:
                return status_text(reg.status)
        if role == Qt.ItemDataRole.ToolTipRole and col == 1 and reg.patron_card:
            return QCoreApplication.translate("events", "Has a library card on file")
        if role == Qt.ItemDataRole.ForegroundRole:
            if reg.status == CANCELLED:
                return QBrush(QColor(palette.FADED))
            if reg.status == CHECKED_IN and col == 3:
                return QBrush(QColor(palette.OK))
            if reg.status == WAITLIST and col == 3:
                return QBrush(QColor(palette.WAITING))
        if role == Qt.ItemDataRole.FontRole and reg.status == CANCELLED:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == self.ROW_ROLE:
            return reg.id
        return None


class AttendanceTableModel(QAbstractTableModel):
    """Attendance per event per band at a stop, with a total row.

    Signals: the standard model signals.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._bands: tuple[AgeBand, ...] = ()
        self._events: list[EventReport] = []

    def set_report(self, bands: Sequence[AgeBand], events: Sequence[EventReport]) -> None:
        self.beginResetModel()
        self._bands = tuple(bands)
        self._events = list(events)
        self.endResetModel()

    def _headers(self) -> list[str]:
        return [
            QCoreApplication.translate("events", "Event"),
            QCoreApplication.translate("events", "Where"),
            *(b.label for b in self._bands),
            QCoreApplication.translate("events", "By card"),
            QCoreApplication.translate("events", "Total"),
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._events) + 1 if self._events else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._bands) + 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        headers = self._headers()
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(headers)
        ):
            return headers[section]
        return None

    def cell(self, row: int, col: int) -> str:
        nb = len(self._bands)
        if row == len(self._events):  # the total row
            if col == 0:
                return QCoreApplication.translate("events", "Total")
            if col == 1:
                return ""
            if col < 2 + nb:
                code = self._bands[col - 2].code
                return str(sum(e.counts.get(code) for e in self._events))
            if col == 2 + nb:
                return str(sum(e.counts.identified for e in self._events))
            return str(sum(e.counts.total for e in self._events))
        ev = self._events[row]
        if col == 0:
            return ev.event.title
        if col == 1:
            return where_text(ev.event.onsite)
        if col < 2 + nb:
            return str(ev.counts.get(self._bands[col - 2].code))
        if col == 2 + nb:
            return str(ev.counts.identified)
        return str(ev.counts.total)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        if not 0 <= index.column() < self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and index.row() == len(self._events):
            font = QFont()
            font.setBold(True)
            return font
        return None
