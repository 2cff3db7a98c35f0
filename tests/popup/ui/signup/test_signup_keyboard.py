"""The sign-up form from the keyboard (#16): Enter on the privacy tick box and Ctrl+Enter
anywhere submit (Enter in a text field never does: a card scanned there signs nobody up), the
date of birth is typed the way the UI's language writes dates, and an error goes away as soon
as its field is right. Keys go to the widget that has the focus."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from popup.domain.signup import DateOrder
from popup.store import demo
from popup.store.db import Store
from popup.store.models import Patron
from popup.ui.main_window import MainWindow
from popup.ui.signup.form import locale_date_order
from popup.ui.signup.page import SignupPage
from tests.helpers import desk as helpers
from tests.helpers.desk import MakeWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def locale_of() -> Iterator[Any]:
    """``locale_of("en_US")``: the UI's locale for the window built next, then undone."""
    before = QLocale()

    def use(name: str) -> None:
        QLocale.setDefault(QLocale(name))

    yield use
    QLocale.setDefault(before)


def _signup_window(store: Store, make_window: MakeWindow, qtbot: Any) -> SignupPage:
    window: MainWindow = make_window(store)
    helpers.show_active(window, qtbot)
    with qtbot.waitSignal(window.modeChanged):
        helpers.press(qtbot, Qt.Key.Key_F7)
    page = window.page_of(SignupPage)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.form.name)
    return page


def _type(qtbot: Any, text: str, then_tab: bool = True) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)
    if then_tab:
        helpers.press(qtbot, Qt.Key.Key_Tab)


def _type_to_consent(qtbot: Any, page: SignupPage, name: str, born: str, email: str) -> None:
    for text in (name, born, "4 Harbor Road", "", email):
        _type(qtbot, text)
    for _ in range(4):  # language, guardian's name and card, notes
        helpers.press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.form.consent
    helpers.press(qtbot, Qt.Key.Key_Space)


def _born(store: Store, name: str) -> date | None:
    with store.read() as session:
        patron = session.scalar(select(Patron).where(Patron.name == name))
        assert patron is not None
        return patron.date_of_birth


def test_enter_in_the_last_field_submits_and_the_button_names_its_keys(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    page = _signup_window(demo_store, make_window, qtbot)
    assert "(Ctrl+Enter)" in page.submit_button.text()
    _type_to_consent(qtbot, page, "Grace Mbeki", "1990-01-02", "grace@example.org")
    helpers.press(qtbot, Qt.Key.Key_Return)  # on the tick box, the last field
    assert page.stack.currentWidget() is page.card_view
    assert page.card_view.card is not None and page.card_view.card.patron_name == "Grace Mbeki"


def test_ctrl_enter_submits_from_any_field(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    page = _signup_window(demo_store, make_window, qtbot)
    _type_to_consent(qtbot, page, "Omar Haddad", "1975-11-30", "omar@example.org")
    page.form.email.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.form.email)
    helpers.press(qtbot, Qt.Key.Key_Return, CTRL)
    assert page.stack.currentWidget() is page.card_view  # at once, not a moment later


def test_enter_in_notes_or_the_guardian_card_does_not_submit_ctrl_enter_does(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    page = _signup_window(demo_store, make_window, qtbot)
    assert "tick box" in page.submit_button.toolTip()
    _type_to_consent(qtbot, page, "Lena Park", "1988-08-08", "lena@example.org")
    page.form.guardian_card.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.form.guardian_card)
    helpers.press(qtbot, Qt.Key.Key_Return)  # a wedge scan's Enter lands here
    assert page.stack.currentWidget() is page.form_page
    helpers.press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.form.notes
    _type(qtbot, "Prefers large print", then_tab=False)
    qtbot.wait(150)  # a person, not a scanner
    helpers.press(qtbot, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.form_page
    assert page.form.notes.text() == "Prefers large print" and not page.status.text()
    helpers.press(qtbot, Qt.Key.Key_Return, CTRL)
    assert page.stack.currentWidget() is page.card_view


def _patrons(store: Store) -> int:
    with store.read() as session:
        return len(session.scalars(select(Patron)).all())


def test_a_card_scanned_into_notes_signs_nobody_up_and_leaves_no_number(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    page = _signup_window(demo_store, make_window, qtbot)
    before = _patrons(demo_store)
    _type_to_consent(qtbot, page, "Kofi Adeyemi", "1991-07-04", "kofi@example.org")
    page.form.notes.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.form.notes)
    _type(qtbot, "Walks in from the shelter", then_tab=False)
    qtbot.wait(150)
    card = demo.demo_patron(demo_store)  # someone else's card, scanned by mistake
    assert helpers.type_in(qtbot, card) is page.form.notes
    assert page.stack.currentWidget() is page.form_page and _patrons(demo_store) == before
    assert page.form.notes.text() == "Walks in from the shelter"
    assert page.status.text().startswith("That scan was not used")
    assert QApplication.focusWidget() is page.form.notes


def test_a_card_scanned_at_the_tick_box_signs_nobody_up_and_enter_then_does(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    page = _signup_window(demo_store, make_window, qtbot)
    before = _patrons(demo_store)
    _type_to_consent(qtbot, page, "Mara Jovic", "1979-02-14", "mara@example.org")
    assert helpers.type_in(qtbot, demo.demo_patron(demo_store)) is page.form.consent
    assert page.stack.currentWidget() is page.form_page and _patrons(demo_store) == before
    assert page.status.text().startswith("That scan was not used")
    qtbot.wait(600)  # a person pressing Enter on the box afterwards
    helpers.press(qtbot, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.card_view
    assert _patrons(demo_store) == before + 1


def test_us_date_of_birth_typed_month_first(
    demo_store: Store, make_window: MakeWindow, qtbot: Any, locale_of: Any
) -> None:
    locale_of("en_US")
    page = _signup_window(demo_store, make_window, qtbot)
    assert page.form.date_of_birth.placeholderText() == "MM/DD/YYYY"
    _type_to_consent(qtbot, page, "Ruth Adler", "03/29/1987", "ruth@example.org")
    helpers.press(qtbot, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.card_view
    assert _born(demo_store, "Ruth Adler") == date(1987, 3, 29)


def test_day_first_date_of_birth_and_iso_both_read(
    demo_store: Store, make_window: MakeWindow, qtbot: Any, locale_of: Any
) -> None:
    locale_of("es_MX")
    page = _signup_window(demo_store, make_window, qtbot)
    assert page.form.date_of_birth.placeholderText() == "DD/MM/YYYY"
    _type_to_consent(qtbot, page, "Lucia Ramos", "29/03/1987", "lucia@example.org")
    helpers.press(qtbot, Qt.Key.Key_Return)
    assert _born(demo_store, "Lucia Ramos") == date(1987, 3, 29)
    page.card_view.another_button.click()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.form.name)
    _type_to_consent(qtbot, page, "Pablo Ramos", "1990-12-01", "pablo@example.org")
    helpers.press(qtbot, Qt.Key.Key_Return)
    assert _born(demo_store, "Pablo Ramos") == date(1990, 12, 1)


def test_an_error_goes_away_once_its_field_is_right(
    demo_store: Store, make_window: MakeWindow, qtbot: Any, locale_of: Any
) -> None:
    locale_of("en_US")
    page = _signup_window(demo_store, make_window, qtbot)
    _type_to_consent(qtbot, page, "Ivan Petrov", "March 29", "ivan@example")
    helpers.press(qtbot, Qt.Key.Key_Return)
    errors = page.form.error_texts()
    assert set(errors) == {"date_of_birth", "email"}
    assert "month/day/year" in errors["date_of_birth"]
    assert QApplication.focusWidget() is page.form.date_of_birth  # the first wrong field

    helpers.press(qtbot, Qt.Key.Key_A, CTRL)
    _type(qtbot, "03/29/198", then_tab=False)
    assert "date_of_birth" in page.form.error_texts()  # not right yet: the error stays
    _type(qtbot, "7", then_tab=False)
    assert set(page.form.error_texts()) == {"email"}  # gone as soon as it is right
    assert not bool(page.form.date_of_birth.property("invalid"))
    assert bool(page.form.email.property("invalid"))
    assert page.status.text()  # still "not saved: fix the field"

    page.form.email.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.form.email)
    _type(qtbot, ".org", then_tab=False)
    assert page.form.error_texts() == {} and page.status.text() == ""
    assert page.stack.currentWidget() is page.form_page  # editing never submits


@pytest.mark.parametrize(
    ("name", "order"),
    [("en_US", DateOrder.MDY), ("es_ES", DateOrder.DMY), ("en_GB", DateOrder.DMY)],
)
def test_locale_date_order(name: str, order: DateOrder) -> None:
    assert locale_date_order(QLocale(name)) is order
