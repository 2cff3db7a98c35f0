"""Return: continuous item scanning, who had it (initials only), hold and routing flags."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from popup.domain.concerns import Code
from popup.store.circulation import ReturnResult
from popup.ui.context import AppContext
from popup.ui.desk.base import ItemScanPage
from popup.ui.desk.models import Line
from popup.ui.feedback import Outcome
from popup.ui.text import instruction_text


class ReturnPage(ItemScanPage):
    """Return mode: every scan is a return; holds and other libraries' items are flagged.

    Signals:
        recorded(int), undone(int): see :class:`ScanPage`.
    """

    key = "return"
    shortcut = "F3"
    action = "checkin"

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("MainWindow", "Return")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.build(
            title=self.tr("Returned item barcode (F6)"),
            field_name=self.tr("Returned item barcode"),
            placeholder=self.tr("Scan returned items one after another"),
            headers=[
                self.tr("Title"),
                self.tr("Barcode"),
                self.tr("Had it"),
                self.tr("What to do"),
            ],
            list_name=self.tr("Items returned"),
            tally_size=14,
            undo=(self.tr("Undo last scan (Ctrl+Z)"), self.tr("Undo last scan")),
            clear=(self.tr("Clear list (F12)"), self.tr("Clear the returned list")),
        )
        self.count_label = self.tally_label
        self.reset_tally()

    def wrong_kind_text(self) -> str:
        return self.tr("That is a patron card, not an item. Scan the item's barcode.")

    def reset_tally(self) -> None:
        self._count = 0
        self.show_tally()

    def show_tally(self) -> None:
        self.count_label.setText(self.tr("Returned in this list: %n", "", self._count))

    def record(self, text: str) -> ReturnResult:
        return self.desk.checkin(text)

    def line_for(self, result: object) -> tuple[Line, str]:
        assert isinstance(result, ReturnResult)
        todo = instruction_text(result.hold, result.route_to, self.desk.config.library_code)
        not_on_loan = any(c.code is Code.ITEM_NOT_ON_LOAN for c in result.concerns)
        if result.hold or result.route_to:
            outcome = Outcome.ATTENTION
        elif not_on_loan:
            outcome = Outcome.ATTENTION
            todo = self.tr("{0} (was not on loan)").format(todo)
        else:
            outcome = Outcome.OK
        if result.was_overdue:
            todo = self.tr("{0} · was overdue").format(todo)
        who = result.borrower_initials or "—"
        self._count += 1
        line = Line(
            cells=(result.title, result.barcode, who, todo), outcome=outcome, seq=result.seq
        )
        return line, self.tr("{0}: {1}").format(result.title, todo)
