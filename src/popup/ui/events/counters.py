"""The event screen's age-band counters: a big + and a − per band, with their shortcuts.

On a narrow screen (1280 px, or Spanish band names) a counter's words shrink to fit its width
rather than being cut off; on a 1366 px screen they show at their full size.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from popup.domain.age_bands import AgeBand
from popup.ui import palette

#: Keyboard shortcuts exist for the first nine bands: Ctrl+n adds, Alt+n takes one off.
MAX_SHORTCUT_BANDS = 9
#: Point sizes of the band's name, the + button's shortcut line and the − button, at full
#: width; and the smallest any of them shrinks to.
LABEL_PT, HINT_PT, MINUS_PT, SMALLEST_PT = 15, 14, 18, 9


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


def minus_style(point_size: int) -> str:
    return (
        f"QPushButton {{ background: {palette.MINUS}; color: {palette.INK};"
        f" border: 1px solid {palette.MINUS_BORDER}; border-radius: 8px;"
        f" font-size: {point_size}pt; padding: 2px; }}"
        f" QPushButton:pressed {{ background: {palette.MINUS_PRESSED}; }}"
        f" QPushButton:disabled {{ color: {palette.MINUS_DISABLED}; }}"
    )


MINUS_STYLE = minus_style(MINUS_PT)


def fitting_size(font: QFont, text: str, width: int, largest: int) -> int:
    """The largest point size up to ``largest`` at which ``text`` fits in ``width`` pixels
    (never below :data:`SMALLEST_PT`)."""
    probe = QFont(font)
    for size in range(largest, SMALLEST_PT, -1):
        probe.setPointSize(size)
        if QFontMetrics(probe).boundingRect(text).width() <= width:  # the ink, not the advance
            return size
    return SMALLEST_PT


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
        layout.setSpacing(2)
        self.label = QLabel(self.tr("Ages {0}").format(band.label), self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.count = QLabel("0", self)
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count.setStyleSheet(f"font-size: 32pt; font-weight: bold; color: {palette.NAVY};")
        self.count.setAccessibleName(self.tr("Count for ages {0}").format(band.label))
        minus_hint = f"  {minus_keys(number)}" if number else ""
        self.plus = _button("", self.tr("Add one, ages {0}").format(band.label), self, PLUS_STYLE)
        inside = QVBoxLayout(self.plus)
        inside.setContentsMargins(2, 2, 2, 6)
        inside.setSpacing(0)
        sign = QLabel("+", self.plus)
        sign.setStyleSheet("color: white; font-size: 30pt; font-weight: bold;")
        self.plus_hint = QLabel(plus_keys(number) if number else "", self.plus)
        for label in (sign, self.plus_hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            inside.addWidget(label)
        inside.setStretch(0, 1)
        # Still a thumb-sized target (it grows on taller screens); a taller minimum pushed the
        # card field and the banner below a netbook's fold.
        # Never less than the sign and its shortcut line inside it need, or they spill out.
        self.plus.setMinimumHeight(max(64, inside.minimumSize().height()))
        self.plus.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.minus = _button(
            f"−{minus_hint}",
            self.tr("Take one off, ages {0}").format(band.label),
            self,
            MINUS_STYLE,
        )
        self.minus.setMinimumHeight(38)
        self._sizes: tuple[int, int, int] | None = None
        self._fit()
        # The shortcut line on a button is smaller than its sign.
        for button in (self.plus, self.minus):
            button.setToolTip(button.accessibleName())
        layout.addWidget(self.label)
        layout.addWidget(self.count)
        layout.addWidget(self.plus, 1)
        layout.addWidget(self.minus)
        self.plus.clicked.connect(lambda: self.tapped.emit(band.code, 1))
        self.minus.clicked.connect(lambda: self.tapped.emit(band.code, -1))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Size the band's name and the shortcut lines to the counter's width."""
        room = self.contentsRect().width() - 16  # the layout's margins
        heading = QFont(self.font())
        heading.setWeight(QFont.Weight.DemiBold)  # the label's font-weight: 600
        sizes = (
            fitting_size(heading, self.label.text(), room, LABEL_PT),
            fitting_size(self.font(), self.plus_hint.text(), room - 12, HINT_PT),
            fitting_size(self.font(), self.minus.text(), room - 14, MINUS_PT),
        )
        if sizes == self._sizes:
            return
        self._sizes = sizes
        label, hint, minus = sizes
        self.label.setStyleSheet(f"font-size: {label}pt; font-weight: 600;")
        self.plus_hint.setStyleSheet(f"color: {palette.PLUS_HINT}; font-size: {hint}pt;")
        self.minus.setStyleSheet(minus_style(minus))

    def set_count(self, n: int) -> None:
        self.count.setText(str(n))
        self.minus.setEnabled(n > 0)
