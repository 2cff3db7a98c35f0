"""The event screen under another program's lock: a "+" that was not saved says so (it no longer
leaves the previous tap's banner up), the count stays, a scanned card stays in its field, a
typed registration or stop stays in its form."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from popup.store import demo
from popup.store.db import Store
from popup.store.events import Events, EventView
from popup.ui.events.page import EventsPage
from popup.ui.feedback import Outcome
from popup.ui.main_window import MainWindow
from tests.helpers import desk as helpers
from tests.helpers.desk import MakeWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def story_time(quick_store: Store) -> EventView:
    events = Events(quick_store)
    stop = events.stops()[0]
    return events.create_event(stop.id, "Story time", "Story time", uses_registration=True)


@pytest.fixture
def window(
    quick_store: Store, story_time: EventView, make_window: MakeWindow, qtbot: Any
) -> Iterator[MainWindow]:
    win = make_window(quick_store)
    helpers.show_active(win, qtbot)
    helpers.press(qtbot, Qt.Key.Key_F10)
    page = win.page_of(EventsPage)
    page.refresh_stops(select=story_time.stop_id)
    page.select_event(story_time.id)
    page.scan_field.setFocus()
    qtbot.waitUntil(page.scan_field.hasFocus)
    yield win


def test_a_tap_under_a_lock_says_not_saved_and_the_count_stays(
    window: MainWindow, quick_store: Store, story_time: EventView, qtbot: Any
) -> None:
    page = window.page_of(EventsPage)
    helpers.press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert page.banner.text().startswith("+1 ages 0–5 — now 1")
    with helpers.write_locked(quick_store):
        helpers.press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        assert page.banner.text() == helpers.LOCKED  # not the previous tap's "+1 … now 1"
        assert page.banner.outcome is Outcome.PROBLEM
        assert window.sounds.played[-1] is Outcome.PROBLEM
    assert page.counters["0-5"].count.text() == "1"
    assert page.total_label.text().startswith("Total 1")
    assert Events(quick_store).counts(story_time.id).total == 1


def test_a_card_a_registration_and_a_stop_under_a_lock_stay_where_they_were_typed(
    window: MainWindow, quick_store: Store, story_time: EventView, qtbot: Any
) -> None:
    page = window.page_of(EventsPage)
    card = demo.demo_patron(quick_store)
    stops_before = len(Events(quick_store).stops())
    with helpers.write_locked(quick_store):
        helpers.type_in(qtbot, card)
        assert page.banner.text() == helpers.LOCKED
        assert page.scan_field.text() == card  # scan again, or Enter, once the lock is gone

        page.banner.clear_message()
        qtbot.keyClicks(page.registration_box.reg_name, "Ana")
        qtbot.mouseClick(page.registration_box.reg_add, Qt.LeftButton)
        assert page.banner.text() == helpers.LOCKED
        assert page.registration_box.reg_name.text() == "Ana"

        dialog = page.new_stop()
        dialog.name.setText("Riverside Park")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.LeftButton)
        qtbot.waitUntil(dialog.isVisible)  # kept open, with what was typed and why
        assert dialog.error.text() == helpers.LOCKED and dialog.name.text() == "Riverside Park"
        assert window.sounds.played[-1] is Outcome.PROBLEM
        dialog.reject()
    events = Events(quick_store)
    assert events.counts(story_time.id).total == 0
    assert events.registrations(story_time.id) == []
    assert len(events.stops()) == stops_before
