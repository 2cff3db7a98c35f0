"""The application context: what every page needs, built once at start-up and passed in.

:func:`AppContext.create` makes it over an open store (``popup.ui.app`` does, and so do the
tests with their own clock); the main window and every page take it as their first argument.
Nothing is looked up elsewhere: no module globals, no attributes hung on the window, no
``getattr`` probing. It holds

* the store, and the services over it: :attr:`~AppContext.desk` (circulation),
  :attr:`~AppContext.events` (stops, events, attendance), :attr:`~AppContext.signup`;
* :attr:`~AppContext.staff`, the staff book: sign-in, approvals, unlocking (#17); who is
  signed in is ``store.actor`` (None: the window is locked);
* :attr:`~AppContext.sounds`, the one :attr:`~AppContext.clock` (:func:`system_clock` unless a
  test gives another), :attr:`~AppContext.elapsed` (:func:`system_elapsed`, time that only
  moves forward) and :attr:`~AppContext.awake` (:func:`system_awake`, the same but stopped
  while the laptop sleeps), the data directory :attr:`~AppContext.home`;
* :attr:`~AppContext.clock_watch`, which says when the clock looks wrong
  (:mod:`popup.ui.clock_warning`);
* :attr:`~AppContext.sync`, the sync settings (``--sync-server``, poll interval, whether to
  start the background sync);
* :attr:`~AppContext.tasks`, the background-work helper (:mod:`popup.ui.tasks`);
* :attr:`~AppContext.changes`, the "store changed" signal (:class:`StoreChanges`).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from popup.domain import signup as rules
from popup.domain.due_dates import local_date
from popup.store import signup as store_signup
from popup.store.cards import Cards
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.events import Events
from popup.store.library import LibraryConfig
from popup.store.notify import StoreChange
from popup.store.staff import StaffBook
from popup.ui.clock_warning import ClockMonitor
from popup.ui.feedback import Sounds
from popup.ui.tasks import TaskManager, manager

Clock = Callable[[], datetime]
#: Seconds on a clock that only moves forward (see :func:`system_elapsed`).
Elapsed = Callable[[], float]


def system_clock() -> datetime:
    """The computer's clock, in UTC: the one place the UI reads the time of day."""
    return datetime.now(UTC)


def system_elapsed() -> float:
    """Seconds that only move forward and keep counting while the laptop is suspended, where
    the system offers such a clock: a lid closed between two stops is no clock jump."""
    if hasattr(time, "CLOCK_BOOTTIME"):  # Linux: CLOCK_MONOTONIC stops while suspended
        return time.clock_gettime(time.CLOCK_BOOTTIME)
    if sys.platform == "darwin":  # macOS: monotonic() stops while asleep, this does not
        return time.clock_gettime(time.CLOCK_MONOTONIC)
    return time.monotonic()  # Windows: QueryPerformanceCounter counts sleep too


def system_awake() -> float:
    """Seconds that stop while the laptop sleeps (suspended, the lid closed): set against
    :func:`system_elapsed`, which keeps counting, the difference grows by the time asleep
    (:class:`popup.ui.idle.SleepWatch`)."""
    if sys.platform == "darwin":
        return time.clock_gettime(time.CLOCK_UPTIME_RAW)  # stops while asleep
    if sys.platform == "win32":
        import ctypes

        count = ctypes.c_ulonglong()  # 100 ns units, sleep and hibernation left out
        ctypes.windll.kernel32.QueryUnbiasedInterruptTime(ctypes.byref(count))
        return count.value / 1e7
    return time.clock_gettime(time.CLOCK_MONOTONIC)  # Linux: stops while suspended


@dataclass(frozen=True)
class SyncSettings:
    """How the app syncs (``popup --sync-server URL`` and the polling figures)."""

    #: Use this server instead of the enrolled one (and offer enrollment there if not enrolled).
    server_override: str | None = None
    #: How often the server's /health is asked.
    poll_seconds: float = 15.0
    #: Longest time between passes while online.
    auto_seconds: float = 300.0
    #: Start the background sync at start-up (when enrolled).
    start: bool = True

    @classmethod
    def from_option(cls, sync_server: str | None) -> SyncSettings:
        """From ``--sync-server``: a blank value is no override."""
        url = (sync_server or "").strip()
        return cls(server_override=url or None)


class StoreChanges(QObject):
    """The store's change notification (:meth:`Store.subscribe`) as a Qt signal.

    The store tells its listeners on the thread that committed: the GUI thread for the desk's
    own writes, a worker for a sync pass or an import. Either way :attr:`changed` is emitted
    on the GUI thread: at once for a write made on it (so a page's own Undo is reflected
    before the page goes on), queued for a write made elsewhere.

    Signals:
        changed(object): a :class:`~popup.store.notify.StoreChange` was committed.
        _arrived(object): internal; a change from any thread, on its way to the GUI thread.
    """

    changed = Signal(object)
    _arrived = Signal(object)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._arrived.connect(self._on_arrived)
        self._unsubscribe: Callable[[], None] | None = store.subscribe(self._listen)

    def _listen(self, change: StoreChange) -> None:  # the committing thread
        try:
            self._arrived.emit(change)  # queued when this is not the GUI thread
        except RuntimeError:  # the app is closing and this object is gone
            self.close()

    @Slot(object)
    def _on_arrived(self, change: StoreChange) -> None:
        self.changed.emit(change)

    def close(self) -> None:
        """Stop listening to the store (the app is closing)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None


@dataclass(frozen=True)
class SignupService:
    """The sign-up store functions over one store, with the context's clock."""

    store: Store
    clock: Clock

    def block_status(self, config: LibraryConfig) -> store_signup.BlockStatus:
        return store_signup.block_status(self.store, config)

    def duplicates(self, clean: rules.CleanSignup) -> list[store_signup.DuplicateMatch]:
        return store_signup.duplicates(self.store, clean)

    def register(
        self, clean: rules.CleanSignup, config: LibraryConfig, allow_duplicate: bool
    ) -> store_signup.Registered:
        return store_signup.register(
            self.store, clean, now=self.clock(), config=config, allow_duplicate=allow_duplicate
        )


@dataclass(frozen=True, eq=False)
class AppContext:
    """Everything the window and its pages share (see the module's notes)."""

    store: Store
    home: Path
    clock: Clock
    desk: Desk
    #: Lookup by name, lost-card replacement and card renewal (#15).
    cards: Cards
    events: Events
    signup: SignupService
    #: Sign-in, a staff member's approval, unlocking (#17).
    staff: StaffBook
    sounds: Sounds
    sync: SyncSettings
    tasks: TaskManager
    elapsed: Elapsed
    #: Seconds that stop while the laptop sleeps (:func:`system_awake`).
    awake: Elapsed
    clock_watch: ClockMonitor = field(repr=False)
    changes: StoreChanges = field(repr=False)

    @classmethod
    def create(
        cls,
        store: Store,
        home: Path | None = None,
        *,
        clock: Clock = system_clock,
        elapsed: Elapsed = system_elapsed,
        awake: Elapsed = system_awake,
        sounds: Sounds | None = None,
        sync: SyncSettings | None = None,
        task_manager: TaskManager | None = None,
    ) -> AppContext:
        """The context over ``store``; ``home`` defaults to the store file's directory."""
        return cls(
            store=store,
            home=home or Path(store.path).parent,
            clock=clock,
            desk=Desk(store, clock=clock),
            cards=Cards(store, clock=clock),
            events=Events(store, clock=clock),
            signup=SignupService(store, clock),
            staff=StaffBook(store, clock),
            sounds=sounds or Sounds(),
            sync=sync or SyncSettings(),
            tasks=task_manager or manager(),
            elapsed=elapsed,
            awake=awake,
            clock_watch=ClockMonitor(store, clock, elapsed),
            changes=StoreChanges(store),
        )

    def today(self) -> date:
        """Today in the library's time zone."""
        return local_date(self.clock(), self.desk.config.zone)

    def close(self) -> None:
        """Stop delivering store changes and looking at the clock (before the store closes)."""
        self.clock_watch.stop()
        self.changes.close()


__all__ = [
    "AppContext",
    "Clock",
    "Elapsed",
    "SignupService",
    "StoreChanges",
    "SyncSettings",
    "system_awake",
    "system_clock",
    "system_elapsed",
]
