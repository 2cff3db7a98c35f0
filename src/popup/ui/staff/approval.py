"""The "Ask a staff member" prompt (#17): a volunteer's checkout needs an override, and a staff
member approves it in place with their own login (or badge), PIN and a reason.

Keyboard-only: the login field has the keyboard; Enter moves to the PIN, then to the reason,
and Enter in the reason approves. :meth:`StaffBook.approve` checks the PIN (the signed-in
volunteer stays signed in); a refusal is said inside the prompt. On success
:attr:`ApprovalDialog.approved` carries the :class:`~popup.store.staff.Approval` the page
retries the checkout with (the store records the approver and the reason).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from popup.domain.concerns import Concern
from popup.store.circulation import DeskError, override_reason
from popup.store.circulation.desk import ASK_STAFF
from popup.store.errors import StoreError
from popup.store.staff import StaffBook, StaffRefusal
from popup.ui.desk.prompt import DeskPrompt, prompt_button
from popup.ui.feedback import COLOURS, Outcome
from popup.ui.scanner import take_scans
from popup.ui.text import concern_text, refusal_text


class ApprovalDialog(DeskPrompt):
    """Staff approve an override a volunteer cannot make (see the module's notes).

    Signals:
        approved(object): the :class:`Approval` (a staff member's PIN was right).
        cancelled(): Cancel, Esc or closing the prompt.

    Attributes:
        who, pin, reason: the fields; problem: why it was not approved (hidden until then);
        approve_button, cancel_button; concern_labels: what is approved, one per concern.
    """

    approved = Signal(object)
    cancelled = Signal()

    def __init__(
        self,
        book: StaffBook,
        title: str,
        subject: str,
        parent: QWidget | None = None,
        concerns: Sequence[Concern] = (),
    ) -> None:
        super().__init__(title, parent)
        self.book = book
        self._done = False
        background, foreground = COLOURS[Outcome.PROBLEM]
        ask = QLabel("⚠ " + self.tr("Please ask a staff member to approve this."), self)
        ask.setWordWrap(True)
        ask.setStyleSheet(
            f"background: {background}; color: {foreground}; font-size: 15pt;"
            " padding: 6px 10px; border-radius: 4px;"
        )
        self.body.addWidget(ask)
        if subject:
            what = QLabel(subject, self)
            what.setWordWrap(True)
            what.setStyleSheet("font-size: 15pt;")
            self.body.addWidget(what)
        # What the staff member approves, in the words the staff override prompt uses (the
        # block's reason, the fines, an item on hold for another borrower): they read it
        # before typing their PIN. The volunteer standing there reads it too; that is
        # acceptable, since the staff member is present and answering for it.
        # A patron's blocks reach a volunteer's screen as one "ask staff" line (the store keeps
        # the reason from them): that line says nothing the prompt does not already say.
        concerns = [c for c in concerns if c.variant != ASK_STAFF]
        self.concern_labels: list[QLabel] = []
        if concerns:
            heading = QLabel(self.tr("For the staff member:"), self)
            heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
            self.body.addWidget(heading)
        for concern in concerns:
            said = concern_text(concern)
            label = QLabel("• " + said, self)
            label.setWordWrap(True)
            label.setStyleSheet("font-size: 13pt;")
            label.setAccessibleName(said)
            self.body.addWidget(label)
            self.concern_labels.append(label)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        self.who = self._field(self.tr("Staff login or badge"))
        take_scans(self.who)  # the staff member's badge scan stays in the field
        self.pin = self._field(self.tr("Staff PIN"))
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData
        )
        self.reason = self._field(self.tr("Reason for the override"))
        self.reason.setPlaceholderText(self.tr("e.g. the patron's ID was checked"))
        rows = (
            (self.tr("Staff &login or badge:"), self.who),
            (self.tr("Staff &PIN:"), self.pin),
            (self.tr("&Reason (required):"), self.reason),
        )
        for number, (text, field) in enumerate(rows):
            label = QLabel(text, self)
            label.setStyleSheet("font-size: 14pt;")
            label.setBuddy(field)
            grid.addWidget(label, number, 0)
            grid.addWidget(field, number, 1)
        grid.setColumnStretch(1, 1)
        self.body.addLayout(grid)
        for field in (self.pin, self.reason):
            take_scans(field)  # typed here, however fast: never routed to the desk as a scan

        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(
            f"background: {background}; color: {foreground}; font-size: 15pt;"
            " padding: 6px 10px; border-radius: 4px;"
        )
        self.problem.hide()
        self.body.addWidget(self.problem)
        self.add_scan_note()

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = prompt_button(self.tr("Cancel (Esc)"), self.tr("Cancel"), self)
        self.approve_button = prompt_button(
            self.tr("&Approve (Ctrl+Enter)"), self.tr("Approve"), self
        )
        self.approve_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.approve_button.setDefault(True)  # drawn as the answer; Enter in a field moves on
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.approve_button)
        self.body.addLayout(buttons)

        self.who.returnPressed.connect(lambda: self._next(self.who, self.pin))
        self.pin.returnPressed.connect(self._pin_entered)
        self.reason.returnPressed.connect(self.on_approve)
        self.approve_button.clicked.connect(self.on_approve)
        self.cancel_button.clicked.connect(self.reject)
        self.rejected.connect(self.on_rejected)
        self.who.setFocus()
        self.fit()

    def _field(self, name: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setAccessibleName(name)
        field.setMinimumHeight(42)
        field.setStyleSheet("font-size: 15pt;")
        return field

    def first_focus(self) -> QWidget:
        return self.who

    def _next(self, field: QLineEdit, after: QLineEdit) -> None:
        if field.text().strip():
            after.setFocus()

    def _pin_entered(self) -> None:
        """Enter in the PIN: on to the reason, or approve when it is typed already (the PIN
        typed again after a wrong one)."""
        if not self.pin.text():
            return
        if self.reason.text().strip():
            self.on_approve()
        else:
            self.reason.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # The fields answer Enter themselves: the dialog must not press a default button too.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            self.who.hasFocus() or self.pin.hasFocus() or self.reason.hasFocus()
        ):
            event.accept()
            return
        super().keyPressEvent(event)

    def say(self, text: str) -> None:
        self.problem.setText("⚠ " + text)
        self.problem.setAccessibleName(text)
        if not self.problem.isVisible():
            self.problem.show()
            self.fit()

    def on_approve(self) -> None:
        for field in (self.who, self.pin, self.reason):
            if not field.text().strip():
                field.setFocus()
                return
        try:
            reason = override_reason(self.reason.text())
        except DeskError as exc:
            self.say(refusal_text(exc))
            self.reason.setFocus()
            self.reason.selectAll()
            return
        assert reason is not None
        try:
            approval = self.book.approve(self.who.text().strip(), self.pin.text(), reason)
        except (StaffRefusal, StoreError) as exc:
            # A wrong PIN, a login that is not a staff member's (a volunteer cannot approve),
            # or the store could not write the approval: said here; the prompt stays open.
            self.say(refusal_text(exc))
            self.pin.setFocus()
            return
        finally:
            self.pin.clear()  # a PIN never stays in the field, whatever happened
        self._done = True
        self.accept()
        self.approved.emit(approval)

    def on_rejected(self) -> None:
        if not self._done:
            self._done = True
            self.cancelled.emit()


__all__ = ["ApprovalDialog"]
