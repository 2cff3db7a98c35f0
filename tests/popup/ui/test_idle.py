"""The idle clear: after the ``idle_clear_seconds`` setting without a key, click or scan, no
patron stays on any page. Time passes on the app's injected clocks (StepClocks); the real
poll timer notices it, as it would at a stop."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLineEdit, QWidget

from popup import paths
from popup.domain.signup import SignupForm
from popup.store import demo, library
from popup.store.db import Store
from popup.store.models import Stop
from popup.ui import tasks
from popup.ui.context import system_awake, system_elapsed
from popup.ui.desk.slip import SlipDialog
from popup.ui.events.page import EventsPage
from popup.ui.feedback import Outcome
from popup.ui.idle import POLL_MS, SleepWatch
from popup.ui.main_window import MainWindow
from popup.ui.signup.page import SignupPage
from popup.ui.text import idle_cleared_text
from tests.helpers import desk as helpers
from tests.helpers.desk import MakeWindow, StepClocks

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TWO_MINUTES = "Cleared after 2 minutes without activity."
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def clocks() -> StepClocks:
    return StepClocks(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
def win(
    demo_store: Store, make_window: MakeWindow, clocks: StepClocks, qtbot: Any
) -> Iterator[MainWindow]:
    with demo_store.transaction() as session:  # the idle clear alone: no idle lock (#17)
        library.put(session, "idle_lock_seconds", 0)
    window = make_window(demo_store, clock=clocks.wall, elapsed=clocks.elapsed, awake=clocks.awake)
    helpers.show_active(window, qtbot)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.checkout.patron_field)
    yield window
    tasks.wait_idle()


def idle_for(window: MainWindow, clocks: StepClocks, qtbot: Any, span: timedelta) -> None:
    """Nobody touches anything for ``span``; the watch's own timer sees it."""
    clocks.wait(span)
    with qtbot.waitSignal(window.idle.idle, timeout=POLL_MS * 3):
        pass


def no_clear_after(window: MainWindow, clocks: StepClocks, qtbot: Any, span: timedelta) -> None:
    clocks.wait(span)
    with qtbot.assertNotEmitted(window.idle.idle, wait=POLL_MS + 400):
        pass


def test_checkout_forgets_a_blocked_patron_and_the_override_prompt_after_two_minutes(
    win: MainWindow, demo_store: Store, clocks: StepClocks, qtbot: Any
) -> None:
    page = win.checkout
    helpers.type_in(qtbot, demo.demo_patron(demo_store, blocked=True))
    assert page.patron is not None and page.override_dialog is not None
    name = page.patron.name
    assert name in helpers.all_visible_texts(win)

    idle_for(win, clocks, qtbot, timedelta(minutes=2))
    assert page.patron is None and page.override_dialog is None
    assert not page.lines.lines and not page.panel.loans_heading.text()
    assert name not in helpers.all_visible_texts(win)
    assert (page.banner.outcome, page.banner.text()) == (Outcome.ATTENTION, TWO_MINUTES)
    # Ready for the next person (the window's focus, once the closed prompt hands the keyboard
    # back), and Undo cannot reach the previous patron's scans.
    assert win.focusWidget() is page.patron_field
    assert not page.session_seqs


def test_a_key_or_a_scan_restarts_the_count_and_one_quiet_spell_clears_once(
    win: MainWindow, demo_store: Store, clocks: StepClocks, qtbot: Any
) -> None:
    page = win.checkout
    helpers.type_in(qtbot, demo.demo_patron(demo_store))
    assert page.patron is not None
    no_clear_after(win, clocks, qtbot, timedelta(seconds=100))
    helpers.press(qtbot, Qt.Key.Key_F6)  # someone is here
    no_clear_after(win, clocks, qtbot, timedelta(seconds=100))
    helpers.type_in(qtbot, helpers.available_items(demo_store, 1)[0])  # a scan is activity too
    no_clear_after(win, clocks, qtbot, timedelta(seconds=110))
    assert page.patron is not None and len(page.lines.lines) == 1

    idle_for(win, clocks, qtbot, timedelta(seconds=10))
    assert page.patron is None and not page.lines.lines
    no_clear_after(win, clocks, qtbot, timedelta(minutes=5))  # said once, not every second
    assert page.banner.text() == TWO_MINUTES


def test_zero_never_clears_and_a_new_time_applies_at_once(
    win: MainWindow, demo_store: Store, clocks: StepClocks, qtbot: Any
) -> None:
    with demo_store.transaction() as session:
        library.put(session, "idle_clear_seconds", 0)
    helpers.type_in(qtbot, demo.demo_patron(demo_store))
    no_clear_after(win, clocks, qtbot, timedelta(hours=3))
    assert win.checkout.patron is not None

    with demo_store.transaction() as session:
        library.put(session, "idle_clear_seconds", 45)
    helpers.press(qtbot, Qt.Key.Key_F6)
    idle_for(win, clocks, qtbot, timedelta(seconds=45))
    assert win.checkout.patron is None
    assert win.checkout.banner.text() == "Cleared after 45 seconds without activity."


def test_the_returned_list_and_who_had_each_item_go(
    win: MainWindow, demo_store: Store, clocks: StepClocks, qtbot: Any
) -> None:
    barcode = helpers.available_items(demo_store, 1)[0]
    helpers.type_in(qtbot, demo.demo_patron(demo_store))
    helpers.type_in(qtbot, barcode)
    helpers.press(qtbot, Qt.Key.Key_F12)
    helpers.press(qtbot, Qt.Key.Key_F3)
    page = win.returns
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)
    helpers.type_in(qtbot, barcode)
    assert len(page.lines.lines) == 1 and page.lines.lines[0].cells[2] != "—"

    idle_for(win, clocks, qtbot, timedelta(minutes=2))
    assert not page.lines.lines
    assert page.banner.text() == TWO_MINUTES
    assert QApplication.focusWidget() is page.field


def test_the_new_card_on_screen_and_a_half_typed_sign_up_go(
    win: MainWindow, demo_store: Store, clocks: StepClocks, qtbot: Any
) -> None:
    helpers.press(qtbot, Qt.Key.Key_F7)
    page = win.page_of(SignupPage)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.form.name)
    page.form.fill(
        SignupForm(
            name="Ana María López", date_of_birth="1990-05-17", phone="555-010-2030", consent=True
        )
    )
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.card_view and page.card_view.card is not None
    assert "Ana María López" in helpers.all_visible_texts(win)

    idle_for(win, clocks, qtbot, timedelta(minutes=2))
    assert page.card_view.card is None and page.card_view.qr.pixmap().isNull()
    assert page.stack.currentWidget() is page.form_page
    assert "Ana María López" not in helpers.all_visible_texts(win)
    assert page.banner.isVisible() and page.banner.text() == TWO_MINUTES
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.form.name)

    helpers.type_in(qtbot, "Liam Smi")  # typed, then left
    idle_for(win, clocks, qtbot, timedelta(minutes=2))
    assert page.form.values() == SignupForm()


def test_the_event_screen_forgets_who_was_counted_and_a_half_typed_registration(
    win: MainWindow, demo_store: Store, clocks: StepClocks, qtbot: Any
) -> None:
    with demo_store.transaction() as session:
        stop = session.get(Stop, "00000000-0000-4000-8000-000000000001")
        assert stop is not None
        stop.starts_at, stop.ends_at = clocks.now, clocks.now + timedelta(hours=4)
    page = win.page_of(EventsPage)
    stop_view = win.ctx.events.stops()[0]
    event = win.ctx.events.create_event(stop_view.id, "Story time", "story time", "0-5")
    helpers.press(qtbot, Qt.Key.Key_F10)
    page.refresh_events(select=event.id)
    page.focus_scan()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.scan_field)
    helpers.type_in(qtbot, demo.demo_patron(demo_store))
    assert page.banner.outcome is Outcome.OK and "counted" in page.banner.text()
    page.registration_box.reg_name.setText("Daniel Okoye")

    idle_for(win, clocks, qtbot, timedelta(minutes=2))
    assert page.banner.text() == TWO_MINUTES
    assert not page.registration_box.reg_name.text()
    assert "Daniel Okoye" not in helpers.all_visible_texts(win)
    assert page.counters["19-64"].count.text() == "1"  # the count itself stays


def _shown(kind: type[QDialog]) -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def _leave_with_dialog_open(
    kind: type[QDialog],
    clocks: StepClocks,
    qtbot: Any,
    opens: Callable[[], object],
    meanwhile: Callable[[QDialog], None] | None = None,
) -> dict[str, Any]:
    """Call ``opens`` (a key that opens a ``kind`` dialog, at once or as a button's shortcut
    a moment later, and waits in its exec()); once the dialog shows, staff walk away (or
    ``meanwhile`` answers it). Returns what the dialog showed and whether it was still open 5
    polls later (then it is closed here, so the test ends) once it has closed."""
    seen: dict[str, Any] = {"left_open": False, "closed": False}

    deadline = time.monotonic() + 60

    def watchdog(dialog: QDialog) -> None:
        if not seen["closed"]:  # else the dialog may be deleted already
            seen["left_open"] = True
            dialog.reject()

    def when_shown() -> None:
        dialogs = _shown(kind)
        if not dialogs:
            if time.monotonic() < deadline:
                QTimer.singleShot(20, when_shown)
            return
        dialog = dialogs[0]
        dialog.finished.connect(lambda _result: seen.update(closed=True))
        seen["texts"] = [e.text() for e in dialog.findChildren(QLineEdit) if e.isVisible()]
        if meanwhile is not None:
            meanwhile(dialog)
            return
        clocks.wait(timedelta(minutes=3))
        QTimer.singleShot(POLL_MS * 5, lambda: watchdog(dialog))

    QTimer.singleShot(20, when_shown)
    opens()
    qtbot.waitUntil(lambda: seen["closed"], timeout=POLL_MS * 10)
    return seen


def _signed_up(win: MainWindow, qtbot: Any) -> SignupPage:
    helpers.press(qtbot, Qt.Key.Key_F7)
    page = win.page_of(SignupPage)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.form.name)
    page.form.fill(
        SignupForm(name="Kofi Adeyemi", date_of_birth="1991-07-04", email="k@example.org")
    )
    page.form.consent.setChecked(True)
    helpers.press(qtbot, Qt.Key.Key_Return, CTRL)
    assert page.card_view.card is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.card_view.checkout_button)
    return page


def test_an_open_save_dialog_naming_the_card_closes_and_nothing_is_saved(
    win: MainWindow, clocks: StepClocks, qtbot: Any
) -> None:
    page = _signed_up(win, qtbot)
    assert page.card_view.card is not None
    number = page.card_view.card.card_number
    seen = _leave_with_dialog_open(
        QFileDialog, clocks, qtbot, lambda: helpers.press(qtbot, Qt.Key.Key_S, CTRL)
    )
    assert any(number in text for text in seen["texts"])  # library-card-<number>.pdf
    assert not seen["left_open"] and not _shown(QFileDialog)
    assert page.card_view.card is None and page.stack.currentWidget() is page.form_page
    assert page.banner.text() == TWO_MINUTES
    assert page.status.text() == "Nothing saved: the card was cleared from the screen."
    assert not list(paths.exports_dir(win.ctx.home).glob("*"))
    assert number not in " ".join(helpers.all_visible_texts(win))


def test_a_save_answered_after_the_card_went_writes_nothing_and_says_so(
    win: MainWindow, clocks: StepClocks, qtbot: Any, tmp_path: Path
) -> None:
    page = _signed_up(win, qtbot)
    target = tmp_path / "card.png"

    def card_gone_then_save(dialog: QDialog) -> None:
        page.deactivate()  # the card leaves the screen while the dialog is still up
        assert isinstance(dialog, QFileDialog)
        dialog.selectFile(str(target))
        dialog.accept()

    _leave_with_dialog_open(
        QFileDialog,
        clocks,
        qtbot,
        lambda: helpers.press(qtbot, Qt.Key.Key_E, CTRL),
        meanwhile=card_gone_then_save,
    )
    assert not target.exists()
    assert page.status.text() == "Nothing saved: the card was cleared from the screen."


def test_an_open_print_dialog_for_the_card_closes_and_nothing_is_printed(
    win: MainWindow, clocks: StepClocks, qtbot: Any
) -> None:
    page = _signed_up(win, qtbot)
    seen = _leave_with_dialog_open(
        QPrintDialog, clocks, qtbot, lambda: helpers.press(qtbot, Qt.Key.Key_P, CTRL | SHIFT)
    )
    assert not seen["left_open"] and not _shown(QPrintDialog)
    assert page.card_view.card is None
    assert page.status.text() == "Nothing printed: the card was cleared from the screen."


def test_the_slip_and_its_open_print_dialog_close(
    win: MainWindow, demo_store: Store, clocks: StepClocks, qtbot: Any
) -> None:
    page = win.checkout
    helpers.type_in(qtbot, demo.demo_patron(demo_store))
    helpers.type_in(qtbot, helpers.available_items(demo_store, 1)[0])
    helpers.press(qtbot, Qt.Key.Key_F8)
    slip = page.slip_dialog
    assert slip is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (slip, *slip.findChildren(QWidget)))
    seen = _leave_with_dialog_open(
        QPrintDialog, clocks, qtbot, lambda: helpers.press(qtbot, Qt.Key.Key_P, CTRL)
    )
    assert not seen["left_open"] and not _shown(QPrintDialog) and not _shown(SlipDialog)
    assert page.patron is None and page.slip_dialog is None
    assert page.banner.text() == TWO_MINUTES


def test_the_note_says_minutes_or_seconds() -> None:
    assert idle_cleared_text(120) == TWO_MINUTES
    assert idle_cleared_text(60) == "Cleared after 1 minute without activity."
    assert idle_cleared_text(90) == "Cleared after 90 seconds without activity."


def test_a_print_dialog_that_outlives_the_clear_prints_nothing(
    win: MainWindow, demo_store: Store, clocks: StepClocks, qtbot: Any
) -> None:
    """On Windows the print dialog is the system's and stays up through the idle clear: if
    it is answered after the visit was cleared, nothing is printed and the desk says so."""
    page = win.checkout
    helpers.type_in(qtbot, demo.demo_patron(demo_store))
    helpers.type_in(qtbot, helpers.available_items(demo_store, 1)[0])

    def cleared_then_print(dialog: QDialog) -> None:
        page.done()  # the visit goes, as the idle clear does, but this dialog stays
        dialog.accept()

    seen = _leave_with_dialog_open(
        QPrintDialog,
        clocks,
        qtbot,
        lambda: helpers.press(qtbot, Qt.Key.Key_P, CTRL),
        meanwhile=cleared_then_print,
    )
    assert seen["closed"] and not seen["left_open"]
    assert page.banner.text() == "Nothing printed: the visit was cleared."


def test_the_systems_two_clocks_move_together_while_the_laptop_is_awake(qtbot: Any) -> None:
    """The sleep watch on the real clocks: awake, they never drift apart, so it says nothing
    (a sleep itself cannot be had here; the sign-in tests step the clocks through one)."""
    watch = SleepWatch(system_elapsed, system_awake)
    gap = system_elapsed() - system_awake()
    with qtbot.assertNotEmitted(watch.slept, wait=POLL_MS * 2 + 300):
        time.sleep(0.2)  # the event loop stalled a while: both clocks count it
    assert abs(system_elapsed() - system_awake() - gap) < 0.05
    watch.stop()
