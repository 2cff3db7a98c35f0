"""A scanner set to send Codabar's start/stop characters (#16): "A21120…A" read at the desk,
typed as a key burst into the field that has the focus."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from popup.store import demo
from popup.store.db import Store
from popup.store.models import Patron
from popup.ui.feedback import Outcome
from popup.ui.main_window import MainWindow
from tests.helpers import desk as helpers
from tests.helpers.desk import MakeWindow, StepClocks

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _scan_into_focus(qtbot: Any, text: str) -> None:
    """What a wedge scanner does: the keys in a burst into the focused field, then Enter."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClicks(focused, text)
    qtbot.keyClick(focused, Qt.Key.Key_Return)


def test_card_and_item_with_start_stop_characters_check_out(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    card = demo.demo_patron(demo_store)
    page = window.checkout
    assert QApplication.focusWidget() is page.patron_field
    with qtbot.waitSignal(page.patronChanged):
        _scan_into_focus(qtbot, f"A{card}A")
    assert page.patron is not None and page.patron.card_number == card
    assert QApplication.focusWidget() is page.item_field

    (barcode,) = helpers.available_items(demo_store, 1)
    with qtbot.waitSignal(page.recorded):
        _scan_into_focus(qtbot, f"c{barcode}d")  # lower case, not matching: still Codabar
    (line,) = page.lines.lines
    assert line.cells[1] == barcode and line.outcome is Outcome.OK
    loan = helpers.open_loan(demo_store, barcode)
    assert loan is not None and loan.patron_id is not None


def test_wrapped_card_scanned_in_the_item_field_is_named_a_card(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    page = window.checkout
    with qtbot.waitSignal(page.patronChanged):
        _scan_into_focus(qtbot, f"B{demo.demo_patron(demo_store)}B")
    first = page.patron
    assert first is not None
    with demo_store.read() as session:
        other = session.scalar(
            select(Patron.card_number)
            .where(Patron.card_number != first.card_number, Patron.manual_block.is_(False))
            .limit(1)
        )
    assert other is not None
    _scan_into_focus(qtbot, f"A{other}A")
    # Named as the card it is (without the start/stop characters), not an unknown item.
    assert f"“{other}” is a patron card, not an item" in page.banner.text()
    assert page.patron is not None and page.patron.card_number == first.card_number


def test_an_item_the_patron_has_scanned_with_start_stop_characters_offers_renew(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    """Review of #16: the "already has this item" prompt compared the scan as typed with the
    loan's barcode, so "A3112…A" offered no Renew."""
    clocks = StepClocks(datetime(2026, 12, 7, 15, 0, tzinfo=UTC))
    window = make_window(demo_store, clock=clocks.wall, elapsed=clocks.elapsed, awake=clocks.awake)
    helpers.show_active(window, qtbot)
    page = window.checkout
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.patron_field)
    with qtbot.waitSignal(page.patronChanged):
        _scan_into_focus(qtbot, demo.demo_patron(demo_store))
    (barcode,) = helpers.available_items(demo_store, 1)
    with qtbot.waitSignal(page.recorded):
        _scan_into_focus(qtbot, barcode)
    loan = helpers.open_loan(demo_store, barcode)
    assert loan is not None
    clocks.wait(timedelta(days=1))  # a renewal moves the due date

    _scan_into_focus(qtbot, f"A{barcode}A")  # the patron brings it to the desk again
    dialog = page.override_dialog
    assert dialog is not None and dialog.renew_button is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.renew_button)
    before = helpers.outbox_count(demo_store)
    with qtbot.waitSignal(page.recorded):
        helpers.press(qtbot, Qt.Key.Key_Return)
    kind, payload = helpers.last_payload(demo_store)
    assert kind == "renew" and payload["loan_id"] == loan.id and payload["renewals"] == 1
    assert helpers.outbox_count(demo_store) == before + 1
    assert page.banner.text().startswith("Renewed:")
