"""Return and in-house use through the real widgets."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from popup.domain.circulation import initials
from popup.store import demo
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.ui.feedback import Outcome
from popup.ui.main_window import MainWindow
from tests.helpers import desk as helpers


def _scan(qtbot: Any, widget: Any, text: str) -> None:
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_return_shows_borrower_initials_and_hold_flag(
    window: MainWindow, demo_store: Store, desk: Desk, qtbot: Any
) -> None:
    card = demo.demo_patron(demo_store)
    name = desk.find_patron(card).name
    plain = helpers.available_items(demo_store, 1)[0]
    held = helpers.held_item(demo_store)
    desk.checkout(card, plain)
    desk.checkout(card, held, override_reason="patron on the hold list is this one")

    helpers.press(qtbot, Qt.Key.Key_F3)
    page = window.returns
    assert window.current_mode() == "return"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)
    with qtbot.waitSignal(page.recorded):
        _scan(qtbot, page.field, plain)
    first = page.lines.lines[-1]
    assert first.cells[2] == initials(name)
    assert name not in first.cells  # initials only, never the name
    assert first.cells[3] == "Shelve" and first.outcome is Outcome.OK
    assert window.sounds.played[-1] is Outcome.OK

    with qtbot.waitSignal(page.recorded):
        _scan(qtbot, page.field, held)
    flagged = page.lines.lines[-1]
    assert flagged.cells[2] == initials(name)
    assert flagged.cells[3] == "HOLD: put it on the hold shelf"
    assert flagged.outcome is Outcome.ATTENTION
    assert window.sounds.played[-1] is Outcome.ATTENTION
    assert "HOLD" in page.banner.text()
    assert helpers.open_loan(demo_store, held) is None
    assert page.count_label.text() == "Returned in this list: 2"


def test_return_of_another_librarys_item_says_route_it(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    from sqlalchemy import select

    from popup.store.models import Item

    with demo_store.read() as session:
        east = session.scalar(
            select(Item.barcode).where(Item.home_library == "EAST", Item.on_hold.is_(False))
        )
    assert east is not None
    window.show_mode("return")
    _scan(qtbot, window.returns.field, east)
    line = window.returns.lines.lines[-1]
    assert line.cells[3].startswith("Belongs to EAST: route it")
    assert line.outcome is Outcome.ATTENTION


def test_unknown_barcode_in_return_is_a_problem_and_writes_nothing(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    window.show_mode("return")
    before = helpers.outbox_count(demo_store)
    _scan(qtbot, window.returns.field, "31120099999990")
    assert window.returns.banner.outcome is Outcome.PROBLEM
    assert "31120099999990" in window.returns.banner.text()
    assert helpers.outbox_count(demo_store) == before
    assert window.sounds.played[-1] is Outcome.PROBLEM


def test_in_house_use_counts_each_scan_and_undo_takes_one_back(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    helpers.press(qtbot, Qt.Key.Key_F4)
    page = window.in_house
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)
    a, b = helpers.available_items(demo_store, 2)
    for code in (a, b, a):
        with qtbot.waitSignal(page.recorded):
            _scan(qtbot, page.field, code)
    assert page.total == 3
    assert page.lines.lines[-1].cells[2] == "2"
    kind, payload = helpers.last_payload(demo_store)
    assert kind == "in_house_use" and payload == {**payload, "item_barcode": a, "count": 1}
    with qtbot.waitSignal(page.undone):
        helpers.press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.total == 2
    assert page.total_label.text() == "Uses counted: 2"
    assert page.lines.lines[-1].undone
