"""Event attendance screens: the event counter page and the stop report page.

Both are pages (:class:`popup.ui.page.Page`) registered in :mod:`popup.ui.pages`:
:class:`~popup.ui.events.page.EventsPage` (``"events"``, F10) and
:class:`~popup.ui.events.report.StopReportPage` (``"stop_report"``, Ctrl+F10). This ``__init__``
imports no Qt, so ``popup attendance-csv`` runs without a display.
"""
