"""Desk tables that fit their width: no sideways scrolling and no title shortened to "T…".

A 1024-pixel screen leaves the checkout list about 500 pixels: a long title and a note cannot
both sit on one line. Short columns (barcode, due date, counts) keep their contents' width, the
text columns (title, note) share what is left and wrap, and each row grows to its text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex

#: Below this part of the width for the wrapping columns, a title would wrap a word a line:
#: the fold column moves under another one instead.
FOLD_BELOW = 0.45


@dataclass(frozen=True)
class Fold:
    """On a narrow table, column ``column`` is hidden and its text shown as a second line
    under column ``under``'s (as "Header: text" when ``labelled``)."""

    column: int
    under: int
    labelled: bool = False
    #: A value that says nothing worth a second line (a count of 0): not shown when folded,
    #: so the row stays one line high and a netbook shows more rows.
    omit: str | None = None


class _FoldDelegate(QStyledItemDelegate):
    """Paints (and measures) the folded column's text under its host column's."""

    def __init__(self, table: FittedTable) -> None:
        super().__init__(table)
        self._table = table

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        extra = self._table.folded_text(index)
        if extra:
            option.text = f"{option.text}\n{extra}"


class FittedTable(QTableView):
    """A table whose columns always add up to its width.

    ``wrap`` maps each wrapping column to its weight when they must share too little room
    (title 3, note 2: the title gets the larger part). Every other column is sized to its
    widest text; natural widths are measured per new row, so a scan costs one row's measuring,
    and all rows are measured again only when the model is reset or the columns' widths change.
    ``fold`` names a short column that moves under another when the table is too narrow.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        wrap: Mapping[int, int],
        row_height: int,
        fold: Fold | None = None,
    ) -> None:
        super().__init__(parent)
        self._wrap = dict(wrap)
        self._fold = fold
        self._folded = False
        self._fold_natural = 0  # the host column's widest text with the folded line under it
        self._fitting = False
        self._again = False
        self.setItemDelegate(_FoldDelegate(self))
        self._row_height = row_height
        self._natural: list[int] = []  # per column: its widest text (or header) in pixels
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(row_height)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(24)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is None:
            return
        for col in range(model.columnCount()):
            self.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
        model.modelReset.connect(self._measure_all)
        model.rowsInserted.connect(self._measure_rows)
        model.dataChanged.connect(self._on_data_changed)
        self._measure_all()

    @property
    def folded(self) -> bool:
        return self._folded

    def folded_text(self, index: Index) -> str:
        """The folded column's line under ``index`` (empty when nothing is folded there)."""
        fold = self._fold
        if fold is None or not self._folded or index.column() != fold.under:
            return ""
        text = str(self.model().index(index.row(), fold.column).data() or "")
        if text == fold.omit:
            return ""
        if text and fold.labelled:
            label = self.model().headerData(fold.column, Qt.Orientation.Horizontal)
            text = self.tr("{0}: {1}").format(label, text)
        return text

    # -- measuring ---------------------------------------------------------------------------

    def _cell_width(self, row: int, col: int) -> int:
        model = self.model()
        if not str(model.data(model.index(row, col)) or ""):
            return 0
        # The delegate's unwrapped size: text, margins and the outcome mark in column 0.
        return self.sizeHintForIndex(model.index(row, col)).width() + 8

    def _header_width(self, col: int) -> int:
        header = self.horizontalHeader()
        if header.isSectionHidden(col):  # Qt measures a hidden section as nothing
            header.showSection(col)
            hint = header.sectionSizeHint(col)
            header.hideSection(col)
            return hint
        return header.sectionSizeHint(col)

    def _measure_all(self) -> None:
        self._natural = [self._header_width(col) for col in range(self.model().columnCount())]
        self._fold_natural = 0
        self._measure(0, self.model().rowCount() - 1)

    def _measure_rows(self, _parent: Index, first: int, last: int) -> None:
        self._measure(first, last)
        self.scrollToBottom()

    def _on_data_changed(self, top_left: Index, bottom_right: Index, _roles: object = None) -> None:
        self._measure(top_left.row(), bottom_right.row())

    def _measure(self, first: int, last: int) -> None:
        rows = range(first, last + 1)
        was, self._folded = self._folded, False  # each column's own text
        for col in range(len(self._natural)):
            widest = max((self._cell_width(row, col) for row in rows), default=0)
            self._natural[col] = max(self._natural[col], widest)
        self._folded = True
        fold = self._fold
        if fold is not None and fold.under < len(self._natural):
            # Folded, the host is as wide as its own text or the folded line under it.
            model, metrics = self.model(), self.fontMetrics()
            lines = (self.folded_text(model.index(row, fold.under)) for row in rows)
            widest = max((metrics.horizontalAdvance(line) + 24 for line in lines), default=0)
            self._fold_natural = max(self._fold_natural, widest, self._natural[fold.under])
        self._folded = was
        if not self._fit_columns():  # when it did, it fitted every row
            for row in range(first, last + 1):
                self._fit_row(row)

    # -- laying out --------------------------------------------------------------------------

    def _fit_columns(self) -> bool:
        """Give each column its width; True when a width changed (rows are refitted then)."""
        if not self._natural or self._fitting:
            self._again = self._fitting  # hiding a column or a row's height moved the edges
            return False
        self._fitting = True
        changed = False
        try:
            for _ in range(3):  # settles at once, or after a scroll bar came or went
                self._again = False
                changed = self._share_width() or changed
                if not self._again:
                    break
            if changed:
                self._fit_rows(self.model().rowCount())
        finally:
            self._fitting = False
        return changed

    def _share_width(self) -> bool:
        header = self.horizontalHeader()
        natural = list(self._natural)
        widths = {c: w for c, w in enumerate(natural) if c not in self._wrap}
        inner = self.viewport().width()
        # Folding is decided on the width with no scroll bar, so the scroll bar a folded row's
        # height brings cannot fold and unfold the table in turn.
        whole = inner + (
            self.verticalScrollBar().width() if self.verticalScrollBar().isVisible() else 0
        )
        fold = self._fold
        folded = fold is not None and whole - sum(widths.values()) < FOLD_BELOW * whole
        fold_changed = folded != self._folded
        if fold_changed:
            assert fold is not None
            self._folded = folded
            self.setColumnHidden(fold.column, folded)
            self.viewport().update()
        if folded:
            assert fold is not None
            widths.pop(fold.column, None)
            natural[fold.under] = self._fold_natural
            if fold.under in widths:
                widths[fold.under] = natural[fold.under]
        room = max(0, inner - sum(widths.values()))
        wrapping = [c for c in self._wrap if c < len(self._natural)]
        # Share the room by weight, but no column gets more than its text needs; what one
        # does not need goes to the others, and anything left over to the first (the title).
        left = dict.fromkeys(wrapping, 0)
        pending = list(wrapping)
        spare = room
        while pending:
            weight = sum(self._wrap[c] for c in pending)
            share = {c: spare * self._wrap[c] // weight for c in pending}
            settled = [c for c in pending if natural[c] <= share[c]]
            if not settled:
                for c in pending:
                    left[c] = share[c]
                spare -= sum(share.values())
                break
            for c in settled:
                left[c] = natural[c]
                spare -= natural[c]
                pending.remove(c)
        if wrapping:
            left[wrapping[0]] += max(0, room - sum(left.values()))
        widths.update(left)
        changed = fold_changed  # the host's rows have a line more or less
        for col, width in widths.items():
            if header.sectionSize(col) != width:
                header.resizeSection(col, width)
                changed = True
        return changed

    def _fit_row(self, row: int) -> None:
        self.setRowHeight(row, max(self._row_height, self.sizeHintForRow(row)))

    def _fit_rows(self, count: int) -> None:
        for row in range(count):
            self._fit_row(row)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Also called when the viewport alone changes (a vertical scroll bar came or went).
        super().resizeEvent(event)
        self._fit_columns()
