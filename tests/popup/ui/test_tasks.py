"""The background helper: work off the GUI thread, callbacks on it."""

from __future__ import annotations

import threading
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
