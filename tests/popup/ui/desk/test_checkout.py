"""Checkout driven through the real widgets over a real store file."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, update

from popup.domain.due_dates import due_date
from popup.store import demo
from popup.store.circulation import NeedsOverride
from popup.store.db import Store
from popup.store.models import Item, Patron
from popup.ui.desk.override import OverrideDialog
from popup.ui.desk.slip import print_slip_to_pdf
from popup.ui.feedback import Outcome
from popup.ui.main_window import MainWindow
from popup.ui.text import date_text
from tests.helpers import desk as helpers
from tests.helpers.desk import MakeWindow, StepClocks

# The offscreen platform cannot pass a dialog's size hints to a window manager; harmless.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _type_scan(qtbot: Any, widget: Any, text: str) -> None:
    """What a wedge scanner does: the keys in a burst, then Enter."""
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_patron_scan_then_three_items_get_rule_due_dates(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    card = demo.demo_patron(demo_store)
    page = window.checkout
    with qtbot.waitSignal(page.patronChanged) as changed:
        _type_scan(qtbot, page.patron_field, card)
    assert changed.args == [True]
    assert page.patron is not None and page.patron.card_number == card
    assert page.panel.name.text() == page.patron.name
    assert QApplication.focusWidget() is page.item_field

    items = helpers.available_items(demo_store, 3)
    cfg = window.desk.config
    rule = cfg.rules.lookup(page.patron.category, "BOOK")
    for barcode in items:
        with qtbot.waitSignal(page.recorded):
            _type_scan(qtbot, page.item_field, barcode)
    expected = due_date(datetime.now(UTC), rule.loan_days, cfg.calendar, cfg.zone)

    lines = page.lines.lines
    assert [line.cells[1] for line in lines] == items
    assert {line.cells[2] for line in lines} == {date_text(expected)}
    assert all(line.outcome is Outcome.OK for line in lines)
    for barcode in items:
        loan = helpers.open_loan(demo_store, barcode)
        assert loan is not None and loan.due_date == expected
    assert page.panel.loans.rowCount() == 3
    assert window.sounds.played[-1] is Outcome.OK
    assert window.sync_label.text() == "Offline, 3 waiting to upload"


def test_wedge_scan_typed_into_another_widget_goes_to_the_scan_field(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    """Keys arriving in a burst while a table has focus never reach the table."""
    card = demo.demo_patron(demo_store)
    page = window.checkout
    page.panel.loans_view.setFocus()  # any non-scan widget
    target = page.lines_view
    target.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is target)
    with qtbot.waitSignal(page.patronChanged):
        _type_scan(qtbot, target, card)
    assert page.patron is not None and page.patron.card_number == card


def test_blocked_patron_overridden_with_reason_recorded_in_outbox(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    card = demo.demo_patron(demo_store, blocked=True)
    page = window.checkout
    _type_scan(qtbot, page.patron_field, card)
    dialog = page.override_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.concern_labels and "Blocked by staff" in dialog.concern_labels[0].text()
    assert window.sounds.played[-1] is Outcome.PROBLEM
    assert not dialog.override_button.isEnabled()  # a reason is required
    qtbot.keyClicks(dialog.reason, "Card found; patron showed ID")
    assert dialog.override_button.isEnabled()
    with qtbot.waitSignal(dialog.overridden):
        qtbot.mouseClick(dialog.override_button, Qt.MouseButton.LeftButton)
    assert page.override_dialog is None

    barcode = helpers.available_items(demo_store, 1)[0]
    before = helpers.outbox_count(demo_store)
    with qtbot.waitSignal(page.recorded):
        _type_scan(qtbot, page.item_field, barcode)
    assert helpers.outbox_count(demo_store) == before + 1
    kind, payload = helpers.last_payload(demo_store)
    assert kind == "checkout"
    assert payload["override_reason"] == "Card found; patron showed ID"
    assert payload["concerns"] == ["MANUAL_BLOCK"]
    assert page.lines.lines[-1].cells[3] == "Override: Card found; patron showed ID"


def test_an_item_prompt_after_a_patron_override_asks_only_about_the_item(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    page = window.checkout
    _type_scan(qtbot, page.patron_field, demo.demo_patron(demo_store, blocked=True))
    card_dialog = page.override_dialog
    assert card_dialog is not None
    qtbot.keyClicks(card_dialog.reason, "Address confirmed")
    with qtbot.waitSignal(card_dialog.overridden):
        qtbot.mouseClick(card_dialog.override_button, Qt.MouseButton.LeftButton)

    _type_scan(qtbot, page.item_field, helpers.held_item(demo_store))
    dialog = page.override_dialog
    assert dialog is not None
    # The block was settled at the card scan: the prompt and the banner name only the hold.
    assert [label.text() for label in dialog.concern_labels] == [
        "⚠ Item is on hold for another patron"
    ]
    assert "on hold" in page.banner.text()
    qtbot.keyClicks(dialog.reason, "Second copy on order")
    with qtbot.waitSignal(page.recorded):
        qtbot.mouseClick(dialog.override_button, Qt.MouseButton.LeftButton)
    kind, payload = helpers.last_payload(demo_store)
    assert kind == "checkout"
    assert payload["override_reason"] == "Second copy on order; Address confirmed"
    assert sorted(payload["concerns"]) == ["ITEM_ON_HOLD", "MANUAL_BLOCK"]


def test_item_on_hold_prompts_and_cancel_writes_nothing(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    page = window.checkout
    _type_scan(qtbot, page.patron_field, demo.demo_patron(demo_store))
    before = helpers.outbox_count(demo_store)
    _type_scan(qtbot, page.item_field, helpers.held_item(demo_store))
    dialog = page.override_dialog
    assert dialog is not None
    assert "on hold" in dialog.concern_labels[0].text()
    with qtbot.waitSignal(dialog.cancelled):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert helpers.outbox_count(demo_store) == before
    assert page.lines.rowCount() == 0
    assert "Not lent" in page.banner.text()


def test_item_in_patron_field_and_patron_in_item_field_are_refused(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    page = window.checkout
    barcode = helpers.available_items(demo_store, 1)[0]
    before = helpers.outbox_count(demo_store)

    _type_scan(qtbot, page.patron_field, barcode)
    assert page.patron is None
    assert page.banner.text() == (
        f"“{barcode}” is an item barcode, not a patron card. Scan the patron's card first."
    )
    assert page.banner.outcome is Outcome.PROBLEM

    card = demo.demo_patron(demo_store)
    _type_scan(qtbot, page.patron_field, card)
    other = demo.demo_patron(demo_store)  # the same kind of number: a patron card
    _type_scan(qtbot, page.item_field, other)
    assert page.banner.text().startswith(f"“{other}” is a patron card, not an item.")
    assert page.banner.outcome is Outcome.PROBLEM
    assert helpers.outbox_count(demo_store) == before
    assert page.lines.rowCount() == 0


def test_done_leaves_no_patron_details_in_any_widget(
    window: MainWindow, demo_store: Store, qtbot: Any, tmp_path: Path
) -> None:
    page = window.checkout
    card = demo.demo_patron(demo_store)
    _type_scan(qtbot, page.patron_field, card)
    assert page.patron is not None
    name = page.patron.name
    for barcode in helpers.available_items(demo_store, 2):
        _type_scan(qtbot, page.item_field, barcode)
    titles = [line.cells[0] for line in page.lines.lines]
    texts = helpers.all_visible_texts(window)
    assert any(name in t for t in texts)  # the walk does see the patron before Done

    # The slip is printable and carries due dates but not the patron's name.
    pdf = tmp_path / "slip.pdf"
    html = page.slip_html()
    assert all(t in html for t in titles) and name not in html
    print_slip_to_pdf(html, pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    with qtbot.waitSignal(page.patronChanged):
        helpers.press(qtbot, Qt.Key.Key_F12)
    texts = helpers.all_visible_texts(window)
    leaked = [t for t in texts if name in t or card in t or any(x in t for x in titles)]
    assert leaked == []
    assert page.patron is None
    assert QApplication.focusWidget() is page.patron_field


def _stepped_window(
    store: Store, make_window: MakeWindow, qtbot: Any
) -> tuple[MainWindow, StepClocks]:
    """The desk window on a clock the test moves (renewals need days to pass)."""
    clocks = StepClocks(datetime(2026, 12, 7, 15, 0, tzinfo=UTC))
    window = make_window(store, clock=clocks.wall, elapsed=clocks.elapsed, awake=clocks.awake)
    helpers.show_active(window, qtbot)
    window.show_mode("checkout")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.checkout.patron_field)
    return window, clocks


def test_renew_one_and_all_from_the_patron_panel(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    window, clocks = _stepped_window(demo_store, make_window, qtbot)
    page = window.checkout
    _type_scan(qtbot, page.patron_field, demo.demo_patron(demo_store))
    for barcode in helpers.available_items(demo_store, 2):
        _type_scan(qtbot, page.item_field, barcode)
    clocks.wait(timedelta(days=1))
    before = helpers.outbox_count(demo_store)
    page.panel.loans_view.selectRow(0)
    helpers.press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    kind, payload = helpers.last_payload(demo_store)
    assert kind == "renew" and payload["renewals"] == 1
    assert helpers.outbox_count(demo_store) == before + 1
    assert page.banner.text().startswith("Renewed:")

    clocks.wait(timedelta(days=1))
    helpers.press(
        qtbot,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert helpers.outbox_count(demo_store) == before + 3
    assert page.banner.text() == "Loans renewed: 2."
    assert sorted(loan.renewals for loan in page.panel.loans.loans) == [1, 2]


def test_renew_all_skips_loans_whose_due_date_would_not_move_and_says_so(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    window, clocks = _stepped_window(demo_store, make_window, qtbot)
    page = window.checkout
    _type_scan(qtbot, page.patron_field, demo.demo_patron(demo_store))
    first, second, third = helpers.available_items(demo_store, 3)
    for barcode in (first, second):
        _type_scan(qtbot, page.item_field, barcode)
    # Renew all on the day of checkout: nothing moves, nothing is spent.
    before = helpers.outbox_count(demo_store)
    focused = helpers.press(
        qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert focused is page.item_field
    assert helpers.outbox_count(demo_store) == before
    assert page.banner.text().startswith(
        "Loans renewed: 0. Not due to move yet, no renewal used: 2 ("
    )
    assert window.sounds.played[-1] is Outcome.ATTENTION
    assert sorted(loan.renewals for loan in page.panel.loans.loans) == [0, 0]
    # The next day a third item is lent: Renew all moves the first two and skips the third.
    clocks.wait(timedelta(days=1))
    with qtbot.waitSignal(page.recorded):
        _type_scan(qtbot, page.item_field, third)
    third_title = page.lines.lines[-1].cells[0]
    helpers.press(
        qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert helpers.outbox_count(demo_store) == before + 3  # one checkout, two renewals
    assert page.banner.text() == (
        f"Loans renewed: 2. Not due to move yet, no renewal used: 1 ({third_title})."
    )
    renewals = {loan.barcode: loan.renewals for loan in page.panel.loans.loans}
    assert renewals == {first: 1, second: 1, third: 0}
    # Renewing the third alone says why nothing happened, with its due date as the desk
    # writes dates.
    row = next(i for i, loan in enumerate(page.panel.loans.loans) if loan.barcode == third)
    page.panel.loans_view.selectRow(row)
    helpers.press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    loan = helpers.open_loan(demo_store, third)
    assert loan is not None and loan.renewals == 0
    assert page.banner.text() == (
        f"{third_title} is not due to move yet: due {date_text(loan.due_date)} either way."
        " No renewal was used."
    )
    assert helpers.outbox_count(demo_store) == before + 3


def test_undo_last_scan_writes_a_compensating_action(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    page = window.checkout
    _type_scan(qtbot, page.patron_field, demo.demo_patron(demo_store))
    barcode = helpers.available_items(demo_store, 1)[0]
    _type_scan(qtbot, page.item_field, barcode)
    loan = helpers.open_loan(demo_store, barcode)
    assert loan is not None
    before = helpers.outbox_count(demo_store)
    with qtbot.waitSignal(page.undone):
        helpers.press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert helpers.open_loan(demo_store, barcode) is None
    assert helpers.outbox_count(demo_store) == before + 1  # added, nothing deleted
    kind, payload = helpers.last_payload(demo_store)
    assert kind == "undo" and payload["target_kind"] == "checkout"
    assert page.lines.lines[0].undone
    assert page.panel.loans.rowCount() == 0
    title = page.lines.lines[0].cells[0]
    assert page.banner.text() == f"Checkout of {title} undone."  # one plain sentence
    # A second undo has nothing left to undo (the undo itself is not undoable).
    helpers.press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.banner.text() == "Nothing to undo."
    assert helpers.outbox_count(demo_store) == before + 1


def test_renewal_past_the_limit_needs_an_override_with_reason(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    window, clocks = _stepped_window(demo_store, make_window, qtbot)
    page = window.checkout
    _type_scan(qtbot, page.patron_field, demo.demo_patron(demo_store))
    magazine = helpers.available_items(demo_store, 1, item_type="MAGAZINE")[0]  # 0 renewals
    _type_scan(qtbot, page.item_field, magazine)
    clocks.wait(timedelta(days=1))
    before = helpers.outbox_count(demo_store)
    page.panel.loans_view.selectRow(0)
    helpers.press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = page.override_dialog
    assert dialog is not None
    assert "limit is 0" in dialog.concern_labels[0].text()
    assert helpers.outbox_count(demo_store) == before
    qtbot.keyClicks(dialog.reason, "Patron is housebound")
    with qtbot.waitSignal(page.recorded):
        qtbot.mouseClick(dialog.override_button, Qt.MouseButton.LeftButton)
    kind, payload = helpers.last_payload(demo_store)
    assert kind == "renew"
    assert payload["override_reason"] == "Patron is housebound"
    assert payload["concerns"] == ["MAX_RENEWALS_REACHED"]


def test_after_done_undo_does_not_reach_the_previous_patron(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    page = window.checkout
    _type_scan(qtbot, page.patron_field, demo.demo_patron(demo_store))
    barcode = helpers.available_items(demo_store, 1)[0]
    _type_scan(qtbot, page.item_field, barcode)
    helpers.press(qtbot, Qt.Key.Key_F12)
    before = helpers.outbox_count(demo_store)
    helpers.press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.banner.text() == "Nothing to undo in this list."
    assert helpers.outbox_count(demo_store) == before
    assert helpers.open_loan(demo_store, barcode) is not None


def test_override_prompt_is_tall_enough_for_wrapped_concerns(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    """Five concerns, two of them wrapped: the prompt grows so none loses its last line.

    Qt sizes a new window to at most 2/3 of the screen's height, 512 px on a 1366x768 laptop,
    and this prompt needs ~530. The offscreen platform has no such cap, so this test catches a
    regression only on a real screen (``xvfb-run -s "-screen 0 1366x768x24"`` with
    ``QT_QPA_PLATFORM=xcb``); there it failed before the prompt sized itself."""
    card = demo.demo_patron(demo_store, blocked=True)
    barcode = helpers.available_items(demo_store, 1)[0]
    window.desk.checkout(demo.demo_patron(demo_store), barcode)  # out to someone else
    with demo_store.transaction() as session:
        patron = session.scalar(select(Patron).where(Patron.card_number == card))
        assert patron is not None
        patron.block_reason = "Damaged two DVDs; talk to the branch manager"
        patron.fines_owed_cents = 1275
        patron.card_expiry = date(2026, 3, 14)
        session.execute(update(Item).where(Item.barcode == barcode).values(on_hold=True))
    # The desk asks about a patron's blocks at the card scan and an item's problems at the
    # item scan; a checkout with both at once (the store's verdict) is the tallest prompt.
    with pytest.raises(NeedsOverride) as refused:
        window.desk.checkout(card, barcode)
    dialog = OverrideDialog("Check out anyway?", refused.value.subject, refused.value.concerns)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(dialog.isVisible)
    assert len(dialog.concern_labels) == 5
    wrapped = [label for label in dialog.concern_labels if label.heightForWidth(label.width()) > 40]
    assert len(wrapped) == 2  # the staff's reason and the other borrower's loan
    for label in dialog.concern_labels:
        assert label.height() >= label.heightForWidth(label.width()), label.text()
