"""Desk test helpers: rows from the real store file and the texts widgets show."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QWidget,
)
from sqlalchemy import func, select

from popup.store.db import Store
from popup.store.models import Item, Loan, OutboxEntry
from popup.ui.context import AppContext
from popup.ui.main_window import MainWindow


def outbox_count(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count(OutboxEntry.seq))) or 0)


def last_payload(store: Store) -> tuple[str, dict[str, Any]]:
    with store.read() as session:
        entry = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq.desc())).first()
        assert entry is not None
        return entry.kind, json.loads(entry.payload)


def available_items(store: Store, count: int, item_type: str = "BOOK") -> list[str]:
    with store.read() as session:
        return list(
            session.scalars(
                select(Item.barcode)
                .where(
                    Item.on_hold.is_(False),
                    Item.item_type == item_type,
                    Item.status == "available",
                    Item.home_library == "MAIN",
                )
                .order_by(Item.id)
                .limit(count)
            )
        )


def held_item(store: Store) -> str:
    with store.read() as session:
        code = session.scalar(
            select(Item.barcode).where(Item.on_hold.is_(True), Item.item_type == "BOOK").limit(1)
        )
        assert code is not None
        return code


def open_loan(store: Store, barcode: str) -> Loan | None:
    with store.read() as session:
        loan = session.scalar(
            select(Loan).join(Item).where(Item.barcode == barcode, Loan.returned_at.is_(None))
        )
        if loan is not None:
            session.expunge(loan)
        return loan


def model_texts(model: QAbstractItemModel) -> list[str]:
    texts: list[str] = []
    for row in range(model.rowCount()):
        for col in range(model.columnCount()):
            value = model.data(model.index(row, col), Qt.ItemDataRole.DisplayRole)
            if value is not None:
                texts.append(str(value))
    return texts


def all_visible_texts(root: QWidget) -> list[str]:
    """Every text a person or a screen reader could get from ``root`` and its children."""
    texts: list[str] = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        texts += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        texts.append(widget.statusTip())
        texts.append(widget.whatsThis())
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText()]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            texts += model_texts(widget.model())
    return [t for t in texts if t]


NO_MODIFIER = Qt.KeyboardModifier.NoModifier

#: The ``make_window(store, **context_options)`` fixture of tests/popup/ui/conftest.py.
MakeWindow = Callable[..., MainWindow]
#: The ``make_context(store, **options)`` fixture of tests/popup/ui/conftest.py.
MakeContext = Callable[..., AppContext]


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> QWidget:
    """Press a shortcut the way a person does: into the widget that has the keyboard focus
    (never straight to the window, which would skip the focus chain); returns that widget."""
    focused = QApplication.focusWidget()
    assert focused is not None, "nothing has the keyboard focus"
    qtbot.keyClick(focused, key, modifier)
    return focused
