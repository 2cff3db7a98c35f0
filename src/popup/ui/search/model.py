"""The copies a search found, as a table: title, author, call number, barcode, availability."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from popup.domain import messages
from popup.domain.catalogue import Availability
from popup.store.search import Copy
from popup.ui import palette
from popup.ui.desk.models import Index, RowsModel
from popup.ui.text import date_text, translated

_DISPLAY = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
#: The availability column's colour: green on the shelf, brown on hold (Enter asks), else slate.
_AVAILABLE_BRUSH = QBrush(QColor(palette.OK))
_HELD_BRUSH = QBrush(QColor(palette.WARNING))
_OTHER_BRUSH = QBrush(QColor(palette.SLATE))
AVAILABILITY_COLUMN = 4


def status_text(status: str) -> str:
    """A catalogue status that takes a copy off the shelf, in the desk's words for it."""
    return translated(messages.ITEM_STATUSES, status) or status


def availability_text(copy: Copy) -> str:
    """Where the copy is, as the availability column says it."""
    held = copy.hold.held
    if copy.availability is Availability.ON_LOAN:
        due = date_text(copy.due) if copy.due is not None else ""
        if held:
            return QCoreApplication.translate("SearchPage", "On loan, due {0}; on hold").format(due)
        if not due:
            return QCoreApplication.translate("SearchPage", "On loan")
        return QCoreApplication.translate("SearchPage", "On loan, due {0}").format(due)
    if copy.availability is Availability.UNAVAILABLE:
        return QCoreApplication.translate("SearchPage", "Not available ({0})").format(
            status_text(copy.status)
        )
    if copy.availability is Availability.ELSEWHERE:
        return QCoreApplication.translate("SearchPage", "Belongs to {0}").format(copy.home_library)
    if copy.availability is Availability.ON_HOLD:
        if copy.hold.pickup:
            return QCoreApplication.translate("SearchPage", "On hold (pickup {0})").format(
                copy.hold.pickup
            )
        return QCoreApplication.translate("SearchPage", "On hold")
    return QCoreApplication.translate("SearchPage", "On the shelf here")


class CopiesModel(RowsModel[Copy]):
    """The copies of the last search, best match first.

    Signals: the standard QAbstractItemModel ones.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = [
            QCoreApplication.translate("SearchPage", "Title"),
            QCoreApplication.translate("SearchPage", "Author"),
            QCoreApplication.translate("SearchPage", "Call number"),
            QCoreApplication.translate("SearchPage", "Barcode"),
            QCoreApplication.translate("SearchPage", "Availability"),
        ]

    @property
    def copies(self) -> list[Copy]:
        return list(self._rows)

    def copy_at(self, row: int) -> Copy | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, item_id: int) -> int | None:
        return next((n for n, c in enumerate(self._rows) if c.item_id == item_id), None)

    def set_copies(self, copies: list[Copy]) -> None:
        self._reset_rows(list(copies))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        copy = self._row_at(index)
        if copy is None:
            return None
        col = index.column()
        if role in _DISPLAY:
            cells = (
                copy.title,
                copy.author or "",
                copy.call_number or "",
                copy.barcode,
                availability_text(copy),
            )
            return cells[col] if col < len(cells) else None
        if role == Qt.ItemDataRole.ToolTipRole and col == 0 and copy.isbn:
            return QCoreApplication.translate("SearchPage", "ISBN {0}").format(copy.isbn)
        if role == Qt.ItemDataRole.ForegroundRole and col == AVAILABILITY_COLUMN:
            if copy.availability is Availability.HERE:
                return _AVAILABLE_BRUSH
            return _HELD_BRUSH if copy.availability is Availability.ON_HOLD else _OTHER_BRUSH
        return None


__all__ = ["AVAILABILITY_COLUMN", "CopiesModel", "availability_text", "status_text"]
