"""The event screen by role (#17): a volunteer counts attendance at an event with a
registration list without seeing the list (full names); staff see it, and it goes with a lock."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from popup.store.db import Store
from popup.store.events import Events, EventView
from popup.ui.events.page import EventsPage
from popup.ui.main_window import MainWindow
from tests.helpers import desk as helpers
from tests.helpers.desk import MakeWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def story_time(demo_store: Store) -> EventView:
    """The newest event at the stop the page opens on, with a registration list of one."""
    events = Events(demo_store)
    stop = events.current_stop() or events.stops()[0]
    event = events.create_event(stop.id, "Story time", "Story time", uses_registration=True)
    events.register(event.id, "Ana Registered", band="6-11")
    return event


def open_events(store: Store, make_window: MakeWindow, qtbot: Any, who: str) -> MainWindow:
    window = make_window(store, signed_in=who)
    helpers.show_active(window, qtbot)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.checkout.patron_field)
    helpers.press(qtbot, Qt.Key.Key_F10)
    assert window.current_mode() == EventsPage.key
    return window


def test_a_volunteer_counts_attendance_at_an_event_with_registration(
    demo_store: Store, story_time: EventView, make_window: MakeWindow, qtbot: Any
) -> None:
    window = open_events(demo_store, make_window, qtbot, "volunteer")
    page = window.page_of(EventsPage)
    assert page.current_event is not None and page.current_event.id == story_time.id
    assert not page.registration_box.isVisibleTo(page)
    assert page.registration_box.registrations.rowCount() == 0
    assert "Ana Registered" not in " ".join(helpers.all_visible_texts(window))
    qtbot.waitUntil(page.scan_field.hasFocus)
    helpers.press(qtbot, Qt.Key.Key_2, CTRL)  # a child walks in: ages 6–11
    assert page.counters["6-11"].count.text() == "1"
    assert Events(demo_store).counts(story_time.id).total == 1


def test_the_registration_list_goes_with_the_lock(
    demo_store: Store, story_time: EventView, make_window: MakeWindow, qtbot: Any
) -> None:
    window = open_events(demo_store, make_window, qtbot, "staff")
    page = window.page_of(EventsPage)
    assert page.registration_box.isVisibleTo(page)
    assert page.registration_box.registrations.rowCount() == 1
    helpers.press(qtbot, Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(window.locked)
    assert page.registration_box.registrations.rowCount() == 0
    assert not page.registration_box.isVisibleTo(page)
