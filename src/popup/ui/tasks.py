"""The one way to run work off the GUI thread and get its result back on it (after Anki's taskman).

Usage::

    from popup.ui import tasks

    tasks.run_in_background(
        lambda: decode(gray),                # runs in a worker thread: NEVER touch widgets here
        on_done=self.on_decoded,             # runs on the GUI thread with fn's return value
        on_error=self.on_decode_failed,      # runs on the GUI thread with the exception
    )

Workers only compute; every callback is delivered on the GUI thread through a queued signal, so
callbacks may touch widgets freely. Without ``on_error`` an exception is logged (type only, no
personal data) and dropped.

Tests either switch the manager to synchronous mode (``tasks.manager().synchronous = True``: fn
and the callback run inline, like Picard's ``FakeThreadPool``) or wait for the work with
``qtbot.waitSignal(tasks.manager().idle)`` / :func:`wait_idle`.

The store is not shared with workers by the desk: a scan's transaction takes a few milliseconds
and runs on the GUI thread, so the screen and the file never disagree. Use this helper for
decoding, network calls and long imports/exports.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")
Closure = Callable[[], None]


class TaskManager(QObject):
    """Runs callables on a small thread pool and hands results back on the GUI thread.

    Signals:
        idle: emitted on the GUI thread when the last pending task's callback has run.
        _closures_pending: internal; a worker queued a closure for the GUI thread.

    Attributes:
        synchronous: run tasks inline on the calling thread (for tests and scripts).
    """

    idle = Signal()
    _closures_pending = Signal()

    def __init__(self, max_workers: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.synchronous = False
        self._executor = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="popup")
        self._closures: list[Closure] = []
        self._lock = threading.Lock()
        self._pending = 0
        self._closures_pending.connect(self._on_closures_pending)

    @property
    def pending(self) -> int:
        """Tasks started, and closures queued, whose callbacks have not run yet."""
        with self._lock:
            return self._pending

    def run_in_background(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[T] | None:
        """Run ``fn()`` in a worker; then ``on_done(result)`` or ``on_error(exc)`` on GUI thread."""
        with self._lock:
            self._pending += 1  # settled when its result is delivered
        if self.synchronous:
            try:
                result = fn()
            except Exception as exc:  # delivered like a worker's failure
                failure = exc
                self._deliver(lambda: self._fail(on_error, failure))
            else:
                self._deliver(lambda: on_done(result) if on_done else None)
            return None
        future = self._executor.submit(fn)

        def finished(fut: Future[T]) -> None:  # runs in the worker thread
            if fut.cancelled():  # shutdown() dropped it before it ran: nothing to deliver
                self._post(lambda: None)
                return
            exc = fut.exception()
            if exc is not None:
                self._post(lambda: self._fail(on_error, exc))
            else:
                value = fut.result()
                self._post(lambda: on_done(value) if on_done else None)

        future.add_done_callback(finished)
        return future

    def run_on_main(self, closure: Closure) -> None:
        """Queue ``closure`` to run on the GUI thread (safe to call from any thread)."""
        with self._lock:
            self._pending += 1  # counted until it has run, so idle means really idle
        self._post(closure)

    def _post(self, closure: Closure) -> None:
        """Queue an already-counted closure; :meth:`_deliver` settles the count."""
        with self._lock:
            self._closures.append(closure)
        self._closures_pending.emit()

    def _fail(self, on_error: Callable[[BaseException], None] | None, exc: BaseException) -> None:
        if on_error is not None:
            on_error(exc)
        else:
            log.error("background task failed: %s", type(exc).__name__)

    def _deliver(self, closure: Closure) -> None:
        try:
            closure()
        finally:
            with self._lock:
                self._pending -= 1
                now_idle = self._pending == 0
            if now_idle:
                self.idle.emit()

    @Slot()
    def _on_closures_pending(self) -> None:
        with self._lock:
            closures, self._closures = self._closures, []
        for closure in closures:
            self._deliver(closure)

    def shutdown(self) -> None:
        """Stop accepting work and wait for running tasks (call at application exit)."""
        self._executor.shutdown(wait=True, cancel_futures=True)


_manager: TaskManager | None = None


def manager() -> TaskManager:
    """The application's task manager (made on first use, parented to the QApplication)."""
    global _manager
    app = QCoreApplication.instance()
    if _manager is None or _manager.parent() is not app:
        _manager = TaskManager(parent=app)
        if app is not None:
            app.aboutToQuit.connect(_manager.shutdown)
    return _manager


def run_in_background(
    fn: Callable[[], T],
    on_done: Callable[[T], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> Future[T] | None:
    """:meth:`TaskManager.run_in_background` on the application's manager."""
    return manager().run_in_background(fn, on_done, on_error)


def run_on_main(closure: Closure) -> None:
    manager().run_on_main(closure)


def wait_idle(timeout_ms: int = 5000) -> bool:
    """Process events until every started task's callback has run. True if it got there."""
    deadline = QDeadlineTimer(timeout_ms)
    mgr = manager()
    while mgr.pending and not deadline.hasExpired():
        QCoreApplication.processEvents()
        QThread.msleep(1)
    return mgr.pending == 0


__all__ = ["TaskManager", "manager", "run_in_background", "run_on_main", "wait_idle"]
