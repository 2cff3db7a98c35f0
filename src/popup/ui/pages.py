"""The pages of the main window: the one place a page is registered.

:data:`PAGES` lists the page classes in sidebar order; the window builds the sidebar button, the
Mode-menu entry and the shortcut from the class's ``key``, ``title()`` and ``shortcut``, and
makes one of each with the application context when it is first shown (see :mod:`popup.ui.page`
for writing one, and ``Page.build_early`` for a page that works unseen).
Keep F2-F4 for the desk, F5/F6 for its scan fields, F8 slip, F9 camera, F12 Done.
"""

from __future__ import annotations

from popup.ui.desk.checkout import CheckoutPage
from popup.ui.desk.in_house import InHousePage
from popup.ui.desk.returns import ReturnPage
from popup.ui.events.page import EventsPage
from popup.ui.events.report import StopReportPage
from popup.ui.holds.page import PickListPage
from popup.ui.page import Page
from popup.ui.search.page import SearchPage
from popup.ui.signup.page import SignupPage
from popup.ui.sync.page import SyncPage

#: The circulation desk: the window cannot do without these.
DESK_PAGES: tuple[type[Page], ...] = (CheckoutPage, ReturnPage, InHousePage)

#: Every page, in sidebar order.
PAGES: tuple[type[Page], ...] = (
    *DESK_PAGES,
    SearchPage,  # Ctrl+F
    PickListPage,  # Ctrl+H
    SignupPage,  # F7
    EventsPage,  # F10
    StopReportPage,  # Ctrl+F10
    SyncPage,  # F11
)

__all__ = ["DESK_PAGES", "PAGES"]
