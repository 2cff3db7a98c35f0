"""The desk by keyboard and scanner alone: choosing a loan to renew, Renew in the "already has
this item" prompt, and a scan that arrives while a prompt is open."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from popup.store import demo
from popup.store.db import Store
from popup.ui.main_window import MainWindow
from tests.helpers import desk as helpers
from tests.helpers.desk import MakeWindow, StepClocks

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

SCAN_NOT_USED = (
    "A scan arrived while this question was open and was not used: answer first, then scan again."
)


def _scan(qtbot: Any, text: str) -> None:
    """A wedge scanner's burst into whatever has the keyboard, then Enter."""
    helpers.type_in(qtbot, text)


def _serving(
    store: Store, make_window: MakeWindow, qtbot: Any, items: int
) -> tuple[MainWindow, StepClocks, list[str]]:
    """A patron with ``items`` books lent yesterday, at the desk today."""
    clocks = StepClocks(datetime(2026, 12, 7, 15, 0, tzinfo=UTC))
    window = make_window(store, clock=clocks.wall, elapsed=clocks.elapsed, awake=clocks.awake)
    helpers.show_active(window, qtbot)
    window.show_mode("checkout")
    page = window.checkout
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.patron_field)
    _scan(qtbot, demo.demo_patron(store))
    barcodes = helpers.available_items(store, items)
    for barcode in barcodes:
        with qtbot.waitSignal(page.recorded):
            _scan(qtbot, barcode)
    clocks.wait(timedelta(days=1))
    return window, clocks, barcodes


def test_tab_arrows_and_enter_renew_the_chosen_loan(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    window, _clocks, barcodes = _serving(demo_store, make_window, qtbot, 2)
    page = window.checkout
    view = page.panel.loans_view
    assert QApplication.focusWidget() is page.item_field
    helpers.press(qtbot, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    assert "QTableView:focus" in view.styleSheet()  # the list shows it has the keyboard
    assert page.panel.selected_loan() == page.panel.loans.loan_at(0)
    helpers.press(qtbot, Qt.Key.Key_Down)
    chosen = page.panel.selected_loan()
    assert chosen is not None and chosen == page.panel.loans.loan_at(1)
    before = helpers.outbox_count(demo_store)
    with qtbot.waitSignal(page.recorded):
        helpers.press(qtbot, Qt.Key.Key_Return)
    kind, payload = helpers.last_payload(demo_store)
    assert kind == "renew" and payload["loan_id"] == chosen.loan_id
    assert helpers.outbox_count(demo_store) == before + 1
    assert page.banner.text().startswith(f"Renewed: {chosen.title}")
    # Back in the item field, ready for the next scan.
    assert QApplication.focusWidget() is page.item_field
    assert set(barcodes) == {loan.barcode for loan in page.panel.loans.loans}


def test_already_has_this_item_prompt_renews_with_enter(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    window, _clocks, [barcode] = _serving(demo_store, make_window, qtbot, 1)
    page = window.checkout
    loan = helpers.open_loan(demo_store, barcode)
    assert loan is not None
    before = helpers.outbox_count(demo_store)
    _scan(qtbot, barcode)  # the patron brings it to the desk again
    dialog = page.override_dialog
    assert dialog is not None and dialog.renew_button is not None
    qtbot.waitUntil(dialog.isVisible)
    assert "renew it instead?" in dialog.concern_labels[0].text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.renew_button)
    assert dialog.renew_button.isDefault()
    with qtbot.waitSignal(page.recorded):
        helpers.press(qtbot, Qt.Key.Key_Return)
    kind, payload = helpers.last_payload(demo_store)
    assert kind == "renew" and payload["loan_id"] == loan.id and payload["renewals"] == 1
    assert helpers.outbox_count(demo_store) == before + 1  # a renewal, not a second checkout
    assert page.override_dialog is None
    assert page.banner.text().startswith("Renewed:")


def test_a_scan_while_a_prompt_is_open_is_said_in_the_prompt_and_not_used(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    window, _clocks, [barcode, other] = _serving(demo_store, make_window, qtbot, 2)
    page = window.checkout
    _scan(qtbot, barcode)
    dialog = page.override_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.renew_button)
    assert not dialog.scan_note.isVisible()
    before = helpers.outbox_count(demo_store)
    fresh = helpers.available_items(demo_store, 1)[0]
    _scan(qtbot, fresh)  # a volunteer scans the next book before answering
    qtbot.waitUntil(dialog.scan_note.isVisible)
    assert dialog.scan_note.text() == "⚠ " + SCAN_NOT_USED
    assert "font-size: 15pt" in dialog.scan_note.styleSheet()  # readable, not small grey
    assert helpers.outbox_count(demo_store) == before
    assert helpers.open_loan(demo_store, fresh) is None
    assert page.override_dialog is dialog and dialog.isVisible()  # the question still waits
    with qtbot.waitSignal(dialog.cancelled):
        helpers.press(qtbot, Qt.Key.Key_Escape)
    assert helpers.outbox_count(demo_store) == before
    assert other  # the second loan stayed as it was
