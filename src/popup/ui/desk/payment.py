"""Payments at the desk (Ctrl+M): a payment or a waiver against the served patron's fines, and
the receipt.

The dialog is a desk prompt (window-modal, opened with ``open()``, scan-proof): staff choose
payment or waiver and the method, type the amount as their language writes numbers, and an
optional note; Enter records. The shared rules (:mod:`popup.domain.payments`) read and check
the amount; what they refuse is said inside the dialog, which stays open. The receipt carries
no name: the card masked to its last four digits, like the due-date slip.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, tzinfo

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from popup.domain.circulation import card_tail
from popup.domain.payments import (
    MAX_NOTE,
    PaymentMethod,
    PaymentRefused,
    assess_payment,
    parse_amount,
)
from popup.store.circulation import PaymentResult
from popup.ui.actions import Failure
from popup.ui.desk.prompt import DeskPrompt, prompt_button
from popup.ui.desk.slip import SlipDialog
from popup.ui.feedback import COLOURS, Outcome
from popup.ui.text import long_date_text, money_text, refusal_text, time_text


def method_text(method: PaymentMethod | None) -> str:
    """A payment method in the UI language (None: a waiver)."""
    words = {
        PaymentMethod.CASH: QCoreApplication.translate("payments", "cash"),
        PaymentMethod.CARD: QCoreApplication.translate("payments", "card"),
        PaymentMethod.OTHER: QCoreApplication.translate("payments", "other"),
    }
    return words[method] if method is not None else QCoreApplication.translate("payments", "waiver")


def balance_text(cents: int) -> str:
    """What the patron owes, or the credit the library holds for them."""
    if cents > 0:
        return QCoreApplication.translate("payments", "Owes {0}").format(money_text(cents))
    if cents < 0:
        return QCoreApplication.translate("payments", "Credit of {0}").format(money_text(-cents))
    return QCoreApplication.translate("payments", "Owes nothing")


def amount_for_typing(cents: int) -> str:
    """``cents`` as staff would type it in their language ("12.75", "12,75"), no sign."""
    return QLocale().toString(cents / 100, "f", 2).replace(QLocale().groupSeparator(), "")


def read_amount(text: str) -> int:
    """What staff typed, in whole cents, read with their language's decimal point."""
    locale = QLocale()
    return parse_amount(
        text, decimal_point=locale.decimalPoint(), group_separator=locale.groupSeparator()
    )


@dataclass(frozen=True)
class PaymentRequest:
    """What staff asked to record."""

    amount_cents: int
    method: PaymentMethod | None
    waiver: bool
    as_credit: bool
    note: str | None


class PaymentDialog(DeskPrompt):
    """Record a payment or a waiver for one patron.

    Signals:
        submitted(PaymentRequest): Record was chosen and the rules accept it at the balance
            shown; the page records it and calls :meth:`finish` (or :meth:`say_problem`).
        cancelled(): Cancel, Esc or closing the dialog.

    Attributes:
        kind, method, amount, credit, note: the fields, in keyboard order.
        after: what the balance will be, while the amount can be read.
        problem: why Record was refused, in the problem colours (hidden while all is well).
    """

    submitted = Signal(object)
    cancelled = Signal()

    def __init__(
        self, name: str, card_number: str, owed_cents: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(QCoreApplication.translate("payments", "Payment or waiver"), parent)
        self.owed_cents = owed_cents
        self._done = False
        who = QLabel(
            QCoreApplication.translate("payments", "{0} · card ending {1}").format(
                name, card_tail(card_number)
            ),
            self,
        )
        who.setWordWrap(True)
        who.setStyleSheet("font-size: 15pt;")
        self.body.addWidget(who)
        self.owed = QLabel(balance_text(owed_cents), self)
        self.owed.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.owed.setAccessibleName(balance_text(owed_cents))
        self.body.addWidget(self.owed)

        form = QFormLayout()
        form.setSpacing(10)
        self.kind = QComboBox(self)
        self.kind.addItem(QCoreApplication.translate("payments", "Payment (money taken)"), False)
        self.kind.addItem(
            QCoreApplication.translate("payments", "Waiver (fines written off)"), True
        )
        self.kind.setAccessibleName(QCoreApplication.translate("payments", "Payment or waiver"))
        self.method = QComboBox(self)
        for method in PaymentMethod:
            self.method.addItem(method_text(method).capitalize(), method)
        self.method.setAccessibleName(QCoreApplication.translate("payments", "Method"))
        self.amount = QLineEdit(self)
        self.amount.setAccessibleName(QCoreApplication.translate("payments", "Amount"))
        self.amount.setMaxLength(16)
        if owed_cents > 0:
            self.amount.setText(amount_for_typing(owed_cents))
        self.amount.setPlaceholderText(amount_for_typing(650))
        self.credit = QCheckBox(
            QCoreApplication.translate("payments", "&Keep the rest as a credit"), self
        )
        self.credit.setToolTip(
            QCoreApplication.translate(
                "payments", "Take more than is owed and keep the difference for later fines."
            )
        )
        self.note = QLineEdit(self)
        self.note.setMaxLength(MAX_NOTE)
        self.note.setAccessibleName(QCoreApplication.translate("payments", "Note"))
        self.note.setPlaceholderText(
            QCoreApplication.translate("payments", "e.g. paid for the lost DVD")
        )
        for field in (self.kind, self.method, self.amount, self.note):
            field.setMinimumHeight(40)
            field.setStyleSheet("font-size: 15pt;")
        self.credit.setStyleSheet("font-size: 13pt;")
        rows: tuple[tuple[str, QWidget], ...] = (
            (QCoreApplication.translate("payments", "&Record a"), self.kind),
            (QCoreApplication.translate("payments", "&Method"), self.method),
            (QCoreApplication.translate("payments", "&Amount"), self.amount),
            ("", self.credit),
            (QCoreApplication.translate("payments", "&Note (optional)"), self.note),
        )
        for text, widget in rows:
            if text:
                label = QLabel(text, self)
                label.setStyleSheet("font-size: 14pt;")
                label.setBuddy(widget)
                form.addRow(label, widget)
            else:
                form.addRow(widget)
        self.body.addLayout(form)
        self.after = QLabel(self)
        self.after.setStyleSheet("font-size: 14pt;")
        self.body.addWidget(self.after)
        background, foreground = COLOURS[Outcome.PROBLEM]
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
        self.cancel_button = prompt_button(
            QCoreApplication.translate("payments", "Cancel (Esc)"),
            QCoreApplication.translate("payments", "Cancel"),
            self,
        )
        self.record_button = prompt_button(
            QCoreApplication.translate("payments", "Record (Enter)"),
            QCoreApplication.translate("payments", "Record the payment"),
            self,
        )
        self.record_button.setShortcut(QKeySequence("Ctrl+Return"))
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.record_button)
        self.body.addLayout(buttons)

        self.kind.currentIndexChanged.connect(lambda _i: self.on_changed())
        self.amount.textChanged.connect(lambda _t: self.on_changed())
        self.credit.toggled.connect(lambda _on: self.on_changed())
        self.amount.returnPressed.connect(self.on_record)
        self.note.returnPressed.connect(self.on_record)
        self.record_button.clicked.connect(self.on_record)
        self.cancel_button.clicked.connect(self.reject)
        self.rejected.connect(self.on_rejected)
        self.on_changed()
        self.first_focus().setFocus()
        self.amount.selectAll()  # typing replaces the amount owed
        self.fit()

    def first_focus(self) -> QWidget:
        return self.amount

    @property
    def waiver(self) -> bool:
        return bool(self.kind.currentData())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter in a combo box or on the check box records, as in the text fields (a dialog
        # would otherwise press whichever button has the focus).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            event.accept()
            if not self.cancel_button.hasFocus():
                self.on_record()
            else:
                self.reject()
            return
        super().keyPressEvent(event)

    def on_changed(self) -> None:
        """Keep the fields consistent and show the balance the amount would leave."""
        waiver = self.waiver
        self.method.setEnabled(not waiver)
        self.credit.setEnabled(not waiver)
        if waiver:
            self.credit.setChecked(False)
        if self.problem.isVisible():  # said about what was there before
            self.problem.hide()
            self.problem.clear()
        try:
            verdict = assess_payment(
                owed_cents=self.owed_cents,
                amount_cents=read_amount(self.amount.text()),
                waiver=waiver,
                as_credit=self.credit.isChecked(),
            )
        except PaymentRefused:
            self.after.clear()
            return
        self.after.setText(
            QCoreApplication.translate("payments", "Balance after: {0}").format(
                balance_text(verdict.balance_after_cents)
            )
        )

    def request(self) -> PaymentRequest:
        """What the fields ask for, or :class:`PaymentRefused` with what is wrong."""
        cents = read_amount(self.amount.text())
        waiver = self.waiver
        assess_payment(
            owed_cents=self.owed_cents,
            amount_cents=cents,
            waiver=waiver,
            as_credit=self.credit.isChecked(),
        )
        method = None if waiver else PaymentMethod(self.method.currentData())
        note = self.note.text().strip() or None
        return PaymentRequest(cents, method, waiver, self.credit.isChecked(), note)

    def on_record(self) -> None:
        try:
            wanted = self.request()
        except PaymentRefused as exc:
            self.show_problem(refusal_text(exc))
            return
        self.submitted.emit(wanted)

    def show_problem(self, text: str) -> None:
        """Say why it cannot be recorded, here; the amount selected, so typing replaces it."""
        self.problem.setText("⚠ " + text)
        self.problem.setAccessibleName(text)
        self.problem.show()
        self.fit()
        self.amount.setFocus()
        self.amount.selectAll()

    def say_problem(self, failure: Failure) -> None:
        """A failed save (or a refusal from the store) of the submitted request."""
        self.show_problem(failure.text)

    def finish(self) -> None:
        """Recorded: close without counting it as a cancel."""
        self._done = True
        self.accept()

    def on_rejected(self) -> None:
        if not self._done:
            self._done = True
            self.cancelled.emit()


def receipt_html(
    library: str,
    branch: str,
    result: PaymentResult,
    zone: tzinfo | None,
) -> str:
    """The receipt: what was paid (or waived) and how, the balance left, the date and time,
    the card masked to its last four digits, and a reference to find the action again."""

    at: datetime = result.paid_at.astimezone(zone)
    amount = money_text(result.amount_cents)
    if result.waiver:
        heading = QCoreApplication.translate("payments", "Fines waived")
        line = QCoreApplication.translate("payments", "Waived: {0}").format(amount)
    else:
        heading = QCoreApplication.translate("payments", "Payment receipt")
        line = QCoreApplication.translate("payments", "Paid: {0} ({1})").format(
            amount, method_text(result.method)
        )

    def owed(cents: int) -> str:
        if cents < 0:
            return QCoreApplication.translate("payments", "credit of {0}").format(
                money_text(-cents)
            )
        return money_text(cents)

    rows = [
        (QCoreApplication.translate("payments", "Card"), "…" + card_tail(result.card_number)),
        (
            QCoreApplication.translate("payments", "Date"),
            f"{long_date_text(at.date())} {time_text(result.paid_at, zone)}",
        ),
        (QCoreApplication.translate("payments", "Owed before"), owed(result.balance_before_cents)),
    ]
    if result.credit_cents:
        rows.append(
            (
                QCoreApplication.translate("payments", "Kept as credit"),
                money_text(result.credit_cents),
            )
        )
    after = result.balance_after_cents
    if after < 0:
        rows.append(
            (QCoreApplication.translate("payments", "Credit on account"), money_text(-after))
        )
    else:
        rows.append((QCoreApplication.translate("payments", "Still owed"), money_text(after)))
    rows.append((QCoreApplication.translate("payments", "Reference"), result.payment_id[:8]))
    table = "".join(
        f"<tr><td>{html.escape(k)}</td><td align='right'>{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    thanks = QCoreApplication.translate("payments", "Thank you.")  # lupdate reads no f-string
    return (
        f"<h2>{html.escape(library)}</h2><p>{html.escape(branch)}</p>"
        f"<h3>{html.escape(heading)}</h3>"
        f"<p style='font-size: 16pt'><b>{html.escape(line)}</b></p>"
        f"<table width='100%' cellpadding='4'>{table}</table>"
        f"<p>{html.escape(thanks)}</p>"
    )


class ReceiptDialog(SlipDialog):
    """The receipt on screen, with Print (Ctrl+P) and Close (Esc)."""

    def __init__(self, document_html: str, parent: QWidget | None = None) -> None:
        title = QCoreApplication.translate("payments", "Payment receipt")
        super().__init__(document_html, parent, title=title)
        # A receipt is short: no taller than a netbook's screen leaves room for.
        room = self.screen().availableGeometry().height()
        self.resize(520, min(500, room - 60))
