"""The sign-in screen (#17), keyboard-only: a staff member signs in, a wrong PIN is said and
then waited for, a locked account is unlocked in place by another staff member, a fresh laptop
creates its administrator; the idle lock and Ctrl+L (switch user) clear every page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from popup.domain import staff as rules
from popup.store import demo, library
from popup.store.db import Store
from popup.store.models import Patron
from popup.ui import tasks
from popup.ui.idle import POLL_MS
from popup.ui.main_window import MainWindow
from popup.ui.staff.signin import TICK_MS
from tests.helpers import desk as helpers
from tests.helpers.desk import STAFF_PIN, MakeWindow, StepClocks

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CTRL = Qt.KeyboardModifier.ControlModifier
WRONG = "9999"


@pytest.fixture
def clocks() -> StepClocks:
    return StepClocks(datetime.now(UTC).replace(microsecond=0))


def locked_window(
    store: Store, make_window: MakeWindow, clocks: StepClocks, qtbot: Any
) -> MainWindow:
    window = make_window(
        store, signed_in=None, clock=clocks.wall, elapsed=clocks.elapsed, awake=clocks.awake
    )
    helpers.show_active(window, qtbot)
    return window


@pytest.fixture
def win(
    demo_store: Store, make_window: MakeWindow, clocks: StepClocks, qtbot: Any
) -> Iterator[MainWindow]:
    """The window locked, with Sam (staff) and Val (volunteer) on the laptop."""
    helpers.add_staff(demo_store, "sam", "Sam Staff", badge="B-0042")
    helpers.add_staff(demo_store, "val", "Val Volunteer", "volunteer")
    window = locked_window(demo_store, make_window, clocks, qtbot)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.sign_in.who)
    yield window
    tasks.wait_idle()


def focused() -> Any:
    return QApplication.focusWidget()


def test_the_window_opens_on_sign_in_and_enter_moves_on_then_signs_in(
    win: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    assert win.locked() and demo_store.actor is None
    assert not win.stack.isVisible()  # no page, no sidebar behind the sign-in screen
    assert win.user_label.text() == "Locked"
    helpers.type_in(qtbot, "sam")
    assert focused() is win.sign_in.pin
    assert win.sign_in.pin.echoMode() is QLineEdit.EchoMode.Password
    helpers.type_in(qtbot, STAFF_PIN)
    assert not win.locked()
    assert demo_store.actor is not None and demo_store.actor.login == "sam"
    assert win.user_label.toolTip() == "Sam Staff · staff"
    assert win.user_label.text() == "Sam Staff · staff"
    assert win.current_mode() == "checkout"
    qtbot.waitUntil(lambda: focused() is win.checkout.patron_field)
    assert win.sign_in.pin.text() == ""


def test_a_badge_scan_is_the_login(win: MainWindow, demo_store: Store, qtbot: Any) -> None:
    helpers.type_in(qtbot, "B-0042")
    assert focused() is win.sign_in.pin
    helpers.type_in(qtbot, STAFF_PIN)
    assert demo_store.actor is not None and demo_store.actor.name == "Sam Staff"


def test_shortcuts_do_nothing_while_locked(win: MainWindow, qtbot: Any) -> None:
    for key, modifier in ((Qt.Key.Key_F3, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_F, CTRL)):
        helpers.press(qtbot, key, modifier)
        assert win.locked() and win.current_mode() == "checkout"
    assert focused() is win.sign_in.who


def test_a_wrong_pin_is_said_then_waited_for_with_a_countdown(
    win: MainWindow, demo_store: Store, clocks: StepClocks, qtbot: Any
) -> None:
    helpers.type_in(qtbot, "sam")
    helpers.type_in(qtbot, WRONG)
    assert win.sign_in.message.text() == "Wrong PIN. Try again."
    assert focused() is win.sign_in.pin and win.sign_in.pin.text() == ""
    helpers.type_in(qtbot, WRONG)
    helpers.type_in(qtbot, WRONG)  # the third: wait_after(3) = 2 s
    assert rules.wait_after(3) == 2
    assert win.sign_in.message.text() == "Wrong PIN. Try again in 2 s."
    assert win.sign_in.countdown.isVisible()
    assert win.sign_in.countdown.text() == "Wait 2 s before the next try."
    assert not win.sign_in.sign_in_button.isEnabled()
    helpers.type_in(qtbot, STAFF_PIN)  # too soon: not even tried
    assert win.locked() and demo_store.actor is None
    clocks.wait(timedelta(seconds=1))
    qtbot.waitUntil(lambda: win.sign_in.countdown.text() == "Wait 1 s before the next try.")
    clocks.wait(timedelta(seconds=1.5))
    qtbot.waitUntil(lambda: not win.sign_in.countdown.isVisible(), timeout=TICK_MS * 4)
    assert win.sign_in.sign_in_button.isEnabled()
    assert win.sign_in.message.text() == "Wrong PIN. Try again."
    win.sign_in.pin.clear()
    helpers.type_in(qtbot, STAFF_PIN)
    assert not win.locked() and demo_store.actor is not None


def test_a_locked_account_is_unlocked_there_by_another_staff_member(
    win: MainWindow, demo_store: Store, clocks: StepClocks, qtbot: Any
) -> None:
    helpers.type_in(qtbot, "val")
    for tries in range(1, rules.LOCK_AFTER + 1):
        helpers.type_in(qtbot, WRONG)
        clocks.wait(timedelta(seconds=rules.wait_after(tries) + 1))
    screen = win.sign_in
    assert screen.locked_box.isVisible()
    assert screen.unlock_heading.text() == "Locked — ask a staff member to unlock it"
    assert screen.message.text() == (
        "Too many wrong PINs: this account is locked on this laptop. Another staff member can"
        " unlock it."
    )
    assert win.ctx.staff.locked() == ["val"]
    assert focused() is screen.unlock_who
    helpers.add_staff(demo_store, "vic", "Vic Volunteer", "volunteer")
    helpers.type_in(qtbot, "vic")  # a volunteer may not unlock
    helpers.type_in(qtbot, STAFF_PIN)
    assert screen.locked_box.isVisible() and win.ctx.staff.locked() == ["val"]
    assert screen.unlock_message.text() == "Please ask a staff member."
    assert demo_store.actor is None
    screen.unlock_who.clear()
    screen.unlock_who.setFocus()
    helpers.type_in(qtbot, "sam")
    helpers.type_in(qtbot, STAFF_PIN)
    assert win.ctx.staff.locked() == []
    assert not screen.locked_box.isVisible()
    assert screen.message.text() == "Unlocked. Type the PIN again."
    assert demo_store.actor is None  # Sam unlocked it; Sam is not left signed in
    assert screen.who.text() == "val" and focused() is screen.pin
    helpers.type_in(qtbot, STAFF_PIN)
    assert demo_store.actor is not None and demo_store.actor.login == "val"
    assert win.user_label.toolTip() == "Val Volunteer · volunteer"


def test_a_fresh_laptop_creates_its_administrator(
    demo_store: Store, make_window: MakeWindow, clocks: StepClocks, qtbot: Any
) -> None:
    win = locked_window(demo_store, make_window, clocks, qtbot)
    screen = win.sign_in
    assert screen.first_admin_shown()
    qtbot.waitUntil(lambda: focused() is screen.admin_login)
    helpers.type_in(qtbot, "boss")
    assert focused() is screen.admin_name
    helpers.type_in(qtbot, "Ada  Lovelace")
    assert screen.admin_pin.echoMode() is QLineEdit.EchoMode.Password
    helpers.type_in(qtbot, "1357")
    helpers.type_in(qtbot, "1358")
    assert screen.admin_message.text() == "The two PINs differ: type the PIN twice."
    assert focused() is screen.admin_pin and win.locked()
    helpers.type_in(qtbot, "1357")
    helpers.type_in(qtbot, "1357")
    assert not win.locked()
    assert demo_store.actor is not None and demo_store.actor.name == "Ada Lovelace"
    assert win.user_label.toolTip() == "Ada Lovelace · staff"
    assert not win.ctx.staff.needs_first_admin()
    helpers.press(qtbot, Qt.Key.Key_L, CTRL)  # and the next time, the plain sign-in
    assert win.locked() and not screen.first_admin_shown()
    helpers.type_in(qtbot, "boss")
    helpers.type_in(qtbot, "1357")
    assert not win.locked()


def _patron_name(store: Store, card: str) -> str:
    from sqlalchemy import select

    with store.read() as session:
        name = session.scalar(select(Patron.name).where(Patron.card_number == card))
    assert name
    return str(name)


def serve_a_patron(win: MainWindow, store: Store, qtbot: Any) -> str:
    card = demo.demo_patron(store)
    helpers.type_in(qtbot, card)
    helpers.type_in(qtbot, helpers.available_items(store, 1)[0])
    assert win.checkout.patron is not None and len(win.checkout.lines.lines) == 1
    return _patron_name(store, card)


def desk_with_idle_lock(
    store: Store, make_window: MakeWindow, clocks: StepClocks, qtbot: Any, seconds: int
) -> MainWindow:
    """The desk signed in, on the test's clocks, with an idle lock of ``seconds`` (0: none)
    and no idle clear, its scan field focused."""
    with store.transaction() as session:
        library.put(session, "idle_lock_seconds", seconds)
        library.put(session, "idle_clear_seconds", 0)
    win = make_window(store, clock=clocks.wall, elapsed=clocks.elapsed, awake=clocks.awake)
    helpers.show_active(win, qtbot)
    qtbot.waitUntil(lambda: focused() is win.checkout.patron_field)
    return win


def test_the_idle_lock_clears_every_page_and_unlocking_shows_an_empty_desk(
    demo_store: Store, make_window: MakeWindow, clocks: StepClocks, qtbot: Any
) -> None:
    win = desk_with_idle_lock(demo_store, make_window, clocks, qtbot, 120)
    name = serve_a_patron(win, demo_store, qtbot)
    win.show_mode("return")
    helpers.type_in(qtbot, helpers.available_items(demo_store, 1)[0])
    clocks.wait(timedelta(seconds=100))
    with qtbot.assertNotEmitted(win.idle_lock.idle, wait=POLL_MS + 300):
        pass
    clocks.wait(timedelta(seconds=30))
    with qtbot.waitSignal(win.idle_lock.idle, timeout=POLL_MS * 3):
        pass
    assert win.locked() and demo_store.actor is None
    assert win.sign_in.message.text() == "Locked after a while without activity. Sign in again."
    assert win.checkout.patron is None and not win.checkout.lines.lines
    assert not win.returns.lines.lines
    assert not win.checkout.panel.showing
    texts = " ".join(helpers.all_visible_texts(win))
    assert name not in texts
    qtbot.waitUntil(lambda: focused() is win.sign_in.who)
    helpers.type_in(qtbot, helpers.STAFF_LOGIN)
    helpers.type_in(qtbot, STAFF_PIN)
    assert not win.locked() and win.current_mode() == "checkout"
    assert win.checkout.patron is None and not win.checkout.lines.lines
    qtbot.waitUntil(lambda: focused() is win.checkout.patron_field)


def test_a_lid_closed_between_stops_locks_the_window_at_once_on_waking(
    demo_store: Store, make_window: MakeWindow, clocks: StepClocks, qtbot: Any
) -> None:
    win = desk_with_idle_lock(demo_store, make_window, clocks, qtbot, 300)
    name = serve_a_patron(win, demo_store, qtbot)
    # A minute with nobody at the desk, the laptop awake: well inside the idle lock's time.
    clocks.wait(timedelta(seconds=60))
    with qtbot.assertNotEmitted(win.sleep_watch.slept, wait=POLL_MS + 300):
        pass
    assert not win.locked() and name in " ".join(helpers.all_visible_texts(win))
    # The lid closed for two minutes: still inside it, but the window locks on waking.
    clocks.sleep(timedelta(seconds=120))
    with qtbot.waitSignal(win.sleep_watch.slept, timeout=POLL_MS * 3) as slept:
        pass
    assert slept.args is not None and slept.args[0] == pytest.approx(120, abs=1)
    assert win.locked() and demo_store.actor is None
    assert win.sign_in.message.text() == "Locked while the laptop was asleep. Sign in again."
    assert win.checkout.patron is None and not win.checkout.panel.showing
    assert name not in " ".join(helpers.all_visible_texts(win))
    qtbot.waitUntil(lambda: focused() is win.sign_in.who)
    helpers.type_in(qtbot, helpers.STAFF_LOGIN)
    helpers.type_in(qtbot, STAFF_PIN)
    assert not win.locked() and win.checkout.patron is None
    # Closed for the night: longer than the idle lock too, which counts time asleep; the
    # note still says what happened.
    qtbot.waitUntil(lambda: focused() is win.checkout.patron_field)
    clocks.sleep(timedelta(hours=10))
    with qtbot.waitSignal(win.sleep_watch.slept, timeout=POLL_MS * 3):
        pass
    assert win.locked()
    assert win.sign_in.message.text() == "Locked while the laptop was asleep. Sign in again."


def test_a_library_with_no_idle_lock_stays_signed_in_across_a_sleep(
    demo_store: Store, make_window: MakeWindow, clocks: StepClocks, qtbot: Any
) -> None:
    win = desk_with_idle_lock(demo_store, make_window, clocks, qtbot, 0)
    clocks.sleep(timedelta(minutes=30))
    with qtbot.waitSignal(win.sleep_watch.slept, timeout=POLL_MS * 3):
        pass
    assert not win.locked() and demo_store.actor is not None
    assert focused() is win.checkout.patron_field


def test_ctrl_l_in_the_scan_field_locks_for_the_next_person(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    win = make_window(demo_store)
    helpers.show_active(win, qtbot)
    qtbot.waitUntil(lambda: focused() is win.checkout.patron_field)
    name = serve_a_patron(win, demo_store, qtbot)
    assert focused() is win.checkout.item_field
    helpers.press(qtbot, Qt.Key.Key_L, CTRL)
    assert win.locked() and demo_store.actor is None
    assert win.checkout.patron is None
    assert name not in " ".join(helpers.all_visible_texts(win))
    assert win.sign_in.message.text() == "Signed out. The next person signs in here."
    qtbot.waitUntil(lambda: focused() is win.sign_in.who)
    helpers.add_staff(demo_store, "val", "Val Volunteer", "volunteer")
    helpers.type_in(qtbot, "val")
    helpers.type_in(qtbot, STAFF_PIN)
    assert win.user_label.toolTip() == "Val Volunteer · volunteer"
    assert win.checkout.patron is None


def test_the_idle_clear_behind_the_sign_in_screen_leaves_the_keyboard_there(
    win: MainWindow, clocks: StepClocks, qtbot: Any
) -> None:
    helpers.type_in(qtbot, "sa")  # half a login typed, then nobody
    clocks.wait(timedelta(minutes=3))
    with qtbot.waitSignal(win.idle.idle, timeout=POLL_MS * 3):
        pass
    assert win.locked() and focused() is win.sign_in.pin


def test_the_idle_lock_with_a_prompt_open_leaves_nothing_of_it_on_the_page(
    demo_store: Store, make_window: MakeWindow, clocks: StepClocks, qtbot: Any
) -> None:
    """The prompt closes before the pages clear: its cancel ("Not lent: {title}") does not
    write on the page after the clear."""
    win = desk_with_idle_lock(demo_store, make_window, clocks, qtbot, 120)
    serve_a_patron(win, demo_store, qtbot)
    held = helpers.held_item(demo_store)
    helpers.type_in(qtbot, held)
    dialog = win.checkout.override_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: focused() is dialog.first_focus())
    clocks.wait(timedelta(seconds=130))  # the prompt left open, nobody at the laptop
    with qtbot.waitSignal(win.idle_lock.idle, timeout=POLL_MS * 3):
        pass
    assert win.locked() and win.checkout.override_dialog is None
    banner = win.checkout.banner.text()
    assert "Not lent" not in banner and held not in banner
    assert banner == "Locked after a while without activity. Sign in again."


def test_the_pick_list_is_emptied_by_the_lock_and_read_again_when_shown(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    from popup.ui.holds.page import PickListPage

    card = demo.demo_patron(demo_store)
    helpers.add_hold(demo_store, "H1", card, helpers.available_items(demo_store, 1)[0])
    win = make_window(demo_store)
    helpers.show_active(win, qtbot)
    qtbot.waitUntil(lambda: focused() is win.checkout.patron_field)
    helpers.press(qtbot, Qt.Key.Key_H, CTRL)
    page = win.page_of(PickListPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    tail = card[-4:]
    assert tail in page.model.item(0, 2).text()
    helpers.press(qtbot, Qt.Key.Key_L, CTRL)
    assert win.locked()
    assert page.model.rowCount() == 0 and not page.entries
    assert page.count_label.text() == "" and not page.print_button.isEnabled()
    qtbot.waitUntil(lambda: focused() is win.sign_in.who)
    helpers.type_in(qtbot, helpers.STAFF_LOGIN)
    helpers.type_in(qtbot, STAFF_PIN)
    qtbot.waitUntil(lambda: focused() is win.checkout.patron_field)
    helpers.press(qtbot, Qt.Key.Key_H, CTRL)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
