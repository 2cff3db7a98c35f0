"""The background helper: work off the GUI thread, callbacks on it."""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import QThread

from popup.ui import tasks


def test_result_comes_back_on_the_gui_thread(qtbot: Any) -> None:
    gui = QThread.currentThread()
    worker_threads: list[threading.Thread] = []
    got: list[tuple[int, bool]] = []

    def work() -> int:
        worker_threads.append(threading.current_thread())
        return 6 * 7

    with qtbot.waitSignal(tasks.manager().idle):
        tasks.run_in_background(work, lambda v: got.append((v, QThread.currentThread() is gui)))
    assert got == [(42, True)]
    assert worker_threads[0] is not threading.main_thread()


def test_errors_go_to_on_error_on_the_gui_thread(qtbot: Any) -> None:
    gui = QThread.currentThread()
    errors: list[tuple[str, bool]] = []

    def boom() -> None:
        raise ValueError("bad frame")

    with qtbot.waitSignal(tasks.manager().idle):
        tasks.run_in_background(
            boom,
            on_done=lambda _v: errors.append(("done?!", False)),
            on_error=lambda e: errors.append((str(e), QThread.currentThread() is gui)),
        )
    assert errors == [("bad frame", True)]


def test_synchronous_mode_runs_inline(qtbot: Any) -> None:
    mgr = tasks.TaskManager()
    mgr.synchronous = True
    got: list[int] = []
    failures: list[BaseException] = []
    with qtbot.waitSignal(mgr.idle):
        assert mgr.run_in_background(lambda: 1, got.append) is None
    assert got == [1]
    mgr.run_in_background(lambda: 1 // 0, got.append, failures.append)
    assert isinstance(failures[0], ZeroDivisionError)
    assert mgr.pending == 0
    mgr.shutdown()


def test_wait_idle_waits_for_many_tasks() -> None:
    got: list[int] = []
    for n in range(20):
        tasks.run_in_background(lambda n=n: n * n, got.append)
    assert tasks.wait_idle(5000)
    assert sorted(got) == [n * n for n in range(20)]


# -- long tasks: progress, cancel, lanes ------------------------------------------------------


def test_a_task_reports_progress_in_order_then_its_result(qtbot: Any) -> None:
    gui = QThread.currentThread()
    seen: list[tuple[int, bool]] = []

    def work(control: tasks.TaskControl) -> str:
        for step in range(5):
            control.report(step)
        return "done"

    task = tasks.manager().start(
        work,
        lane=tasks.Lane.IO,
        on_progress=lambda step: seen.append((step, QThread.currentThread() is gui)),
    )
    with qtbot.waitSignal(task.finished) as finished:
        pass
    assert finished.args == ["done"]
    assert seen == [(step, True) for step in range(5)]
    assert task.ended and not task.cancelled


def test_latest_only_progress_merges_a_burst(qtbot: Any) -> None:
    seen: list[int] = []

    def work(control: tasks.TaskControl) -> int:
        for step in range(2000):
            control.report(step)
        return 0

    task = tasks.manager().start(work, on_progress=seen.append, latest_only=True)
    with qtbot.waitSignal(task.finished):
        pass
    assert seen and seen[-1] == 1999 and seen == sorted(seen)
    assert len(seen) < 2000  # the GUI was not sent one closure per step


def test_cancel_stops_the_work_at_its_next_safe_point(qtbot: Any) -> None:
    started = threading.Event()

    def work(control: tasks.TaskControl) -> int:
        started.set()
        rounds = 0
        while not control.stopping():
            control.nap(0.01)
            rounds += 1
        return rounds

    task = tasks.manager().start(work, lane=tasks.Lane.IO)
    assert started.wait(5)
    with qtbot.waitSignal(task.finished) as finished:
        task.cancel()
    assert task.cancelled and isinstance(finished.args[0], int)


def test_a_failure_reaches_on_error_and_the_failed_signal(qtbot: Any) -> None:
    errors: list[BaseException] = []

    def work(_control: tasks.TaskControl) -> None:
        raise OSError("disk full")

    task = tasks.manager().start(work, lane=tasks.Lane.IO, on_error=errors.append)
    with qtbot.waitSignal(task.failed) as failed:
        pass
    assert isinstance(failed.args[0], OSError) and errors == [failed.args[0]]


def test_a_long_io_task_never_starves_the_default_lane(qtbot: Any) -> None:
    """A MARC import holds the io lane for minutes; camera frames still decode meanwhile."""
    mgr = tasks.manager()
    release = threading.Event()
    names: dict[str, str] = {}

    def long_import(_control: tasks.TaskControl) -> None:
        names["io"] = threading.current_thread().name
        release.wait(10)

    blocker = mgr.start(long_import, lane=tasks.Lane.IO)
    try:
        got: list[int] = []
        for n in range(5):  # more than the default lane's two threads
            mgr.run_in_background(lambda n=n: n, got.append)
        qtbot.waitUntil(lambda: len(got) == 5, timeout=5000)
        assert not blocker.ended  # the import is still running
        frame_done: list[str] = []
        mgr.run_in_background(lambda: threading.current_thread().name, frame_done.append)
        qtbot.waitUntil(lambda: bool(frame_done))
        assert frame_done[0].startswith("popup-default")
    finally:
        release.set()
    with qtbot.waitSignal(blocker.finished):
        pass
    assert names["io"].startswith("popup-io")


def test_the_sync_lane_runs_one_thing_at_a_time(qtbot: Any) -> None:
    mgr = tasks.manager()
    running = 0
    most = 0
    lock = threading.Lock()

    def step(_control: tasks.TaskControl) -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.02)
        with lock:
            running -= 1

    started = [mgr.start(step, lane=tasks.Lane.SYNC) for _ in range(4)]
    qtbot.waitUntil(lambda: all(task.ended for task in started), timeout=5000)
    assert most == 1


def test_shutdown_cancels_long_tasks_and_waits_for_them(qtbot: Any) -> None:
    mgr = tasks.TaskManager()
    started = threading.Event()

    def work(control: tasks.TaskControl) -> bool:
        started.set()
        return control.cancelled.wait(10)

    task = mgr.start(work, lane=tasks.Lane.IO)
    assert started.wait(5)
    mgr.shutdown()  # returns once the work has returned
    assert task.cancelled and task.wait(0)
    with qtbot.waitSignal(task.finished) as finished:
        pass
    assert finished.args == [True]
