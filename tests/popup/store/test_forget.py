"""``popup.store.forget`` on a real store file, the server's acknowledgement written as the
sync client writes it: what a forgotten loan loses, what it keeps, and what Undo says after.
(The whole path through the real sync server is ``test_keep_less.py``.)"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from popup.domain.demo_data import DEMO_STOP_ID
from popup.store import demo, forget, outbox
from popup.store.circulation import CannotUndo, Desk
from popup.store.db import Store
from popup.store.models import Hold, Item, Loan, OutboxEntry, SyncException
from tests.helpers import desk as helpers


def _acknowledge(store: Store, outcome: str = '{"status": "applied"}') -> int:
    """Every waiting action acknowledged and every loan in step, then the forgetting, in one
    transaction (as ``SyncEngine._record`` does); returns how many loans forgot."""
    with store.transaction() as session:
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.state == outbox.PENDING)
            .values(state=outbox.ACKED, outcome_status="applied", outcome=outcome)
        )
        session.execute(update(Loan).values(synced=True))
        forget.zero_freed_space(session)
        return forget.forget_returned(session)


def _payload(store: Store, seq: int) -> dict[str, object]:
    with store.read() as session:
        entry = session.get(OutboxEntry, seq)
        assert entry is not None
        return dict(json.loads(entry.payload))


def test_a_forgotten_loan_loses_its_patron_its_hold_and_the_card_in_the_servers_words(
    demo_store: Store, desk: Desk
) -> None:
    card = demo.demo_patron(demo_store)
    copy, other = helpers.available_items(demo_store, 2)
    with demo_store.transaction() as session:
        title = session.scalar(select(Item.title).where(Item.barcode == copy))
        session.add(
            Hold(
                id="H9",
                patron_card=card,
                item_barcode=copy,
                title=title or "?",
                placed_on=date.today() - timedelta(days=3),
                expires_on=date.today() + timedelta(days=3),
                status="ready",
                pickup="BM2",
                stop_id=DEMO_STOP_ID,
            )
        )
        session.execute(update(Item).where(Item.barcode == copy).values(on_hold=True))
    lent = desk.checkout(card, copy, "card at home, known to staff")
    assert lent.filled_hold is not None
    desk.checkin(copy)
    desk.in_house_use(other)  # a later scan: the return is not what Undo would take back
    with demo_store.transaction() as session:  # marked done by staff: it keeps nothing
        session.add(
            SyncException(
                seq=lent.seq,
                mutation_id=session.scalar(
                    select(OutboxEntry.mutation_id).where(OutboxEntry.seq == lent.seq)
                ),
                code="X",
                message=f"No patron has the card {card}.",
                received_at=datetime.now(UTC),
                resolved_at=datetime.now(UTC),
                resolved_synced=True,
            )
        )
    forgot = _acknowledge(demo_store, json.dumps({"message": f"card {card} flagged"}))
    assert forgot == 1
    with demo_store.read() as session:
        loan = session.get(Loan, lent.loan_id)
        assert loan is not None and loan.patron_id is None and loan.returned_at is not None
        assert session.get(Hold, "H9") is None  # filled here, and its loan forgotten
        entry = session.get(OutboxEntry, lent.seq)
        assert entry is not None and card not in (entry.outcome or "")
        words = session.scalar(select(SyncException.message))
        assert words == f"No patron has the card {forget.UNLINKED_CARD}."
    payload = _payload(demo_store, lent.seq)
    assert payload["patron_card"] == forget.UNLINKED_CARD
    assert payload["override_reason"] is None
    assert payload["item_barcode"] == copy and payload["loan_id"] == lent.loan_id
    assert _acknowledge(demo_store) == 0  # nothing left to forget: a no-op


def test_a_return_waiting_to_upload_or_the_one_undo_takes_back_keeps_its_patron(
    demo_store: Store, desk: Desk
) -> None:
    card = demo.demo_patron(demo_store)
    copy, other = helpers.available_items(demo_store, 2)
    lent = desk.checkout(card, copy)
    desk.checkin(copy)
    with demo_store.transaction() as session:  # nothing acknowledged yet
        assert forget.forget_returned(session) == 0
    assert _acknowledge(demo_store) == 0  # acknowledged, but Ctrl+Z would take it back
    with demo_store.read() as session:
        loan = session.get(Loan, lent.loan_id)
        assert loan is not None and loan.patron_id is not None
    undone = desk.last_undoable()
    assert undone is not None
    desk.undo(undone[0])  # the loan is open again, still the patron's
    reopened = helpers.open_loan(demo_store, copy)
    assert reopened is not None and reopened.id == lent.loan_id and reopened.patron_id is not None
    desk.checkin(copy)
    desk.in_house_use(other)
    assert _acknowledge(demo_store) == 1


def test_undo_cannot_reopen_a_loan_the_laptop_forgot(demo_store: Store, desk: Desk) -> None:
    card = demo.demo_patron(demo_store)
    copy, other = helpers.available_items(demo_store, 2)
    desk.checkout(card, copy)
    returned = desk.checkin(copy)
    desk.in_house_use(other)
    assert _acknowledge(demo_store) == 1
    with pytest.raises(CannotUndo) as refused:
        desk.undo(returned.seq)
    assert refused.value.key == "UNDO_NOT_UNDOABLE"
    with demo_store.read() as session:
        assert session.scalar(select(OutboxEntry.seq).where(OutboxEntry.kind == "undo")) is None
