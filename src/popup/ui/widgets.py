"""Small widgets for text that changes on every scan without re-laying out the window.

A ``QLabel`` whose text changes asks its parents for a new layout, and the layout pass repaints
the whole page: about 10 ms per scan on a small laptop. :class:`LiveText` paints its text
itself in a box of fixed height, so a change repaints only that box.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QMargins,
    QObject,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextOption,
)
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

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
        inner = self._inner()
        option = QTextOption(self._alignment)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        font = self._fitting_font(inner)
        painter.setFont(font)
        painter.drawText(inner, self._shown(font, inner), option)
        painter.end()

    def _inner(self) -> QRectF:
        return QRectF(self.rect()).adjusted(self._padding + 6, 0, -self._padding - 6, 0)

    def shown_text(self) -> str:
        """The text as it is painted now: shortened with "…" when even the smallest size
        cannot hold it in the box."""
        inner = self._inner()
        return self._shown(self._fitting_font(inner), inner)

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


class ListField(QLineEdit):
    """A field typed into above a list of what it finds (a search, a lookup by name): Down
    moves to the list, as staff expect without reaching for the mouse.

    Signals:
        down(): Down was pressed in the field (the page moves the focus to its list).
    """

    down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        super().keyPressEvent(event)


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


class FlowLayout(QLayout):
    """Buttons side by side while the row is wide enough, wrapping onto a second line when it
    is not (a 1024-pixel screen, a longer translation): no button text is ever cut. Each item
    keeps its size hint; a full line is stretched to the row's width."""

    def __init__(
        self, parent: QWidget | None = None, spacing: int = 6, balanced: bool = False
    ) -> None:
        super().__init__(parent)
        #: Wrapped lines hold about as many items each (4 + 3 tiles, not 6 + 1 stretched).
        self.balanced = balanced
        self._items: list[QLayoutItem] = []
        # The width it was last placed at and the height its lines took there: Qt forgets a
        # layout's geometry whenever it invalidates it, and the minimum height depends on it.
        self._placed_width = 0
        self._height = 0
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        height = self._place(rect, apply=True)
        self._placed_width = rect.width()
        if height != self._height:
            # Wrapping onto another line (or back) changes this layout's minimum height, which
            # the layouts above cached before it had a width: have them ask again, or the
            # page keeps its old minimum and squeezes what lies below (the events page's
            # counters under a wrapped stop/event row; the patron panel's renew buttons).
            self._height = height
            QTimer.singleShot(0, self, self._ask_again)  # not inside a layout pass

    def _ask_again(self) -> None:
        layout: QObject | None = self
        while isinstance(layout, QLayout):
            layout.invalidate()
            layout = layout.parent()
        if isinstance(layout, QWidget):
            layout.updateGeometry()  # on up to the page, which PageScroll refits

    def sizeHint(self) -> QSize:
        shown = self._shown()
        margins = self.contentsMargins()
        width = sum(i.sizeHint().width() for i in shown) + self.spacing() * max(0, len(shown) - 1)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width, height) + QSize(
            margins.left() + margins.right(), margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:
        margins: QMargins = self.contentsMargins()
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.sizeHint())
        size += QSize(margins.left() + margins.right(), margins.top() + margins.bottom())
        # As tall as the lines it wraps into at its present width: a window scrolls by its
        # pages' minimum sizes (PageScroll), and two lines of buttons must not overlap below.
        if self._placed_width > 0:
            size.setHeight(max(size.height(), self.heightForWidth(self._placed_width)))
        return size

    def _shown(self) -> list[QLayoutItem]:
        shown = []
        for item in self._items:
            widget = item.widget()
            if widget is None or not widget.isHidden():
                shown.append(item)
        return shown

    def _lines(self, width: int) -> list[list[QLayoutItem]]:
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            needed = item.sizeHint().width()
            if lines[-1] and used + self.spacing() + needed > width:
                lines.append([])
                used = 0
            used += (self.spacing() if lines[-1] else 0) + needed
            lines[-1].append(item)
        lines = [line for line in lines if line]
        if self.balanced and len(lines) > 1:
            items = [item for line in lines for item in line]
            per_line = -(-len(items) // len(lines))
            even = [items[i : i + per_line] for i in range(0, len(items), per_line)]
            if all(self._width(line) <= width for line in even):
                return even
        return lines

    def _width(self, line: list[QLayoutItem]) -> int:
        return sum(i.sizeHint().width() for i in line) + self.spacing() * (len(line) - 1)

    def _place(self, rect: QRect, apply: bool) -> int:
        inner = rect.marginsRemoved(self.contentsMargins())
        y = inner.y()
        for line in self._lines(inner.width()):
            height = max(i.sizeHint().height() for i in line)
            natural = sum(i.sizeHint().width() for i in line)
            extra = max(0, inner.width() - natural - self.spacing() * (len(line) - 1))
            x = inner.x()
            for n, item in enumerate(line):
                # The room left over is shared out, so the row still reads as one bar.
                share = extra // len(line) + (1 if n < extra % len(line) else 0)
                width = item.sizeHint().width() + share
                if apply:
                    item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
                x += width + self.spacing()
            y += height + self.spacing()
        margins = self.contentsMargins()
        return y - self.spacing() - inner.y() + margins.top() + margins.bottom()


class PageScroll(QScrollArea):
    """A page of the main window in a scroll area: it gets the whole viewport, and scrolls
    only where the page's minimum size does not fit (the sign-up form on a 600-pixel screen).

    Qt's own resizable scroll area would scroll as soon as the page *prefers* more height
    (a table that could show more rows, a label that could wrap); this one goes by the minimum.
    """

    def __init__(self, page: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageScroll")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if page is not None:
            self.hold(page)

    def hold(self, page: QWidget) -> None:
        """Show ``page`` (a page built after its scroll area: when first shown)."""
        self.setWidget(page)
        page.installEventFilter(self)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit()
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        page = self.widget()
        if page is None:
            return
        room = self.maximumViewportSize()
        need = page.minimumSizeHint().expandedTo(page.minimumSize())
        width, height = room.width(), room.height()
        if need.height() > height:  # the vertical scroll bar takes its width
            width -= self.verticalScrollBar().sizeHint().width()
        page.resize(max(width, need.width()), max(height, need.height()))
