"""The Sync page (F11): status, "Sync now", "Connect…", the exceptions inbox, and the background
sync (:class:`~popup.ui.sync.scheduler.SyncScheduler`) it owns."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from popup.domain.staff import Capability
from popup.store.notify import StoreChange, Topic
from popup.sync_client.credentials import CredentialsError, CredentialStore
from popup.ui.context import AppContext
from popup.ui.page import Page
from popup.ui.text import time_text

if TYPE_CHECKING:  # the sync client (and requests) load when the page is built, not at start-up
    from popup.sync_client.engine import SyncReport
    from popup.sync_client.status import SyncStatus
    from popup.ui.sync.widgets import EnrollDialog

log = logging.getLogger(__name__)


class SyncPage(Page):
    """The Sync mode: status, "Sync now", "Connect…", and the exceptions inbox.

    Built, it starts the background sync when this laptop is enrolled and the context says to
    (``ctx.sync.start``); with ``ctx.sync.server_override`` and no enrollment it opens the
    enrollment dialog with that address. The sync stops when the app quits or the page goes.

    Signals:
        status_text(str): the status line, for the main window's status bar (once enrolled;
            until then the window's own "Offline, N waiting" text stands).

    Attributes:
        scheduler: the background sync.
        status: the status line, progress and "Sync now"; inbox: the exceptions inbox.
        dialog: the enrollment dialog last opened, if any.
    """

    key = "sync"
    shortcut = "F11"
    needs = Capability.SETTINGS
    build_early = True  # it owns the background sync

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("sync", "Sync")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        from popup.sync_client.status import read_status
        from popup.ui.sync.inbox import InboxPage
        from popup.ui.sync.scheduler import SyncScheduler
        from popup.ui.sync.widgets import SyncStatusWidget

        super().__init__(ctx, parent)
        self.home = ctx.home
        self.scheduler = SyncScheduler(ctx, self)
        layout = QVBoxLayout(self)
        self.status = SyncStatusWidget(ctx.clock)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.enroll_button = QPushButton(self.tr("Connect to a sync server…"))
        self.enroll_button.clicked.connect(self.on_enroll_clicked)
        row.addWidget(self.where, 1)
        row.addWidget(self.enroll_button)
        layout.addLayout(row)
        self.inbox = InboxPage(ctx)
        layout.addWidget(self.inbox, 1)
        scheduler = self.scheduler
        self.status.sync_requested.connect(self.on_sync_now)
        scheduler.status.connect(self.on_status)
        scheduler.online_changed.connect(self.on_online_changed)
        scheduler.unreachable.connect(self.on_unreachable)
        scheduler.progress.connect(self.status.show_progress)
        scheduler.started_sync.connect(self.status.show_started)
        scheduler.synced.connect(self.on_synced)
        self.inbox.changed.connect(scheduler.request_sync)
        self.dialog: EnrollDialog | None = None
        self._inbox_stale = False
        #: "Sync now" was pressed and has not been answered yet.
        self._asked = False
        #: When the server last stopped answering (None: it answers, or not checked yet).
        self._unreachable_since: datetime | None = None
        self._show_where()
        self.status.show_status(read_status(ctx.store, enrolled=self._enrolled(), online=None))

        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(scheduler.stop)
        self.destroyed.connect(lambda *_: scheduler.stop())
        try:
            enrolled = CredentialStore(self.home).load() is not None
        except CredentialsError:
            enrolled = True  # the scheduler reports the damaged credentials in the status line
        # A laptop that never enrolled runs no checks (and keeps the window's own offline
        # text); enrolling starts them.
        if ctx.sync.start and enrolled:
            scheduler.start()
        override = ctx.sync.server_override
        if override and not enrolled:
            QTimer.singleShot(0, self, lambda: self.open_enroll(override))

    def _enrolled(self) -> bool:
        try:
            return CredentialStore(self.home).load() is not None
        except Exception:
            return False

    def _server_url(self) -> str | None:
        """The server this laptop syncs with (None: not enrolled, or unreadable)."""
        try:
            creds = CredentialStore(self.home).load()
        except Exception:
            creds = None
        if creds is None:
            return None
        return self.scheduler.server_override or creds.server_url

    def _show_where(self) -> None:
        try:
            creds = CredentialStore(self.home).load()
        except Exception:
            creds = None
        if creds is None:
            self.where.setText(self.tr("This laptop is not connected to a sync server yet."))
            return
        url = self.scheduler.server_override or creds.server_url
        library = creds.library_code or "?"
        online = self.scheduler.online
        since = self._unreachable_since
        # Whether the server answers is said as it was last found, never assumed.
        if online is None:
            text = self.tr("Server: {0} (library {1}) · not checked yet")
        elif online:
            text = self.tr("Server: {0} (library {1}) · reachable")
        else:
            text = self.tr("Server: {0} (library {1}) · not reachable since {2}")
        self.where.setText(text.format(url, library, time_text(since) if since else "?"))

    def on_online_changed(self, online: bool) -> None:
        if online:
            self._unreachable_since = None
        elif self._unreachable_since is None:
            self._unreachable_since = self.ctx.clock()
        self._show_where()

    def on_sync_now(self) -> None:
        """ "Sync now": answered on this page whatever happens (see :meth:`on_unreachable`,
        :meth:`on_synced`)."""
        if not self.scheduler.running:
            self._asked = False
            self.status.show_note(
                self.tr(
                    "Nothing to sync with: this laptop is not connected to a sync server yet."
                    " Press “Connect to a sync server…” first."
                )
            )
            return
        self._asked = True
        self.status.show_note(self.tr("Trying now…"))
        self.scheduler.request_sync()

    def on_unreachable(self) -> None:
        if self._asked:
            self._asked = False
            self.status.show_note(self._unreachable_text())

    def _unreachable_text(self) -> str:
        url = self._server_url() or "?"
        seconds = round(self.scheduler.poll_seconds)
        if seconds < 120:
            text = self.tr(
                "Could not reach the server at {0}. Popup keeps trying every %n second(s);"
                " nothing is lost: everything done here stays on this laptop until then.",
                "",
                seconds,
            )
        else:
            text = self.tr(
                "Could not reach the server at {0}. Popup keeps trying every %n minute(s);"
                " nothing is lost: everything done here stays on this laptop until then.",
                "",
                round(seconds / 60),
            )
        return text.format(url)

    def on_status(self, status: SyncStatus) -> None:
        self.status.show_status(status)
        if status.enrolled:  # until then the window's own "Offline, N waiting" text stands
            self.status_text.emit(self.status.text)

    def on_synced(self, report: SyncReport) -> None:
        self.status.show_report(report)
        if self._asked:
            self._asked = False
            if report.ok:
                self.status.show_note(self.tr("Synced at {0}.").format(time_text(self.ctx.clock())))
            elif report.error_code == "OFFLINE":
                self.status.show_note(self._unreachable_text())
            else:  # the reason is in the status line, in the UI language
                self.status.show_note(self.tr("The sync did not finish; the reason is above."))
        if self.ctx.store.actor is None:  # locked: the rows (they name patrons) wait for a sign-in
            self._inbox_stale = True
        else:
            self.inbox.refresh()
        self._show_where()

    def activate(self) -> None:
        self.refresh()

    def clear_patron(self, note: str) -> None:
        """Idle clear and lock: the inbox's rows name patrons; emptied, and read again when
        the page is shown next."""
        del note
        self.inbox.clear()
        self._inbox_stale = True

    def on_store_changed(self, change: StoreChange) -> None:
        # The inbox and the waiting count follow the store between checks (exceptions
        # downloaded, actions written): at once while enrolled, since the window's status
        # line is then this page's; otherwise when the page is looked at.
        if change.touches(Topic.INBOX):
            self._inbox_stale = True
        if change.touches(Topic.INBOX, Topic.OUTBOX) and (
            self.scheduler.running or self.isVisible()
        ):
            self.refresh_soon()

    def refresh(self) -> None:
        if self.scheduler.running:
            status = self.scheduler.current_status(enrolled=True)
            if status is not None:
                self.on_status(status)
        else:  # not syncing: this page's line only (the window keeps its own text)
            from popup.sync_client.status import read_status

            self.status.show_status(
                read_status(self.ctx.store, enrolled=self._enrolled(), online=None)
            )
        if self._inbox_stale:
            self._inbox_stale = False
            self.inbox.refresh()

    def on_enroll_clicked(self) -> None:
        self.open_enroll()

    def open_enroll(self, url: str = "") -> EnrollDialog:
        from popup.ui.sync.widgets import EnrollDialog

        address = url or self.scheduler.server_override or ""
        self.dialog = EnrollDialog(self.ctx, address, self)
        self.dialog.enrolled.connect(self.scheduler.credentials_changed)
        self.dialog.enrolled.connect(self._show_where)
        self.dialog.open()
        return self.dialog


__all__ = ["SyncPage"]
