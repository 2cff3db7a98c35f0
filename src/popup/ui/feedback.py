"""Outcome feedback: a distinct sound and colour for OK, attention and problem.

Sounds are small WAVs in ``resources/sounds`` (made by ``make_sounds.py`` there). Playing them
never fails loudly: without an audio device, without QtMultimedia, under the offscreen test
platform or with ``POPUP_SOUND=0``, the desk is silent and works the same.
"""

from __future__ import annotations

import enum
import logging
import os

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QWidget

from popup import paths
from popup.ui import palette
from popup.ui.widgets import LiveText

log = logging.getLogger(__name__)


class Outcome(enum.Enum):
    OK = "ok"
    ATTENTION = "attention"
    PROBLEM = "problem"


#: Background / text colours: green, amber, red, each readable with its text colour (WCAG AA).
COLOURS: dict[Outcome, tuple[str, str]] = {
    Outcome.OK: (palette.OK, palette.WHITE),
    Outcome.ATTENTION: (palette.ATTENTION, palette.INK),
    Outcome.PROBLEM: (palette.PROBLEM, palette.WHITE),
}


def sound_wanted() -> bool:
    if os.environ.get("POPUP_SOUND", "1") == "0":
        return False
    return QGuiApplication.platformName() not in ("offscreen", "minimal")


class Sounds(QObject):
    """Plays the outcome sounds; silently does nothing when sound is unavailable.

    Signals: none.

    Attributes:
        enabled: whether sounds are played at all.
        played: the outcomes played so far (kept for tests and the self-test; last 50).
    """

    def __init__(self, parent: QObject | None = None, enabled: bool | None = None) -> None:
        super().__init__(parent)
        self.enabled = sound_wanted() if enabled is None else enabled
        self.played: list[Outcome] = []
        self._effects: dict[Outcome, QObject] = {}
        if self.enabled:
            self._load()

    def _load(self) -> None:
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:
            log.info("QtMultimedia missing: desk sounds off")
            self.enabled = False
            return
        folder = paths.resources_dir() / "sounds"
        for outcome in Outcome:
            wav = folder / f"{outcome.value}.wav"
            if not wav.exists():
                continue
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(wav)))
            effect.setVolume(0.8)
            self._effects[outcome] = effect

    def play(self, outcome: Outcome) -> None:
        self.played = [*self.played[-49:], outcome]
        if not self.enabled:
            return
        effect = self._effects.get(outcome)
        if effect is None:
            return
        try:
            effect.play()  # type: ignore[attr-defined]
        except RuntimeError:  # device vanished mid-session: carry on silently
            self.enabled = False


class Banner(LiveText):
    """The big coloured box under a scan field saying what just happened.

    Painted by itself (see :class:`~popup.ui.widgets.LiveText`): a new message repaints this box
    only, never the page.

    Signals: none.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, point_size=16, bold=True, lines=2, padding=4)
        self.setAccessibleName(self.tr("Last scan result"))
        self.outcome: Outcome | None = None
        self.clear_message()

    def show_message(self, outcome: Outcome, text: str) -> None:
        background, foreground = COLOURS[outcome]
        self.outcome = outcome
        self.set_colours(QColor(background), QColor(foreground))
        self.setText(text)

    def clear_message(self) -> None:
        self.outcome = None
        self.set_colours(QColor(palette.IDLE), QColor(palette.IDLE_TEXT))
        self.setText(self.tr("Ready to scan"))


def colour(outcome: Outcome) -> QColor:
    return QColor(COLOURS[outcome][0])
