"""Table models for the desk: the scan lines of a session and a patron's current loans."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from popup.store.circulation import LoanView
from popup.ui import palette
from popup.ui.feedback import COLOURS, Outcome
from popup.ui.text import date_text

Index = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")

#: Row background tints (light versions of the outcome colours, so black text stays readable).
_TINTS = {
    Outcome.OK: palette.OK_TINT,
    Outcome.ATTENTION: palette.ATTENTION_TINT,
    Outcome.PROBLEM: palette.PROBLEM_TINT,
}

# data() runs for every role of every visible cell on each paint: build the brushes once.
_ROW_BRUSH = {outcome: QBrush(QColor(tint)) for outcome, tint in _TINTS.items()}
_UNDONE_BRUSH = QBrush(QColor(palette.UNDONE_TINT))
_TEXT_BRUSH = QBrush(QColor(palette.INK))
_UNDONE_TEXT_BRUSH = QBrush(QColor(palette.FADED))
_MARK = {outcome: QColor(colours[0]) for outcome, colours in COLOURS.items()}
_DISPLAY = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)


@dataclass(frozen=True)
class Line:
    """One scan shown in a list: its outcome, the texts per column and the action's seq."""

    cells: tuple[str, ...]
    outcome: Outcome = Outcome.OK
    seq: int | None = None
    undone: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


class RowsModel(QAbstractTableModel, Generic[RowT]):
    """A flat table: one row per ``RowT``, one column per header; subclasses give data().

    Subclasses set ``_headers`` (translated in their own context) after ``__init__``.

    Signals: the standard QAbstractItemModel ones.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers: list[str] = []
        self._rows: list[RowT] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def _row_at(self, index: Index) -> RowT | None:
        """The row behind a valid index of this model, else None."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        return self._rows[index.row()]

    def _append_row(self, row: RowT) -> int:
        """One row inserted at the bottom (not a reset); its row number."""
        at = len(self._rows)
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.append(row)
        self.endInsertRows()
        return at

    def _reset_rows(self, rows: list[RowT]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()


class LinesModel(RowsModel[Line]):
    """The scans of this session, newest at the bottom.

    Signals: the standard QAbstractItemModel ones.
    """

    def __init__(self, headers: list[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = headers

    @property
    def lines(self) -> list[Line]:
        return list(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self._row_at(index)
        if line is None:
            return None
        if role in _DISPLAY:
            return line.cells[index.column()] if index.column() < len(line.cells) else ""
        if role == Qt.ItemDataRole.BackgroundRole:
            return _UNDONE_BRUSH if line.undone else _ROW_BRUSH[line.outcome]
        if role == Qt.ItemDataRole.ForegroundRole:
            return _UNDONE_TEXT_BRUSH if line.undone else _TEXT_BRUSH
        if role == Qt.ItemDataRole.FontRole and line.undone:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            return _MARK[line.outcome]
        return None

    def append(self, line: Line) -> int:
        return self._append_row(line)

    def mark_undone(self, seq: int) -> bool:
        for row, line in enumerate(self._rows):
            if line.seq == seq:
                self._rows[row] = replace(line, undone=True)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._headers) - 1))
                return True
        return False

    def clear(self) -> None:
        self._reset_rows([])


class LoansModel(RowsModel[LoanView]):
    """A patron's current loans: title, due date, renewals.

    Signals: the standard QAbstractItemModel ones.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = [self.tr("Title"), self.tr("Due"), self.tr("Renewed")]

    def loan_at(self, row: int) -> LoanView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def loans(self) -> list[LoanView]:
        return list(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        loan = self._row_at(index)
        if loan is None:
            return None
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == 0:
                return loan.title
            if col == 1:
                due = date_text(loan.due)
                return self.tr("{0} (overdue)").format(due) if loan.overdue else due
            return str(loan.renewals)
        if role == Qt.ItemDataRole.ForegroundRole and col == 1 and loan.overdue:
            return QBrush(QColor(COLOURS[Outcome.PROBLEM][0]))
        return None

    def add_loan(self, loan: LoanView) -> None:
        """Append one loan (a checkout just made): one row inserted, not a reset."""
        self._append_row(loan)

    def set_loans(self, loans: list[LoanView]) -> None:
        self._reset_rows(list(loans))
