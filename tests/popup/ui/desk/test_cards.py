"""Forgotten, lost and expired cards at the checkout desk (#15), driven by keys only: Ctrl+K
finds a patron by name, Ctrl+Shift+L replaces a lost card, Ctrl+Shift+E renews a card."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, update

from popup.domain.patron_cards import masked_card
from popup.store.db import Store
from popup.store.models import Patron
from popup.ui.desk.cards import LookupDialog, NewCardDialog
from popup.ui.desk.override import OverrideDialog
from popup.ui.desk.prompt import ConfirmDialog
from popup.ui.main_window import MainWindow
from tests.helpers import desk as helpers

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _name_patron(store: Store, name: str, *, expired: bool = False) -> str:
    """Give a clean demo patron a name no other demo patron has (and an expired card)."""
    today = datetime.now(UTC).date()
    with store.transaction() as session:
        patron = session.scalars(
            select(Patron)
            .where(
                Patron.manual_block.is_(False),
                Patron.fines_owed_cents == 0,
                Patron.card_expiry > today + timedelta(days=30),
                Patron.category == "ADULT",
            )
            .order_by(Patron.id.desc())
        ).first()
        assert patron is not None
        patron.name = name
        if expired:
            patron.card_expiry = today - timedelta(days=10)
        return patron.card_number


def _open(qtbot: Any, kind: type, keys: Qt.KeyboardModifier, key: Qt.Key) -> Any:
    helpers.press(qtbot, key, keys)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, LookupDialog):  # the keyboard starts in the name box
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name)
    return dialog


def _back(window: MainWindow, qtbot: Any) -> None:
    """The dialog closed: the window manager gives the window the keyboard back (the offscreen
    platform does not: do it as it would)."""
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    helpers.show_active(window, qtbot)


def _type(qtbot: Any, field: Any, text: str) -> None:
    """Type into a lookup box. The keys come fast, as a burst: the window holds them until
    they prove not to be a scan (no Enter follows), then the box gets them."""
    before = field.text()
    qtbot.keyClicks(field, text)
    qtbot.waitUntil(lambda: field.text() == before + text)


def test_ctrl_l_finds_a_patron_by_name_and_the_checkout_records_the_lookup(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    card = _name_patron(demo_store, "Zelda Quintanilla")
    page = window.checkout
    dialog = _open(qtbot, LookupDialog, CTRL, Qt.Key.Key_K)
    _type(qtbot, dialog.name, "quint zel")
    assert dialog.results.rowCount() == 1
    assert dialog.results.item(0, 0).text() == "Zelda Quintanilla"
    assert dialog.results.item(0, 1).text() == "Adult"
    assert dialog.results.item(0, 2).text() == masked_card(card) == f"•••• {card[-4:]}"
    assert card not in " ".join(helpers.all_visible_texts(dialog))  # masked to its last four
    with qtbot.waitSignal(page.patronChanged):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert page.patron is not None and page.patron.card_number == card
    assert page.found_by_lookup
    assert "Found by name" in page.banner.text()
    _back(window, qtbot)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.item_field)

    book = helpers.available_items(demo_store, 1)[0]
    with qtbot.waitSignal(page.recorded):
        helpers.type_in(qtbot, book)
    kind, payload = helpers.last_payload(demo_store)
    assert kind == "checkout" and payload["found_by_lookup"] is True
    assert payload["patron_card"] == card

    # Done: the next patron's card is scanned, and that checkout says so.
    helpers.press(qtbot, Qt.Key.Key_F12)
    assert not page.found_by_lookup


def test_arrows_choose_among_namesakes_and_esc_cancels(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    first = _name_patron(demo_store, "Yusuf Abernathy")
    with demo_store.transaction() as session:
        other = session.scalars(
            select(Patron).where(Patron.card_number != first).order_by(Patron.id.desc())
        ).first()
        assert other is not None
        other.name = "Abernathy, Yasmin"
        second = other.card_number
    page = window.checkout
    dialog = _open(qtbot, LookupDialog, CTRL, Qt.Key.Key_K)
    _type(qtbot, dialog.name, "aber")
    assert dialog.results.rowCount() == 2
    names = [dialog.results.item(r, 0).text() for r in range(2)]
    assert names == ["Abernathy, Yasmin", "Yusuf Abernathy"]  # by name
    qtbot.keyClick(dialog.name, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is dialog.results
    qtbot.keyClick(dialog.results, Qt.Key.Key_Down)
    with qtbot.waitSignal(page.patronChanged):
        qtbot.keyClick(dialog.results, Qt.Key.Key_Return)
    assert page.patron is not None and page.patron.card_number == first

    _back(window, qtbot)
    helpers.press(qtbot, Qt.Key.Key_F12)
    dialog = _open(qtbot, LookupDialog, CTRL, Qt.Key.Key_K)
    _type(qtbot, dialog.name, "yasmin")
    assert dialog.found[0].card_number == second
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    _back(window, qtbot)
    assert page.patron is None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.patron_field)


def test_a_short_name_or_a_bad_birth_date_is_worded_in_the_dialog(
    window: MainWindow, qtbot: Any
) -> None:
    dialog = _open(qtbot, LookupDialog, CTRL, Qt.Key.Key_K)
    _type(qtbot, dialog.name, "z")
    assert dialog.status.text() == "Type at least two letters of the patron's name."
    _type(qtbot, dialog.name, "qxv")
    assert dialog.status.text() == "Nobody on this laptop has that name."
    dialog.born.setFocus()
    _type(qtbot, dialog.born, "31/31/1999")
    assert "is not a date of birth" in dialog.status.text()


def test_ctrl_shift_l_replaces_a_lost_card_and_the_old_number_is_refused_at_once(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    old = _name_patron(demo_store, "Priya Lostcard")
    page = window.checkout
    # No patron at the desk: the replacement starts with a lookup by name.
    dialog = _open(qtbot, LookupDialog, CTRL_SHIFT, Qt.Key.Key_L)
    assert dialog.windowTitle() == "Replace a lost card: find the patron"
    _type(qtbot, dialog.name, "priya lost")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ConfirmDialog))
    confirm = QApplication.activeModalWidget()
    assert isinstance(confirm, ConfirmDialog)
    assert "Priya Lostcard" in confirm.question.text() and old[-4:] in confirm.question.text()
    with qtbot.waitSignal(page.recorded):
        helpers.press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), NewCardDialog))
    card_dialog = QApplication.activeModalWidget()
    assert isinstance(card_dialog, NewCardDialog)
    new = card_dialog.view.card.card_number if card_dialog.view.card else ""
    assert new and new != old
    assert card_dialog.view.qr.pixmap() is not None and not card_dialog.view.qr.pixmap().isNull()
    assert card_dialog.view.title.text() == "New card ready:"
    assert old[-4:] in card_dialog.lost.text()
    kind, payload = helpers.last_payload(demo_store)
    assert kind == "card_replace"
    assert payload["old_card"] == old and payload["new_card"] == new
    assert payload["found_by_lookup"] is True

    # Enter serves the patron by the new card.
    with qtbot.waitSignal(page.patronChanged):
        helpers.press(qtbot, Qt.Key.Key_Return)
    assert page.patron is not None and page.patron.card_number == new

    _back(window, qtbot)
    # The old card, scanned: refused with the day it was reported lost.
    helpers.press(qtbot, Qt.Key.Key_F12)
    helpers.type_in(qtbot, old)
    assert page.patron is None
    today = datetime.now(UTC).date()
    from popup.ui.text import date_text

    assert page.banner.text() == (
        f"Card “{old}” was reported lost on {date_text(today)} and cannot be used."
        " Find the patron by name (Ctrl+K)."
    )


def test_an_expired_card_is_renewed_from_the_block_prompt_and_lends_without_override(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    card = _name_patron(demo_store, "Olga Expiredcard", expired=True)
    page = window.checkout
    helpers.type_in(qtbot, card)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), OverrideDialog))
    prompt = QApplication.activeModalWidget()
    assert isinstance(prompt, OverrideDialog) and prompt.card_renew_button is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is prompt.reason)
    with qtbot.waitSignal(page.recorded):
        helpers.press(qtbot, Qt.Key.Key_E, CTRL_SHIFT)
    _back(window, qtbot)
    assert page.patron is not None and page.patron.blocks == []
    kind, payload = helpers.last_payload(demo_store)
    assert kind == "card_renew" and payload["patron_card"] == card
    today = datetime.now(UTC).date()
    assert payload["new_expiry"] == today.replace(year=today.year + 3).isoformat()
    assert "Card renewed" in page.banner.text()

    book = helpers.available_items(demo_store, 1)[0]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.item_field)
    with qtbot.waitSignal(page.recorded):
        helpers.type_in(qtbot, book)
    kind, payload = helpers.last_payload(demo_store)
    assert kind == "checkout" and payload["override_reason"] is None
    assert payload["concerns"] == []


def test_ctrl_shift_e_renews_by_the_category_setting_after_a_lookup(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    card = _name_patron(demo_store, "Ines Renewme", expired=True)
    with demo_store.transaction() as session:
        session.execute(update(Patron).where(Patron.card_number == card).values(category="TEEN"))
        from popup.store import library

        library.put(session, "card_renewal_years", {"TEEN": 1})
    demo_store.settings_changed()
    page = window.checkout
    dialog = _open(qtbot, LookupDialog, CTRL_SHIFT, Qt.Key.Key_E)
    _type(qtbot, dialog.name, "ines renew")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ConfirmDialog))
    confirm = QApplication.activeModalWidget()
    assert isinstance(confirm, ConfirmDialog)
    today = datetime.now(UTC).date()
    from popup.ui.text import date_text

    one_year = today.replace(year=today.year + 1)
    assert date_text(one_year) in confirm.question.text()
    with qtbot.waitSignal(page.recorded):
        helpers.press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.patron is not None)
    assert page.patron is not None and page.patron.card_expiry == one_year
    assert page.patron.blocks == []
    kind, payload = helpers.last_payload(demo_store)
    assert kind == "card_renew" and payload["found_by_lookup"] is True
    assert payload["new_expiry"] == one_year.isoformat()


def test_the_idle_clear_closes_a_lookup_and_a_new_card(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    _name_patron(demo_store, "Nadia Idlename")
    page = window.checkout
    dialog = _open(qtbot, LookupDialog, CTRL, Qt.Key.Key_K)
    _type(qtbot, dialog.name, "nadia idle")
    assert dialog.results.rowCount() == 1
    window.clear_patrons(120)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert page.card_dialog is None and not dialog.isVisible()
    assert "Cleared after 2 minutes" in page.banner.text()

    _back(window, qtbot)
    dialog = _open(qtbot, LookupDialog, CTRL_SHIFT, Qt.Key.Key_L)
    _type(qtbot, dialog.name, "nadia idle")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ConfirmDialog))
    with qtbot.waitSignal(page.recorded):
        helpers.press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), NewCardDialog))
    card_dialog = QApplication.activeModalWidget()
    assert isinstance(card_dialog, NewCardDialog) and card_dialog.view.card is not None
    window.clear_patrons(120)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert card_dialog.view.card is None  # the new number and name are gone from memory
    assert page.card_dialog is None


def test_more_than_a_page_of_namesakes_asks_for_more_of_the_name(
    window: MainWindow, demo_store: Store, qtbot: Any
) -> None:
    with demo_store.transaction() as session:
        session.execute(update(Patron).values(name="Sam Common"))
    dialog = _open(qtbot, LookupDialog, CTRL, Qt.Key.Key_K)
    _type(qtbot, dialog.name, "sam com")
    assert dialog.results.rowCount() == 30
    assert dialog.status.text() == "More than 30 patrons match: type more of the name."
