"""A volunteer at the desk (#17): only the pages their role may use, the others' shortcuts
inert; the limited view of a patron; and a block a staff member approves in place, keyboard
only, the approver recorded in the outbox."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from popup.store import demo, library
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.models import OutboxEntry
from popup.ui import tasks
from popup.ui.desk.payment import PaymentDialog
from popup.ui.main_window import MainWindow
from popup.ui.staff.approval import ApprovalDialog
from tests.helpers import desk as helpers
from tests.helpers.desk import STAFF_PIN, MakeWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CTRL = Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier
VOLUNTEER_PAGES = ["checkout", "return", "events"]


def focused() -> Any:
    return QApplication.focusWidget()


def open_window(store: Store, make_window: MakeWindow, qtbot: Any) -> MainWindow:
    window = make_window(store, signed_in="volunteer")
    helpers.show_active(window, qtbot)
    qtbot.waitUntil(lambda: focused() is window.checkout.patron_field)
    return window


@pytest.fixture
def win(demo_store: Store, make_window: MakeWindow, qtbot: Any) -> Iterator[MainWindow]:
    helpers.add_staff(demo_store, "sam", "Sam Staff", badge="B-0042")
    yield open_window(demo_store, make_window, qtbot)
    tasks.wait_idle()


def shown_pages(window: MainWindow) -> list[str]:
    return [key for key in window.modes() if window._modes[key].button.isVisibleTo(window)]


def test_a_volunteer_sees_the_desk_return_and_counting_pages_only(
    win: MainWindow, qtbot: Any
) -> None:
    assert win.user_label.toolTip() == "Val Volunteer · volunteer"
    assert shown_pages(win) == VOLUNTEER_PAGES == win.visible_modes()
    for key, modifier in (
        (Qt.Key.Key_F, CTRL),  # search
        (Qt.Key.Key_H, CTRL),  # pick list
        (Qt.Key.Key_F4, NONE),  # in-house use
        (Qt.Key.Key_F7, NONE),  # sign-up
        (Qt.Key.Key_F10, CTRL),  # stop report
        (Qt.Key.Key_F11, NONE),  # sync
    ):
        helpers.press(qtbot, key, modifier)
        assert win.current_mode() == "checkout", key
    helpers.press(qtbot, Qt.Key.Key_K, CTRL)  # find by name: no lookup dialog
    helpers.press(qtbot, Qt.Key.Key_M, CTRL)  # payment: nothing opens
    assert win.checkout.card_dialog is None
    assert not any(isinstance(w, PaymentDialog) for w in QApplication.topLevelWidgets())
    helpers.press(qtbot, Qt.Key.Key_F3)  # the return page is theirs
    assert win.current_mode() == "return"


def test_sign_up_is_shown_where_the_library_lets_volunteers_sign_up(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    with demo_store.transaction() as session:
        library.put(session, "volunteers_may_sign_up", True)
    window = open_window(demo_store, make_window, qtbot)
    assert shown_pages(window) == ["checkout", "return", "signup", "events"]
    helpers.press(qtbot, Qt.Key.Key_F7)
    assert window.current_mode() == "signup"


def test_a_volunteer_sees_the_first_name_the_count_and_please_ask_staff(
    win: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    card = demo.demo_patron(demo_store, blocked=True)
    helpers.type_in(qtbot, card)
    page = win.checkout
    assert page.patron is not None and page.patron.limited
    panel = page.panel
    texts = [label.text() for label in panel.block_labels]
    assert texts == ["✖ Please ask staff"]
    assert panel.name.text() == page.patron.name and panel.name.text().endswith(".")
    assert panel.details.text().endswith("out")
    assert not panel.loans_view.isVisible() and not panel.renew_button.isVisible()
    assert panel.balance.text() == ""
    shown = " ".join(helpers.all_visible_texts(win))
    assert "$" not in shown and card not in shown
    assert page.banner.text() == "Please ask staff."
    assert isinstance(page.override_dialog, ApprovalDialog)


def test_a_staff_member_approves_the_block_keyboard_only_and_the_outbox_names_them(
    win: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    helpers.type_in(qtbot, demo.demo_patron(demo_store, blocked=True))
    page = win.checkout
    dialog = page.override_dialog
    assert isinstance(dialog, ApprovalDialog)
    qtbot.waitUntil(lambda: focused() is dialog.who)
    helpers.type_in(qtbot, "sam")
    assert focused() is dialog.pin
    helpers.type_in(qtbot, "1111")  # a wrong PIN
    assert focused() is dialog.reason
    helpers.type_in(qtbot, "ID checked at the desk")
    assert dialog.isVisible()  # said in the prompt, which stays, the reason kept
    assert dialog.problem.text() == "⚠ Wrong PIN. Try again."
    assert focused() is dialog.pin and dialog.pin.text() == ""
    helpers.type_in(qtbot, STAFF_PIN)  # Enter approves: the reason is there
    assert page.override_dialog is None
    assert page.banner.text() == "Approved by Sam Staff: ID checked at the desk"
    win.activateWindow()  # the window manager's part when the prompt closes (offscreen: ours)
    qtbot.waitUntil(lambda: focused() is page.item_field)
    barcode = helpers.available_items(demo_store, 1)[0]
    helpers.type_in(qtbot, barcode)
    assert len(page.lines.lines) == 1
    assert "Sam Staff" in page.banner.text()
    with demo_store.read() as session:
        entry = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq.desc())).first()
        assert entry is not None
        assert entry.kind == "checkout"
        assert entry.staff_id == "staff-val"
        assert entry.approved_by == "staff-sam"
        assert json.loads(entry.payload)["override_reason"] == "ID checked at the desk"


def test_cancelling_the_approval_lends_nothing(
    win: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    helpers.type_in(qtbot, demo.demo_patron(demo_store, blocked=True))
    dialog = win.checkout.override_dialog
    assert isinstance(dialog, ApprovalDialog)
    qtbot.waitUntil(lambda: focused() is dialog.who)
    helpers.press(qtbot, Qt.Key.Key_Escape)
    assert win.checkout.override_dialog is None
    assert win.checkout.patron is None
    assert win.checkout.banner.text() == "Cancelled: nothing was lent."


def test_a_refusal_of_the_store_is_said_on_the_page_that_asked(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    """NotAllowed and SignInNeeded go the way of every refusal (popup.ui.actions): worded on
    the page, nothing written."""
    card = demo.demo_patron(demo_store)
    loan = Desk(demo_store).checkout(card, helpers.available_items(demo_store, 1)[0])  # SYSTEM
    win = open_window(demo_store, make_window, qtbot)
    helpers.type_in(qtbot, card)
    before = helpers.outbox_count(demo_store)
    win.checkout.renew(loan.loan_id)  # no key for it here: the store refuses it anyway
    assert win.checkout.banner.text() == "Please ask a staff member."
    demo_store.actor = None  # signed out behind the window's back
    helpers.type_in(qtbot, helpers.available_items(demo_store, 1)[0])
    assert win.checkout.banner.text() == (
        "Nobody is signed in. Sign in with your login or badge and your PIN."
    )
    assert helpers.outbox_count(demo_store) == before


def test_a_volunteer_login_in_the_approval_prompt_is_said_and_the_pin_cleared(
    win: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    helpers.type_in(qtbot, demo.demo_patron(demo_store, blocked=True))
    dialog = win.checkout.override_dialog
    assert isinstance(dialog, ApprovalDialog)
    qtbot.waitUntil(lambda: focused() is dialog.who)
    helpers.type_in(qtbot, "val")  # the volunteer's own login: not someone who may approve
    helpers.type_in(qtbot, STAFF_PIN)
    helpers.type_in(qtbot, "ID checked at the desk")
    qtbot.waitUntil(lambda: dialog.problem.isVisible())
    assert dialog.problem.text() == (
        "⚠ Only a staff member can approve this. Ask a staff member for their PIN."
    )
    assert dialog.isVisible() and win.checkout.override_dialog is dialog
    assert dialog.pin.text() == "" and focused() is dialog.pin


def test_the_approval_prompt_shows_the_staff_member_what_they_approve(
    win: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    """An item on hold for another patron: the staff member reads it in the prompt, in the
    words of the staff override prompt, before typing their PIN."""
    helpers.type_in(qtbot, demo.demo_patron(demo_store))
    page = win.checkout
    qtbot.waitUntil(lambda: focused() is page.item_field)
    helpers.type_in(qtbot, helpers.held_item(demo_store))
    dialog = page.override_dialog
    assert isinstance(dialog, ApprovalDialog)
    qtbot.waitUntil(lambda: focused() is dialog.who)
    shown = helpers.all_visible_texts(dialog)
    assert "For the staff member:" in shown
    assert [label.text() for label in dialog.concern_labels] == [
        "• Item is on hold for another patron"
    ]
    assert all(label.isVisible() for label in dialog.concern_labels)


def test_a_volunteer_told_of_a_possible_duplicate_is_sent_to_staff(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    """The role decides (not what the store returns): no names or cards of the matches, no
    "Open existing", no "Create anyway"; only the way back to the form."""
    from popup.domain.signup import SignupForm
    from popup.store import signup as store_signup
    from popup.store.staff import SYSTEM
    from popup.ui.signup.page import SignupPage

    with demo_store.transaction() as session:
        library.put(session, "volunteers_may_sign_up", True)
    ana = SignupForm(
        name="Ana María López", date_of_birth="1990-05-17", phone="555-010-2030", consent=True
    )
    window = open_window(demo_store, make_window, qtbot)
    helpers.press(qtbot, Qt.Key.Key_F7)
    page = window.page_of(SignupPage)
    page.form.fill(ana)
    clean = page.check()
    assert clean is not None
    volunteer, demo_store.actor = demo_store.actor, SYSTEM  # Ana signed up earlier by staff
    try:
        store_signup.register(demo_store, clean)
    finally:
        demo_store.actor = volunteer
    count = helpers.outbox_count(demo_store)
    page.form.fill(ana)
    page.submit_button.click()
    qtbot.waitUntil(lambda: page.duplicate_dialog is not None and page.duplicate_dialog.isVisible())
    dialog = page.duplicate_dialog
    assert dialog is not None
    shown = helpers.all_visible_texts(dialog)
    assert "This person may already have a card. Please ask a staff member." in shown
    assert not dialog.open_button.isVisible() and not dialog.create_button.isVisible()
    assert not dialog.list.isVisible()
    assert not any("Ana" in text for text in shown)
    qtbot.waitUntil(lambda: focused() is dialog.back_button)
    helpers.press(qtbot, Qt.Key.Key_Return)  # the only way: back to the form
    qtbot.waitUntil(lambda: page.duplicate_dialog is None)
    assert page.form.values().name == ana.name  # the form kept, nothing saved
    assert helpers.outbox_count(demo_store) == count
