"""The PySide6 6.12.0 emit() refcount work-around keeps a long session alive."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import QObject, Signal

import popup.ui  # noqa: F401  (applies the work-around)
from popup.ui import qt_compat


class _Pinger(QObject):
    ping = Signal(int)


def test_many_emits_leave_true_alive() -> None:
    pinger = _Pinger()
    got: list[int] = []
    pinger.ping.connect(got.append)
    for n in range(50_000):  # more than True's natural reference count
        pinger.ping.emit(n)
    assert len(got) == 50_000
    assert sys.getrefcount(True) > 1_000_000 or not qt_compat.emit_leaks_true()


def test_a_fresh_interpreter_survives_an_emit_storm_and_exits_cleanly() -> None:
    code = (
        "import popup.ui\n"
        "from PySide6.QtCore import QObject, Signal\n"
        "class P(QObject):\n"
        "    s = Signal()\n"
        "p = P()\n"
        "for _ in range(100_000):\n"
        "    p.s.emit()\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
