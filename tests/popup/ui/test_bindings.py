"""The Qt binding we ship survives a long session of signals.

PySide6 6.12.0 dropped a reference to ``True`` (and ``None``) on every ``Signal.emit()``; a
minute of camera scanning aborted the app with "bool_dealloc". pyproject.toml excludes it;
these tests fail on any binding with that bug.
"""

from __future__ import annotations

import gc
import subprocess
import sys

from PySide6.QtCore import QObject, Signal


class _Pinger(QObject):
    bare = Signal()
    number = Signal(int)
    anything = Signal(object)


def test_emits_keep_reference_counts_of_singletons() -> None:
    pinger = _Pinger()
    got: list[object] = []
    pinger.bare.connect(lambda: got.append(1))
    pinger.number.connect(got.append)
    pinger.anything.connect(got.append)
    gc.disable()
    try:
        before = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None))
        for n in range(200):
            pinger.bare.emit()
            pinger.number.emit(n)
            pinger.anything.emit(None)
        after = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None))
    finally:
        gc.enable()
    assert len(got) == 600
    # got holds 200 extra references to None; nothing else may change.
    assert after == (before[0], before[1], before[2] + 200)


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
