"""Payments at the desk, as staff do them with the keyboard: Ctrl+M, the amount, Enter; the
panel's balance and blocks change at once, refusals are said in the dialog, and the receipt
prints (to a PDF here) with the card masked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from popup.domain import demo_data
from popup.store import demo
from popup.store.db import Store
from popup.ui.desk.payment import PaymentDialog, amount_for_typing
from popup.ui.desk.slip import print_slip_to_pdf
from popup.ui.feedback import Outcome
from popup.ui.main_window import MainWindow
from popup.ui.text import money_text
from tests.helpers import desk as helpers

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CARD = demo_data.fined_patron_card(demo.DEMO_FORMAT)  # owes 12.75, over the 5.00 limit


def typed(qtbot: Any, text: str, *, enter: bool = True) -> None:
    """A person typing into the focused widget (keys slower than a scanner's), then Enter."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClicks(focused, text, delay=70)
    qtbot.wait(60)
    if enter:
        qtbot.keyClick(focused, Qt.Key.Key_Return)


def _paying(window: MainWindow, qtbot: Any) -> PaymentDialog:
    # A button's shortcut clicks it after a short animation.
    qtbot.waitUntil(lambda: window.checkout.payment_dialog is not None)
    dialog = window.checkout.payment_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.amount)
    return dialog


def _serve_fined_patron(window: MainWindow, qtbot: Any) -> PaymentDialog:
    """The fined patron's card scanned: the block prompt offers the payment, Ctrl+M takes it."""
    helpers.type_in(qtbot, CARD)  # a scanner's burst
    prompt = window.checkout.override_dialog
    assert prompt is not None and prompt.payment_button is not None
    qtbot.waitUntil(prompt.isVisible)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is prompt.reason)
    assert "Owes" in prompt.concern_labels[0].text()
    helpers.press(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    return _paying(window, qtbot)


def test_a_payment_by_keys_clears_the_block_and_shows_the_receipt(
    window: MainWindow, demo_store: Store, qtbot: Any, tmp_path: Path
) -> None:
    page = window.checkout
    dialog = _serve_fined_patron(window, qtbot)
    assert dialog.owed.text() == f"Owes {money_text(1275)}"
    assert dialog.amount.text() == amount_for_typing(1275)  # what is owed, selected
    assert dialog.amount.selectedText() == dialog.amount.text()
    # Staff take 10.00 in cash: typing replaces the amount; the method stays Cash.
    typed(qtbot, amount_for_typing(1000), enter=False)
    assert dialog.after.text() == f"Balance after: Owes {money_text(275)}"
    with qtbot.waitSignal(page.recorded):
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    kind, payload = helpers.last_payload(demo_store)
    assert kind == "payment"
    assert (payload["amount_cents"], payload["method"], payload["waiver"]) == (1000, "cash", False)
    assert (payload["balance_before_cents"], payload["balance_after_cents"]) == (1275, 275)
    # The panel at once: the balance, and no block any more (2.75 is under the limit).
    assert page.panel.balance.text() == f"Owes {money_text(275)}"
    assert [label.text() for label in page.panel.block_labels] == ["✓ No blocks"]
    assert page.banner.outcome is Outcome.OK
    assert page.banner.text().startswith(f"Payment recorded: {money_text(1000)} (cash).")
    receipt = page.receipt_dialog
    assert receipt is not None
    qtbot.waitUntil(receipt.isVisible)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is receipt.close_button)
    shown = receipt.view.toPlainText()
    shown = shown.replace("\u00a0", " ")
    assert f"Paid: {money_text(1000)} (cash)".replace("\u00a0", " ") in shown
    assert f"Still owed\n{money_text(275)}".replace("\u00a0", " ") in shown
    assert "…" + CARD[-4:] in shown and CARD not in shown  # the card masked
    pdf = tmp_path / "receipt.pdf"
    print_slip_to_pdf(page.receipt_html_for_last(), pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    # Esc closes the receipt; the patron is no longer blocked: the item field has the keys.
    helpers.press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.receipt_dialog is None)
    helpers.show_active(window, qtbot)  # a window manager gives the window back its keys
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.item_field)
    assert page.override_dialog is None


def test_refusals_are_said_in_the_dialog_and_nothing_is_written(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    page = window.checkout
    dialog = _serve_fined_patron(window, qtbot)
    before = helpers.outbox_count(demo_store)
    for text, word in (
        ("0", "zero"),
        ("-5", "negative"),
        ("ten", "not an amount"),
        (amount_for_typing(2000), "more than the"),
    ):
        typed(qtbot, text)  # the amount is selected again after each refusal: typing replaces
        qtbot.waitUntil(dialog.problem.isVisible)
        assert word in dialog.problem.text(), dialog.problem.text()
        assert dialog.isVisible() and QApplication.focusWidget() is dialog.amount
    assert helpers.outbox_count(demo_store) == before
    # More than owed goes through once staff tick "Keep the rest as a credit" (Alt+K).
    helpers.press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.credit.isChecked)
    assert dialog.after.text() == f"Balance after: Credit of {money_text(725)}"
    with qtbot.waitSignal(page.recorded):  # Enter records wherever the keys are
        helpers.press(qtbot, Qt.Key.Key_Return)
    _, payload = helpers.last_payload(demo_store)
    assert (payload["credit"], payload["balance_after_cents"]) == (True, -725)
    assert page.panel.balance.text() == f"Credit of {money_text(725)}"
    receipt = page.receipt_dialog
    assert receipt is not None
    shown = receipt.view.toPlainText().replace("\u00a0", " ")
    assert f"Kept as credit\n{money_text(725)}".replace("\u00a0", " ") in shown
    assert f"Credit on account\n{money_text(725)}".replace("\u00a0", " ") in shown


def test_a_waiver_chosen_by_keys_has_no_method_and_ctrl_m_without_a_patron_says_why(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    page = window.checkout
    helpers.press(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert page.payment_dialog is None
    assert "Scan the patron's card first" in page.banner.text()
    dialog = _serve_fined_patron(window, qtbot)
    # Alt+R reaches "Record a", Down chooses Waiver; the method is then not asked.
    helpers.press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.kind)
    helpers.press(qtbot, Qt.Key.Key_Down)
    assert dialog.waiver and not dialog.method.isEnabled()
    helpers.press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.note)
    typed(qtbot, "late fee charged in error", enter=False)
    helpers.press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.amount)
    helpers.press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    typed(qtbot, amount_for_typing(1275), enter=False)
    with qtbot.waitSignal(page.recorded):
        helpers.press(qtbot, Qt.Key.Key_Return)
    _, payload = helpers.last_payload(demo_store)
    assert (payload["waiver"], payload["method"], payload["amount_cents"]) == (True, None, 1275)
    assert payload["note"] == "late fee charged in error"
    assert page.panel.balance.text() == "Owes nothing"
    assert page.banner.text().startswith(f"Fines waived: {money_text(1275)}.")


def test_cancelling_the_payment_asks_the_block_question_again(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    page = window.checkout
    dialog = _serve_fined_patron(window, qtbot)
    before = helpers.outbox_count(demo_store)
    helpers.press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.payment_dialog is None and not dialog.isVisible())
    assert helpers.outbox_count(demo_store) == before
    prompt = page.override_dialog
    assert prompt is not None  # still blocked: override, pay, or cancel
    qtbot.waitUntil(prompt.isVisible)
    assert page.patron is not None and page.patron.card_number == CARD


def _close_receipt(window: MainWindow, qtbot: Any) -> None:
    """Esc on the receipt once it has the keys; the item field has them again."""
    page = window.checkout
    qtbot.waitUntil(lambda: page.receipt_dialog is not None)
    receipt = page.receipt_dialog
    assert receipt is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is receipt.close_button)
    helpers.press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.receipt_dialog is None)
    helpers.show_active(window, qtbot)  # a window manager gives the window back its keys
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.item_field)


def test_undo_after_a_payment_takes_back_nothing_and_says_so(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    """Lend, then take the rest of the fines: Ctrl+Z does not take back the loan before the
    payment (nor the money); a scan after the payment is undone as usual."""
    page = window.checkout
    dialog = _serve_fined_patron(window, qtbot)
    typed(qtbot, amount_for_typing(1000), enter=False)  # 2.75 left: under the limit
    with qtbot.waitSignal(page.recorded):
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    _close_receipt(window, qtbot)
    first, second = helpers.available_items(demo_store, 2)
    with qtbot.waitSignal(page.recorded):
        helpers.type_in(qtbot, first)
    helpers.press(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    dialog = _paying(window, qtbot)
    with qtbot.waitSignal(page.recorded):
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)  # what is owed: 2.75
    _close_receipt(window, qtbot)

    helpers.press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.banner.outcome is Outcome.ATTENTION
    assert page.banner.text().startswith("Nothing was undone: a payment cannot be taken back")
    assert helpers.last_payload(demo_store)[0] == "payment"  # no undo written
    # A scan after the payment is undone as before.
    with qtbot.waitSignal(page.recorded):
        helpers.type_in(qtbot, second)
    with qtbot.waitSignal(page.recorded):
        helpers.press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert helpers.last_payload(demo_store)[0] == "undo"
