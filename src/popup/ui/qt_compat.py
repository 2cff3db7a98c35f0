"""Work-arounds for bugs in the Qt bindings we ship with.

PySide6 6.12.0 on CPython 3.11: ``SignalInstance.emit()`` returns ``True`` without taking a
reference to it, so every Python-side ``emit()`` call takes one reference away from ``True``.
After some thousands of emits (a camera running for a minute, a few hundred scans) ``True``'s
count reaches zero and the interpreter aborts with "Fatal Python error: bool_dealloc". CPython
3.12+ makes ``True``/``False`` immortal, which hides the bug there.

:func:`protect_bools` detects the leak with one test emit and, only if it is present, gives
``True`` and ``False`` a reference count so large that no session can use it up - what CPython
3.12 does for them anyway. It is called once when :mod:`popup.ui` is imported.
"""

from __future__ import annotations

import ctypes
import gc
import sys

#: Added to the reference count: 2**40 emits is several thousand years of scanning.
_HEADROOM = 1 << 40

_done = False


def emit_leaks_true() -> bool:
    """True if ``Signal.emit()`` drops a reference to ``True`` (the PySide6 6.12.0 bug)."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    gc.disable()
    try:
        before = sys.getrefcount(True)
        for _ in range(8):
            probe.ping.emit()
        after = sys.getrefcount(True)
    finally:
        gc.enable()
    return after < before


def protect_bools() -> bool:
    """Apply the work-around if needed. Returns True if it was applied (now or before)."""
    global _done
    if _done:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not emit_leaks_true():
        return False
    for obj in (True, False):
        # ob_refcnt is the first field of every CPython object; id() is its address.
        count = ctypes.c_ssize_t.from_address(id(obj))
        count.value += _HEADROOM
    _done = True
    return True
