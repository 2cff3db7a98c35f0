"""Wiring the sync page and its worker into the main window."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer

from popup.store.db import Store
from popup.sync_client.credentials import CredentialsError, CredentialStore
from popup.sync_client.engine import SyncReport
from popup.ui.sync.widgets import SyncPage
from popup.ui.sync.worker import SyncWorker

log = logging.getLogger(__name__)


def install_sync(
    window: Any,
    sync_server: str | None = None,
    poll_seconds: float = 15.0,
    start: bool = True,
) -> SyncPage:
    """Add the Sync mode to ``window`` (anything with ``store``, ``add_mode`` and
    ``set_sync_status``), start the worker, and stop it when the app quits.

    With ``sync_server`` set and no enrollment yet, the enrollment dialog opens prefilled.
    """
    store: Store = window.store
    home = Path(store.path).parent
    worker = SyncWorker(store, home, server_override=sync_server, poll_seconds=poll_seconds)
    page = SyncPage(store, home, worker)
    window.add_mode("sync", QCoreApplication.translate("sync", "Sync"), page, "F11")
    page.status_text.connect(window.set_sync_status)
    recorded = getattr(window, "actionRecorded", None)
    if recorded is not None:
        # A new action while online goes up within a second instead of at the next poll.
        recorded.connect(lambda _seq: QTimer.singleShot(1000, worker.request_sync))

    def after_pass(report: SyncReport) -> None:
        # Downloaded rules, closed days and settings take effect at every screen right away.
        if report.pulled:
            store.settings_changed()
            refresh = getattr(window, "refresh_header", None)
            if callable(refresh):
                refresh()
        refresh_status = getattr(window, "refresh_status", None)
        if callable(refresh_status):
            refresh_status()

    worker.synced.connect(after_pass)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(worker.stop)
    window.destroyed.connect(lambda *_: worker.stop())
    window.sync_worker = worker
    window.sync_page = page
    try:
        enrolled = CredentialStore(home).load() is not None
    except CredentialsError:
        enrolled = True  # the worker reports the damaged credentials in the status line
    # A laptop that never enrolled runs no thread (and keeps the window's own offline text);
    # enrolling starts the worker.
    if start and enrolled:
        worker.start()
    if sync_server and not enrolled:
        QTimer.singleShot(0, lambda: page.open_enroll(sync_server))
    return page
