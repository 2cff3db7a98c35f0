"""A desk action the store cannot save (another program's lock, a full disk, a store changed
behind its back) is said on the page that caused it, in the problem colour and sound, in the
UI language; the scan stays in its field to try again; nothing is written; the log says what
kind of action failed how, and never what was scanned."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from popup.domain.messages import specifics
from popup.store import demo
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.errors import WriteFailed
from popup.ui.actions import describe, log_failure
from popup.ui.feedback import Outcome
from popup.ui.main_window import MainWindow
from tests.helpers import desk as helpers
from tests.helpers import raw
from tests.helpers.desk import MakeWindow

FULL = "Not saved: the disk is full. Free some space on this laptop, then try again."


def serve(window: MainWindow, store: Store, qtbot: Any) -> str:
    """Scan the demo patron's card at checkout; their card number."""
    card = demo.demo_patron(store)
    helpers.type_in(qtbot, card)
    assert window.checkout.patron is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.checkout.item_field)
    return card


def logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(record.getMessage() for record in caplog.records)


def test_a_checkout_under_another_programs_lock_says_so_and_keeps_the_barcode(
    quick_window: MainWindow, quick_store: Store, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    card = serve(quick_window, quick_store, qtbot)
    page = quick_window.checkout
    barcode = helpers.available_items(quick_store, 1)[0]
    before = helpers.outbox_count(quick_store)
    with helpers.write_locked(quick_store):
        field = helpers.type_in(qtbot, barcode)
        assert field is page.item_field
        assert page.banner.text() == helpers.LOCKED
        assert page.banner.outcome is Outcome.PROBLEM
        assert quick_window.sounds.played[-1] is Outcome.PROBLEM
        # The scan waits in its field, selected: Enter tries again, the next scan replaces it.
        assert (page.item_field.text(), page.item_field.selectedText()) == (barcode, barcode)
        assert QApplication.focusWidget() is page.item_field
    assert helpers.outbox_count(quick_store) == before
    assert helpers.open_loan(quick_store, barcode) is None
    assert page.lines.lines == []
    assert "checkout failed: store (WRITE_LOCKED)" in logged(caplog)
    assert barcode not in logged(caplog) and card not in logged(caplog)

    helpers.press(qtbot, Qt.Key.Key_Return)  # the lock is gone: the same scan goes through
    assert page.banner.text().startswith("Lent: ")
    assert helpers.open_loan(quick_store, barcode) is not None
    assert helpers.outbox_count(quick_store) == before + 1


def test_a_return_under_a_lock_counts_nothing_and_says_so_in_spanish(
    spanish: Any, quick_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    card = demo.demo_patron(quick_store)
    barcode = helpers.available_items(quick_store, 1)[0]
    Desk(quick_store).checkout(card, barcode)
    window = make_window(quick_store)
    helpers.show_active(window, qtbot)
    helpers.press(qtbot, Qt.Key.Key_F3)
    page = window.returns
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)
    tally = page.count_label.text()
    with helpers.write_locked(quick_store):
        helpers.type_in(qtbot, barcode)
    assert page.banner.text() == helpers.LOCKED_ES
    assert page.banner.outcome is Outcome.PROBLEM
    assert window.sounds.played[-1] is Outcome.PROBLEM
    assert page.field.text() == barcode
    assert page.count_label.text() == tally and page.lines.lines == []
    assert helpers.open_loan(quick_store, barcode) is not None  # still on loan


def test_in_house_use_on_a_full_disk_stops_at_the_scan_that_did_not_fit(
    quick_window: MainWindow, quick_store: Store, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    helpers.press(qtbot, Qt.Key.Key_F4)
    page = quick_window.in_house
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)
    barcode = helpers.available_items(quick_store, 1)[0]
    helpers.disk_full(quick_store)
    counted = 0
    for _ in range(400):  # each use is a row and an outbox record: pages fill up quickly
        before = helpers.outbox_count(quick_store)
        page.field.clear()
        helpers.type_in(qtbot, barcode)
        if page.banner.outcome is Outcome.PROBLEM:
            break
        counted += 1
    assert page.banner.text() == FULL
    assert quick_window.sounds.played[-1] is Outcome.PROBLEM
    assert helpers.outbox_count(quick_store) == before  # the use that did not fit: not written
    assert page.total == counted and page.total_label.text() == f"Uses counted: {counted}"
    assert len(page.lines.lines) == counted
    assert page.field.text() == barcode
    assert "in_house_use failed: store (WRITE_DISK_FULL)" in logged(caplog)


def test_undo_and_renewals_under_a_lock_change_nothing(
    quick_window: MainWindow, quick_store: Store, qtbot: Any
) -> None:
    serve(quick_window, quick_store, qtbot)
    page = quick_window.checkout
    barcode = helpers.available_items(quick_store, 1)[0]
    helpers.type_in(qtbot, barcode)
    assert page.banner.text().startswith("Lent: ")
    loan = helpers.open_loan(quick_store, barcode)
    assert loan is not None
    before = helpers.outbox_count(quick_store)
    with helpers.write_locked(quick_store):
        for keys in (
            (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier),  # Undo last scan
            (Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
        ):
            page.banner.clear_message()
            helpers.press(qtbot, *keys)
            assert page.banner.text() == helpers.LOCKED
            assert quick_window.sounds.played[-1] is Outcome.PROBLEM
        page.banner.clear_message()
        page.renew(loan.id)  # the patron panel's Renew button
        assert page.banner.text() == helpers.LOCKED
    assert helpers.outbox_count(quick_store) == before
    assert not page.lines.lines[0].undone
    after = helpers.open_loan(quick_store, barcode)
    assert after is not None and after.due_date == loan.due_date


def test_a_refused_scan_is_logged_by_its_reason_not_its_number(
    window: MainWindow, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    helpers.press(qtbot, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.returns.field)
    helpers.type_in(qtbot, "31120999999997")
    assert window.returns.banner.outcome is Outcome.PROBLEM
    assert window.returns.field.text() == ""  # a refusal: scanning it again would not help
    assert "checkin refused: ITEM_NOT_FOUND" in logged(caplog)
    assert "31120999999997" not in logged(caplog)


def test_a_store_changed_behind_the_desks_back_is_reported_not_raised(
    quick_window: MainWindow, quick_store: Store, qtbot: Any
) -> None:
    other = raw.connect(quick_store.path)
    other.execute("ALTER TABLE device RENAME TO device_moved")  # another program's doing
    other.close()
    helpers.press(qtbot, Qt.Key.Key_F4)
    page = quick_window.in_house
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.field)
    before = helpers.outbox_count(quick_store)
    helpers.type_in(qtbot, helpers.available_items(quick_store, 1)[0])
    assert page.banner.text() == "Not saved: the store reported an error (SQLITE_ERROR). Try again."
    assert page.banner.outcome is Outcome.PROBLEM
    assert helpers.outbox_count(quick_store) == before


def test_the_unforeseen_is_worded_and_logged_without_its_message(
    caplog: pytest.LogCaptureFixture,
) -> None:
    try:
        raise ValueError("Ana María López, 12 Elm Street")
    except ValueError as exc:
        failure = describe(exc)
        log_failure("patron_register", failure, exc)
    assert failure.text == (
        "Not saved: something unexpected went wrong (ValueError). It was logged; try again."
    )
    assert "patron_register failed unexpectedly: ValueError" in logged(caplog)
    assert "test_failed_saves.py" in logged(caplog)  # where it happened
    assert "Ana" not in logged(caplog)
    assert caplog.records[-1].levelno == logging.ERROR


def test_the_stores_own_sentence_is_shown_as_it_is_and_may_be_tried_again() -> None:
    failure = describe(WriteFailed("WRITE_READ_ONLY", specifics(path="/home/x/popup.sqlite3")))
    assert failure.text == (
        "Not saved: the store file /home/x/popup.sqlite3 has become read-only. Make it writable"
        " for your user account, then try again."
    )
    assert failure.retry_helps and not failure.refused
    assert not describe(WriteFailed("WRITE_DAMAGED")).retry_helps
