"""The background sync thread: watches the server's /health and syncs when it can.

It never touches widgets: everything it learns goes out through signals, which Qt delivers on
the GUI thread (queued, because they are emitted from this thread).

When it syncs:
- "Sync now" (:meth:`SyncWorker.request_sync`);
- the server answers /health again after being unreachable (the network came back);
- actions are waiting and the server is reachable (checked every ``poll_seconds``);
- otherwise every ``auto_seconds`` to download what changed at the consortium.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from popup.store import outbox
from popup.store.db import Store
from popup.sync_client.client import SyncClient, TransientError
from popup.sync_client.credentials import Credentials, CredentialsError, CredentialStore
from popup.sync_client.engine import Progress, SyncEngine, SyncReport
from popup.sync_client.status import SyncStatus, read_status

log = logging.getLogger(__name__)


class SyncWorker(QThread):
    """Signals:
        online_changed(bool): the server became reachable (True) or unreachable (False).
        progress(str, int, int): phase ("upload"/"download"), done, total (-1 if unknown).
        started_sync(): a pass began.
        synced(object): a pass ended, with its :class:`SyncReport`.
        status(object): the current :class:`SyncStatus` (after every check and pass).

    Attributes:
        poll_seconds: how often /health is asked.
        auto_seconds: longest time between passes while online.
    """

    online_changed = Signal(bool)
    progress = Signal(str, int, int)
    started_sync = Signal()
    synced = Signal(object)
    status = Signal(object)

    def __init__(
        self,
        store: Store,
        home: Path,
        server_override: str | None = None,
        poll_seconds: float = 15.0,
        auto_seconds: float = 300.0,
        page_size: int = 1000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.home = home
        self.server_override = server_override
        self.poll_seconds = poll_seconds
        self.auto_seconds = auto_seconds
        self.page_size = page_size
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._requested = False
        self._online: bool | None = None
        self._last_pass = 0.0
        self._creds_error: str | None = None
        self._failures = 0  # passes in a row that ended with an error
        self._refused = False  # the server refused this laptop: wait for a new enrollment

    # -- called from the GUI thread ----------------------------------------------------------

    def request_sync(self) -> None:
        """Sync as soon as possible ("Sync now")."""
        self._requested = True
        self._wake.set()

    def credentials_changed(self) -> None:
        """After enrollment: pick up the new credentials and sync."""
        self._refused = False
        self._failures = 0
        self.request_sync()
        if not self.isRunning() and not self._stopping.is_set():
            self.start()

    def stop(self, timeout_ms: int = 10_000) -> None:
        """Stop the thread (idempotent; safe after Qt deleted the object at exit)."""
        self._stopping.set()
        self._wake.set()
        try:
            if not self.wait(timeout_ms):
                log.warning("sync thread did not stop in time")
        except RuntimeError:
            pass  # the C++ object is gone: so is its thread

    @property
    def online(self) -> bool | None:
        return self._online

    # -- the thread --------------------------------------------------------------------------

    def _load(self) -> Credentials | None:
        try:
            creds = CredentialStore(self.home).load()
            self._creds_error = None
            return creds
        except CredentialsError as exc:
            self._creds_error = str(exc)
            return None

    def _emit_status(self, enrolled: bool) -> None:
        try:
            current: SyncStatus = read_status(self.store, enrolled, self._online)
        except Exception as exc:  # the store may be closing while the app quits
            log.info("status not read: %s", type(exc).__name__)
            return
        if self._creds_error and not current.last_error:
            # The credentials' own sentence, English: it has no key to word it by.
            current = SyncStatus(
                **{
                    **current.__dict__,
                    "last_error": self._creds_error,
                    "last_error_key": None,
                    "last_error_params": (),
                }
            )
        self.status.emit(current)

    def _set_online(self, value: bool) -> bool:
        """Record reachability; True when it just came back."""
        came_back = value and self._online is not True
        if value != self._online:
            self._online = value
            self.online_changed.emit(value)
        return came_back

    def _on_progress(self, p: Progress) -> None:
        self.progress.emit(p.phase, p.done, -1 if p.total is None else p.total)

    def run(self) -> None:
        client: SyncClient | None = None
        key: tuple[str, str] | None = None
        while not self._stopping.is_set():
            creds = self._load()
            if creds is None:
                self._requested = False
                self._emit_status(False)
                self._sleep()
                continue
            url = self.server_override or creds.server_url
            if key != (url, creds.token):
                if client is not None:
                    client.close()
                client = SyncClient(url, creds.token, timeout=(3.0, 30.0))
                key = (url, creds.token)
            assert client is not None
            try:
                client.health()
                came_back = self._set_online(True)
            except TransientError:
                self._set_online(False)
                came_back = False
            except Exception as exc:  # a server that answers nonsense is as good as offline
                log.info("health check failed: %s", type(exc).__name__)
                self._set_online(False)
                came_back = False
            try:
                with self.store.read() as session:
                    waiting = outbox.pending_count(session)
            except Exception as exc:  # a store hiccup must not end the sync thread for good
                log.warning("could not count waiting actions: %s", type(exc).__name__)
                waiting = 0
            since = time.monotonic() - self._last_pass
            due = since >= self.auto_seconds
            if self._failures:
                # After failures, automatic passes back off (30 s, 60 s, ... up to auto_seconds).
                retry_after = min(self.auto_seconds, 15.0 * 2**self._failures)
                waiting = waiting if since >= retry_after else 0
                came_back = came_back and since >= retry_after
            if self._refused:
                waiting, came_back, due = 0, False, False
            if self._online and (self._requested or came_back or waiting > 0 or due):
                self._requested = False
                self._pass(client, creds)
            elif self._requested and not self._online:
                self._requested = False
            self._emit_status(True)
            self._sleep()
        if client is not None:
            client.close()

    def _sleep(self) -> None:
        self._wake.wait(self.poll_seconds)
        self._wake.clear()

    def _nap(self, seconds: float) -> None:
        self._stopping.wait(seconds)  # a retry's wait ends at once when the app quits

    def _pass(self, client: SyncClient, creds: Credentials) -> None:
        self.started_sync.emit()
        engine = SyncEngine(
            self.store,
            client,
            creds.device_id,
            page_size=self.page_size,
            progress=self._on_progress,
            should_stop=self._stopping.is_set,
            sleep=self._nap,
        )
        try:
            report = engine.sync()
        except Exception as exc:  # never let the thread die: report and carry on
            log.exception("sync pass failed")
            report = SyncReport(error=f"Sync failed unexpectedly ({type(exc).__name__}).")
        self._last_pass = time.monotonic()
        if report.error_code == "OFFLINE":
            self._set_online(False)
        self._failures = 0 if report.ok else min(self._failures + 1, 8)
        self._refused = report.error_code in ("DEVICE_REVOKED", "UNAUTHENTICATED", "NOT_ENROLLED")
        self.synced.emit(report)
