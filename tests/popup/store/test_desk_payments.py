"""Payments at the desk over a real store file: the balance and the outbox record together,
nothing written on a refusal, and the change noted for the screens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from popup.domain import demo_data
from popup.domain.payments import PaymentMethod, PaymentRefused
from popup.domain.protocol import Kind, parse_payload
from popup.domain.protocol.actions import Payment
from popup.store import demo
from popup.store.circulation import Desk
from popup.store.db import Store, WriteFailed
from popup.store.demo import DEMO_FORMAT
from popup.store.models import OutboxEntry, Patron
from popup.store.notify import StoreChange, Topic
from tests.popup.store.faults import held

CARD = demo_data.fined_patron_card(DEMO_FORMAT)


def _balance(store: Store, card: str = CARD) -> int:
    with store.read() as s:
        value = s.scalar(select(Patron.fines_owed_cents).where(Patron.card_number == card))
        assert value is not None
        return int(value)


def _outbox(store: Store) -> list[tuple[str, dict[str, object]]]:
    with store.read() as s:
        return [
            (e.kind, json.loads(e.payload))
            for e in s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
        ]


def test_the_demo_has_a_patron_with_fines_over_the_limit(desk: Desk) -> None:
    view = desk.find_patron(CARD)
    assert view.fines_owed_cents == demo_data.DEMO_FINES_CENTS == 1275
    assert [c.code.value for c in view.blocks] == ["FINES_OVER_LIMIT"]


def test_a_payment_writes_the_balance_and_its_action_in_one_transaction(
    desk: Desk, demo_store: Store
) -> None:
    seen: list[StoreChange] = []
    demo_store.subscribe(seen.append)
    result = desk.record_payment(CARD, 1000, method=PaymentMethod.CASH, note=" two DVDs ")
    assert (result.balance_before_cents, result.balance_after_cents) == (1275, 275)
    assert result.credit_cents == 0 and result.note == "two DVDs"
    assert _balance(demo_store) == 275
    [(kind, stored)] = _outbox(demo_store)
    assert kind == Kind.PAYMENT.value
    payload = parse_payload(kind, stored)
    assert isinstance(payload, Payment)
    assert (payload.amount_cents, payload.method, payload.waiver) == (1000, "cash", False)
    assert (payload.balance_before_cents, payload.balance_after_cents) == (1275, 275)
    assert payload.payment_id == result.payment_id and payload.patron_card == CARD
    # One notification: the patron's balance and the outbox, with the action's seq.
    assert len(seen) == 1 and seen[0].touches(Topic.PATRONS) and seen[0].seqs == (result.seq,)
    # The block went with the fines: the panel reads it again at once.
    assert desk.find_patron(CARD).blocks == []


def test_a_refused_payment_writes_nothing(desk: Desk, demo_store: Store) -> None:
    with pytest.raises(PaymentRefused) as caught:
        desk.record_payment(CARD, 2000, method=PaymentMethod.CARD)
    assert caught.value.key == "EXCEEDS_OWED"
    with pytest.raises(PaymentRefused):
        desk.record_payment(CARD, 0, method=PaymentMethod.CASH)
    with pytest.raises(PaymentRefused):
        desk.record_payment(CARD, 2000, method=None, waiver=True)
    assert _balance(demo_store) == 1275
    with demo_store.read() as s:
        assert s.scalar(select(func.count(OutboxEntry.seq))) == 0


def test_more_than_owed_is_kept_as_a_credit_when_staff_say_so(
    desk: Desk, demo_store: Store
) -> None:
    result = desk.record_payment(CARD, 2000, method=PaymentMethod.CARD, as_credit=True)
    assert (result.balance_after_cents, result.credit_cents) == (-725, 725)
    assert _balance(demo_store) == -725
    [(_, stored)] = _outbox(demo_store)
    assert stored["credit"] is True and stored["balance_after_cents"] == -725


def test_a_waiver_has_no_method_and_reduces_the_fines(desk: Desk, demo_store: Store) -> None:
    result = desk.record_payment(
        CARD, 275, method=PaymentMethod.CASH, waiver=True, note="staff error"
    )
    assert result.method is None and result.balance_after_cents == 1000
    [(_, stored)] = _outbox(demo_store)
    assert stored["waiver"] is True and stored["method"] is None
    assert _balance(demo_store) == 1000


def test_a_payment_whose_save_fails_changes_neither_the_balance_nor_the_outbox(
    home: Path,
) -> None:
    path = home / "popup.sqlite3"
    store = Store.open(path, busy_timeout_ms=200)
    try:
        demo.seed(store, items=40, patrons=10)
        desk = Desk(store)
        with held(path):  # another program holds the store locked past the busy timeout
            with pytest.raises(WriteFailed) as failed:
                desk.record_payment(CARD, 500, method=PaymentMethod.CASH)
            assert failed.value.key == "WRITE_LOCKED"
        assert _balance(store) == 1275 and _outbox(store) == []
        assert desk.record_payment(CARD, 500, method=PaymentMethod.CASH).seq == 1  # it saves
        assert _balance(store) == 775
    finally:
        store.close()
