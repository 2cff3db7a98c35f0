"""Checkout: scan a patron, then items; overrides with reasons; renew; slip; Done."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from popup import paths
from popup.domain.cards import CardFormat, InvalidNumber, parse_scan
from popup.domain.concerns import Code, Concern
from popup.domain.staff import Capability
from popup.store.circulation import (
    CheckoutResult,
    DeskError,
    LoanView,
    NeedsOverride,
    NotDueToMove,
    PatronView,
    PaymentResult,
    RenewResult,
    WrongKindScanned,
)
from popup.store.notify import StoreChange, Topic
from popup.store.staff import Approval
from popup.ui.camera import CameraView
from popup.ui.context import AppContext
from popup.ui.desk.base import ScanPage, big_button, heading, lines_view
from popup.ui.desk.cards import LookupDialog, NewCardDialog
from popup.ui.desk.models import Line, LinesModel
from popup.ui.desk.override import OverrideDialog
from popup.ui.desk.payment import (
    PaymentDialog,
    PaymentRequest,
    ReceiptDialog,
    balance_text,
    method_text,
    receipt_html,
)
from popup.ui.desk.prompt import ConfirmDialog
from popup.ui.desk.slip import SlipDialog, SlipLine, print_slip, slip_html
from popup.ui.feedback import Outcome
from popup.ui.scanner import ScanField
from popup.ui.signup.card_print import CardData
from popup.ui.staff.approval import ApprovalDialog
from popup.ui.text import category_text, concern_text, date_text, money_text, refusal_text
from popup.ui.widgets import FlowLayout


def _shown_number(text: str, fmt: CardFormat) -> str:
    try:
        return parse_scan(text, fmt)
    except InvalidNumber:
        return text.strip()


class CheckoutPage(ScanPage):
    """Checkout mode.

    Signals:
        recorded(int), undone(int): see :class:`ScanPage`.
        patronChanged(bool): a patron was loaded (True) or cleared by Done/Cancel (False).

    Attributes:
        patron: the patron being served, or None.
        override_dialog: the open Override/Cancel prompt, if any.
        payment_dialog: the open payment dialog (Ctrl+M), if any.
        receipt_dialog: the receipt of the last payment while it is on screen.
    """

    key = "checkout"
    shortcut = "F2"
    needs = Capability.CHECKOUT

    patronChanged = Signal(bool)

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("MainWindow", "Checkout")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.patron: PatronView | None = None
        #: The patron's record changed while this page was hidden: read it again when shown.
        self._patron_stale = False
        self._patron_override: str | None = None
        self._overridden_codes: set[Code] = set()
        self.override_dialog: OverrideDialog | ApprovalDialog | None = None
        #: A staff member's approval of the patron's blocks (a volunteer at the desk).
        self._patron_approval: Approval | None = None
        self.slip_dialog: SlipDialog | None = None
        #: The patron was found by name (no card): their checkouts record it (#15).
        self.found_by_lookup = False
        #: The open lookup, question or new card of the card flows (Ctrl+L, Ctrl+Shift+L/E).
        self.card_dialog: LookupDialog | ConfirmDialog | NewCardDialog | None = None
        self.payment_dialog: PaymentDialog | None = None
        #: The outbox seq of the payment taken in this visit, if any (Undo must not reach past it).
        self._payment_seq: int | None = None
        self.receipt_dialog: ReceiptDialog | None = None
        self._receipt_html = ""

        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)  # every pixel counts on a 600-pixel screen
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 6)
        grid.setHorizontalSpacing(16)

        # Left: patron scan, then the patron panel (or the camera view).
        left = QVBoxLayout()
        self.patron_label = heading(self.tr("Patron card (F5)"), self)
        left.addWidget(self.patron_label)
        patron_row = QHBoxLayout()
        self.patron_field = ScanField(self.tr("Patron card number"), self)
        self.patron_field.setPlaceholderText(self.tr("Scan the card"))
        self.patron_label.setBuddy(self.patron_field)
        self.camera_button = big_button(
            self.tr("Camera (F9)"), self.tr("Scan a QR card with the camera"), self
        )
        patron_row.addWidget(self.patron_field, 1)
        patron_row.addWidget(self.camera_button)
        left.addLayout(patron_row)

        from popup.ui.desk.patron_panel import PatronPanel

        self.panel = PatronPanel(self)
        self.camera = CameraView(self, ctx.tasks)
        self._left_stack = QStackedLayout()
        self._left_stack.addWidget(self.panel)
        self._left_stack.addWidget(self.camera)
        left.addLayout(self._left_stack, 1)
        grid.addLayout(left, 0, 0)

        # Right: item scan and the lines lent in this visit.
        right = QVBoxLayout()
        self.item_label = heading(self.tr("Item barcode (F6)"), self)
        right.addWidget(self.item_label)
        self.item_field = ScanField(self.tr("Item barcode"), self)
        self.item_field.setPlaceholderText(self.tr("Scan items one after another"))
        self.item_label.setBuddy(self.item_field)
        right.addWidget(self.item_field)
        self.lines = LinesModel(
            [self.tr("Title"), self.tr("Barcode"), self.tr("Due back"), self.tr("Note")], self
        )
        self.models.append(self.lines)
        self.lines_view = lines_view(
            self.lines, self.tr("Items lent in this visit"), self, wrap={0: 3, 3: 2}
        )
        right.addWidget(self.lines_view, 1)
        buttons = FlowLayout()  # wraps on a narrow screen instead of cutting the texts
        self.undo_button = big_button(
            self.tr("Undo last scan (Ctrl+Z)"), self.tr("Undo last scan"), self
        )
        self.slip_button = big_button(self.tr("Slip (F8)"), self.tr("Show due-date slip"), self)
        self.print_button = big_button(
            self.tr("Print slip (Ctrl+P)"), self.tr("Print due-date slip"), self
        )
        self.done_button = big_button(self.tr("Done (F12)"), self.tr("Done: next patron"), self)
        self.done_button.setStyleSheet("font-weight: bold;")
        for button in (self.undo_button, self.slip_button, self.print_button, self.done_button):
            buttons.addWidget(button)
        right.addLayout(buttons)
        grid.addLayout(right, 0, 1)
        grid.addWidget(self.banner, 1, 0, 1, 2)
        grid.setRowStretch(0, 1)

        self.patron_field.submitted.connect(self.on_patron_scanned)
        self.item_field.submitted.connect(self.on_item_scanned)
        self.done_button.clicked.connect(self.done)
        self.undo_button.clicked.connect(self.undo_last)
        self.slip_button.clicked.connect(self.show_slip)
        self.print_button.clicked.connect(self.print_slip)
        self.camera_button.clicked.connect(self.toggle_camera)
        self.camera.codeRead.connect(self.on_camera_code)
        # The system may refuse the camera after asking, long after F9 returned.
        self.camera.availabilityChanged.connect(lambda _usable: self._update_camera_button())
        self.panel.renewRequested.connect(self.renew)
        # Tab from the item field reaches the loans (arrow keys choose, Enter renews).
        QWidget.setTabOrder(self.item_field, self.panel.loans_view)
        self.panel.renewAllRequested.connect(self.renew_all)
        self._update_camera_button()
        self._sync_enabled()

    # -- routing -----------------------------------------------------------------------------

    def active_scan_field(self) -> ScanField:
        return self.item_field if self.patron is not None else self.patron_field

    def _sync_enabled(self) -> None:
        has = self.patron is not None
        self.item_field.setEnabled(has)
        self.item_field.setPlaceholderText(
            self.tr("Scan items one after another") if has else self.tr("Scan a patron first")
        )
        self.patron_field.setEnabled(not has)
        for button in (self.slip_button, self.print_button):
            button.setEnabled(bool(self._slip_lines()))
        self.done_button.setEnabled(has or bool(self.lines.lines))

    # -- patron ------------------------------------------------------------------------------

    def start(self, card_number: str) -> None:
        """Serve ``card_number`` (from sign-up or a scan); Done first if someone else is here."""
        if self.patron is not None and self.patron.card_number != parse_scan(
            card_number, self.desk.config.card_format
        ):
            self.done()
        if self.patron is None:
            self.on_patron_scanned(card_number)

    def on_patron_scanned(self, text: str, *, found_by_lookup: bool = False) -> None:
        act = self.attempt("find_patron", retry=(self.patron_field, text), writes=False)
        view = act.run(lambda: self.desk.find_patron(text))
        if view is None:
            self.focus_scan()
            return
        self.stop_camera()
        self.patron = view
        self.found_by_lookup = found_by_lookup
        self._patron_override = None
        self._patron_approval = None
        self._overridden_codes = set()
        self.panel.show_patron(view, self.desk.config.category_bands)
        self._sync_enabled()
        self.patronChanged.emit(True)
        if view.blocks:
            self.tell(Outcome.PROBLEM, self._concern_said(view.blocks[0]))
            self._ask_patron_override(view)
        elif found_by_lookup:
            self.tell(
                Outcome.OK,
                self.tr("Found by name: {0}, card ending {1}. Scan the items.").format(
                    view.name, view.card_number[-4:]
                ),
            )
        else:
            self.tell(Outcome.OK, self.tr("Ready: scan the items."))
        self.focus_scan()

    def _concern_said(self, concern: Concern) -> str:
        """What the banner says of a block or concern: for a volunteer (the limited view),
        only that staff must look at it."""
        if self.patron is not None and self.patron.limited:
            return self.tr("Please ask staff.")
        return concern_text(concern)

    def may_override(self) -> bool:
        """Whoever is signed in may override a block themselves (staff); else a staff member
        approves it (:class:`ApprovalDialog`)."""
        actor = self.ctx.store.actor
        return actor is not None and actor.may(Capability.OVERRIDE)

    def _ask_patron_override(self, view: PatronView) -> None:
        # Fines among the blocks: taking the payment is offered beside the override.
        fines = any(c.code is Code.FINES_OVER_LIMIT for c in view.blocks)
        # An expired card: renewing it is offered beside the override.
        expired = any(c.code is Code.CARD_EXPIRED for c in view.blocks)
        subject = (
            view.name if view.limited else self.tr("Card ending {0}").format(view.card_number[-4:])
        )
        self._ask_override(
            self.tr("This patron is blocked"),
            subject,
            view.blocks,
            on_override=self._patron_overridden,
            on_cancel=self._patron_cancelled,
            on_payment=self.open_payment if fines else None,
            on_card_renew=(lambda: self._renew_card(view.card_number)) if expired else None,
        )

    def _patron_overridden(self, reason: str, approval: Approval | None = None) -> None:
        assert self.patron is not None
        self._patron_override = reason
        self._patron_approval = approval
        self._overridden_codes = {c.code for c in self.patron.blocks}
        if approval is not None:
            self.tell(
                Outcome.ATTENTION,
                self.tr("Approved by {0}: {1}").format(approval.approver.name, reason),
            )
            return
        self.tell(Outcome.ATTENTION, self.tr("Blocks overridden: {0}").format(reason))

    def _patron_cancelled(self) -> None:
        self.done()
        self.tell(Outcome.ATTENTION, self.tr("Cancelled: nothing was lent."))

    # -- items -------------------------------------------------------------------------------

    def on_item_scanned(self, text: str) -> None:
        if self.patron is None:
            self.on_patron_scanned(text)
            return
        self._checkout(text, None)
        self.focus_scan()

    def lend(self, barcode: str) -> CheckoutResult | None:
        """Lend ``barcode`` to the patron served here as if it were scanned now (the search
        page's Enter on a copy): the same desk call, blocks and concerns, listed in this visit.

        Returns the loan when it was made at once; None when nobody is served, when the
        Override prompt opened for staff to decide (:attr:`override_dialog`), or when it was
        refused or failed (this page's banner says why)."""
        if self.patron is None:
            return None
        return self._checkout(barcode, None)

    def _checkout(
        self, text: str, reason: str | None, approval: Approval | None = None
    ) -> CheckoutResult | None:
        assert self.patron is not None
        card = self.patron.card_number
        needs: NeedsOverride | None = None
        with self.attempt("checkout", retry=(self.item_field, text)) as act:
            try:
                result = self.desk.checkout(
                    card,
                    text,
                    override_reason=reason,
                    approval=approval,
                    found_by_lookup=self.found_by_lookup,
                )
            except NeedsOverride as exc:
                act.note(exc)
                needs = exc
            except WrongKindScanned as exc:
                act.refuse(
                    exc,
                    self.tr(
                        "“{0}” is a patron card, not an item. Scan the item's barcode, or press"
                        " Done (F12) to serve the next patron."
                    ).format(_shown_number(text, self.desk.config.card_format)),
                )
        if needs is not None:
            return self._needs_override(text, needs, reason)
        if act.failed:
            return None
        self._lent(result, approval)
        return result

    def _needs_override(
        self, text: str, exc: NeedsOverride, reason: str | None
    ) -> CheckoutResult | None:
        subject = exc.subject
        # Patron blocks staff already overrode at the card scan are not asked about again:
        # the prompt and the banner name only what is new about this item.
        new = [c for c in exc.concerns if c.code not in self._overridden_codes]
        if reason is None and self._overridden_codes and not new:
            # With the card scan's reason (and its approver, for a volunteer).
            return self._checkout(text, self._patron_override, self._patron_approval)
        earlier = self._patron_override if len(new) < len(exc.concerns) else None

        def lend(why: str, approval: Approval | None) -> None:
            # One reason per checkout is recorded: this item's, then the card scan's.
            self._checkout(text, f"{why}; {earlier}" if earlier else why, approval)

        shown = new or exc.concerns
        self.tell(Outcome.PROBLEM, self._concern_said(shown[0]))
        own = self._own_loan_of(exc.barcode, shown)
        self._ask_override(
            self.tr("Check out anyway?"),
            subject,
            shown,
            on_override=lend,
            on_cancel=lambda: self.tell(
                Outcome.ATTENTION, self.tr("Not lent: {0}").format(subject)
            ),
            on_renew=(lambda: self.renew(own.loan_id)) if own is not None else None,
        )
        return None

    def _own_loan_of(self, barcode: str, concerns: list[Concern]) -> LoanView | None:
        """The patron's loan of the item (its ``barcode`` as the catalogue has it, not as it
        was scanned: a scan may carry Codabar start/stop characters) when the rules say they
        already have it (the prompt then offers Renew)."""
        if self.patron is None or not any(
            c.code is Code.ITEM_ALREADY_ON_LOAN_TO_PATRON for c in concerns
        ):
            return None
        return next((x for x in self.patron.loans if x.barcode == barcode), None)

    def _lent(self, result: CheckoutResult, approval: Approval | None = None) -> None:
        note = self.tr("Override: {0}").format(result.override_reason) if result.concerns else ""
        if result.concerns and approval is not None:
            note = self.tr("Approved by {0}: {1}").format(
                approval.approver.name, result.override_reason
            )
        if result.filled_hold is not None:
            note = " · ".join(n for n in (self.tr("Hold picked up"), note) if n)
        outcome = Outcome.ATTENTION if result.concerns else Outcome.OK
        self.lines.append(
            Line(
                cells=(result.title, result.barcode, date_text(result.due), note),
                outcome=outcome,
                seq=result.seq,
                extra={"slip": SlipLine(result.title, result.barcode, result.due)},
            )
        )
        said = self.tr("Lent: {0} — due {1}").format(result.title, date_text(result.due))
        if result.concerns and approval is not None:
            said = self.tr("Lent: {0} — due {1} — approved by {2}").format(
                result.title, date_text(result.due), approval.approver.name
            )
        if result.filled_hold is not None:
            said = self.tr("Hold picked up: {0} — due {1}").format(
                result.title, date_text(result.due)
            )
        self.tell(outcome, said)
        if self.patron is not None and result.filled_hold is not None:
            held = [h for h in self.patron.holds_ready if h.hold_id != result.filled_hold.hold_id]
            self.patron = replace(self.patron, holds_ready=held)
            self.panel.show_holds(held)
        if self.patron is not None:  # add the loan locally: no second query per scan
            loan = LoanView(result.loan_id, result.barcode, result.title, result.due, 0, False)
            renewed_by_checkout = any(x.barcode == result.barcode for x in self.patron.loans)
            loans = [x for x in self.patron.loans if x.barcode != result.barcode] + [loan]
            self.patron = replace(self.patron, loans=loans)
            if renewed_by_checkout:
                self.panel.show_loans(self.patron.loans)
            else:
                self.panel.add_loan(loan)
        self._sync_enabled()
        self.recorded.emit(result.seq)

    def _refresh_patron(self) -> None:
        if self.patron is None:
            return
        try:
            self.patron = self.desk.find_patron(self.patron.card_number)
        except DeskError:
            return
        self.panel.show_loans(self.patron.loans)

    def on_store_changed(self, change: StoreChange) -> None:
        super().on_store_changed(change)
        if self.patron is None or not change.touches(Topic.PATRONS, Topic.CIRCULATION):
            return
        if not self.isVisible():
            self._patron_stale = True  # a return at another page: read again when shown
        elif not change.seqs:
            # Not this page's own action (those carry their seq and are shown already): a
            # download or an import changed the patron's blocks or loans.
            self.refresh_soon()

    def refresh(self) -> None:
        """Show the served patron's record as the store has it now (blocks, loans)."""
        self._patron_stale = False
        if self.patron is None:
            return
        try:
            self.patron = self.desk.find_patron(self.patron.card_number)
        except (DeskError, InvalidNumber):
            return  # gone from the store meanwhile: keep what staff were shown
        self.panel.show_patron(self.patron, self.desk.config.category_bands)

    def activate(self) -> None:
        if self._patron_stale:
            self.refresh()
        super().activate()

    def after_undo(self, target_seq: int) -> None:
        self._refresh_patron()
        self._sync_enabled()

    # -- overrides ---------------------------------------------------------------------------

    def _ask_override(
        self,
        title: str,
        subject: str,
        concerns: list[Concern],
        on_override: Callable[[str, Approval | None], None],
        on_cancel: Callable[[], None],
        on_renew: Callable[[], None] | None = None,
        on_card_renew: Callable[[], None] | None = None,
        on_payment: Callable[[], None] | None = None,
    ) -> None:
        if not self.may_override():
            self._ask_approval(title, subject, concerns, on_override, on_cancel)
            return
        dialog = OverrideDialog(
            title,
            subject,
            concerns,
            self,
            offer_renew=on_renew is not None,
            offer_card_renewal=on_card_renew is not None,
            offer_payment=on_payment is not None,
        )
        self.override_dialog = dialog

        def card_renew() -> None:
            self.override_dialog = None
            assert on_card_renew is not None
            on_card_renew()

        def pay() -> None:
            self.override_dialog = None
            assert on_payment is not None
            on_payment()

        def renew() -> None:
            self.override_dialog = None
            assert on_renew is not None
            on_renew()
            self.focus_scan()

        def overridden(reason: str) -> None:
            self.override_dialog = None
            on_override(reason, None)
            self.focus_scan()

        def cancelled() -> None:
            self.override_dialog = None
            on_cancel()
            self.focus_scan()

        dialog.overridden.connect(overridden)
        dialog.renewChosen.connect(renew)
        dialog.cardRenewChosen.connect(card_renew)
        dialog.paymentChosen.connect(pay)
        dialog.cancelled.connect(cancelled)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.first_focus().setFocus()

    def _ask_approval(
        self,
        title: str,
        subject: str,
        concerns: list[Concern],
        on_override: Callable[[str, Approval | None], None],
        on_cancel: Callable[[], None],
    ) -> None:
        """A volunteer: "Ask a staff member", who approves it here with their own PIN, the
        concerns in front of them."""
        dialog = ApprovalDialog(self.ctx.staff, title, subject, self, concerns)
        self.override_dialog = dialog

        def approved(approval: Approval) -> None:
            self.override_dialog = None
            on_override(approval.reason, approval)
            self.focus_scan()

        def cancelled() -> None:
            self.override_dialog = None
            on_cancel()
            self.focus_scan()

        dialog.approved.connect(approved)
        dialog.cancelled.connect(cancelled)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.first_focus().setFocus()

    # -- forgotten, lost and expired cards (#15) -------------------------------------------------

    def lookup(self) -> None:
        """Ctrl+K: find a patron by name and serve them as if their card were scanned."""
        self._find_by_name(self.tr("Find a patron by name"), self._serve_found)

    def _find_by_name(self, title: str, then: Callable[[str], None]) -> None:
        self._close_card_dialog()
        dialog = LookupDialog(self.ctx.cards, title, self.desk.config.category_bands, self)
        self.card_dialog = dialog

        def chosen(card: str) -> None:
            self.card_dialog = None
            # Once the lookup has gone: what follows may open the next question.
            QTimer.singleShot(0, lambda: then(card))

        dialog.chosen.connect(chosen)
        dialog.rejected.connect(self._card_dialog_closed)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.activateWindow()  # it may follow another prompt that has just closed
        dialog.name.setFocus()

    def _card_dialog_closed(self) -> None:
        self.card_dialog = None
        self.focus_scan()

    def _close_card_dialog(self) -> None:
        if self.card_dialog is not None:
            dialog, self.card_dialog = self.card_dialog, None
            if isinstance(dialog, NewCardDialog):
                dialog.clear()
            else:
                dialog.reject()

    def _serve_found(self, card: str) -> None:
        if self.patron is not None:
            self.done()  # someone else was being served
        self.on_patron_scanned(card, found_by_lookup=True)

    def _for_patron(self, title: str, then: Callable[[str, bool], None]) -> None:
        """Act on the patron being served, or on one found by name first."""
        if self.patron is not None:
            then(self.patron.card_number, self.found_by_lookup)
        else:
            self._find_by_name(title, lambda card: then(card, True))

    def replace_lost_card(self) -> None:
        """Ctrl+Shift+L: a new card for a lost one; the old number is refused at once."""
        self._for_patron(self.tr("Replace a lost card: find the patron"), self._confirm_replace)

    def _confirm_replace(self, card: str, by_lookup: bool) -> None:
        view = self.attempt("find_patron", writes=False).run(lambda: self.desk.find_patron(card))
        if view is None:
            return
        question = self.tr(
            "Give {0} a new card? The card ending {1} is refused from now on: here at once,"
            " on the other laptops after their next sync."
        ).format(view.name, view.card_number[-4:])
        self._confirm(
            self.tr("Replace a lost card"),
            question,
            (self.tr("Replace the card (Enter)"), self.tr("Replace the card")),
            lambda: self._replace(view.card_number, by_lookup),
        )

    def _confirm(
        self, title: str, question: str, yes: tuple[str, str], then: Callable[[], None]
    ) -> None:
        self._close_card_dialog()
        dialog = ConfirmDialog(title, question, yes, self)
        self.card_dialog = dialog

        def accepted() -> None:
            self.card_dialog = None
            QTimer.singleShot(0, then)  # once the question has gone

        dialog.accepted.connect(accepted)
        dialog.rejected.connect(self._card_dialog_closed)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.activateWindow()  # it may follow another prompt that has just closed
        dialog.yes_button.setFocus()

    def _replace(self, card: str, by_lookup: bool) -> None:
        with self.attempt("card_replace") as act:
            done = self.ctx.cards.replace_lost(card, found_by_lookup=by_lookup)
        if act.failed:
            return
        self.recorded.emit(done.seq)
        if self.patron is not None:
            self.done()
        cfg = self.desk.config
        data = CardData(
            library_name=cfg.library_name,
            patron_name=done.name,
            card_number=done.card_number,
            temporary=done.temporary,
            category_label=category_text(done.category, cfg.category_bands),
            expiry=done.card_expiry,
        )
        dialog = NewCardDialog(data, paths.exports_dir(self.ctx.home), done.old_card, self)
        self.card_dialog = dialog

        def start(number: str) -> None:
            self.card_dialog = None
            self.on_patron_scanned(number, found_by_lookup=by_lookup)

        dialog.startCheckout.connect(start)
        dialog.rejected.connect(self._card_dialog_closed)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.activateWindow()  # it follows the question that has just closed
        dialog.view.checkout_button.setFocus()
        self.tell(
            Outcome.ATTENTION,
            self.tr("New card {0} for {1}; the card ending {2} is blocked as lost.").format(
                done.card_number, done.name, done.old_card[-4:]
            ),
        )

    def renew_card(self) -> None:
        """Ctrl+Shift+E: renew the card by the library's period for the patron's category."""
        self._for_patron(self.tr("Renew a card: find the patron"), self._confirm_renew)

    def _confirm_renew(self, card: str, by_lookup: bool) -> None:
        view = self.attempt("find_patron", writes=False).run(lambda: self.desk.find_patron(card))
        if view is None:
            return
        expiry = self.ctx.cards.renewal_expiry(view.category, view.card_expiry)
        question = self.tr("Renew the card of {0} ({1}) until {2}?").format(
            view.name,
            category_text(view.category, self.desk.config.category_bands),
            date_text(expiry),
        )
        self._confirm(
            self.tr("Renew a card"),
            question,
            (self.tr("Renew the card (Enter)"), self.tr("Renew the card")),
            lambda: self._renew_card(view.card_number, by_lookup),
        )

    def _renew_card(self, card: str, by_lookup: bool | None = None) -> None:
        lookup = self.found_by_lookup if by_lookup is None else by_lookup
        with self.attempt("card_renew") as act:
            done = self.ctx.cards.renew(card, found_by_lookup=lookup)
        if act.failed:
            self.focus_scan()
            return
        self.recorded.emit(done.seq)
        serving = self.patron is not None and self.patron.card_number == done.card_number
        if serving and self.lines.lines:
            self.refresh()  # mid-visit: the blocks go, the visit stays
        else:
            if self.patron is not None:
                self.done()
            self.on_patron_scanned(done.card_number, found_by_lookup=lookup)
        if self.patron is not None and not self.patron.blocks:
            self.tell(
                Outcome.OK,
                self.tr("Card renewed: valid until {0}. Scan the items.").format(
                    date_text(done.card_expiry)
                ),
            )

    # -- renew -------------------------------------------------------------------------------

    def renew(self, loan_id: str, reason: str | None = None) -> None:
        if self.patron is None:
            return
        needs: NeedsOverride | None = None
        early: NotDueToMove | None = None
        with self.attempt("renew") as act:
            try:
                result = self.desk.renew(loan_id, override_reason=reason)
            except NeedsOverride as exc:
                act.note(exc)
                needs = exc
            except NotDueToMove as exc:
                act.note(exc)
                early = exc
        if early is not None:
            # Nothing was written: not a problem, but staff should see why.
            self.tell(Outcome.ATTENTION, refusal_text(early))
            self.focus_scan()
        elif needs is not None:
            self.tell(Outcome.PROBLEM, concern_text(needs.concerns[0]))
            self._ask_override(
                self.tr("Renew anyway?"),
                needs.subject,
                needs.concerns,
                on_override=lambda why, _approval: self.renew(loan_id, why),
                on_cancel=lambda: self.tell(Outcome.ATTENTION, self.tr("Not renewed.")),
            )
        elif not act.failed:
            self._renewed([result])

    def renew_selected(self) -> None:
        loan = self.panel.selected_loan()
        if loan is None:
            self.tell(Outcome.ATTENTION, self.tr("Select a loan to renew first."))
            return
        self.renew(loan.loan_id)

    def renew_all(self) -> None:
        if self.patron is None:
            return
        card = self.patron.card_number
        results = self.attempt("renew_all").run(lambda: self.desk.renew_all(card))
        if results is None:
            self.focus_scan()
            return
        done = [r for r in results if isinstance(r, RenewResult)]
        refused = [r for r in results if isinstance(r, NeedsOverride)]
        early = [r for r in results if isinstance(r, NotDueToMove)]
        self._renewed(done, refused, early)

    def _renewed(
        self,
        done: list[RenewResult],
        refused: list[NeedsOverride] | None = None,
        early: list[NotDueToMove] | None = None,
    ) -> None:
        refused = refused or []
        early = early or []
        for result in done:
            self.recorded.emit(result.seq)
        self._refresh_patron()
        if len(done) == 1 and not refused and not early:
            r = done[0]
            self.tell(
                Outcome.OK, self.tr("Renewed: {0} — due {1}").format(r.title, date_text(r.due))
            )
            self.focus_scan()
            return
        # The count follows a colon so that English reads right without a plural translation.
        said = [self.tr("Loans renewed: %n.", "", len(done))]
        if early:
            titles = ", ".join(r.title for r in early[:3])
            said.append(
                self.tr("Not due to move yet, no renewal used: %n ({0}).", "", len(early)).format(
                    titles
                )
            )
        if refused:
            why = "; ".join(f"{r.subject}: {concern_text(r.concerns[0])}" for r in refused[:3])
            said.append(self.tr("Not renewed: %n ({0}).", "", len(refused)).format(why))
        outcome = Outcome.OK if done and not refused else Outcome.ATTENTION
        self.tell(outcome, " ".join(said))
        self.focus_scan()

    # -- payments ----------------------------------------------------------------------------

    def open_payment(self) -> None:
        """Ctrl+M: a payment or waiver against the served patron's fines."""
        if self.patron is None:
            self.tell(
                Outcome.ATTENTION,
                self.tr("Scan the patron's card first: a payment is taken against their fines."),
            )
            self.focus_scan()
            return
        if self.payment_dialog is not None:
            self.payment_dialog.first_focus().setFocus()
            return
        patron = self.patron
        dialog = PaymentDialog(patron.name, patron.card_number, patron.fines_owed_cents, self)
        self.payment_dialog = dialog
        dialog.submitted.connect(self._record_payment)
        dialog.cancelled.connect(self._payment_cancelled)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.first_focus().setFocus()

    def undo_last(self) -> None:
        """Ctrl+Z, unless a payment came after the last scan: money taken is not taken back
        here, and undoing the scan before it instead would surprise staff."""
        last = self.desk.last_undoable()
        if self._payment_seq is not None and (last is None or last[0] < self._payment_seq):
            self.tell(
                Outcome.ATTENTION,
                self.tr(
                    "Nothing was undone: a payment cannot be taken back here. Put a wrong"
                    " payment right in the library system."
                ),
            )
            self.focus_scan()
            return
        super().undo_last()

    def _record_payment(self, wanted: PaymentRequest) -> None:
        dialog = self.payment_dialog
        if self.patron is None or dialog is None:
            return
        card = self.patron.card_number
        with self.attempt("payment", say=dialog.say_problem) as act:
            result = self.desk.record_payment(
                card,
                wanted.amount_cents,
                method=wanted.method,
                waiver=wanted.waiver,
                as_credit=wanted.as_credit,
                note=wanted.note,
            )
        if act.failed:
            return  # said in the dialog, which stays open with the amount selected
        self.payment_dialog = None
        dialog.finish()
        self._payment_seq = result.seq
        self.recorded.emit(result.seq)
        self._paid(result)

    def _paid(self, result: PaymentResult) -> None:
        """The balance and the blocks at once, a word in the banner, and the receipt."""
        with contextlib.suppress(DeskError, InvalidNumber):  # gone meanwhile: keep what was shown
            self.patron = self.desk.find_patron(result.card_number)
        if self.patron is not None:
            self.panel.show_balance(self.patron)
        left = balance_text(result.balance_after_cents)
        if result.waiver:
            said = self.tr("Fines waived: {0}. {1}.").format(money_text(result.amount_cents), left)
        else:
            said = self.tr("Payment recorded: {0} ({1}). {2}.").format(
                money_text(result.amount_cents), method_text(result.method), left
            )
        still = self.patron.blocks if self.patron is not None else []
        if still and not self._overridden_codes:
            # Paid, but something still blocks (another block, or fines still over the limit).
            self.tell(Outcome.ATTENTION, said)
        else:
            self.tell(Outcome.OK, said + " " + self.tr("Ready: scan the items."))
        self.show_receipt(result)

    def _payment_cancelled(self) -> None:
        self.payment_dialog = None
        if self.patron is not None and self.patron.blocks and not self._overridden_codes:
            # Back to the question the card scan asked: the patron is still blocked.
            self._ask_patron_override(self.patron)
            return
        self.tell(Outcome.ATTENTION, self.tr("No payment recorded."))
        self.focus_scan()

    def receipt_html(self, result: PaymentResult) -> str:
        cfg = self.desk.config
        return receipt_html(cfg.library_name, cfg.branch_name, result, cfg.zone)

    def receipt_html_for_last(self) -> str:
        """The receipt on screen (for printing to a file); empty without one."""
        return self._receipt_html

    def show_receipt(self, result: PaymentResult) -> None:
        self._receipt_html = self.receipt_html(result)
        dialog = ReceiptDialog(self._receipt_html, self)
        self.receipt_dialog = dialog
        dialog.finished.connect(lambda _r: self._receipt_closed(dialog))
        dialog.open()
        # Esc or Enter closes it, Ctrl+P prints it: the keys go to the receipt.
        dialog.close_button.setDefault(True)
        dialog.close_button.setFocus()

    def _receipt_closed(self, dialog: ReceiptDialog) -> None:
        dialog.deleteLater()
        if self.receipt_dialog is dialog:
            self.receipt_dialog = None
        if self.patron is not None and self.patron.blocks and not self._overridden_codes:
            self._ask_patron_override(self.patron)  # still blocked: the question again
            return
        self.focus_scan()

    # -- slip and done -----------------------------------------------------------------------

    def _slip_lines(self) -> list[SlipLine]:
        return [line.extra["slip"] for line in self.lines.lines if not line.undone]

    def slip_html(self) -> str:
        cfg = self.desk.config
        card = self.patron.card_number if self.patron else ""
        return slip_html(
            cfg.library_name, cfg.branch_name, self.ctx.today(), card, self._slip_lines()
        )

    def show_slip(self) -> None:
        if not self._slip_lines():
            self.tell(Outcome.ATTENTION, self.tr("Nothing lent yet: no slip to show."))
            return
        dialog = SlipDialog(self.slip_html(), self)
        self.slip_dialog = dialog
        dialog.finished.connect(lambda _r: self._slip_closed())
        dialog.open()

    def _slip_closed(self) -> None:
        if self.slip_dialog is not None:
            self.slip_dialog.deleteLater()
        self.slip_dialog = None
        self.focus_scan()

    def print_slip(self) -> None:
        if not self._slip_lines():
            self.tell(Outcome.ATTENTION, self.tr("Nothing lent yet: no slip to print."))
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            # The system's print dialog (Windows) outlives an idle clear: print only a visit
            # still on screen.
            if self._slip_lines():
                print_slip(self.slip_html(), printer)
            else:
                self.tell(Outcome.ATTENTION, self.tr("Nothing printed: the visit was cleared."))
        self.focus_scan()

    def done(self) -> None:
        """Clear the patron and this visit from every widget; ready for the next person."""
        self._payment_seq = None
        if self.override_dialog is not None:
            dialog, self.override_dialog = self.override_dialog, None
            dialog.cancelled.disconnect()
            dialog.reject()
        if self.slip_dialog is not None:
            self.slip_dialog.reject()
        self._close_card_dialog()
        if self.payment_dialog is not None:
            paying, self.payment_dialog = self.payment_dialog, None
            paying.cancelled.disconnect()
            paying.reject()
        if self.receipt_dialog is not None:
            receipt, self.receipt_dialog = self.receipt_dialog, None
            receipt.finished.disconnect()
            receipt.reject()
            receipt.deleteLater()
        had = self.patron is not None
        self.patron = None
        self.found_by_lookup = False
        self._patron_override = None
        self._patron_approval = None
        self._overridden_codes = set()
        self.panel.clear()
        self.lines.clear()
        self.patron_field.clear()
        self.item_field.clear()
        self.banner.clear_message()
        self.session_seqs.clear()
        self.stop_camera()
        self._sync_enabled()
        if had:
            self.patronChanged.emit(False)
        self.focus_scan()

    def clear_patron(self, note: str) -> None:
        """Idle clear: Done, and the note in the banner where the patron's name was. With no
        patron the banner goes too: it may show a card number that found no one."""
        if (
            self.patron is None
            and not self.lines.lines
            and self.banner.outcome is None
            and self.card_dialog is None  # a lookup lists other patrons' names
        ):
            return
        self.done()
        self.banner.show_message(Outcome.ATTENTION, note)

    # -- camera ------------------------------------------------------------------------------

    def _update_camera_button(self) -> None:
        if self.camera.available:
            self.camera_button.setText(self.tr("Camera (F9)"))
            self.camera_button.setToolTip(self.tr("Read a QR library card with the camera"))
            self.camera_button.setEnabled(True)
        else:
            self.camera_button.setText(self.tr("No camera (F9)"))
            reason = self.camera.reason or ""
            self.camera_button.setToolTip(reason)
            self.camera_button.setAccessibleDescription(reason)

    def toggle_camera(self) -> None:
        """F9: show the camera (or why there is none); F9 again goes back to the patron."""
        if self.camera.running or self._left_stack.currentWidget() is self.camera:
            self.stop_camera()
            self.focus_scan()
            return
        self._left_stack.setCurrentWidget(self.camera)
        if not self.camera.start():
            self._update_camera_button()
            self.tell(Outcome.ATTENTION, self.camera.headline)
        self.focus_scan()

    def stop_camera(self) -> None:
        if self.camera.running:
            self.camera.stop()
        self._left_stack.setCurrentWidget(self.panel)

    def on_camera_code(self, text: str) -> None:
        self.stop_camera()
        self.active_scan_field().take_scan(text)

    def handle_key_escape(self) -> None:
        """Esc in checkout: close the camera, else return focus to the scan field."""
        if self.camera.running or self._left_stack.currentWidget() is self.camera:
            self.stop_camera()
        self.focus_scan()
