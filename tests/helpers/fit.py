"""Does a window fit its screen? Every text and button on the page showing, measured the way Qt
lays them out: what is cut, shortened to "T…" or outside the window, each said in one line.

Used by tests/popup/ui/test_fit.py and by packaging/dev/screenshots.py (which prints it next
to each picture)."""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisibleTo(root) and widget.width() > 0 and widget.height() > 0


def _name(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QLabel | QAbstractButton):
        text = widget.text()
    if isinstance(widget, QLineEdit):
        text = widget.placeholderText()
    text = text.replace("\n", " / ")
    return f"{type(widget).__name__} {text or widget.accessibleName() or widget.objectName()!r}"


def _in_scroll_area(widget: QWidget, root: QWidget) -> bool:
    """Inside a scroll area's viewport: it may lie below the fold, the area scrolls to it (the
    window's page scroll area counts only once it scrolls)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if (
            isinstance(parent, QAbstractScrollArea)
            and not isinstance(parent, QHeaderView)
            and (parent.objectName() != "pageScroll" or parent.verticalScrollBar().isVisible())
        ):
            return True
        parent = parent.parentWidget()
    return False


def _shown_text(label: QLabel) -> str:
    """A label's text as painted: with a buddy, "&Login" shows "Login" (the & marks the key)."""
    text = label.text()
    if label.buddy() is None:
        return text
    return re.sub(r"&(.)", r"\1", text)


def _plain_width(widget: QWidget, text: str) -> int:
    lines = text.split("\n")
    return max(widget.fontMetrics().horizontalAdvance(line) for line in lines)


def problems(root: QWidget, size: QSize | None = None) -> list[str]:
    """What does not fit on ``root`` as it is laid out now (an empty list: everything does);
    ``size``: the size it was given (a window cannot be made smaller than its layout needs)."""
    found: list[str] = []
    bounds = QRect(QPoint(0, 0), size or root.size())
    if size is not None and (root.width() > size.width() or root.height() > size.height()):
        found.append(f"window: {root.size().toTuple()} does not fit in {size.toTuple()}")
    needed = root.minimumSizeHint()
    if size is not None and (needed.width() > size.width() or needed.height() > size.height()):
        found.append(f"window: its layout needs {needed.toTuple()}")
    outside: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        if not _shown(widget, root) or widget.window() is not root:
            continue
        rect = QRect(widget.mapTo(root, QPoint(0, 0)), widget.size())
        if (
            not _in_scroll_area(widget, root)
            and not bounds.contains(rect)
            and not any(o.isAncestorOf(widget) for o in outside)
        ):
            outside.append(widget)
            found.append(f"{_name(widget)}: at {rect.getRect()}, outside {bounds.size().toTuple()}")
        if (
            isinstance(widget, QAbstractScrollArea)
            and widget.objectName() == "pageScroll"
            and widget.horizontalScrollBar().isVisible()
        ):
            found.append(
                f"page scrolls sideways: {widget.widget().minimumSizeHint().width()} px wide"
            )
        elif isinstance(widget, QScrollArea) and widget.horizontalScrollBar().isVisible():
            # A form or list in its own scroll area: its right-hand side is out of sight.
            inner = widget.widget()
            wide = inner.minimumSizeHint().width() if inner is not None else 0
            found.append(f"{_name(widget)} scrolls sideways: {wide} px wide")
        if isinstance(widget, QPushButton | QCheckBox | QRadioButton) and widget.text():
            hint = widget.sizeHint()
            if widget.width() < hint.width() or widget.height() < widget.minimumSizeHint().height():
                found.append(
                    f"{_name(widget)}: {widget.size().toTuple()} < {hint.toTuple()} (text cut)"
                )
        elif isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
            room = widget.contentsRect()
            if widget.textFormat() == Qt.TextFormat.RichText or "<" in widget.text():
                needed = widget.sizeHint()
                if widget.wordWrap():
                    if widget.heightForWidth(widget.width()) > widget.height() + 1:
                        found.append(f"{_name(widget)}: wrapped text taller than its box")
                elif needed.width() > widget.width() + 1:
                    found.append(f"{_name(widget)}: rich text wider than its box")
            elif widget.wordWrap():
                needed_height = widget.heightForWidth(widget.width())
                longest_word = max(
                    (widget.fontMetrics().horizontalAdvance(w) for w in widget.text().split()),
                    default=0,
                )
                if needed_height > widget.height() + 1 or longest_word > room.width() + 1:
                    found.append(
                        f"{_name(widget)}: needs {needed_height} px high, has {widget.height()}"
                    )
            elif _plain_width(widget, _shown_text(widget)) > room.width() + 1:
                width = _plain_width(widget, _shown_text(widget))
                found.append(f"{_name(widget)}: text {width} px wide in {room.width()} (cut, “…”)")
        elif isinstance(widget, QLineEdit) and widget.placeholderText() and not widget.text():
            # The style's frame and text margins take about 12 px.
            if _plain_width(widget, widget.placeholderText()) > widget.width() - 12:
                found.append(f"{_name(widget)}: placeholder cut at {widget.width()} px")
        elif isinstance(widget, QHeaderView) and widget.orientation() == Qt.Orientation.Horizontal:
            model = widget.model()
            if model is None:
                continue
            for section in range(widget.count()):
                if widget.isSectionHidden(section) or widget.sectionSize(section) == 0:
                    continue
                text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
                if not text:
                    continue
                needed = widget.sectionSizeHint(section)
                if needed > widget.sectionSize(section):
                    found.append(
                        f"header {text!r}: {widget.sectionSize(section)} px < {needed} (“…”)"
                    )
    return found + overlap_problems(root)


def overlap_problems(root: QWidget) -> list[str]:
    """Buttons, fields and texts cut by the widget they sit in (a panel squeezed below its
    minimum) or lying over one another (a − button painted over the + button's shortcut)."""
    found: list[str] = []
    kinds = (QAbstractButton, QLineEdit, QLabel)
    for parent in [root, *root.findChildren(QWidget)]:
        if not _shown(parent, root) or parent.window() is not root:
            continue
        if (
            isinstance(parent, QAbstractScrollArea)
            or parent.objectName() == "qt_scrollarea_viewport"
        ):
            continue  # a scroll area shows its contents by scrolling
        inside = QRect(QPoint(0, 0), parent.size())
        children = [
            child
            for child in parent.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if isinstance(child, kinds) and _shown(child, root) and not child.isWindow()
        ]
        for n, child in enumerate(children):
            if not inside.contains(child.geometry()):
                found.append(f"{_name(child)}: cut by its box {_name(parent)}")
            for other in children[n + 1 :]:
                if child.geometry().intersects(other.geometry()):
                    found.append(f"{_name(child)} and {_name(other)} overlap")
    return found


def live_text_problems(root: QWidget) -> list[str]:
    """LiveText boxes (banners, counters, the status line) whose text is painted shortened."""
    from popup.ui.widgets import LiveText

    found = []
    for widget in root.findChildren(LiveText):
        if not _shown(widget, root) or not widget.text():
            continue
        if widget.shown_text() != widget.text():
            found.append(f"LiveText {widget.text()!r}: painted as {widget.shown_text()!r}")
    return found


def table_problems(table: QTableView) -> list[str]:
    """A table wider than its box (a sideways scroll bar, columns past its edge) or a cell whose
    text Qt paints shortened to "…" (too long for its column, or wrapped taller than its row).

    Each cell is measured by the table's own delegate, as it measures the cell to paint it."""
    found: list[str] = []
    name = table.accessibleName() or type(table).__name__
    model = table.model()
    if model is None or not table.isVisible():
        return found
    if table.horizontalScrollBar().isVisible():
        found.append(f"table {name!r}: scrolls sideways")
    header = table.horizontalHeader()
    columns = [c for c in range(model.columnCount()) if not header.isSectionHidden(c)]
    wide = sum(header.sectionSize(c) for c in columns)
    if wide > table.viewport().width():
        found.append(f"table {name!r}: columns {wide} px wide in {table.viewport().width()}")
    delegate = table.itemDelegate()
    metrics = table.fontMetrics()
    for row in range(model.rowCount()):
        for col in columns:
            index = model.index(row, col)
            option = QStyleOptionViewItem()
            table.initViewItemOption(option)
            delegate.initStyleOption(option, index)  # the text as painted (a folded column's too)
            text = option.text
            if not text:
                continue
            one_line = delegate.sizeHint(option, index)  # no rect: the text on one line
            width, height = table.columnWidth(col), table.rowHeight(row)
            cut = one_line.width() > width
            if cut and table.wordWrap():
                # Wrapped: every line must fit in the row, and no word is wider than the column.
                # (Unwrapped, the delegate lays a folded "\n" out as a space.)
                margins = one_line.width() - metrics.horizontalAdvance(text.replace("\n", " "))
                option.rect = QRect(0, 0, width, height)
                option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
                wrapped = delegate.sizeHint(option, index)
                longest = max(metrics.horizontalAdvance(word) for word in text.split())
                cut = wrapped.height() > height or longest + margins > width
            if cut:
                found.append(f"table {name!r} row {row} {text!r}: cut in {width}x{height} px")
    return found


def unseen_cell_problems(table: QTableView) -> list[str]:
    """Cells whose text starts below the table's edge while their row's top is in sight, as the
    table is scrolled now: a tall row's short cells, centred in it, look empty. (A row whose
    first line itself is past the edge is only scrolled out of sight.)"""
    found: list[str] = []
    model = table.model()
    if model is None or not table.isVisible():
        return found
    name = table.accessibleName() or table.objectName() or type(table).__name__
    delegate, metrics, style = table.itemDelegate(), table.fontMetrics(), table.style()
    bottom = table.viewport().height()
    header = table.horizontalHeader()
    columns = [c for c in range(model.columnCount()) if not header.isSectionHidden(c)]
    for row in range(model.rowCount()):
        for col in columns:
            index = model.index(row, col)
            option = QStyleOptionViewItem()
            table.initViewItemOption(option)
            delegate.initStyleOption(option, index)
            option.rect = table.visualRect(index)
            if not option.text or not 0 <= option.rect.top() < bottom:
                continue
            text_rect = style.subElementRect(style.SubElement.SE_ItemViewItemText, option, table)
            wrap = Qt.TextFlag.TextWordWrap if table.wordWrap() else Qt.TextFlag(0)
            block = metrics.boundingRect(
                QRect(0, 0, text_rect.width(), 100_000), int(wrap), option.text
            ).height()
            align = option.displayAlignment
            if align & Qt.AlignmentFlag.AlignTop:
                top = text_rect.top()
            elif align & Qt.AlignmentFlag.AlignBottom:
                top = text_rect.bottom() - block
            else:
                top = text_rect.center().y() - block // 2
            in_sight = text_rect.top() + metrics.height() <= bottom
            if in_sight and top + metrics.height() > bottom:
                found.append(
                    f"table {name!r} row {row} {option.text!r}: starts {top} px down,"
                    f" below the table's edge at {bottom}"
                )
    return found
