"""The idle clear on the desk's scanning pages (review of #16): the in-house question about a
borrower is closed unanswered, and no banner keeps a borrower's initials or a card's number."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from popup.domain.cards import ScanKind
from popup.domain.circulation import initials
from popup.store import demo
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.ui import tasks
from popup.ui.feedback import Outcome
from popup.ui.idle import POLL_MS
from popup.ui.main_window import MainWindow
from tests.helpers import desk as helpers
from tests.helpers.desk import MakeWindow, StepClocks

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TWO_MINUTES = "Cleared after 2 minutes without activity."


@pytest.fixture
def clocks() -> StepClocks:
    return StepClocks(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
def win(
    demo_store: Store, make_window: MakeWindow, clocks: StepClocks, qtbot: Any
) -> Iterator[MainWindow]:
    window = make_window(demo_store, clock=clocks.wall, elapsed=clocks.elapsed, awake=clocks.awake)
    helpers.show_active(window, qtbot)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.checkout.patron_field)
    yield window
    tasks.wait_idle()


def idle_for(window: MainWindow, clocks: StepClocks, qtbot: Any) -> None:
    """Nobody touches anything for two minutes; the watch's own timer sees it."""
    clocks.wait(timedelta(minutes=2))
    with qtbot.waitSignal(window.idle.idle, timeout=POLL_MS * 3):
        pass


def _on_loan_at_in_house(
    win: MainWindow, store: Store, clocks: StepClocks, qtbot: Any
) -> tuple[str, str]:
    """An item on loan scanned at In-house use: the question about its borrower is open."""
    card = demo.demo_patron(store)
    desk = Desk(store, clock=clocks.wall)
    name = desk.find_patron(card).name
    barcode = helpers.available_items(store, 1)[0]
    desk.checkout(card, barcode)
    helpers.press(qtbot, Qt.Key.Key_F4)
    page = win.in_house
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)
    helpers.type_in(qtbot, barcode)
    dialog = page.prompt
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.yes_button)
    assert f"On loan to {initials(name)}, card ending {card[-4:]}" in dialog.question.text()
    return card, barcode


def test_the_in_house_question_about_a_borrower_closes_unanswered(
    win: MainWindow, demo_store: Store, clocks: StepClocks, qtbot: Any
) -> None:
    card, barcode = _on_loan_at_in_house(win, demo_store, clocks, qtbot)
    page = win.in_house
    dialog = page.prompt
    assert dialog is not None
    before = helpers.outbox_count(demo_store)

    with qtbot.waitSignal(dialog.finished):
        idle_for(win, clocks, qtbot)
    assert page.prompt is None and not dialog.isVisible()
    assert QApplication.activeModalWidget() is None
    assert (page.banner.outcome, page.banner.text()) == (Outcome.ATTENTION, TWO_MINUTES)
    # The closed prompt is deleted once the event loop comes round: its texts go with it.
    qtbot.waitUntil(
        lambda: not any(f"ending {card[-4:]}" in text for text in helpers.all_visible_texts(win))
    )
    # Nothing answered it: not returned, not counted, and an Enter now answers nothing.
    helpers.show_active(win, qtbot)  # what the window manager does when the prompt closes
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)
    helpers.press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(50)
    assert helpers.outbox_count(demo_store) == before
    assert helpers.open_loan(demo_store, barcode) is not None
    assert page.total == 0 and page.banner.text() == TWO_MINUTES


def test_the_in_house_list_and_returned_from_banner_go(
    win: MainWindow, demo_store: Store, clocks: StepClocks, qtbot: Any
) -> None:
    _on_loan_at_in_house(win, demo_store, clocks, qtbot)
    page = win.in_house
    with qtbot.waitSignal(page.recorded):
        helpers.press(qtbot, Qt.Key.Key_Return)  # Return and count
    assert page.banner.text().startswith("Returned from ") and page.lines.lines

    idle_for(win, clocks, qtbot)
    assert not page.lines.lines and page.total == 0
    assert (page.banner.outcome, page.banner.text()) == (Outcome.ATTENTION, TWO_MINUTES)
    assert page.total_label.text() == "Uses counted: 0"


def test_a_card_number_that_found_no_one_leaves_the_checkout_banner(
    win: MainWindow, demo_store: Store, clocks: StepClocks, qtbot: Any
) -> None:
    fmt = win.desk.config.card_format
    number = fmt.make(ScanKind.PATRON, 999999, None if fmt.institution else "0000")
    page = win.checkout
    helpers.type_in(qtbot, number)
    assert page.patron is None and number in page.banner.text()

    idle_for(win, clocks, qtbot)
    assert (page.banner.outcome, page.banner.text()) == (Outcome.ATTENTION, TWO_MINUTES)
    assert not any(number in text for text in helpers.all_visible_texts(win))
