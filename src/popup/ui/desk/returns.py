"""Return: continuous item scanning, who had it (initials only), hold and routing flags."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from popup.domain.concerns import Code
from popup.store.circulation import Desk, DeskError, WrongKindScanned
from popup.ui.desk.base import ScanPage, big_button, heading, lines_view, live_heading
from popup.ui.desk.models import Line, LinesModel
from popup.ui.feedback import Outcome, Sounds
from popup.ui.scanner import ScanField
from popup.ui.text import error_text, instruction_text


class ReturnPage(ScanPage):
    """Return mode: every scan is a return; holds and other libraries' items are flagged.

    Signals:
        recorded(int), undone(int): see :class:`ScanPage`.
    """

    def __init__(self, desk: Desk, sounds: Sounds, parent: QWidget | None = None) -> None:
        super().__init__(desk, sounds, parent)
        layout = QVBoxLayout(self)
        label = heading(self.tr("Returned item barcode (F6)"), self)
        layout.addWidget(label)
        self.field = ScanField(self.tr("Returned item barcode"), self)
        self.field.setPlaceholderText(self.tr("Scan returned items one after another"))
        label.setBuddy(self.field)
        layout.addWidget(self.field)
        self.lines = LinesModel(
            [self.tr("Title"), self.tr("Barcode"), self.tr("Had it"), self.tr("What to do")], self
        )
        self.models.append(self.lines)
        self.view = lines_view(self.lines, self.tr("Items returned"), self)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.count_label = live_heading("", self, 14)
        row.addWidget(self.count_label, 1)
        self.undo_button = big_button(
            self.tr("Undo last scan (Ctrl+Z)"), self.tr("Undo last scan"), self
        )
        self.clear_button = big_button(
            self.tr("Clear list (F12)"), self.tr("Clear the returned list"), self
        )
        row.addWidget(self.undo_button)
        row.addWidget(self.clear_button)
        layout.addLayout(row)
        layout.addWidget(self.banner)
        self.field.submitted.connect(self.on_scanned)
        self.undo_button.clicked.connect(self.undo_last)
        self.clear_button.clicked.connect(self.done)
        self._count = 0
        self._update_count()

    def active_scan_field(self) -> ScanField:
        return self.field

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("Returned in this list: {0}").format(self._count))

    def on_scanned(self, text: str) -> None:
        try:
            result = self.desk.checkin(text)
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
        self.lines.append(
            Line(cells=(result.title, result.barcode, who, todo), outcome=outcome, seq=result.seq)
        )
        self._count += 1
        self._update_count()
        self.tell(outcome, self.tr("{0}: {1}").format(result.title, todo))
        self.recorded.emit(result.seq)
        self.focus_scan()

    def done(self) -> None:
        self.lines.clear()
        self._count = 0
        self._update_count()
        self.banner.clear_message()
        self.session_seqs.clear()
        self.focus_scan()
