"""The Override / Cancel prompt: what the rules object to, and a required reason to go ahead."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from popup.domain.concerns import Concern
from popup.store.circulation import DeskError, override_reason
from popup.ui.desk.prompt import DeskPrompt, prompt_button
from popup.ui.feedback import COLOURS, Outcome
from popup.ui.text import concern_text, refusal_text


class OverrideDialog(DeskPrompt):
    """Asks staff to override ``concerns`` with a reason, or cancel; with ``offer_renew`` (the
    item is already on loan to this patron) Renew is the default answer.

    Opened window-modal with :meth:`open`, never ``exec()``, so the event loop (and tests) keep
    running. The reason is recorded in the action's outbox payload.

    Signals:
        overridden(str): Override was chosen, with the (non-empty, stripped) reason.
        renewChosen(): Renew was chosen (Enter with no reason typed, or the button).
        cardRenewChosen(): "Renew the card" was chosen (an expired card; Ctrl+Shift+E).
        paymentChosen(): Take payment was chosen (``offer_payment``: the patron owes fines).
        cancelled(): Cancel, Esc or closing the prompt.

    Attributes:
        reason_problem: why the reason was refused (a number, i.e. a scan that reached the
            box, is no reason), beside the box; hidden while there is nothing to say.
    """

    overridden = Signal(str)
    renewChosen = Signal()
    cardRenewChosen = Signal()
    paymentChosen = Signal()
    cancelled = Signal()

    def __init__(
        self,
        title: str,
        subject: str,
        concerns: list[Concern],
        parent: QWidget | None = None,
        *,
        offer_renew: bool = False,
        offer_card_renewal: bool = False,
        offer_payment: bool = False,
    ) -> None:
        super().__init__(title, parent)
        self._done = False
        layout = self.body

        if subject:
            what = QLabel(subject, self)
            what.setWordWrap(True)
            what.setStyleSheet("font-size: 16pt;")
            layout.addWidget(what)

        self.concern_labels: list[QLabel] = []
        background, foreground = COLOURS[Outcome.PROBLEM]
        for concern in concerns:
            label = QLabel("⚠ " + concern_text(concern), self)
            label.setWordWrap(True)
            label.setStyleSheet(
                f"background: {background}; color: {foreground}; font-size: 15pt;"
                " padding: 6px 10px; border-radius: 4px;"
            )
            label.setAccessibleName(concern_text(concern))
            layout.addWidget(label)
            self.concern_labels.append(label)

        reason_label = QLabel(self.tr("&Reason for the override (required):"), self)
        reason_label.setStyleSheet("font-size: 14pt;")
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(self.tr("Override reason"))
        self.reason.setPlaceholderText(self.tr("e.g. the patron's ID was checked; card at home"))
        self.reason.setMinimumHeight(44)
        self.reason.setStyleSheet("font-size: 15pt;")
        reason_label.setBuddy(self.reason)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason)
        self.reason_problem = QLabel(self)
        self.reason_problem.setWordWrap(True)
        self.reason_problem.setStyleSheet(
            f"background: {background}; color: {foreground}; font-size: 15pt;"
            " padding: 6px 10px; border-radius: 4px;"
        )
        self.reason_problem.hide()
        layout.addWidget(self.reason_problem)
        self.add_scan_note()

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = prompt_button(self.tr("Cancel (Esc)"), self.tr("Cancel"), self)
        self.override_button = prompt_button(
            self.tr("&Override (Ctrl+Enter)"), self.tr("Override"), self
        )
        self.override_button.setEnabled(False)
        self.override_button.setShortcut(QKeySequence("Ctrl+Return"))
        buttons.addWidget(self.cancel_button)
        self.renew_button: QPushButton | None = None
        if offer_renew:
            self.renew_button = prompt_button(
                self.tr("&Renew it (Enter)"), self.tr("Renew the loan instead"), self
            )
            self.renew_button.setDefault(True)
            self.renew_button.clicked.connect(self.on_renew)
            buttons.addWidget(self.renew_button)
        self.card_renew_button: QPushButton | None = None
        if offer_card_renewal:
            # An expired card is renewed rather than overridden: no reason needed.
            self.card_renew_button = prompt_button(
                self.tr("Renew the card (Ctrl+Shift+E)"), self.tr("Renew the card"), self
            )
            self.card_renew_button.setShortcut(QKeySequence("Ctrl+Shift+E"))
            self.card_renew_button.clicked.connect(self.on_card_renew)
            buttons.addWidget(self.card_renew_button)
        self.payment_button: QPushButton | None = None
        if offer_payment:
            # Fines block the patron: taking the payment clears the block, no override needed.
            self.payment_button = prompt_button(
                self.tr("Take &payment (Ctrl+M)"), self.tr("Take a payment instead"), self
            )
            self.payment_button.setShortcut(QKeySequence("Ctrl+M"))
            self.payment_button.clicked.connect(self.on_payment)
            buttons.addWidget(self.payment_button)
        buttons.addWidget(self.override_button)
        layout.addLayout(buttons)

        self.reason.textChanged.connect(self.on_reason_changed)
        self.reason.returnPressed.connect(self.on_return)
        self.override_button.clicked.connect(self.on_override)
        self.cancel_button.clicked.connect(self.reject)
        self.rejected.connect(self.on_rejected)
        self.first_focus().setFocus()
        self.fit()

    def first_focus(self) -> QWidget:
        """Where the keyboard starts: Renew when it is offered (Enter renews), else the reason."""
        return self.renew_button if self.renew_button is not None else self.reason

    def on_return(self) -> None:
        """Enter in the reason: override with what was typed; with nothing typed, renew when
        that is offered."""
        if self.renew_button is not None and not self.reason.text().strip():
            self.on_renew()
        else:
            self.on_override()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # The reason box passes its Enter on after on_return has answered, or said why it
        # could not: the dialog would then press its default button (Renew, else Cancel).
        if self.reason.hasFocus() and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def on_renew(self) -> None:
        self._done = True
        self.accept()
        self.renewChosen.emit()

    def on_card_renew(self) -> None:
        self._done = True
        self.accept()
        self.cardRenewChosen.emit()

    def on_payment(self) -> None:
        self._done = True
        self.accept()
        self.paymentChosen.emit()

    def on_reason_changed(self, text: str) -> None:
        self.override_button.setEnabled(bool(text.strip()))
        if self.reason_problem.isVisible():  # said about what was there before
            self.reason_problem.hide()
            self.reason_problem.clear()

    def on_override(self) -> None:
        if not self.reason.text().strip():
            self.reason.setFocus()
            return
        try:
            reason = override_reason(self.reason.text())
        except DeskError as exc:
            # The desk would refuse it too: say why here and let staff type a real reason
            # (the refused text selected, so typing replaces it).
            self.reason_problem.setText("⚠ " + refusal_text(exc))
            self.reason_problem.setAccessibleName(refusal_text(exc))
            self.reason_problem.show()
            self.fit()
            self.reason.setFocus()
            self.reason.selectAll()
            return
        assert reason is not None
        self._done = True
        self.accept()
        self.overridden.emit(reason)

    def on_rejected(self) -> None:
        if not self._done:
            self._done = True
            self.cancelled.emit()
