"""The exceptions inbox: one row per thing the server said staff should look at, naming the item
and the patron as this laptop knows them, in plain words, with the time as the desk writes it.
The outcome code and the server's own message are in each row's tooltip and in the detail line
under the table (:class:`InboxPage`), not in a column of their own."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from popup.sync_client.status import InboxEntry, inbox, mark_done
from popup.ui import palette
from popup.ui.actions import Attempt, Failure
from popup.ui.context import AppContext
from popup.ui.feedback import Banner, Outcome
from popup.ui.text import QT_TRANSLATE_NOOP, date_text, sync_line_text, time_text

_Index = QModelIndex | QPersistentModelIndex


def moment_text(moment: datetime) -> str:
    """A moment in this computer's time zone, as the desk writes a date, then the locale's
    short time ("4 Dec 2026, 15:05")."""
    return f"{date_text(moment.astimezone().date())}, {time_text(moment)}"


def item_text(entry: InboxEntry) -> str:
    """The item an entry is about: "Dune (31120000000010)", or what the laptop knows of it."""
    subject = entry.subject
    if subject.item_title and subject.item_barcode:
        return f"{subject.item_title} ({subject.item_barcode})"
    return subject.item_barcode or ""


#: Glues the card's digits to the "…" before them: a narrow column wraps the patron's words,
#: never "card …" from "0042" (a zero-width character: nothing shows).
WORD_JOINER = "\u2060"


def patron_text(entry: InboxEntry) -> str:
    """The patron an entry is about, enough to find them and no more: "A. L., card …0042"."""
    subject = entry.subject
    tail = WORD_JOINER + subject.card_tail if subject.card_tail else ""
    if tail and subject.patron_initials:
        #: {0}: the patron's initials, e.g. "A. L."; {1}: the last 4 digits of their card.
        return QCoreApplication.translate("sync", "{0}, card …{1}").format(
            subject.patron_initials, tail
        )
    if tail:
        return QCoreApplication.translate("sync", "card …{0}").format(tail)
    return ""


def happened_text(entry: InboxEntry) -> str:
    """What happened, in the UI language, with the override staff made at the desk if any."""
    happened = sync_line_text(entry.explained[0])
    if entry.override is not None:
        happened += " " + sync_line_text(entry.override)
    return happened


def detail_text(entry: InboxEntry) -> str:
    """The code, when the server answered and its own words (which are not translated)."""
    return QCoreApplication.translate("sync", "Code {0}. The server answered on {1}: “{2}”").format(
        entry.code, moment_text(entry.received_at), entry.message
    )


class InboxModel(QAbstractTableModel):
    """The inbox entries as a table; each cell's tooltip is the row's :func:`detail_text` and
    ``Qt.UserRole`` holds the entry's id."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("sync", "When"),
        QT_TRANSLATE_NOOP("sync", "Item"),
        QT_TRANSLATE_NOOP("sync", "Patron"),
        QT_TRANSLATE_NOOP("sync", "What happened"),
        QT_TRANSLATE_NOOP("sync", "What to do"),
    )
    WHEN, ITEM, PATRON, HAPPENED, TODO = range(5)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[InboxEntry] = []
        self._texts: list[tuple[str, ...]] = []
        self._details: list[str] = []

    def set_entries(self, entries: list[InboxEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        # Worded once per refresh, not per paint.
        self._texts = [self._row_texts(e) for e in self.entries]
        self._details = [detail_text(e) for e in self.entries]
        self.endResetModel()

    @staticmethod
    def _row_texts(entry: InboxEntry) -> tuple[str, ...]:
        when = moment_text(entry.subject.made_at or entry.received_at)
        if entry.resolved_at is not None:
            when += " ✓ " + QCoreApplication.translate("sync", "done")
        return (
            when,
            item_text(entry),
            patron_text(entry),
            happened_text(entry),
            sync_line_text(entry.explained[1]),
        )

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[row][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._details[row]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            # A row is as tall as its longest sentence: the short cells read from its top, not
            # from a middle that may lie below the table's edge.
            return Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeading
        if role == Qt.ItemDataRole.UserRole:
            return self.entries[row].id
        if role == Qt.ItemDataRole.ForegroundRole and self.entries[row].resolved_at is not None:
            return QColor(palette.FADED)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.COLUMNS)
        ):
            return QCoreApplication.translate("sync", self.COLUMNS[section])
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class InboxTable(QTableView):
    """The inbox's table, whose columns always add up to its width (as the desk's
    :class:`~popup.ui.desk.tables.FittedTable`): the time keeps its one line, the item, the
    patron and the two sentences wrap and share the rest, each at least as wide as its header
    and its longest word (a barcode is one word), never a sideways scroll bar or a "…".

    ``WEIGHTS``: how the wrapping columns share room too small for all their text; none gets
    more than its text on one line needs."""

    WEIGHTS: Final[Mapping[int, int]] = MappingProxyType(
        {InboxModel.ITEM: 3, InboxModel.PATRON: 2, InboxModel.HAPPENED: 4, InboxModel.TODO: 4}
    )
    #: Pixels kept beyond the measured text, so a grid line or rounding never cuts a letter.
    SLACK = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fitting = False
        self._again = False
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(16)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

    def _widths(self, column: int) -> tuple[int, int]:
        """A column's least width (its header, its longest word) and its text's one-line width,
        measured by the delegate that paints it."""
        header = self.horizontalHeader().sectionSizeHint(column)
        least, natural = header, header
        model, delegate, metrics = self.model(), self.itemDelegate(), self.fontMetrics()
        for row in range(model.rowCount()):
            index = model.index(row, column)
            text = str(index.data() or "")
            if not text:
                continue
            option = QStyleOptionViewItem()
            self.initViewItemOption(option)
            one_line = delegate.sizeHint(option, index).width()
            margins = one_line - metrics.horizontalAdvance(text)
            longest = max(metrics.horizontalAdvance(word) for word in text.split())
            least = max(least, longest + margins)
            natural = max(natural, one_line)
        return least + self.SLACK, natural + self.SLACK

    def _share(self) -> dict[int, int]:
        model = self.model()
        columns = range(model.columnCount()) if model is not None else range(0)
        measured = {column: self._widths(column) for column in columns}
        widths = {c: natural for c, (_, natural) in measured.items() if c not in self.WEIGHTS}
        wrapping = [c for c in self.WEIGHTS if c in measured]
        least = {c: measured[c][0] for c in wrapping}
        room = self.viewport().width() - sum(widths.values())
        if room < sum(least.values()):
            # Narrower than any window Popup allows: shrink the wrapping columns alike.
            total = sum(least.values()) or 1
            widths.update({c: max(16, room * least[c] // total) for c in wrapping})
            return widths
        # Each gets its least; the rest goes by weight, no column past its one-line width, and
        # what one does not need goes to the others.
        given = dict(least)
        spare = room - sum(given.values())
        pending = [c for c in wrapping if given[c] < measured[c][1]]
        while pending and spare > 0:
            weight = sum(self.WEIGHTS[c] for c in pending)
            share = {c: spare * self.WEIGHTS[c] // weight for c in pending}
            full = [c for c in pending if given[c] + share[c] >= measured[c][1]]
            if not full:
                for c in pending:
                    given[c] += share[c]
                spare -= sum(share.values())
                break
            for c in full:
                spare -= measured[c][1] - given[c]
                given[c] = measured[c][1]
                pending.remove(c)
        if wrapping:  # the table fills its width: the leftover to what happened
            given[InboxModel.HAPPENED if InboxModel.HAPPENED in given else wrapping[0]] += max(
                0, spare
            )
        widths.update(given)
        return widths

    def fit(self) -> None:
        """Size the columns to the width and each row to its wrapped text."""
        if self._fitting or self.model() is None:
            self._again = self._fitting  # a scroll bar came or went while fitting
            return
        self._fitting = True
        try:
            for _ in range(3):  # settles at once, or after the vertical scroll bar came or went
                self._again = False
                header = self.horizontalHeader()
                for column, width in self._share().items():
                    if header.sectionSize(column) != width:
                        header.resizeSection(column, width)
                self.resizeRowsToContents()
                if not self._again:
                    break
        finally:
            self._fitting = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Also called when the viewport alone changes (a vertical scroll bar came or went).
        super().resizeEvent(event)
        self.fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit()  # measured again with the fonts and widths of the shown table


class InboxPage(QWidget):
    """The exceptions inbox: what the server said about each action, and what to do.

    Signals:
        changed(): an entry was marked done.
    """

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.show_done = QCheckBox(self.tr("Show done"))
        self.show_done.toggled.connect(self.refresh)
        self.done_button = QPushButton(self.tr("Mark done"))
        self.done_button.clicked.connect(self.mark_selected_done)
        top.addWidget(self.title, 1)
        top.addWidget(self.show_done)
        top.addWidget(self.done_button)
        layout.addLayout(top)
        #: A "Mark done" the store could not save (hidden otherwise).
        self.banner = Banner(self)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.model = InboxModel(self)
        self.table = InboxTable()
        self.table.setObjectName("inboxTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)
        #: The selected entry's code and the server's own words.
        self.detail = QLabel()
        self.detail.setObjectName("inboxDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detail)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.refresh()

    @property
    def entries(self) -> list[InboxEntry]:
        return self.model.entries

    def refresh(self) -> None:
        entries = inbox(self.store, include_done=self.show_done.isChecked())
        open_count = sum(1 for e in entries if e.resolved_at is None)
        self.title.setText(
            self.tr("{0} to review").format(open_count)
            if open_count
            else self.tr("Nothing to review: the server accepted everything as it was.")
        )
        self.model.set_entries(entries)
        self.table.fit()
        self._on_selection()
        self.done_button.setEnabled(open_count > 0)

    def clear(self) -> None:
        """Empty the list (its rows name patrons) until the next :meth:`refresh`."""
        self.model.set_entries([])
        self.title.clear()
        self.detail.clear()
        self.detail.hide()
        self.banner.clear_message()
        self.banner.hide()
        self.done_button.setEnabled(False)

    def selected_entries(self) -> list[InboxEntry]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.entries[row] for row in rows if 0 <= row < len(self.entries)]

    def _on_selection(self, *_changed: QItemSelection) -> None:
        chosen = self.selected_entries()
        self.detail.setText(detail_text(chosen[0]) if len(chosen) == 1 else "")
        self.detail.setVisible(len(chosen) == 1)

    def _attempt(self, action: str) -> Attempt:
        return Attempt(
            action, self._say_problem, self.ctx.sounds, before=self.ctx.clock_watch.before_action
        )

    def _say_problem(self, failure: Failure) -> None:
        self.banner.show_message(Outcome.PROBLEM, failure.text)
        self.banner.show()

    def mark_selected_done(self) -> None:
        ids = [entry.id for entry in self.selected_entries()]
        self.banner.hide()
        changed = False
        with self._attempt("mark_done"):
            for entry_id in ids:
                changed = mark_done(self.store, entry_id, at=self.ctx.clock()) or changed
        if changed:
            self.refresh()
            self.changed.emit()


__all__ = ["WORD_JOINER", "InboxModel", "InboxPage", "InboxTable", "moment_text"]
