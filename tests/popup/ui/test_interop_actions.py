"""The File-menu imports and exports run on the io lane: the call returns at once, the result
arrives later on the GUI thread (the full menu behaviour is in tests/popup/interop)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThread
from sqlalchemy import select

from popup.interop.outbox_export import ExportResult
from popup.store import demo
from popup.store.db import Store
from popup.store.models import Patron
from popup.ui.interop_actions import InteropActions
from tests.helpers import desk as helpers
from tests.helpers.desk import MakeWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def file_menu(store: Store, make_window: MakeWindow) -> InteropActions:
    """The File menu's import and export actions of a window over ``store``."""
    actions = make_window(store).findChild(InteropActions)
    assert isinstance(actions, InteropActions)
    return actions


def test_imports_and_exports_leave_the_gui_thread_free(
    demo_store: Store, make_window: MakeWindow, qtbot: Any, tmp_path: Path
) -> None:
    actions = file_menu(demo_store, make_window)
    gui = QThread.currentThread()
    csv_path = tmp_path / "p.csv"
    csv_path.write_text("cardnumber,surname,categorycode\n123,Short,ADULT\n", encoding="utf-8")
    jobs = (
        ("patrons-in", lambda: actions.import_patrons(csv_path)),
        ("patrons-out", lambda: actions.export_patrons(tmp_path / "out.csv")),
        ("koc", lambda: actions.export_koc(tmp_path / "s.koc")),
        ("xacts", lambda: actions.export_xacts(tmp_path / "pending.xacts")),
    )
    arrived: list[tuple[str, bool]] = []
    actions.finished.connect(
        lambda kind, _result: arrived.append((kind, QThread.currentThread() is gui))
    )
    for kind, start in jobs:
        with qtbot.waitSignal(actions.finished, timeout=30_000) as done:
            start()
            assert kind not in [k for k, _ in arrived]  # not done when the slot returned
        assert done.args[0] == kind and arrived[-1] == (kind, True)
    assert isinstance(done.args[1], ExportResult)
    assert (tmp_path / "out.csv").exists()


def test_an_import_under_another_programs_lock_says_so_in_its_result_dialog(
    quick_store: Store, make_window: MakeWindow, qtbot: Any, tmp_path: Path
) -> None:
    actions = file_menu(quick_store, make_window)
    card = demo.demo_patron(quick_store)
    csv_path = tmp_path / "p.csv"
    csv_path.write_text(f"cardnumber,surname,categorycode\n{card},Short,ADULT\n", encoding="utf-8")
    with (
        helpers.write_locked(quick_store),
        qtbot.waitSignal(actions.finished, timeout=30_000) as done,
    ):
        actions.import_patrons(csv_path)
    # The store's own sentence for a save it could not write, as at the desk.
    assert done.args[0] == "patrons-in" and str(done.args[1]) == helpers.LOCKED
    assert actions.last_dialog is not None
    assert actions.last_dialog.summary.text() == done.args[1]
    with quick_store.read() as session:
        assert session.scalar(select(Patron.name).where(Patron.card_number == card)) != "Short"


def test_an_export_finishing_after_the_lock_opens_no_dialog(
    demo_store: Store, make_window: MakeWindow, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window(demo_store)
    actions = window.findChild(InteropActions)
    assert isinstance(actions, InteropActions)
    helpers.show_active(window, qtbot)
    out = tmp_path / "out.csv"
    with qtbot.waitSignal(actions.finished, timeout=30_000) as done:
        actions.export_patrons(out)
        window.switch_user()  # Ctrl+L before the io lane is done
        assert window.locked()
    assert done.args[0] == "patrons-out"
    # The io lane checks who is signed in when it runs the export: written if it ran before
    # the lock, refused (nobody signed in) if the lock came first — CI saw both. Either way
    # nothing opens over the sign-in screen, and a written file is whole.
    if out.exists():
        assert out.read_text(encoding="utf-8").count("\n") > 1  # header and patrons
    assert actions.last_dialog is None


def test_an_export_finishing_for_the_one_who_started_it_opens_its_dialog(
    demo_store: Store, make_window: MakeWindow, qtbot: Any, tmp_path: Path
) -> None:
    actions = file_menu(demo_store, make_window)
    with qtbot.waitSignal(actions.finished, timeout=30_000):
        actions.export_patrons(tmp_path / "out.csv")
    assert actions.last_dialog is not None
