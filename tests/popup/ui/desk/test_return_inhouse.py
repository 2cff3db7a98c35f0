"""Return and in-house use through the real widgets."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from popup.domain.circulation import initials
from popup.store import demo
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.models import OutboxEntry
from popup.ui.feedback import Outcome
from popup.ui.main_window import MainWindow
from popup.ui.text import date_text
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


def test_in_house_use_of_an_item_on_loan_asks_to_return_it_and_count(
    window: MainWindow, demo_store: Store, desk: Desk, qtbot: Any
) -> None:
    card = demo.demo_patron(demo_store)
    name = desk.find_patron(card).name
    held = helpers.held_item(demo_store)
    out = desk.checkout(card, held, override_reason="the patron on the hold list")
    helpers.press(qtbot, Qt.Key.Key_F4)
    page = window.in_house
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)
    before = helpers.outbox_count(demo_store)
    _scan(qtbot, QApplication.focusWidget(), held)
    dialog = page.prompt
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.question.text() == (
        f"On loan to {initials(name)}, card ending {card[-4:]}, due {date_text(out.due)}."
        " Return it and count the use?"
    )
    assert helpers.outbox_count(demo_store) == before  # nothing until staff answer
    assert page.total == 0
    # Enter answers with the default: Return and count.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.yes_button)
    with qtbot.waitSignal(page.recorded):
        helpers.press(qtbot, Qt.Key.Key_Return)
    assert page.prompt is None
    assert helpers.open_loan(demo_store, held) is None
    with demo_store.read() as session:
        kinds = [
            e.kind for e in session.scalars(select(OutboxEntry).where(OutboxEntry.seq > before))
        ]
    assert kinds == ["checkin", "in_house_use"]  # each a normal action
    line = page.lines.lines[-1]
    assert line.cells[2] == "1" and line.cells[3] == "HOLD: put it on the hold shelf"
    assert line.outcome is Outcome.ATTENTION
    assert page.banner.text() == (
        f"Returned from {initials(name)} and counted: {line.cells[0]}."
        " HOLD: put it on the hold shelf"
    )
    assert page.total == 1
    # The window manager gives the window back the keyboard (offscreen has none: do it here).
    helpers.show_active(window, qtbot)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)


def test_in_house_use_of_an_item_on_loan_cancelled_with_esc_writes_nothing(
    window: MainWindow, demo_store: Store, desk: Desk, qtbot: Any
) -> None:
    card = demo.demo_patron(demo_store)
    barcode = helpers.available_items(demo_store, 1)[0]
    desk.checkout(card, barcode)
    helpers.press(qtbot, Qt.Key.Key_F4)
    page = window.in_house
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)
    before = helpers.outbox_count(demo_store)
    _scan(qtbot, QApplication.focusWidget(), barcode)
    dialog = page.prompt
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.yes_button)
    # A scan before answering is not used, and the prompt says so.
    helpers.type_in(qtbot, helpers.available_items(demo_store, 1)[0])
    qtbot.waitUntil(dialog.scan_note.isVisible)
    assert dialog.scan_note.text() == (
        "⚠ A scan arrived while this question was open and was not used: answer first, then"
        " scan again."
    )
    assert helpers.outbox_count(demo_store) == before
    with qtbot.waitSignal(dialog.rejected):
        helpers.press(qtbot, Qt.Key.Key_Escape)
    assert page.prompt is None
    assert helpers.outbox_count(demo_store) == before
    assert helpers.open_loan(demo_store, barcode) is not None
    assert page.total == 0 and page.lines.lines == []
    assert page.banner.text() == "Not counted, not returned."
    helpers.show_active(window, qtbot)  # what the window manager does
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)
