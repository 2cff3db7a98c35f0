"""Finding a book (Ctrl+F), driven by keys into the focused widget over a real store file:
the page is in the sidebar, words and scans find copies with their availability, and Enter on
a copy on the shelf lends it to the patron served at Checkout through the desk's own path."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert

from popup.store import demo
from popup.store.db import Store
from popup.store.models import Item
from popup.store.search import HoldState
from popup.ui.feedback import Outcome
from popup.ui.main_window import MainWindow
from popup.ui.search.model import CopiesModel
from popup.ui.search.page import SearchPage
from popup.ui.text import date_text
from tests.helpers import desk as helpers

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

HARBOR = {
    "title": "The Quiet Harbor",
    "author": "Okafor, Ngozi",
    "isbn": "978-0-14-044913-6",
    "call_number": "FIC OKA",
    "item_type": "BOOK",
    "home_library": "MAIN",
    "status": "available",
    "on_hold": False,
}
SHELF, HELD, EAST, LENT = "31120000900001", "31120000900002", "31120000900003", "31120000900004"


@pytest.fixture
def harbor(demo_store: Store) -> Store:
    """Four copies of one book: on the shelf, on hold, another library's, lent out."""
    with demo_store.transaction() as session:
        session.execute(
            insert(Item),
            [
                {**HARBOR, "barcode": SHELF},
                {**HARBOR, "barcode": HELD, "on_hold": True},
                {**HARBOR, "barcode": EAST, "home_library": "EAST"},
                {**HARBOR, "barcode": LENT},
            ],
        )
    return demo_store


def _focused() -> Any:
    focused = QApplication.focusWidget()
    assert focused is not None, "nothing has the keyboard focus"
    return focused


def _type(qtbot: Any, text: str) -> None:
    qtbot.keyClicks(_focused(), text)


def _enter(qtbot: Any) -> None:
    qtbot.keyClick(_focused(), Qt.Key.Key_Return)


def _open_search(window: MainWindow, qtbot: Any) -> SearchPage:
    helpers.press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page = window.page_of(SearchPage)
    assert window.current_mode() == "search"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)
    return page


def _search(page: SearchPage, qtbot: Any, text: str) -> None:
    """Type ``text`` into the focused field and press Enter: the list takes the keys."""
    with qtbot.waitSignal(page.shown, timeout=5000):
        _type(qtbot, text)
        _enter(qtbot)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.view)


def _serve(window: MainWindow, qtbot: Any, card: str) -> None:
    helpers.press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.checkout.patron_field)
    with qtbot.waitSignal(window.checkout.patronChanged):
        _type(qtbot, card)
        _enter(qtbot)


def _rows(page: SearchPage) -> dict[str, str]:
    """Barcode -> availability, as the list shows them."""
    model = page.model
    return {model.index(r, 3).data(): model.index(r, 4).data() for r in range(model.rowCount())}


def test_the_page_is_in_the_sidebar_with_its_shortcut(window: MainWindow, qtbot: Any) -> None:
    assert "search" in window.modes()
    button = window._modes["search"].button
    assert button.text() == "Find a book\nCtrl+F"
    assert button.isVisibleTo(window)
    _open_search(window, qtbot)
    assert button.isChecked()


def test_words_find_every_copy_with_where_it_is(
    harbor: Store, window: MainWindow, qtbot: Any
) -> None:
    card = demo.demo_patron(harbor)
    loan = window.desk.checkout(card, LENT)
    page = _open_search(window, qtbot)
    _search(page, qtbot, "quiet harb okafor")
    assert _rows(page) == {
        SHELF: "On the shelf here",
        HELD: "On hold",
        EAST: "Belongs to EAST",
        LENT: f"On loan, due {date_text(loan.due)}",
    }
    assert page.summary.text() == "Copies found: 4."
    assert page.view.currentIndex().row() == 0
    assert page.model.index(0, 0).data() == "The Quiet Harbor"
    # ISBN without hyphens, as ISBN-10, and the call number find the same copies.
    for text in ("0140449132", "fic oka"):
        helpers.press(qtbot, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)
        _search(page, qtbot, text)
        assert set(_rows(page)) >= {SHELF, HELD, EAST, LENT}, text


def test_a_scanned_barcode_goes_straight_to_that_copy_and_enter_lends_it(
    harbor: Store, window: MainWindow, qtbot: Any
) -> None:
    card = demo.demo_patron(harbor)
    _serve(window, qtbot, card)
    page = _open_search(window, qtbot)
    assert "card ending " + card[-4:] in page.serving.text()
    _search(page, qtbot, f"A{SHELF}B")  # a Codabar scan with its start/stop characters
    assert list(_rows(page)) == [SHELF]
    assert page.banner.text() == "The Quiet Harbor: press Enter to lend it."
    with qtbot.waitSignal(page.shown, timeout=5000):
        _enter(qtbot)  # into the list: lend the chosen copy
    loan = helpers.open_loan(harbor, SHELF)
    assert loan is not None
    assert window.checkout.patron is not None
    name = window.checkout.patron.name
    due = date_text(loan.due_date)
    assert page.banner.text() == (
        f"Lent to {name}: The Quiet Harbor — due {due}. It is listed at Checkout (F2)."
    )
    assert page.banner.outcome is Outcome.OK
    assert _rows(page) == {SHELF: f"On loan, due {due}"}
    # The same path as a scan: the visit lists it, the slip has it, Undo can take it back.
    assert [line.cells[1] for line in window.checkout.lines.lines] == [SHELF]
    kind, payload = helpers.last_payload(harbor)
    assert kind == "checkout" and payload["item_barcode"] == SHELF
    assert window.current_mode() == "search"


def test_enter_with_nobody_served_says_what_to_do(
    harbor: Store, window: MainWindow, qtbot: Any
) -> None:
    page = _open_search(window, qtbot)
    assert page.serving.text().startswith("Nobody is being served at Checkout")
    before = helpers.outbox_count(harbor)
    _search(page, qtbot, SHELF)
    _enter(qtbot)
    assert page.banner.text() == (
        "Nobody is being served: press F2, scan the patron's card, then come back with Ctrl+F"
        " and press Enter on the copy."
    )
    assert window.sounds.played[-1] is Outcome.ATTENTION
    assert helpers.outbox_count(harbor) == before
    assert helpers.open_loan(harbor, SHELF) is None


def test_copies_not_on_the_shelf_are_not_lent(
    harbor: Store, window: MainWindow, qtbot: Any
) -> None:
    card = demo.demo_patron(harbor)
    window.desk.checkout(card, LENT)
    _serve(window, qtbot, card)
    page = _open_search(window, qtbot)
    before = helpers.outbox_count(harbor)
    _search(page, qtbot, EAST)
    _enter(qtbot)
    assert page.banner.text() == (
        "The Quiet Harbor belongs to EAST, not to this library. If it is in your hands, scan"
        " it at Checkout (F2)."
    )
    helpers.press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)
    _search(page, qtbot, LENT)
    _enter(qtbot)
    assert page.banner.text().startswith("The Quiet Harbor is on loan until ")
    assert helpers.outbox_count(harbor) == before


def test_a_held_copy_asks_at_checkout_like_a_scan(
    harbor: Store, window: MainWindow, qtbot: Any
) -> None:
    card = demo.demo_patron(harbor)
    _serve(window, qtbot, card)
    page = _open_search(window, qtbot)
    _search(page, qtbot, HELD)
    _enter(qtbot)
    dialog = window.checkout.override_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert window.current_mode() == "checkout"
    assert page.banner.text() == "Not lent yet: The Quiet Harbor needs a decision at Checkout."
    # The prompt has the keys: a reason and Enter lend it, recorded as an override.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.reason)
    _type(qtbot, "Patron is picking up the hold")
    qtbot.wait(700)  # a person's Enter, not a scan's: the prompt takes it as the answer
    with qtbot.waitSignal(window.checkout.recorded):
        _enter(qtbot)
    kind, payload = helpers.last_payload(harbor)
    assert kind == "checkout" and payload["override_reason"] == "Patron is picking up the hold"
    assert helpers.open_loan(harbor, HELD) is not None


def test_typing_in_the_list_goes_back_to_the_field(
    harbor: Store, window: MainWindow, qtbot: Any
) -> None:
    page = _open_search(window, qtbot)
    _search(page, qtbot, "quiet")
    with qtbot.waitSignal(page.shown, timeout=5000):
        _type(qtbot, " zz")  # slow typing reaches the list, which hands it to the field
    assert QApplication.focusWidget() is page.field
    assert page.field.text() == "quiet zz"
    assert page.model.rowCount() == 0
    assert page.summary.text() == "Nothing found for “quiet zz”. Try fewer or other words."


def test_the_copies_model_passes_qt_model_checks(
    harbor: Store, window: MainWindow, qtbot: Any, qtmodeltester: Any
) -> None:
    page = _open_search(window, qtbot)
    _search(page, qtbot, "quiet harbor okafor ngozi")
    assert page.model.rowCount() == 4
    qtmodeltester.check(page.model)
    empty = CopiesModel()
    qtmodeltester.check(empty)
    copy = page.model.copy_at(0)
    assert copy is not None and copy.hold == HoldState(False)
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "ISBN 978-0-14-044913-6"


def test_a_return_elsewhere_puts_the_copy_back_on_the_shelf_here(
    harbor: Store, window: MainWindow, qtbot: Any
) -> None:
    card = demo.demo_patron(harbor)
    _serve(window, qtbot, card)
    page = _open_search(window, qtbot)
    _search(page, qtbot, SHELF)
    with qtbot.waitSignal(page.shown, timeout=5000):
        _enter(qtbot)
    assert _rows(page)[SHELF].startswith("On loan, due ")
    helpers.press(qtbot, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.returns.field)
    with qtbot.waitSignal(window.returns.recorded):
        _type(qtbot, SHELF)
        _enter(qtbot)
    with qtbot.waitSignal(page.shown, timeout=5000):
        helpers.press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert _rows(page) == {SHELF: "On the shelf here"}


def test_idle_clear_forgets_who_a_copy_was_lent_to(
    harbor: Store, window: MainWindow, qtbot: Any
) -> None:
    card = demo.demo_patron(harbor)
    _serve(window, qtbot, card)
    page = _open_search(window, qtbot)
    _search(page, qtbot, SHELF)
    with qtbot.waitSignal(page.shown, timeout=5000):
        _enter(qtbot)
    assert page.banner.text().startswith("Lent to ")
    window.clear_patrons(120)
    assert page.banner.text() == "Cleared after 2 minutes without activity."
    assert page.serving.text().startswith("Nobody is being served at Checkout")
