"""A slower wedge scanner (keys ~60 ms apart, then Enter) while a desk prompt is open (review of
#16): its Enter never answers the question (no return, use, renewal or override written), the
prompt says a scan arrived, and digits that reach the override reason are no reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from popup.store import demo
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.ui.main_window import MainWindow
from tests.helpers import desk as helpers
from tests.helpers.desk import MakeWindow, StepClocks

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

SCAN_NOT_USED = (
    "⚠ A scan arrived while this question was open and was not used: answer first, then scan again."
)


class KeyClock:
    """The wedge filter's clock: each key it reads comes ``step`` seconds after the last."""

    def __init__(self, step: float) -> None:
        self.now = 1000.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def _slow(window: MainWindow) -> None:
    """From now on the keys come as a slower scanner (or a person) types them: 60 ms apart."""
    window.wedge._clock = KeyClock(0.060)


def test_a_slow_scan_does_not_answer_return_and_count(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    window = make_window(demo_store)
    helpers.show_active(window, qtbot)
    card = demo.demo_patron(demo_store)
    lent, fresh = helpers.available_items(demo_store, 2)
    Desk(demo_store).checkout(card, lent)
    helpers.press(qtbot, Qt.Key.Key_F4)
    page = window.in_house
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)
    helpers.type_in(qtbot, lent)
    dialog = page.prompt
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.yes_button)
    before = helpers.outbox_count(demo_store)

    _slow(window)
    helpers.type_in(qtbot, fresh)  # the next item, scanned before anyone answered
    qtbot.waitUntil(dialog.scan_note.isVisible)
    assert dialog.scan_note.text() == SCAN_NOT_USED and dialog.scans_not_used == 1
    assert helpers.outbox_count(demo_store) == before  # no return, no use
    assert helpers.open_loan(demo_store, lent) is not None
    assert page.prompt is dialog and dialog.isVisible() and page.total == 0

    # Enter alone is a person's answer: it still returns and counts.
    with qtbot.waitSignal(page.recorded):
        helpers.press(qtbot, Qt.Key.Key_Return)
    assert helpers.open_loan(demo_store, lent) is None
    assert helpers.outbox_count(demo_store) == before + 2 and page.total == 1


def _lent_yesterday(
    store: Store, make_window: MakeWindow, qtbot: Any
) -> tuple[MainWindow, str, str]:
    """A patron at checkout with a book lent yesterday (a renewal would move its due date)."""
    clocks = StepClocks(datetime(2026, 12, 7, 15, 0, tzinfo=UTC))
    window = make_window(store, clock=clocks.wall, elapsed=clocks.elapsed, awake=clocks.awake)
    helpers.show_active(window, qtbot)
    page = window.checkout
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.patron_field)
    helpers.type_in(qtbot, demo.demo_patron(store))
    barcode, fresh = helpers.available_items(store, 2)
    with qtbot.waitSignal(page.recorded):
        helpers.type_in(qtbot, barcode)
    clocks.wait(timedelta(days=1))
    return window, barcode, fresh


def test_a_slow_scan_does_not_renew_in_the_already_has_this_item_prompt(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    window, barcode, fresh = _lent_yesterday(demo_store, make_window, qtbot)
    page = window.checkout
    helpers.type_in(qtbot, barcode)  # brought to the desk again: "renew it instead?"
    dialog = page.override_dialog
    assert dialog is not None and dialog.renew_button is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.renew_button)
    loan = helpers.open_loan(demo_store, barcode)
    assert loan is not None
    before = helpers.outbox_count(demo_store)

    _slow(window)
    helpers.type_in(qtbot, fresh)
    qtbot.waitUntil(dialog.scan_note.isVisible)
    assert dialog.scan_note.text() == SCAN_NOT_USED
    assert helpers.outbox_count(demo_store) == before  # not renewed, nothing lent
    kept = helpers.open_loan(demo_store, barcode)
    assert kept is not None and (kept.renewals, kept.due_date) == (0, loan.due_date)
    assert helpers.open_loan(demo_store, fresh) is None
    assert page.override_dialog is dialog and dialog.isVisible()
    with qtbot.waitSignal(dialog.cancelled):
        helpers.press(qtbot, Qt.Key.Key_Escape)
    assert helpers.outbox_count(demo_store) == before


def test_a_slow_scan_into_the_override_reason_is_refused_as_no_reason(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    window = make_window(demo_store)
    helpers.show_active(window, qtbot)
    page = window.checkout
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.patron_field)
    helpers.type_in(qtbot, demo.demo_patron(demo_store, blocked=True))
    dialog = page.override_dialog
    assert dialog is not None and dialog.renew_button is None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.reason)
    before = helpers.outbox_count(demo_store)
    barcode = helpers.available_items(demo_store, 1)[0]

    _slow(window)
    helpers.type_in(qtbot, barcode)  # its digits land in the reason box, then Enter
    qtbot.waitUntil(dialog.reason_problem.isVisible)
    assert dialog.reason_problem.text() == (
        f"⚠ “{barcode}” is a number, not a reason: it looks like a scan. Type in words why the"
        " rule is being set aside."
    )
    assert page.override_dialog is dialog and dialog.isVisible()  # still asking
    assert page.patron is not None and not page._overridden_codes  # not overridden
    assert helpers.outbox_count(demo_store) == before
    assert QApplication.focusWidget() is dialog.reason and dialog.reason.selectedText() == barcode

    # A person types a reason over it (the refusal goes once the text changes) and Enter.
    qtbot.keyClicks(dialog.reason, "Paid at the desk")
    qtbot.waitUntil(lambda: dialog.reason.text() == "Paid at the desk")  # the last key held
    assert not dialog.reason_problem.isVisible()
    with qtbot.waitSignal(dialog.overridden):
        helpers.press(qtbot, Qt.Key.Key_Return)
    assert page.banner.text() == "Blocks overridden: Paid at the desk"
