"""The idle clear: after a while with nobody at the desk, no patron stays on any screen.

A patron's name, loans, fines or new card (a scannable credential) must not stay up for the
next person in the queue to read when staff step away. :class:`IdleWatch` is an application
event filter: any key press (a keyboard-wedge scan is key presses too), mouse press, wheel or
touch anywhere in the app counts as activity. It measures time on the application context's
elapsed clock (:attr:`AppContext.elapsed`, which keeps counting while the laptop is
suspended, and which the tests move themselves), and emits :attr:`IdleWatch.idle` once per
quiet spell longer than the ``idle_clear_seconds`` setting (0: never).

:class:`SleepWatch` says when the laptop has slept (the lid closed between two stops): the
window locks then (#17's idle lock, at once), so whoever opens the lid at the next stop finds
the sign-in screen, not the last patron.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from popup.ui.context import Elapsed

#: What a person at the desk does: the events that restart the count. A key that is a
#: shortcut (F2, F12, Ctrl+Z) never arrives as a KeyPress: the shortcut map takes it first,
#: after asking the focused widget with a ShortcutOverride.
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.Shortcut,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)

#: How often the watch looks at the clock: an idle clear comes at most this late.
POLL_MS = 1000
#: Time asleep shorter than this is not told: more than any stall of the event loop, which
#: both clocks count alike anyway.
SLEPT_SECONDS = 5.0


class IdleWatch(QObject):
    """Says when nobody has used the app for ``limit()`` seconds (read on every look, so a new
    setting applies at once; 0 or less: never).

    Signals:
        idle(int): the app was idle this many seconds (the setting); emitted once until the
            next activity.
    """

    idle = Signal(int)

    def __init__(
        self, elapsed: Elapsed, limit: Callable[[], int], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._elapsed = elapsed
        self._limit = limit
        self._last = elapsed()
        self._fired = False
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self.poke()
        return False  # only watching: every event goes on as before

    def poke(self) -> None:
        """Someone is here (a key, a click, a scan from the camera)."""
        self._last = self._elapsed()
        self._fired = False

    def idle_seconds(self) -> float:
        return self._elapsed() - self._last

    def check(self) -> None:
        """Emit :attr:`idle` if the quiet spell has just become long enough."""
        limit = self._limit()
        if self._fired or limit <= 0 or self.idle_seconds() < limit:
            return
        self._fired = True
        self.idle.emit(limit)

    def stop(self) -> None:
        self._timer.stop()


class SleepWatch(QObject):
    """Says when the laptop has slept: between two looks (every :data:`POLL_MS`), the clock
    that keeps counting while it sleeps (``elapsed``) went ahead of the one that stops
    (``awake``) by :data:`SLEPT_SECONDS` or more. The first look after waking tells, within a
    second of the lid opening.

    Signals:
        slept(float): the laptop was asleep about this many seconds; once per sleep.
    """

    slept = Signal(float)

    def __init__(self, elapsed: Elapsed, awake: Elapsed, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._elapsed = elapsed
        self._awake = awake
        self._gap = elapsed() - awake()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        """Emit :attr:`slept` if the laptop slept since the last look."""
        gap = self._elapsed() - self._awake()
        asleep, self._gap = gap - self._gap, gap
        if asleep >= SLEPT_SECONDS:
            self.slept.emit(asleep)

    def stop(self) -> None:
        self._timer.stop()


__all__ = ["ACTIVITY", "POLL_MS", "SLEPT_SECONDS", "IdleWatch", "SleepWatch"]
