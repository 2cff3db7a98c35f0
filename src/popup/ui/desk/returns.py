"""Return: continuous item scanning, who had it (initials only), hold and routing flags."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from popup.domain.concerns import Code
from popup.domain.staff import Capability
from popup.store.circulation import ReturnResult
from popup.ui.context import AppContext
from popup.ui.desk.base import ItemScanPage, big_button
from popup.ui.desk.models import Line
from popup.ui.desk.slip import print_slip
from popup.ui.feedback import Outcome
from popup.ui.holds.slip import hold_slip_html, pickup_text
from popup.ui.text import instruction_text


class ReturnPage(ItemScanPage):
    """Return mode: every scan is a return; holds and other libraries' items are flagged.

    Signals:
        recorded(int), undone(int): see :class:`ScanPage`.
    """

    key = "return"
    shortcut = "F3"
    needs = Capability.CHECKIN
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
        self._count = 0
        #: The last return set aside for a waiting patron: what Ctrl+P prints.
        self.last_hold: ReturnResult | None = None
        self.hold_slip_button = big_button(
            self.tr("Print hold slip (Ctrl+P)"), self.tr("Print hold slip"), self
        )
        self.hold_slip_button.setEnabled(False)
        self.hold_slip_button.clicked.connect(self.print_current)
        self.button_row.insertWidget(2, self.hold_slip_button)
        self.undone.connect(self._forget_undone_hold)
        self.reset_tally()

    def wrong_kind_text(self) -> str:
        return self.tr("That is a patron card, not an item. Scan the item's barcode.")

    def show_tally(self) -> None:
        self.count_label.setText(self.tr("Returned in this list: %n", "", self._count))

    def hold_slip_html(self) -> str:
        assert self.last_hold is not None and self.last_hold.hold_for is not None
        cfg = self.desk.config
        return hold_slip_html(
            cfg.library_name, self.ctx.today(), self.last_hold.hold_for, self.last_hold.barcode
        )

    def print_current(self) -> bool:
        """Ctrl+P on this page: the hold slip of the last copy set aside."""
        if self.last_hold is None:
            self.tell(Outcome.ATTENTION, self.tr("No hold slip to print: nothing was set aside."))
            return True
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and self.last_hold is not None:
            print_slip(self.hold_slip_html(), printer)
        self.focus_scan()
        return True

    def _forget_undone_hold(self, seq: int) -> None:
        """Undo took the return back: no slip for a copy no longer set aside."""
        if self.last_hold is not None and self.last_hold.seq == seq:
            self.last_hold = None
            self.hold_slip_button.setEnabled(False)

    def reset_tally(self) -> None:
        self._count = 0
        self.last_hold = None
        self.hold_slip_button.setEnabled(False)
        self.show_tally()

    def record(self, text: str) -> ReturnResult:
        return self.desk.checkin(text)

    def line_for(self, result: object) -> tuple[Line, str]:
        assert isinstance(result, ReturnResult)
        todo = instruction_text(result.hold, result.route_to, self.desk.config.library_code)
        if result.hold_for is not None:  # someone waits here: who, and where they pick it up
            hold = result.hold_for
            todo = self.tr(
                "HOLD for {0} (card …{1}), pick up at {2}: Ctrl+P prints the slip"
            ).format(hold.patron_initials, hold.card_tail, pickup_text(hold))
            self.last_hold = result
            self.hold_slip_button.setEnabled(True)
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
