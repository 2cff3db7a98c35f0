"""Holds through the real widgets, keys only (#15): the patron's holds ready for pickup, a
pickup that needs no override, a return that says for whom and where and prints a hold slip,
and the pick list (Ctrl+H)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPageSize
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from popup.domain.circulation import initials
from popup.store import demo
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.models import Hold, Patron
from popup.ui.desk.override import OverrideDialog
from popup.ui.desk.slip import print_slip_to_pdf
from popup.ui.feedback import Outcome
from popup.ui.holds.page import PickListPage
from popup.ui.main_window import MainWindow
from tests.helpers import desk as helpers


def _scan(qtbot: Any, widget: Any, text: str) -> None:
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def _adult(store: Store, not_card: str) -> tuple[str, str]:
    from datetime import date, timedelta

    with store.read() as session:
        row = session.execute(
            select(Patron.card_number, Patron.name).where(
                Patron.card_number != not_card,
                Patron.manual_block.is_(False),
                Patron.fines_owed_cents == 0,
                Patron.category == "ADULT",
                Patron.card_expiry > date.today() + timedelta(days=30),
            )
        ).first()
        assert row is not None
        return row[0], row[1]


def test_scanning_a_patron_shows_their_holds_and_lending_one_needs_no_override(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    card = demo.demo_patron(demo_store)
    first, second = helpers.available_items(demo_store, 2)
    helpers.add_hold(demo_store, "H1", card, first)
    helpers.add_hold(demo_store, "H2", card, second)
    page = window.checkout
    _scan(qtbot, page.patron_field, card)
    qtbot.waitUntil(lambda: page.panel.holds_label.isVisible())
    text = page.panel.holds_label.text()
    assert "ready for pickup" in text
    assert text.startswith("2 ")
    for title in (page.desk.item_title(first), page.desk.item_title(second)):
        assert title in text

    with qtbot.waitSignal(page.recorded):
        _scan(qtbot, QApplication.focusWidget(), first)
    assert not any(
        isinstance(w, OverrideDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
    )
    line = page.lines.lines[-1]
    assert "Hold picked up" in line.cells[3] and line.outcome is Outcome.OK
    assert page.banner.text().startswith("Hold picked up:")
    assert page.panel.holds_label.text().startswith("1 ")
    assert helpers.last_payload(demo_store)[1]["hold_id"] == "H1"


def test_a_return_someone_waits_for_says_who_and_where_and_prints_a_hold_slip(
    window: MainWindow, demo_store: Store, desk: Desk, qtbot: Any, tmp_path: Path
) -> None:
    borrower = demo.demo_patron(demo_store)
    waiter, name = _adult(demo_store, borrower)
    copy = helpers.available_items(demo_store, 1)[0]
    desk.checkout(borrower, copy)
    helpers.add_hold(demo_store, "H7", waiter, copy, status="waiting")

    helpers.press(qtbot, Qt.Key.Key_F3)
    page = window.returns
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)
    assert not page.hold_slip_button.isEnabled()
    with qtbot.waitSignal(page.recorded):
        _scan(qtbot, page.field, copy)
    said = page.lines.lines[-1].cells[3]
    assert f"HOLD for {initials(name)} (card …{waiter[-4:]})" in said
    assert "Farmers' Market" in said and name not in said
    assert page.lines.lines[-1].outcome is Outcome.ATTENTION
    assert page.hold_slip_button.isEnabled()
    slip = page.hold_slip_html()
    assert initials(name) in slip and waiter[-4:] in slip and name not in slip
    assert "Farmers&#x27; Market" in slip
    pdf = tmp_path / "hold-slip.pdf"
    print_slip_to_pdf(slip, pdf)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000
    with demo_store.read() as session:
        hold = session.get(Hold, "H7")
        assert hold is not None and hold.status == "ready"


def test_ctrl_h_opens_the_pick_list_for_todays_stop_with_what_is_not_on_board(
    window: MainWindow, demo_store: Store, qtbot: Any, tmp_path: Path
) -> None:
    card = demo.demo_patron(demo_store)
    one, two = helpers.available_items(demo_store, 2)
    helpers.add_hold(demo_store, "H1", card, one)
    helpers.add_hold(demo_store, "H2", card, two, status="in_transit")
    helpers.press(qtbot, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    page = window.page_of(PickListPage)
    assert window.current_page() is page
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert "1 not on board yet" in page.count_label.text()
    cells = {page.model.item(r, 4).text() for r in range(2)}
    assert cells == {"on board", "NOT ON BOARD"}
    assert page.stop_box.currentText().startswith("Farmers' Market")
    listed = page.list_html()
    assert "Farmers&#x27; Market" in listed and "1 not on board yet" in listed
    assert listed.count("☐") == 1 and listed.count("☑") == 1
    pdf = tmp_path / "pick-list.pdf"
    print_slip_to_pdf(listed, pdf, QPageSize.PageSizeId.A4)
    assert pdf.read_bytes().startswith(b"%PDF")
    # Keys only: arrow up chooses "Every stop", and the list stays the same two holds.
    qtbot.keyClick(page.stop_box, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: page.stop_box.currentIndex() == 0)
    assert page.model.rowCount() == 2


def test_undoing_the_return_takes_the_hold_slip_back(
    window: MainWindow, demo_store: Store, desk: Desk, qtbot: Any
) -> None:
    borrower = demo.demo_patron(demo_store)
    waiter, _name = _adult(demo_store, borrower)
    copy = helpers.available_items(demo_store, 1)[0]
    desk.checkout(borrower, copy)
    helpers.add_hold(demo_store, "H8", waiter, copy, status="waiting")
    helpers.press(qtbot, Qt.Key.Key_F3)
    page = window.returns
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)
    with qtbot.waitSignal(page.recorded):
        _scan(qtbot, page.field, copy)
    assert page.hold_slip_button.isEnabled()
    with qtbot.waitSignal(page.undone):
        helpers.press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not page.hold_slip_button.isEnabled() and page.last_hold is None
    with demo_store.read() as session:
        hold = session.get(Hold, "H8")
        assert hold is not None and hold.status == "waiting"
