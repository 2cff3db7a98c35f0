"""The clock warning: the window looks at the laptop's clock and says when it looks wrong.

:class:`ClockMonitor` runs the rule (:class:`popup.domain.clock.ClockWatch`) at start, every
:data:`CHECK_INTERVAL_MS` (reading the store's times, :mod:`popup.store.clockwatch`) and before
every action (clocks only: :meth:`ClockMonitor.before_action`, called by every
:class:`~popup.ui.actions.Attempt`), so a jump is seen before the next action is recorded.
:class:`ClockBar` shows what looks wrong across the top of every page, in the UI language.

It warns and does not block. Checkouts go on offline whatever the clock says (a prompt in the
middle of a queue would stop the desk, and many bookmobile laptops let staff open no system
settings); what staff need is to know, so that they fix the clock or call someone who can.
The bar stays until the clock looks right again or staff say it is ("The time is right").
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from popup.domain import messages
from popup.domain.clock import ADVICE, ClockWarning, ClockWatch, Evidence, Reading
from popup.store import clockwatch
from popup.store.db import Store
from popup.ui import palette
from popup.ui.text import sentence, translated
from popup.ui.widgets import LiveText

log = logging.getLogger(__name__)

#: How often the clock is looked at between actions.
CHECK_INTERVAL_MS = 30_000


def warning_text(warning: ClockWarning) -> str:
    """What looks wrong and what to do, in the UI language ("… about a year forward …")."""
    unit, _count = warning.amount
    clock = messages.CLOCK
    amount = sentence(clock, unit, warning.params, clock.english(unit, warning.params))
    extra = {"amount": amount}
    said = sentence(clock, warning.key, (), clock.english(warning.key, (), extra), extra)
    return f"{said} {translated(clock, ADVICE)}"


class ClockMonitor(QObject):
    """Looks at the clock (see the module's notes); one per application context.

    Signals:
        changed(object): the :class:`ClockWarning` now in force, or None once the clock looks
            right again.

    Attributes:
        warning: the warning in force, or None.
    """

    changed = Signal(object)

    def __init__(
        self,
        store: Store,
        clock: Callable[[], datetime],
        elapsed: Callable[[], float],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self._elapsed = elapsed
        self._watch = ClockWatch()
        self.warning: ClockWarning | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        """Look now (the window is up) and then every :data:`CHECK_INTERVAL_MS`."""
        self.check()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _reading(self) -> Reading:
        return Reading(self._clock(), self._elapsed())

    def check(self) -> ClockWarning | None:
        """Look at the clocks and the store's times."""
        try:
            evidence: Evidence | None = clockwatch.evidence(self._store)
        except Exception as exc:  # the store's trouble is the actions' to report, not ours
            log.warning("clock check could not read the store: %s", type(exc).__name__)
            evidence = None
        return self._publish(self._watch.check(self._reading(), evidence))

    def before_action(self) -> None:
        """Look at the clocks only (no store read: this runs before every scan)."""
        self._publish(self._watch.check(self._reading()))

    def accept(self) -> None:
        """Staff say the date and time are right."""
        log.info("clock warning dismissed by staff")
        self._watch.accept(self._reading())
        self._publish(None)

    def _publish(self, warning: ClockWarning | None) -> ClockWarning | None:
        if warning != self.warning:
            if warning is not None:
                log.warning(
                    "clock looks wrong: %s, off by %.0f s",
                    warning.key,
                    warning.off_by.total_seconds(),
                )
            else:
                log.info("clock looks right again")
            self.warning = warning
            self.changed.emit(warning)
        return warning


class ClockBar(QFrame):
    """The warning across the top of the pages; hidden while the clock looks right.

    Signals:
        accepted(): "The time is right" was pressed.
    """

    accepted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clockBar")
        self.setStyleSheet(f"#clockBar {{ background: {palette.ATTENTION}; border-radius: 6px; }}")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 2, 8, 2)
        # Two lines at most, the words smaller where they need more (Spanish, a 1024 px
        # screen): the bar takes the same room from the page on every screen.
        self.label = LiveText(self, point_size=12, lines=2)
        colours = self.label.palette()
        colours.setColor(QPalette.ColorRole.Window, QColor(palette.ATTENTION))
        self.label.setPalette(colours)
        self.label.set_colours(None, QColor(palette.INK))
        self.label.setAccessibleName(self.tr("Clock warning"))
        self.button = QPushButton(self.tr("The time is right"), self)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan field keeps the keyboard
        self.button.setStyleSheet("font-size: 12pt; padding: 4px 10px;")
        self.button.setToolTip(
            self.tr("Hide this warning: the date and time on this laptop are right.")
        )
        self.button.clicked.connect(self.accepted)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.warning: ClockWarning | None = None
        self.hide()

    def show_warning(self, warning: ClockWarning | None) -> None:
        self.warning = warning
        if warning is None:
            self.label.setText("")
            self.hide()
            return
        headline = self.tr("Check the date and time:")
        self.label.setText(f"{headline} {warning_text(warning)}")
        self.show()

    def retranslate(self) -> None:
        self.button.setText(self.tr("The time is right"))
        self.show_warning(self.warning)


__all__ = ["CHECK_INTERVAL_MS", "ClockBar", "ClockMonitor", "warning_text"]
