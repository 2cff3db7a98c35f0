"""The exceptions inbox as staff see it on a small screen: a proper item model, rows that wrap
rather than scroll sideways at 1024 px, and the code with the server's words in the detail."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from popup.domain.circulation import initials
from popup.store.db import Store
from popup.store.models import OutboxEntry, Patron, SyncException
from popup.store.notify import Topic, note
from popup.ui.sync.inbox import InboxModel
from popup.ui.sync.page import SyncPage
from tests.helpers import desk as helpers
from tests.helpers.desk import MakeWindow

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
    assert texts[InboxModel.PATRON] == f"{initials(name)}, card …{card[-4:]}"
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
