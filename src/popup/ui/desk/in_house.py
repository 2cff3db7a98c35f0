"""In-house use: count items used in the bookmobile and not borrowed (one count per scan)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from popup.domain.staff import Capability
from popup.store.circulation import DeskError, InHouseResult, OnLoanToSomeone
from popup.ui.context import AppContext
from popup.ui.desk.base import ItemScanPage
from popup.ui.desk.models import Line
from popup.ui.desk.prompt import ConfirmDialog
from popup.ui.feedback import Outcome
from popup.ui.text import date_text, instruction_text


class InHousePage(ItemScanPage):
    """In-house use mode: each scan records one use of the item. An item still on loan was
    plainly brought back without being checked in: the page asks to return it first.

    Signals:
        recorded(int), undone(int): see :class:`ScanPage`.

    Attributes:
        prompt: the open "Return it and count the use?" question, if any.
    """

    key = "in_house"
    shortcut = "F4"
    needs = Capability.IN_HOUSE_USE
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
            headers=[self.tr("Title"), self.tr("Barcode"), self.tr("Uses"), self.tr("Note")],
            list_name=self.tr("Items counted"),
            tally_size=16,
            undo=(self.tr("Undo last scan (Ctrl+Z)"), self.tr("Undo last scan")),
            clear=(self.tr("Clear list (F12)"), self.tr("Clear list")),
        )
        self.total_label = self.tally_label
        self.total_label.setAccessibleName(self.tr("In-house uses counted"))
        self.prompt: ConfirmDialog | None = None
        self.reset_tally()

    def clear_patron(self, note: str) -> None:
        """Idle clear: the open question (the borrower's initials, card ending and due date)
        is closed unanswered, nothing returned or counted; then the list and the banner go."""
        if self.prompt is not None:
            dialog, self.prompt = self.prompt, None
            dialog.rejected.disconnect(self._not_counted)  # nobody to tell "not counted"
            dialog.reject()
        super().clear_patron(note)

    def wrong_kind_text(self) -> str:
        return self.tr("That is a patron card, not an item. Scan the item's barcode.")

    def reset_tally(self) -> None:
        self.total = 0
        self._per_item: dict[str, int] = {}
        self.show_tally()

    def show_tally(self) -> None:
        self.total_label.setText(self.tr("Uses counted: %n", "", self.total))

    def record(self, text: str) -> InHouseResult:
        return self.desk.in_house_use(text)

    def asks_about(self, refusal: DeskError) -> bool:
        return isinstance(refusal, OnLoanToSomeone)

    def ask(self, refusal: DeskError, text: str) -> None:
        assert isinstance(refusal, OnLoanToSomeone)
        self.tell(
            Outcome.ATTENTION, self.tr("{0} is on loan: answer the question.").format(refusal.title)
        )
        question = self.tr(
            "On loan to {0}, card ending {1}, due {2}. Return it and count the use?"
        ).format(refusal.initials, refusal.card_tail, date_text(refusal.due))
        dialog = ConfirmDialog(
            self.tr("{0} is on loan").format(refusal.title),
            question,
            (self.tr("Return and count (Enter)"), self.tr("Return and count")),
            self,
        )
        self.prompt = dialog
        dialog.accepted.connect(lambda: self._return_and_count(text))
        dialog.rejected.connect(self._not_counted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.yes_button.setFocus()

    def _return_and_count(self, text: str) -> None:
        self.prompt = None
        with self.attempt(self.action, retry=(self.field, text)) as act:
            result = self.desk.in_house_use(text, return_first=True)
        if act.failed:
            self.focus_scan()
            return
        if result.returned is not None:
            self.recorded.emit(result.returned.seq)  # Undo may take back the return too
        self.show_recorded(result)

    def _not_counted(self) -> None:
        self.prompt = None
        self.tell(Outcome.ATTENTION, self.tr("Not counted, not returned."))
        self.focus_scan()

    def line_for(self, result: object) -> tuple[Line, str]:
        assert isinstance(result, InHouseResult)
        self.total += result.count
        uses = self._per_item.get(result.barcode, 0) + result.count
        self._per_item[result.barcode] = uses
        note, outcome = "", Outcome.OK
        message = self.tr("Counted: {0}").format(result.title)
        back = result.returned
        if back is not None:
            # What the Return page says about the item, since it was returned here.
            note = instruction_text(back.hold, back.route_to, self.desk.config.library_code)
            if back.was_overdue:
                note = self.tr("{0} · was overdue").format(note)
            outcome = Outcome.ATTENTION if back.hold or back.route_to else Outcome.OK
            message = self.tr("Returned from {0} and counted: {1}. {2}").format(
                back.borrower_initials or "—", result.title, note
            )
        line = Line(
            cells=(result.title, result.barcode, str(uses), note), outcome=outcome, seq=result.seq
        )
        return line, message

    def after_undo(self, target_seq: int) -> None:
        for line in self.lines.lines:
            if line.seq == target_seq:
                self.total -= 1
                self._per_item[line.cells[1]] = max(0, self._per_item.get(line.cells[1], 1) - 1)
        self.show_tally()
