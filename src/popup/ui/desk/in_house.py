"""In-house use: count items used in the bookmobile and not borrowed (one count per scan)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from popup.store.circulation import InHouseResult
from popup.ui.context import AppContext
from popup.ui.desk.base import ItemScanPage
from popup.ui.desk.models import Line


class InHousePage(ItemScanPage):
    """In-house use mode: each scan records one use of the item.

    Signals:
        recorded(int), undone(int): see :class:`ScanPage`.
    """

    key = "in_house"
    shortcut = "F4"
    action = "in_house_use"

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("MainWindow", "In-house use")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.build(
            title=self.tr("Item used in the library (F6)"),
            field_name=self.tr("In-house use item barcode"),
            placeholder=self.tr("Scan items left on tables and chairs"),
            headers=[self.tr("Title"), self.tr("Barcode"), self.tr("Uses")],
            list_name=self.tr("Items counted"),
            tally_size=16,
            undo=(self.tr("Undo last scan (Ctrl+Z)"), self.tr("Undo last scan")),
            clear=(self.tr("Clear list (F12)"), self.tr("Clear list")),
        )
        self.total_label = self.tally_label
        self.total_label.setAccessibleName(self.tr("In-house uses counted"))
        self.reset_tally()

    def wrong_kind_text(self) -> str:
        return self.tr("That is a patron card, not an item. Scan the item's barcode.")

    def reset_tally(self) -> None:
        self.total = 0
        self._per_item: dict[str, int] = {}
        self.show_tally()

    def show_tally(self) -> None:
        self.total_label.setText(self.tr("Uses counted: {0}").format(self.total))

    def record(self, text: str) -> InHouseResult:
        return self.desk.in_house_use(text)

    def line_for(self, result: object) -> tuple[Line, str]:
        assert isinstance(result, InHouseResult)
        self.total += result.count
        uses = self._per_item.get(result.barcode, 0) + result.count
        self._per_item[result.barcode] = uses
        line = Line(cells=(result.title, result.barcode, str(uses)), seq=result.seq)
        return line, self.tr("Counted: {0}").format(result.title)

    def after_undo(self, target_seq: int) -> None:
        for line in self.lines.lines:
            if line.seq == target_seq:
                self.total -= 1
                self._per_item[line.cells[1]] = max(0, self._per_item.get(line.cells[1], 1) - 1)
        self.show_tally()
