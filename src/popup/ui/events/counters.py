"""The event screen's age-band counters: a big + and a − per band, with their shortcuts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from popup.domain.age_bands import AgeBand
from popup.ui import palette

#: Keyboard shortcuts exist for the first nine bands: Ctrl+n adds, Alt+n takes one off.
MAX_SHORTCUT_BANDS = 9


def plus_keys(n: int) -> str:
    return f"Ctrl+{n}"


def minus_keys(n: int) -> str:
    return f"Alt+{n}"


def _button(text: str, accessible: str, parent: QWidget, style: str) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(accessible)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan field keeps the keyboard
    button.setStyleSheet(style)
    return button


PLUS_STYLE = (
    f"QPushButton {{ background: {palette.OK}; color: white; border-radius: 8px;"
    " font-size: 30pt; font-weight: bold; padding: 4px; }"
    f" QPushButton:pressed {{ background: {palette.PLUS_PRESSED}; }}"
    f" QPushButton:disabled {{ background: {palette.PLUS_DISABLED}; }}"
)
MINUS_STYLE = (
    f"QPushButton {{ background: {palette.MINUS}; color: {palette.INK};"
    f" border: 1px solid {palette.MINUS_BORDER}; border-radius: 8px; font-size: 18pt;"
    f" padding: 2px; }} QPushButton:pressed {{ background: {palette.MINUS_PRESSED}; }}"
    f" QPushButton:disabled {{ color: {palette.MINUS_DISABLED}; }}"
)


class BandCounter(QFrame):
    """One age band: its label, its count and big + / − buttons with their shortcuts.

    Signals:
        tapped(str, int): band code and +1 / -1.
    """

    tapped = Signal(str, int)

    def __init__(self, band: AgeBand, number: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.band = band
        self.setObjectName("bandCounter")
        self.setStyleSheet(palette.panel("bandCounter", 10))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        self.label = QLabel(self.tr("Ages {0}").format(band.label), self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.count = QLabel("0", self)
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count.setStyleSheet(f"font-size: 38pt; font-weight: bold; color: {palette.NAVY};")
        self.count.setAccessibleName(self.tr("Count for ages {0}").format(band.label))
        minus_hint = f"  {minus_keys(number)}" if number else ""
        self.plus = _button("", self.tr("Add one, ages {0}").format(band.label), self, PLUS_STYLE)
        inside = QVBoxLayout(self.plus)
        inside.setContentsMargins(2, 2, 2, 6)
        inside.setSpacing(0)
        sign = QLabel("+", self.plus)
        sign.setStyleSheet("color: white; font-size: 44pt; font-weight: bold;")
        self.plus_hint = QLabel(plus_keys(number) if number else "", self.plus)
        self.plus_hint.setStyleSheet(f"color: {palette.PLUS_HINT}; font-size: 14pt;")
        for label in (sign, self.plus_hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            inside.addWidget(label)
        inside.setStretch(0, 1)
        self.plus.setMinimumHeight(96)
        self.plus.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.minus = _button(
            f"−{minus_hint}",
            self.tr("Take one off, ages {0}").format(band.label),
            self,
            MINUS_STYLE,
        )
        self.minus.setMinimumHeight(48)
        # The shortcut line on a button is smaller than its sign.
        for button in (self.plus, self.minus):
            button.setToolTip(button.accessibleName())
        layout.addWidget(self.label)
        layout.addWidget(self.count)
        layout.addWidget(self.plus, 1)
        layout.addWidget(self.minus)
        self.plus.clicked.connect(lambda: self.tapped.emit(band.code, 1))
        self.minus.clicked.connect(lambda: self.tapped.emit(band.code, -1))

    def set_count(self, n: int) -> None:
        self.count.setText(str(n))
        self.minus.setEnabled(n > 0)
