"""The exceptions inbox as staff see it on a small screen: a proper item model, rows that wrap
rather than scroll sideways at 1024 px, and the code with the server's words in the detail."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem
from sqlalchemy import select

from popup.domain.circulation import initials
from popup.domain.signup import SignupForm
from popup.store.db import Store
from popup.store.models import OutboxEntry, Patron, SyncException
from popup.store.notify import Topic, note
from popup.ui.signup.page import SignupPage
from popup.ui.sync.inbox import WORD_JOINER, InboxModel
from popup.ui.sync.page import SyncPage
from tests.helpers import desk as helpers
from tests.helpers.desk import MakeWindow
from tests.helpers.fit import problems, table_problems, unseen_cell_problems

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

LONG = (
    "Item was still on loan to another patron; that loan was closed at 14:05. "
    "The server kept both records and noted the change for the circulation desk."
)


def _patron(store: Store) -> tuple[str, str]:
    with store.read() as s:
        row = s.execute(
            select(Patron.card_number, Patron.name)
            .where(
                Patron.manual_block.is_(False),
                Patron.fines_owed_cents == 0,
                Patron.card_expiry > datetime.now(UTC).date(),
            )
            .limit(1)
        ).one()
    return row.card_number, row.name


def test_the_inbox_is_a_proper_model_that_wraps_at_1024_px(
    demo_store: Store, make_window: MakeWindow, qtbot: Any, qtmodeltester: Any
) -> None:
    win = make_window(demo_store)
    card, name = _patron(demo_store)
    book = helpers.available_items(demo_store, 1)[0]
    done = win.desk.checkout(card, book)
    with demo_store.transaction() as session:
        mutation_id = session.scalar(
            select(OutboxEntry.mutation_id).where(OutboxEntry.seq == done.seq)
        )
        # What the sync client keeps of the server's answers: one about this checkout, one
        # about nothing this laptop knows, in a code this version has no words for.
        for code, about in (("OPEN_CIRCULATION_EXISTS", mutation_id), ("SOMETHING_NEW", None)):
            session.add(
                SyncException(
                    code=code, message=LONG, mutation_id=about, received_at=datetime.now(UTC)
                )
            )
        note(session, Topic.INBOX)
    win.resize(1024, 600)
    win.show()
    helpers.show_active(win, qtbot)
    helpers.press(qtbot, Qt.Key.Key_F11)
    page = win.page_of(SyncPage)
    inbox = page.inbox
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 2)
    qtmodeltester.check(inbox.model)

    model = inbox.model
    row = [e.code for e in model.entries].index("OPEN_CIRCULATION_EXISTS")
    texts = [model.index(row, c).data() for c in range(model.columnCount())]
    assert texts[InboxModel.ITEM] == f"{done.title} ({book})"
    assert texts[InboxModel.PATRON] == f"{initials(name)}, card …{WORD_JOINER}{card[-4:]}"
    assert not any("OPEN_CIRCULATION_EXISTS" in t for t in texts)
    assert "OPEN_CIRCULATION_EXISTS" in model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)

    # Every column fits the table's width: the sentences wrap onto more lines instead.
    table = inbox.table
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    assert table.horizontalHeader().length() <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
    for r in range(model.rowCount()):
        assert table.rowHeight(r) >= table.sizeHintForRow(r)

    # Chosen with the keyboard, a row shows its code and the server's words under the table.
    assert inbox.detail.isHidden()
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    helpers.press(qtbot, Qt.Key.Key_Home)
    for _ in range(row):
        helpers.press(qtbot, Qt.Key.Key_Down)
    assert [e.code for e in inbox.selected_entries()] == ["OPEN_CIRCULATION_EXISTS"]
    assert inbox.detail.isVisible()
    assert inbox.detail.text().startswith("Code OPEN_CIRCULATION_EXISTS. The server answered on ")
    assert inbox.detail.text().endswith(f"“{LONG}”")


#: A 1024x600 screen less a panel and a title bar (as tests/popup/ui/test_fit.py).
NETBOOK = QSize(1024, 540)


@pytest.fixture(params=["en", "es"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "es":
        request.getfixturevalue("spanish")
    yield request.param


def _answer(session: Any, mutation_id: str | None, code: str, message: str, **detail: str) -> None:
    """An inbox row as a push answer leaves it (the outcome's detail nested in the answer)."""
    answer = {"status": "applied", "detail": detail, "codes": [code]}
    session.add(
        SyncException(
            code=code,
            message=message,
            mutation_id=mutation_id,
            detail=json.dumps(answer),
            received_at=datetime.now(UTC),
        )
    )


def test_the_inbox_fits_a_netbook_with_every_cell_whole_and_in_sight(
    language: str, demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    """What a screenshot at 1024x600 showed: the time and the patron sized to their text took
    the width, the barcode was cut, the "What happened" header read "…", and the checkout's
    row looked empty (its short cells centred in a tall row, below the table's edge)."""
    win = make_window(demo_store)
    win.resize(NETBOOK)
    helpers.show_active(win, qtbot)
    card, _name = _patron(demo_store)
    checkout = win.desk.checkout(card, helpers.available_items(demo_store, 1)[0])
    returned = win.desk.checkin(helpers.held_item(demo_store))
    signup = win.page_of(SignupPage)
    win.show_mode(signup.key)
    signup.form.fill(
        SignupForm(
            name="Ana María López", date_of_birth="1990-05-17", phone="555-010-2030", consent=True
        )
    )
    signup.submit_button.click()
    with demo_store.transaction() as session:
        rows = session.execute(select(OutboxEntry.seq, OutboxEntry.mutation_id))
        mutations = {seq: mutation for seq, mutation in rows}
        register = session.scalar(
            select(OutboxEntry.mutation_id)
            .where(OutboxEntry.kind == "patron_register")
            .order_by(OutboxEntry.seq.desc())
        )
        _answer(session, mutations[checkout.seq], "OPEN_CIRCULATION_EXISTS", LONG)
        _answer(session, mutations[returned.seq], "HOLD_TRAP", "Hold ready.", route_to="EAST")
        _answer(session, mutations[returned.seq], "ROUTE_ITEM", "Route it.", route_to="EAST")
        _answer(session, register, "POSSIBLE_DUPLICATE_PATRON", "Maybe the same person.")
        note(session, Topic.INBOX)
    win.checkout.patron_field.setFocus()
    qtbot.waitUntil(win.checkout.patron_field.hasFocus)
    helpers.press(qtbot, Qt.Key.Key_F11)
    inbox = win.page_of(SyncPage).inbox
    table, model = inbox.table, inbox.model
    qtbot.waitUntil(lambda: model.rowCount() == 4 and table.isVisible())
    QApplication.processEvents()

    assert problems(win, NETBOOK) == []  # no header shortened to "…", nothing outside
    assert table_problems(table) == []  # no sideways scroll bar, no cell cut
    table.scrollToTop()  # as the page opens, and as far down as staff scroll
    for _ in range(model.rowCount()):
        assert unseen_cell_problems(table) == []  # a row in sight reads from its top
        table.verticalScrollBar().setValue(table.verticalScrollBar().value() + 40)
    # The columns share the table's width; the time keeps its one line.
    header = table.horizontalHeader()
    assert header.length() == table.viewport().width()
    for row in range(model.rowCount()):
        index = model.index(row, InboxModel.WHEN)
        option = QStyleOptionViewItem()
        table.initViewItemOption(option)
        one_line = table.itemDelegate().sizeHint(option, index).width()
        assert one_line <= table.columnWidth(InboxModel.WHEN)
    row = [e.code for e in model.entries].index("OPEN_CIRCULATION_EXISTS")
    assert model.index(row, InboxModel.ITEM).data().endswith(f"({checkout.barcode})")
    assert model.index(row, InboxModel.PATRON).data().endswith(f"…{WORD_JOINER}{card[-4:]}")


def test_the_lock_empties_the_inbox_and_it_is_read_again_when_shown(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    win = make_window(demo_store)
    card, _name = _patron(demo_store)
    done = win.desk.checkout(card, helpers.available_items(demo_store, 1)[0])
    with demo_store.transaction() as session:
        mutation_id = session.scalar(
            select(OutboxEntry.mutation_id).where(OutboxEntry.seq == done.seq)
        )
        session.add(
            SyncException(
                code="OPEN_CIRCULATION_EXISTS",
                message=LONG,
                mutation_id=mutation_id,
                received_at=datetime.now(UTC),
            )
        )
        note(session, Topic.INBOX)
    helpers.show_active(win, qtbot)
    helpers.press(qtbot, Qt.Key.Key_F11)
    inbox = win.page_of(SyncPage).inbox
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 1)
    helpers.press(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert win.locked()
    assert inbox.model.rowCount() == 0  # its rows name the patron (initials, card ending)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.sign_in.who)
    helpers.type_in(qtbot, helpers.STAFF_LOGIN)
    helpers.type_in(qtbot, helpers.STAFF_PIN)
    assert not win.locked()
    helpers.press(qtbot, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 1)
