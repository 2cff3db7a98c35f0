"""Small widgets for text that changes on every scan without re-laying out the window.

A ``QLabel`` whose text changes asks its parents for a new layout, and the layout pass repaints
the whole page: about 10 ms per scan on a small laptop. :class:`LiveText` paints its text
itself in a box of fixed height, so a change repaints only that box.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QTextOption
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

#: :class:`LiveText` shrinks a text that does not fit down to this size, no further.
SMALLEST_POINT_SIZE = 10


class LiveText(QWidget):
    """One or two lines of text in a fixed-height box, optionally on a rounded colour panel;
    a text too long for the box is painted smaller.

    Signals: none.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        point_size: int = 14,
        bold: bool = False,
        lines: int = 1,
        padding: int = 0,
    ) -> None:
        super().__init__(parent)
        font = QFont(self.font())
        font.setPointSize(point_size)
        font.setBold(bold)
        self.setFont(font)
        self._text = ""
        self._background: QColor | None = None
        self._foreground: QColor | None = None
        self._padding = padding
        self._alignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        height = self.fontMetrics().lineSpacing() * lines + 2 * padding + 4
        self.setFixedHeight(height)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        # Opaque: the widget paints every pixel itself, so a change never repaints its parents.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.setAccessibleDescription(text)
            self.setToolTip(text)  # all of it, when the box shows it shortened
            self.update()

    def clear(self) -> None:
        self.setText("")

    def set_colours(self, background: QColor | None, foreground: QColor | None) -> None:
        self._background = background
        self._foreground = foreground
        self.update()

    def setAlignment(self, alignment: Qt.AlignmentFlag) -> None:
        self._alignment = alignment
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(max(200, self.minimumWidth()), self.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        painter.fillRect(self.rect(), self.palette().window())
        if self._background is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._background)
            painter.drawRoundedRect(rect, 6, 6)
        painter.setPen(self._foreground or self.palette().windowText().color())
        painter.setFont(self.font())
        inner = rect.adjusted(self._padding + 6, 0, -self._padding - 6, 0)
        option = QTextOption(self._alignment)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        font = self._fitting_font(inner)
        painter.setFont(font)
        painter.drawText(inner, self._shown(font, inner), option)
        painter.end()

    def _fits(self, font: QFont, room: QRectF, text: str) -> bool:
        flags = int(self._alignment) | Qt.TextFlag.TextWordWrap.value
        needed = QFontMetricsF(font).boundingRect(room, flags, text)
        return needed.height() <= room.height() and needed.width() <= room.width()

    def _shown(self, font: QFont, room: QRectF) -> str:
        """The text, or as much of it as fits at the smallest size, ending in "…" (never cut
        off mid-line; the whole text is in the tooltip and the accessible description)."""
        if self._fits(font, room, self._text):
            return self._text
        low, high = 0, len(self._text)
        while low < high:  # the longest prefix that fits with its ellipsis
            middle = (low + high + 1) // 2
            if self._fits(font, room, self._text[:middle].rstrip() + "…"):
                low = middle
            else:
                high = middle - 1
        return self._text[:low].rstrip() + "…"

    def _fitting_font(self, room: QRectF) -> QFont:
        """The widget's font, smaller if the text would not fit the box otherwise (a long
        sentence, or a translation longer than the English, on a narrow screen)."""
        font = QFont(self.font())
        while font.pointSize() > SMALLEST_POINT_SIZE and not self._fits(font, room, self._text):
            font.setPointSize(font.pointSize() - 1)
        return font


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when its room is too narrow for the whole text,
    instead of being cut off at both ends (the header's stop on a 1024-pixel screen). The whole
    text stays in the tooltip and for screen readers.

    Signals: none.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setAccessibleDescription(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(self.palette().windowText().color())
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, self.width()
        )
        painter.drawText(self.rect(), int(self.alignment()), shown)
        painter.end()
