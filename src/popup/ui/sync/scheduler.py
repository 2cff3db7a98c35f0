"""The background sync: watches the server's /health and syncs when it can.

:class:`SyncScheduler` lives on the GUI thread and has no thread of its own: a QTimer asks for a
check every ``poll_seconds``, and the check and the pass run on the task helper's sync lane
(:attr:`popup.ui.tasks.Lane.SYNC`, one thread, so one network conversation at a time). What
they learn comes back as signals on the GUI thread; the scheduler never touches a widget.

When it syncs:
- "Sync now" (:meth:`SyncScheduler.request_sync`), and a second after an action is written;
- the server answers /health again after being unreachable (the network came back);
- actions are waiting and the server is reachable (checked every ``poll_seconds``);
- otherwise every ``auto_seconds`` to download what changed at the consortium.
After failed passes the automatic ones back off (30 s, 60 s, … up to ``auto_seconds``); after
the server refused the laptop (revoked, not enrolled) only a new enrollment starts them again.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, QTimer, Signal

from popup.store import outbox
from popup.store.notify import StoreChange
from popup.sync_client.client import SyncClient, TransientError, TransportRefused
from popup.sync_client.credentials import Credentials, CredentialsError, CredentialStore
from popup.sync_client.engine import Progress, SyncEngine, SyncReport
from popup.sync_client.status import SyncStatus, read_status
from popup.ui.context import AppContext
from popup.ui.tasks import Lane, Task, TaskControl

log = logging.getLogger(__name__)

#: Error codes after which only a new enrollment starts automatic passes again.
REFUSED = ("DEVICE_REVOKED", "UNAUTHENTICATED", "NOT_ENROLLED", "DEVICE_CHANGED", "TOKEN_EXPIRED")
#: Actions written while online go up this soon, instead of at the next check.
AFTER_ACTION_MS = 1000


@dataclass(frozen=True)
class Check:
    """What one health check learned (on the sync lane, for the GUI thread)."""

    credentials: Credentials | None
    #: Why the saved credentials could not be read (English, the credential store's words).
    credentials_error: str | None
    online: bool
    waiting: int


class SyncScheduler(QObject):
    """Decides when to sync and runs checks and passes on the sync lane.

    Signals:
        online_changed(bool): the server became reachable (True) or unreachable (False).
        progress(str, int, int): phase ("upload"/"download"), done, total (-1 if unknown).
        started_sync(): a pass began.
        synced(object): a pass ended, with its :class:`SyncReport`.
        status(object): the current :class:`SyncStatus` (after every check and pass).
        unreachable(): a sync asked for ("Sync now") did not start: the server did not answer.

    Attributes:
        server_override: use this server instead of the enrolled one (``--sync-server``).
        auto_seconds: longest time between passes while online.
        page_size: rows per downloaded page.
    """

    online_changed = Signal(bool)
    progress = Signal(str, int, int)
    started_sync = Signal()
    synced = Signal(object)
    status = Signal(object)
    unreachable = Signal()

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.home = ctx.home
        self.server_override = ctx.sync.server_override
        self.auto_seconds = ctx.sync.auto_seconds
        self.page_size = 1000
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.on_timer)
        self.poll_seconds = ctx.sync.poll_seconds
        self._task: Task[Check] | Task[SyncReport] | None = None
        #: Used on the sync lane only (its one thread): the client and what it was made for.
        self._client: SyncClient | None = None
        self._client_key: tuple[str, str] | None = None
        self._running = False
        self._stopped = False
        self._again = False  # a check was asked for while one ran
        self._requested = False
        self._online: bool | None = None
        self._last_pass = 0.0
        self._credentials_error: str | None = None
        self._failures = 0  # passes in a row that ended with an error
        self._server_wait = 0.0  # seconds the server's last Retry-After asked for
        self._refused = False  # the server refused this laptop: wait for a new enrollment
        ctx.changes.changed.connect(self.on_store_changed)

    # -- control (GUI thread) ----------------------------------------------------------------

    @property
    def poll_seconds(self) -> float:
        """How often /health is asked."""
        return self._timer.interval() / 1000

    @poll_seconds.setter
    def poll_seconds(self, seconds: float) -> None:
        self._timer.setInterval(max(1, round(seconds * 1000)))

    @property
    def running(self) -> bool:
        """Started and not stopped (a check or pass may or may not be under way)."""
        return self._running

    @property
    def busy(self) -> bool:
        """A check or a pass is under way on the sync lane."""
        return self._task is not None

    @property
    def online(self) -> bool | None:
        return self._online

    def start(self) -> None:
        """Check now and every ``poll_seconds`` from now on."""
        if self._stopped or self._running:
            return
        self._running = True
        self._timer.start()
        self.check_now()

    def request_sync(self) -> None:
        """Sync as soon as possible ("Sync now")."""
        self._requested = True
        self.check_now()

    def credentials_changed(self) -> None:
        """After enrollment: pick up the new credentials and sync."""
        self._refused = False
        self._failures = 0
        self._requested = True
        if self._running:
            self.check_now()
        else:
            self.start()

    def check_now(self) -> None:
        if not self._running:
            return
        if self._task is not None:
            self._again = True  # right after the one under way
            return
        self._task = self.ctx.tasks.start(
            self._check, lane=Lane.SYNC, on_done=self._on_checked, on_error=self._on_failed
        )

    def stop(self, timeout_ms: int = 10_000) -> None:
        """Stop checking; cancel a pass under way and wait for it (idempotent)."""
        self._stopped = True
        self._running = False
        self._timer.stop()
        task = self._task
        if task is not None:
            task.cancel()
            if not task.wait(timeout_ms / 1000):
                log.warning("the sync pass did not stop in time")
                return
            self._task = None  # its result, when delivered, is ignored
        if self._client is not None:
            self._client.close()
            self._client = None

    def on_timer(self) -> None:
        if self._task is None:  # a long pass under way is check enough
            self.check_now()

    def on_store_changed(self, change: StoreChange) -> None:
        # A new action while online goes up within a second instead of at the next check.
        if change.seqs and self._running:
            QTimer.singleShot(AFTER_ACTION_MS, self, self.request_sync)

    # -- on the sync lane --------------------------------------------------------------------

    def _client_for(self, credentials: Credentials) -> SyncClient:
        url = self.server_override or credentials.server_url
        if self._client is None or self._client_key != (url, credentials.token):
            if self._client is not None:
                self._client.close()
            self._client = SyncClient(url, credentials.token, timeout=(3.0, 30.0))
            self._client_key = (url, credentials.token)
        return self._client

    def _check(self, _control: TaskControl) -> Check:
        try:
            credentials = CredentialStore(self.home).load()
        except CredentialsError as exc:
            return Check(None, str(exc), False, 0)
        if credentials is None:
            return Check(None, None, False, 0)
        try:
            self._client_for(credentials).health()
            online = True
        except TransientError:
            online = False
        except TransportRefused:
            online = True  # not offline: the pass runs and says why (plain http, TLS), no retry
        except Exception as exc:  # a server that answers nonsense is as good as offline
            log.info("health check failed: %s", type(exc).__name__)
            online = False
        try:
            with self.store.read() as session:
                waiting = outbox.pending_count(session)
        except Exception as exc:  # a store hiccup must not end the background sync
            log.warning("could not count waiting actions: %s", type(exc).__name__)
            waiting = 0
        return Check(credentials, None, online, waiting)

    def _sync(self, credentials: Credentials, control: TaskControl) -> SyncReport:
        engine = SyncEngine(
            self.store,
            self._client_for(credentials),
            credentials.device_id,
            page_size=self.page_size,
            progress=control.report,
            should_stop=control.stopping,
            sleep=control.nap,  # a retry's wait ends at once when the app quits
            clock=self.ctx.clock,
            save_token=CredentialStore(self.home).save_token,  # rotation, unnoticed by staff
        )
        try:
            return engine.sync()
        except Exception as exc:  # report it and carry on with the next check
            log.exception("sync pass failed")
            return SyncReport(error=f"Sync failed unexpectedly ({type(exc).__name__}).")

    # -- results (GUI thread) ----------------------------------------------------------------

    def _on_checked(self, check: Check) -> None:
        self._task = None
        if self._stopped:
            return
        self._credentials_error = check.credentials_error
        if check.credentials is None:
            self._requested = False
            self._emit_status(enrolled=False)
            self._next()
            return
        came_back = self._set_online(check.online)
        since = time.monotonic() - self._last_pass
        due = since >= self.auto_seconds
        waiting = check.waiting
        if self._failures:
            # After failures, automatic passes back off (30 s, 60 s, ... up to auto_seconds).
            retry_after = min(self.auto_seconds, 15.0 * 2**self._failures)
            waiting = waiting if since >= retry_after else 0
            came_back = came_back and since >= retry_after
        if since < self._server_wait:
            # The server said when to come back (Retry-After on a 429 or 503): no automatic pass
            # before then, however long the timed pass would wait; "Sync now" still goes.
            waiting, came_back, due = 0, False, False
        if self._refused:
            waiting, came_back, due = 0, False, False
        if check.online and (self._requested or came_back or waiting > 0 or due):
            self._requested = False
            self._start_pass(check.credentials)
            return
        if self._requested and not check.online:
            self._requested = False
            self.unreachable.emit()
        self._emit_status(enrolled=True)
        self._next()

    def _start_pass(self, credentials: Credentials) -> None:
        self.started_sync.emit()
        self._task = self.ctx.tasks.start(
            lambda control: self._sync(credentials, control),
            lane=Lane.SYNC,
            on_progress=self._on_progress,
            on_done=self._on_passed,
            on_error=self._on_failed,
        )

    def _on_progress(self, p: Progress) -> None:
        if not self._stopped:
            self.progress.emit(p.phase, p.done, -1 if p.total is None else p.total)

    def _on_passed(self, report: SyncReport) -> None:
        self._task = None
        if self._stopped:
            return
        self._last_pass = time.monotonic()
        if report.error_code == "OFFLINE":
            self._set_online(False)
        self._failures = 0 if report.ok else min(self._failures + 1, 8)
        self._server_wait = report.retry_after or 0.0
        self._refused = report.error_code in REFUSED
        self.synced.emit(report)
        self._emit_status(enrolled=True)
        self._next()

    def _on_failed(self, exc: BaseException) -> None:
        """A check that raised (a bug: the checks catch what they expect)."""
        self._task = None
        log.error("sync check failed: %s", type(exc).__name__)
        if not self._stopped:
            self._next()

    def _next(self) -> None:
        if self._again:
            self._again = False
            QTimer.singleShot(0, self, self.check_now)

    def _set_online(self, value: bool) -> bool:
        """Record reachability; True when it just came back."""
        came_back = value and self._online is not True
        if value != self._online:
            self._online = value
            self.online_changed.emit(value)
        return came_back

    def current_status(self, enrolled: bool) -> SyncStatus | None:
        """The status as the store has it now, with this scheduler's reachability."""
        try:
            status = read_status(self.store, enrolled, self._online)
        except Exception as exc:  # the store may be closing while the app quits
            log.info("status not read: %s", type(exc).__name__)
            return None
        if self._credentials_error and not status.last_error:
            # The credentials' own sentence, English: it has no key to word it by.
            status = replace(
                status,
                last_error=self._credentials_error,
                last_error_key=None,
                last_error_params=(),
            )
        return status

    def _emit_status(self, enrolled: bool) -> None:
        status = self.current_status(enrolled)
        if status is not None:
            self.status.emit(status)


__all__ = ["Check", "SyncScheduler"]
