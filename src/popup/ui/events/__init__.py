"""Event attendance screens: the event counter page and the stop report page.

The main window registers both with one line in its ``install_modes`` list::

    from popup.ui.events import install; install(window)
"""

from __future__ import annotations

from typing import Any

from popup.store.events import Events

#: Keys of the two pages in the main window's mode switcher, and their shortcuts.
EVENTS_KEY, EVENTS_SHORTCUT = "events", "F10"
REPORT_KEY, REPORT_SHORTCUT = "stop_report", "Ctrl+F10"


def install(window: Any) -> None:
    """Add the Events and Stop report pages to ``window`` (a ``MainWindow``)."""
    from PySide6.QtCore import QCoreApplication

    from popup.ui.events.page import EventsPage
    from popup.ui.events.report import StopReportPage

    clock = getattr(window, "_clock", None)
    events = Events(window.store, clock=clock) if clock else Events(window.store)
    page = EventsPage(events, getattr(window, "sounds", None), window)
    report = StopReportPage(events, window)
    window.add_mode(
        EVENTS_KEY, QCoreApplication.translate("events", "Events"), page, EVENTS_SHORTCUT
    )
    window.add_mode(
        REPORT_KEY, QCoreApplication.translate("events", "Stop report"), report, REPORT_SHORTCUT
    )
    on_recorded = getattr(window, "on_recorded", None)
    if callable(on_recorded):
        page.recorded.connect(on_recorded)
    window.events_page = page
    window.stop_report_page = report
