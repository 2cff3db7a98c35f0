"""The File-menu interop actions on a real window over a real store (pytest-qt, offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pymarc import Field, Indicators, Record, Subfield
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QPushButton
from sqlalchemy import select

from popup.interop.marc import MarcResult
from popup.store import demo
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.models import Item
from popup.ui import tasks
from popup.ui.interop_actions import InteropActions, install_file_menu_actions

pytestmark = [
    pytest.mark.gui,
    # The offscreen platform says this whenever a window is shown; it is not our warning.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

EXPECTED = [
    "Import &MARC…",
    "Import &patrons (CSV)…",
    "E&xport patrons (CSV)…",
    "Export &KOC…",
    "Export &Evergreen offline file…",
]


@pytest.fixture
def window(store: Store, qtbot: Any) -> Iterator[QMainWindow]:
    win = QMainWindow()
    qtbot.addWidget(win)
    file_menu = win.menuBar().addMenu("&File")
    quit_action = QAction("&Quit", win)
    file_menu.addAction(quit_action)
    install_file_menu_actions(win, store)
    win.show()
    yield win
    tasks.wait_idle()


def actions_of(win: QMainWindow) -> InteropActions:
    found = win.findChild(InteropActions)
    assert isinstance(found, InteropActions)
    return found


def file_menu(win: QMainWindow) -> QMenu:
    menu = win.menuBar().actions()[0].menu()
    assert isinstance(menu, QMenu)
    return menu


def test_actions_sit_at_the_top_of_the_file_menu(window: QMainWindow) -> None:
    texts = [a.text() for a in file_menu(window).actions()]
    assert texts == [*EXPECTED, "", "&Quit"]
    assert len(window.menuBar().actions()) == 1  # no second File menu


def test_a_window_without_a_file_menu_gets_one(store: Store, qtbot: Any) -> None:
    win = QMainWindow()
    qtbot.addWidget(win)
    install_file_menu_actions(win, store)
    (menu_action,) = win.menuBar().actions()
    menu = menu_action.menu()
    assert isinstance(menu, QMenu)
    assert [a.text() for a in menu.actions()] == EXPECTED


def _marc(path: Path, count: int, bad: bool = True) -> Path:
    chunks = []
    for n in range(1, count + 1):
        rec = Record(force_utf8=True)
        rec.add_field(
            Field(tag="245", indicators=Indicators("0", "0"), subfields=[Subfield("a", f"T{n}")])
        )
        if not (bad and n == 2):
            rec.add_field(
                Field(
                    tag="952",
                    indicators=Indicators(" ", " "),
                    subfields=[Subfield("p", f"B{n:05d}"), Subfield("y", "BOOK")],
                )
            )
        chunks.append(rec.as_marc())
    path.write_bytes(b"".join(chunks))
    return path


def test_import_marc_runs_in_the_background_and_lists_bad_records(
    window: QMainWindow, store: Store, qtbot: Any, tmp_path: Path
) -> None:
    actions = actions_of(window)
    path = _marc(tmp_path / "c.mrc", 300)
    with qtbot.waitSignal(actions.finished, timeout=60_000) as blocker:
        actions.import_marc(path)
        assert actions.progress is not None  # shown while the worker runs
    kind, result = blocker.args
    assert kind == "marc" and isinstance(result, MarcResult)
    assert (result.items_created, result.skipped_records) == (299, 1)
    with store.read() as session:
        assert len(list(session.scalars(select(Item.barcode)))) == 299
    dialog = actions.last_dialog
    assert dialog is not None and dialog.isVisible()
    assert "300 records read: 299 items added" in dialog.summary.text()
    assert dialog.details.toPlainText() == (
        "record 2: no holdings field 952, so no item to import (not imported)"
    )
    assert actions.progress is None
    dialog.close()


def test_import_marc_can_be_cancelled(
    window: QMainWindow, store: Store, qtbot: Any, tmp_path: Path
) -> None:
    actions = actions_of(window)
    template = _marc(tmp_path / "one.mrc", 1).read_bytes()
    path = tmp_path / "big.mrc"  # 60,000 records: seconds of work, cancelled at once
    path.write_bytes(b"".join(template.replace(b"B00001", b"%06d" % n) for n in range(60_000)))
    with qtbot.waitSignal(actions.finished, timeout=60_000) as blocker:
        actions.import_marc(path)
        assert actions.progress is not None
        cancel_button = actions.progress.findChild(QPushButton)
        assert cancel_button is not None and cancel_button.text() == "Cancel"
        cancel_button.click()
    _kind, result = blocker.args
    assert isinstance(result, MarcResult)
    assert result.cancelled and result.records < 60_000
    assert actions.last_dialog is not None
    assert "(cancelled)" in actions.last_dialog.summary.text()
    with store.read() as session:
        saved = len(list(session.scalars(select(Item.barcode))))
    assert saved == result.items_created < 60_000


def test_closing_the_window_cancels_a_running_import(
    window: QMainWindow, qtbot: Any, tmp_path: Path
) -> None:
    actions = actions_of(window)
    template = _marc(tmp_path / "one.mrc", 1).read_bytes()
    path = tmp_path / "big.mrc"
    path.write_bytes(b"".join(template.replace(b"B00001", b"%06d" % n) for n in range(60_000)))
    with qtbot.waitSignal(actions.finished, timeout=60_000) as blocker:
        actions.import_marc(path)
        window.close()
    result = blocker.args[1]
    assert isinstance(result, MarcResult)
    assert result.cancelled and result.records < 60_000


def test_unreadable_marc_file_says_so(window: QMainWindow, qtbot: Any, tmp_path: Path) -> None:
    actions = actions_of(window)
    with qtbot.waitSignal(actions.finished, timeout=30_000) as blocker:
        actions.import_marc(tmp_path / "missing.mrc")
    assert blocker.args[0] == "marc"
    assert isinstance(blocker.args[1], str) and "Cannot read" in blocker.args[1]
    assert actions.last_dialog is not None
    assert "missing.mrc" in actions.last_dialog.summary.text()


def test_patron_csv_and_exports_from_the_menu_slots(
    window: QMainWindow, store: Store, qtbot: Any, tmp_path: Path
) -> None:
    demo.seed(store, items=30, patrons=5)
    actions = actions_of(window)
    csv_path = tmp_path / "p.csv"
    csv_path.write_text("cardnumber,surname,categorycode\n123,Short,ADULT\n", encoding="utf-8")
    with qtbot.waitSignal(actions.finished) as blocker:
        actions.import_patrons(csv_path)
    assert blocker.args[0] == "patrons-in"
    assert actions.last_dialog is not None
    assert actions.last_dialog.details.toPlainText().startswith("row 2, column cardnumber: ")

    desk = Desk(store)
    patron = demo.demo_patron(store)
    with store.read() as session:
        barcode = session.scalar(
            select(Item.barcode).where(Item.on_hold.is_(False), Item.item_type == "BOOK")
        )
    assert barcode is not None
    desk.checkout(patron, barcode)

    with qtbot.waitSignal(actions.finished) as blocker:
        actions.export_koc(tmp_path / "s.koc")
    assert blocker.args[0] == "koc"
    assert (
        (tmp_path / "s.koc")
        .read_text(encoding="utf-8")
        .splitlines()[1]
        .endswith(f"\tissue\t{patron}\t{barcode}")
    )
    assert actions.last_dialog is not None
    assert actions.last_dialog.summary.text().startswith("1 actions written to")

    with qtbot.waitSignal(actions.finished):
        actions.export_koc(tmp_path / "t.koc")
    assert "Nothing new to export" in actions.last_dialog.summary.text()

    with qtbot.waitSignal(actions.finished):
        actions.export_xacts(tmp_path / "pending.xacts")
    assert len((tmp_path / "pending.xacts").read_text().splitlines()) == 1

    with qtbot.waitSignal(actions.finished):
        actions.export_patrons(tmp_path / "out.csv")
    assert len((tmp_path / "out.csv").read_text().splitlines()) == 6

    with qtbot.waitSignal(actions.finished) as blocker:
        actions.export_koc(tmp_path / "nowhere" / "x.koc")
    assert "does not exist" in blocker.args[1]
