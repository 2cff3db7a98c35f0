"""Desk test helpers: rows from the real store file and the texts widgets show; the clocks,
locks, full disks and translations a test puts the window through."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QWidget,
)
from sqlalchemy import event, func, select

from popup.store.db import Store
from popup.store.models import Item, Loan, OutboxEntry
from popup.ui.context import AppContext
from popup.ui.main_window import MainWindow
from tests.helpers import raw


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

#: What a page says when another program holds the store's write lock (the store's
#: WriteFailed WRITE_LOCKED, worded by popup.ui.actions).
LOCKED = (
    "Not saved: another program is holding the store locked. Close any other Popup window or"
    " database tool, then try again."
)
LOCKED_ES = (
    "No se guardó: otro programa tiene bloqueado el almacén de datos. Cierre cualquier otra"
    " ventana de Popup o herramienta de base de datos y vuelva a intentarlo."
)

#: The ``make_window(store, **context_options)`` fixture of tests/popup/ui/conftest.py.
MakeWindow = Callable[..., MainWindow]
#: The ``make_context(store, **options)`` fixture of tests/popup/ui/conftest.py.
MakeContext = Callable[..., AppContext]


def show_active(window: QWidget, qtbot: Any) -> None:
    """Show ``window`` and wait until it is the active window (it gets the keys)."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> QWidget:
    """Press a shortcut the way a person does: into the widget that has the keyboard focus
    (never straight to the window, which would skip the focus chain); returns that widget."""
    focused = QApplication.focusWidget()
    assert focused is not None, "nothing has the keyboard focus"
    qtbot.keyClick(focused, key, modifier)
    return focused


class StepClocks:
    """The three clocks the app reads (``AppContext.create(clock=..., elapsed=...,
    awake=...)``), moved by the test: :meth:`wait` lets time pass on all, :meth:`jump` moves
    the wall clock alone (as someone changing the date in the system settings does),
    :meth:`sleep` all but the awake clock (the laptop suspended, its lid closed)."""

    def __init__(self, start: datetime) -> None:
        self.now = start
        self.seconds = 5000.0
        self.awake_seconds = 4000.0

    def wall(self) -> datetime:
        return self.now

    def elapsed(self) -> float:
        return self.seconds

    def awake(self) -> float:
        return self.awake_seconds

    def wait(self, span: timedelta) -> None:
        self.now += span
        self.seconds += span.total_seconds()
        self.awake_seconds += span.total_seconds()

    def jump(self, span: timedelta) -> None:
        self.now += span

    def sleep(self, span: timedelta) -> None:
        self.now += span
        self.seconds += span.total_seconds()


@contextlib.contextmanager
def write_locked(store: Store) -> Iterator[sqlite3.Connection]:
    """Another program holds the store's write lock (a second real connection inside
    ``BEGIN IMMEDIATE``) until the block ends; reads still work, as in WAL mode they do."""
    other = raw.connect(store.path, isolation_level=None, timeout=5)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield other
        other.execute("ROLLBACK")
    finally:
        other.close()


def disk_full(store: Store) -> None:
    """From now on the store's file cannot grow (SQLite's ``max_page_count`` at today's size,
    on every connection the store opens): a write that needs a new page fails as it does on a
    full disk, with SQLITE_FULL. The pooled connections are dropped so that all get it."""
    with store.read() as session:
        pages = int(session.connection().exec_driver_sql("PRAGMA page_count").scalar() or 0)

    def limit(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(store.engine, "connect", limit)
    store.engine.dispose()


def install_translations(
    app: QCoreApplication, entries: Mapping[tuple[str, str], str], folder: Path
) -> QTranslator:
    """Compile ``{(context, English): translation}`` with lrelease and install it in front of
    the shipped translations (the caller removes it). For strings a branch adds before the
    shipped ``popup_es.ts`` has them."""
    body = "".join(
        f"<context><name>{escape(context)}</name><message><source>{escape(source)}</source>"
        f"<translation>{escape(text)}</translation></message></context>"
        for (context, source), text in entries.items()
    )
    ts = folder / "overlay.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS>'
        f'<TS version="2.1" language="es">{body}</TS>',
        encoding="utf-8",
    )
    lrelease = shutil.which("pyside6-lrelease") or str(
        Path(sys.executable).with_name("pyside6-lrelease")
    )
    subprocess.run([lrelease, str(ts)], check=True, capture_output=True, timeout=60)
    translator = QTranslator(app)
    assert translator.load(str(folder / "overlay.qm"))
    app.installTranslator(translator)
    return translator


def run_qt_child(
    code: str, *args: str, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -c code args…`` in a process of its own (offscreen, sound off, ``env`` on top
    of this one's): for what ends a QApplication (its quit stops the task lanes) or must start
    from nothing loaded. Asserts it exited 0; its last line of output is the caller's."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "POPUP_SOUND": "0",
            "PYTHONPATH": os.pathsep.join(sys.path),
            **(env or {}),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done


def type_in(qtbot: Any, text: str) -> QWidget:
    """Type ``text`` and Enter into the focused widget, as a person (or a keyboard-wedge
    scanner) does; returns that widget."""
    focused = QApplication.focusWidget()
    assert focused is not None, "nothing has the keyboard focus"
    qtbot.keyClicks(focused, text)
    qtbot.keyClick(focused, Qt.Key.Key_Return)
    return focused


def add_hold(store: Store, hold_id: str, card: str, barcode: str, **values: Any) -> None:
    """A hold to be picked up at the demo stop, as the sync client stores a downloaded one (and
    the held copy's flag, as the server sets it)."""
    from datetime import date

    from popup.domain.demo_data import DEMO_STOP_ID
    from popup.store.models import Hold

    with store.transaction() as session:
        title = session.scalar(select(Item.title).where(Item.barcode == barcode))
        today = date.today()
        row: dict[str, Any] = {
            "patron_card": card,
            "item_barcode": barcode,
            "title": title or "?",
            "placed_on": today - timedelta(days=5),
            "expires_on": today + timedelta(days=5),
            "status": "ready",
            "pickup": "BM2",
            "stop_id": DEMO_STOP_ID,
            **values,
        }
        session.add(Hold(id=hold_id, **row))
        item = session.scalar(select(Item).where(Item.barcode == barcode))
        assert item is not None
        item.on_hold, item.hold_pickup = True, "BM2"


# -- staff (#17) -------------------------------------------------------------------------------

#: The PIN of the staff members the helpers add.
STAFF_PIN = "2468"
#: Logins of the staff member and the volunteer ``make_context`` signs in.
STAFF_LOGIN, VOLUNTEER_LOGIN = "sam", "val"
_PIN_HASHES: dict[str, str] = {}


def pin_hash(pin: str = STAFF_PIN) -> str:
    """``pin`` hashed once per test run (scrypt is slow on purpose)."""
    if pin not in _PIN_HASHES:
        from popup.domain.staff import hash_pin

        _PIN_HASHES[pin] = hash_pin(pin)
    return _PIN_HASHES[pin]


def add_staff(
    store: Store,
    login: str,
    name: str,
    role: str = "staff",
    *,
    pin: str = STAFF_PIN,
    badge: str | None = None,
    active: bool = True,
) -> str:
    """A staff member of the library as a pull downloads one (the sync client's applier);
    returns their id. Adding the same login again updates them."""
    from popup.domain.protocol.entities import Entity, StaffData
    from popup.domain.protocol.envelopes import Change, Op
    from popup.domain.protocol.wire import encode
    from popup.store import device
    from popup.sync_client.apply import apply_changes

    staff_id = f"staff-{login}"
    data = StaffData(
        id=staff_id, login=login, name=name, role=role, pin_hash=pin_hash(pin), badge=badge,
        active=active,
    )  # fmt: skip
    change = Change(entity=Entity.STAFF.value, op=Op.UPSERT, key=staff_id, data=encode(data))
    own = device.device_id(store)
    with store.transaction() as session:
        apply_changes(session, [change], own, datetime.now(UTC))
    return staff_id


def sign_in_as(ctx: AppContext, who: str | None) -> None:
    """Sign ``who`` in on ``ctx`` ("staff": Sam Staff, the laptop's administrator;
    "volunteer": Val Volunteer; None: nobody, the window opens locked), adding them first."""
    if who is None:
        ctx.store.actor = None
        return
    if who == "staff":
        # A fresh laptop's own administrator, as a real one starts: a sync server accepts its
        # actions from this device (``local:<device id>``), where a made-up downloaded account
        # would be refused STAFF_UNKNOWN. A store that already has staff gets Sam as downloaded.
        if ctx.staff.needs_first_admin():
            ctx.staff.create_first_admin(STAFF_LOGIN, "Sam Staff", STAFF_PIN)
        else:
            add_staff(ctx.store, STAFF_LOGIN, "Sam Staff")
            ctx.staff.sign_in(STAFF_LOGIN, STAFF_PIN)
    elif who == "volunteer":
        add_staff(ctx.store, VOLUNTEER_LOGIN, "Val Volunteer", "volunteer")
        ctx.staff.sign_in(VOLUNTEER_LOGIN, STAFF_PIN)
    else:
        raise ValueError(f"sign in whom? {who!r}")
