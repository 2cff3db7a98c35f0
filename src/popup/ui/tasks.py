"""The one way to run work off the GUI thread and get its result back on it (after Anki's taskman).

Two forms::

    from popup.ui import tasks

    # A short computation: result or exception back on the GUI thread.
    tasks.run_in_background(
        lambda: decode(gray),                # runs in a worker thread: NEVER touch widgets here
        on_done=self.on_decoded,             # runs on the GUI thread with fn's return value
        on_error=self.on_decode_failed,      # runs on the GUI thread with the exception
    )

    # A long job with progress and Cancel: the work gets a TaskControl.
    task = tasks.manager().start(
        lambda control: import_marc(store, path, progress=control.report,
                                    cancel=control.cancelled),
        lane=tasks.Lane.IO,
        on_progress=self.on_progress,        # GUI thread, each value reported...
        latest_only=True,                    # ...or only the newest when they pile up
        on_done=self.on_imported,
        on_error=self.on_failed,
    )
    task.cancel()                            # sets control.cancelled (a threading.Event)

Workers only compute; every callback is delivered on the GUI thread through a queued signal, so
callbacks may touch widgets freely. Without ``on_error`` an exception is logged (type only, no
personal data) and dropped.

**Lanes.** Work runs on one of three named thread pools, so one kind of work never waits
behind another: :attr:`Lane.DEFAULT` (two threads: camera frames and other short
computations), :attr:`Lane.IO` (one thread: imports and exports, which write the store in
batches and would only contend with each other) and :attr:`Lane.SYNC` (one thread: health
checks, sync passes and enrollment, one at a time, which is what the sync client needs). A long
MARC import therefore never starves the camera decoder.

**What stays on the GUI thread.** The desk's writes (a checkout, a return, a tap on an event
counter, a sign-up) run on the GUI thread, on purpose: one such transaction takes about a
millisecond (checkout p50 0.4 ms, p99 ≈ 1 ms on a million-item store; scan to painted row p99
8.6 ms, README "Benchmarks"), less than the round trip to a worker and back, and the screen
and the file can never disagree about what happened. Anything that may take longer (the
network, a file, decoding) goes through this module.

Tests either switch the manager to synchronous mode (``tasks.manager().synchronous = True``: fn
and the callback run inline, like Picard's ``FakeThreadPool``) or wait for the work with
``qtbot.waitSignal(tasks.manager().idle)`` / :func:`wait_idle`.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")
Closure = Callable[[], None]


class Lane(enum.StrEnum):
    """A named thread pool (see the module's notes)."""

    DEFAULT = "default"
    IO = "io"
    SYNC = "sync"


#: Threads per lane.
LANE_THREADS = {Lane.DEFAULT: 2, Lane.IO: 1, Lane.SYNC: 1}


class TaskControl:
    """What a long task's work function receives.

    Attributes:
        cancelled: set when someone pressed Cancel (or the app is quitting); the work should
            stop at its next safe point.
    """

    def __init__(self, cancelled: threading.Event, report: Callable[[Any], None]) -> None:
        self.cancelled = cancelled
        self._report = report

    def report(self, progress: Any) -> None:
        """Tell the GUI how far the work got (any value; the latest one is delivered)."""
        self._report(progress)

    def stopping(self) -> bool:
        return self.cancelled.is_set()

    def nap(self, seconds: float) -> None:
        """Sleep, but wake at once when the task is cancelled (a retry's wait, say)."""
        self.cancelled.wait(seconds)


class Task(QObject, Generic[T]):
    """The handle of a long task started with :meth:`TaskManager.start`.

    Signals (all on the GUI thread):
        progressed(object): a value the work reported, in order; with ``latest_only`` (a
            progress bar) values reported faster than the GUI takes them are merged and only
            the newest is delivered.
        finished(object): the work returned this value.
        failed(object): the work raised this exception.
    """

    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, manager: TaskManager, latest_only: bool = False) -> None:
        super().__init__()
        self._manager = manager
        self._latest_only = latest_only
        self._cancelled = threading.Event()
        self._lock = threading.Lock()
        self._latest: Any = None
        self._progress_queued = False
        self._ended = False
        self._future: Future[Any] | None = None
        self.control = TaskControl(self._cancelled, self._report)

    def cancel(self) -> None:
        """Ask the work to stop (it sees ``control.cancelled``); its result still arrives."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    @property
    def ended(self) -> bool:
        """The result (or the failure) has been delivered."""
        return self._ended

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until the work itself has returned (not its callbacks). True if it has."""
        if self._future is None:
            return True
        try:
            self._future.exception(timeout=timeout_s)
        except FutureTimeout:
            return False
        return True

    # -- called from the worker --------------------------------------------------------------

    def _report(self, progress: Any) -> None:
        if not self._latest_only:
            self._manager.run_on_main(lambda: self._deliver_one(progress))
            return
        with self._lock:
            self._latest = progress
            if self._progress_queued:
                return
            self._progress_queued = True
        self._manager.run_on_main(self._deliver_progress)

    # -- on the GUI thread -------------------------------------------------------------------

    def _deliver_one(self, progress: Any) -> None:
        if not self._ended:
            self.progressed.emit(progress)

    def _deliver_progress(self) -> None:
        with self._lock:
            progress, self._latest = self._latest, None
            self._progress_queued = False
        if not self._ended:
            self.progressed.emit(progress)

    def _end(self) -> None:
        self._ended = True
        self._manager._forget(self)


class TaskManager(QObject):
    """Runs callables on named thread pools and hands results back on the GUI thread.

    Signals:
        idle: emitted on the GUI thread when the last pending task's callback has run.
        _closures_pending: internal; a worker queued a closure for the GUI thread.

    Attributes:
        synchronous: run tasks inline on the calling thread (for tests and scripts).
    """

    idle = Signal()
    _closures_pending = Signal()

    def __init__(
        self, parent: QObject | None = None, threads: dict[Lane, int] | None = None
    ) -> None:
        super().__init__(parent)
        self.synchronous = False
        self._threads = {**LANE_THREADS, **(threads or {})}
        self._executors: dict[Lane, ThreadPoolExecutor] = {}
        self._closures: list[Closure] = []
        self._lock = threading.Lock()
        self._pending = 0
        self._tasks: set[Task[Any]] = set()
        self._closed = False
        self._closures_pending.connect(self._on_closures_pending)

    @property
    def pending(self) -> int:
        """Tasks started, and closures queued, whose callbacks have not run yet."""
        with self._lock:
            return self._pending

    def _executor(self, lane: Lane) -> ThreadPoolExecutor:
        executor = self._executors.get(lane)
        if executor is None:
            executor = ThreadPoolExecutor(
                max_workers=self._threads[lane], thread_name_prefix=f"popup-{lane}"
            )
            self._executors[lane] = executor
        return executor

    def run_in_background(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        lane: Lane = Lane.DEFAULT,
    ) -> Future[T] | None:
        """Run ``fn()`` in ``lane``; then ``on_done(result)`` or ``on_error(exc)`` on the GUI
        thread. Returns the future (None in synchronous mode)."""
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
        future = self._executor(lane).submit(fn)

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

    def start(
        self,
        work: Callable[[TaskControl], T],
        *,
        lane: Lane = Lane.DEFAULT,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        latest_only: bool = False,
    ) -> Task[T]:
        """Start a long task: ``work(control)`` runs in ``lane`` and may report progress and
        watch ``control.cancelled``; the callbacks (and the handle's signals) run on the GUI
        thread. ``latest_only``: deliver only the newest progress when reports pile up. A task
        started while the manager shuts down is cancelled from the start."""
        task: Task[T] = Task(self, latest_only)
        if on_progress is not None:
            task.progressed.connect(on_progress)
        with self._lock:
            self._tasks.add(task)
            if self._closed:
                task.cancel()

        def done(value: T) -> None:
            task._end()
            task.finished.emit(value)
            if on_done is not None:
                on_done(value)

        def failed(exc: BaseException) -> None:
            task._end()
            task.failed.emit(exc)
            self._fail(on_error, exc)

        task._future = self.run_in_background(lambda: work(task.control), done, failed, lane)
        return task

    def _forget(self, task: Task[Any]) -> None:
        with self._lock:
            self._tasks.discard(task)

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
        """Cancel the long tasks, stop accepting work and wait for what runs (at exit)."""
        with self._lock:
            self._closed = True
            running = list(self._tasks)
        for task in running:
            task.cancel()
        for executor in self._executors.values():
            executor.shutdown(wait=True, cancel_futures=True)


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
    lane: Lane = Lane.DEFAULT,
) -> Future[T] | None:
    """:meth:`TaskManager.run_in_background` on the application's manager."""
    return manager().run_in_background(fn, on_done, on_error, lane)


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


__all__ = [
    "LANE_THREADS",
    "Lane",
    "Task",
    "TaskControl",
    "TaskManager",
    "manager",
    "run_in_background",
    "run_on_main",
    "wait_idle",
]
