"""In-house use: count items used in the bookmobile and not borrowed (one count per scan)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from popup.store.circulation import Desk, DeskError, WrongKindScanned
from popup.ui.desk.base import ScanPage, big_button, heading, lines_view, live_heading
from popup.ui.desk.models import Line, LinesModel
from popup.ui.feedback import Outcome, Sounds
from popup.ui.scanner import ScanField
from popup.ui.text import error_text


class InHousePage(ScanPage):
    """In-house use mode: each scan records one use of the item.

    Signals:
        recorded(int), undone(int): see :class:`ScanPage`.
    """

    def __init__(self, desk: Desk, sounds: Sounds, parent: QWidget | None = None) -> None:
        super().__init__(desk, sounds, parent)
        layout = QVBoxLayout(self)
        label = heading(self.tr("Item used in the library (F6)"), self)
        layout.addWidget(label)
        self.field = ScanField(self.tr("In-house use item barcode"), self)
        self.field.setPlaceholderText(self.tr("Scan items left on tables and chairs"))
        label.setBuddy(self.field)
        layout.addWidget(self.field)
        self.lines = LinesModel([self.tr("Title"), self.tr("Barcode"), self.tr("Uses")], self)
        self.models.append(self.lines)
        self.view = lines_view(self.lines, self.tr("Items counted"), self)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.total_label = live_heading("", self, 16)
        self.total_label.setAccessibleName(self.tr("In-house uses counted"))
        row.addWidget(self.total_label, 1)
        self.undo_button = big_button(
            self.tr("Undo last scan (Ctrl+Z)"), self.tr("Undo last scan"), self
        )
        self.clear_button = big_button(self.tr("Clear list (F12)"), self.tr("Clear list"), self)
        row.addWidget(self.undo_button)
        row.addWidget(self.clear_button)
        layout.addLayout(row)
        layout.addWidget(self.banner)
        self.field.submitted.connect(self.on_scanned)
        self.undo_button.clicked.connect(self.undo_last)
        self.clear_button.clicked.connect(self.done)
        self.total = 0
        self._per_item: dict[str, int] = {}
        self._update_total()

    def active_scan_field(self) -> ScanField:
        return self.field

    def _update_total(self) -> None:
        self.total_label.setText(self.tr("Uses counted: {0}").format(self.total))

    def on_scanned(self, text: str) -> None:
        try:
            result = self.desk.in_house_use(text)
        except WrongKindScanned:
            self.tell(
                Outcome.PROBLEM,
                self.tr("That is a patron card, not an item. Scan the item's barcode."),
            )
            self.focus_scan()
            return
        except DeskError as exc:
            self.tell(Outcome.PROBLEM, error_text(exc))
            self.focus_scan()
            return
        self.total += result.count
        uses = self._per_item.get(result.barcode, 0) + result.count
        self._per_item[result.barcode] = uses
        self.lines.append(Line(cells=(result.title, result.barcode, str(uses)), seq=result.seq))
        self._update_total()
        self.tell(Outcome.OK, self.tr("Counted: {0}").format(result.title))
        self.recorded.emit(result.seq)
        self.focus_scan()

    def after_undo(self, target_seq: int) -> None:
        for line in self.lines.lines:
            if line.seq == target_seq:
                self.total -= 1
                self._per_item[line.cells[1]] = max(0, self._per_item.get(line.cells[1], 1) - 1)
        self._update_total()

    def done(self) -> None:
        self.lines.clear()
        self.total = 0
        self._per_item = {}
        self._update_total()
        self.banner.clear_message()
        self.session_seqs.clear()
        self.focus_scan()
