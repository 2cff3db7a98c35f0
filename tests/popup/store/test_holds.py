"""Holds at the laptop's desk (#15), on a real store file: the patron's holds ready for pickup,
a checkout that fills one, a return that sets a copy aside, the pick list, and undo."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from popup.domain.circulation import initials
from popup.domain.concerns import Code
from popup.domain.demo_data import DEMO_STOP_ID
from popup.store import demo
from popup.store.circulation import Desk, NeedsOverride
from popup.store.db import Store
from popup.store.models import Hold, Item, OutboxEntry, Patron
from tests.helpers import desk as helpers


def _today(desk: Desk) -> date:
    from popup.domain.due_dates import local_date

    return local_date(desk.clock(), desk.config.zone)


def _hold(store: Store, hold_id: str, card: str, barcode: str | None, **values: object) -> None:
    with store.transaction() as session:
        title = (
            session.scalar(select(Item.title).where(Item.barcode == barcode)) if barcode else None
        )
        today = date.today()
        row = {
            "patron_card": card,
            "item_barcode": barcode,
            "title": title or "A Title Hold",
            "placed_on": today - timedelta(days=5),
            "expires_on": today + timedelta(days=5),
            "status": "ready",
            "pickup": "BM2",
            "stop_id": DEMO_STOP_ID,
            **values,
        }
        session.add(Hold(id=hold_id, **row))
        if barcode is not None:
            session.execute(
                Item.__table__.update()  # type: ignore[attr-defined]
                .where(Item.barcode == barcode)
                .values(on_hold=True, hold_pickup="BM2")
            )


def _status(store: Store, hold_id: str) -> str:
    with store.read() as session:
        hold = session.get(Hold, hold_id)
        assert hold is not None
        return hold.status


def _other_patron(store: Store, not_card: str) -> str:
    with store.read() as session:
        card = session.scalar(
            select(Patron.card_number).where(
                Patron.card_number != not_card,
                Patron.manual_block.is_(False),
                Patron.fines_owed_cents == 0,
                Patron.category == "ADULT",
                Patron.card_expiry > date.today() + timedelta(days=30),
            )
        )
        assert card is not None
        return card


def test_the_patron_sees_the_holds_ready_for_them_and_only_live_ones(
    demo_store: Store, desk: Desk
) -> None:
    card = demo.demo_patron(demo_store)
    one, two, three = helpers.available_items(demo_store, 3)
    _hold(demo_store, "H1", card, one)
    _hold(demo_store, "H2", card, two, status="in_transit")  # not on board: not ready
    _hold(demo_store, "H3", card, three, expires_on=_today(desk) - timedelta(days=1))
    view = desk.find_patron(card)
    assert [h.hold_id for h in view.holds_ready] == ["H1"]
    ready = view.holds_ready[0]
    assert ready.stop_name == "Farmers' Market" and ready.card_tail == card[-4:]


def test_lending_the_held_copy_to_its_patron_fills_the_hold_without_an_override(
    demo_store: Store, desk: Desk
) -> None:
    card = demo.demo_patron(demo_store)
    copy = helpers.available_items(demo_store, 1)[0]
    _hold(demo_store, "H1", card, copy)
    other = _other_patron(demo_store, card)
    with pytest.raises(NeedsOverride) as asked:
        desk.checkout(other, copy)
    assert [c.code for c in asked.value.concerns] == [Code.ITEM_ON_HOLD]
    assert _status(demo_store, "H1") == "ready"

    result = desk.checkout(card, copy)
    assert result.concerns == [] and result.filled_hold is not None
    assert result.filled_hold.hold_id == "H1"
    kind, payload = helpers.last_payload(demo_store)
    assert kind == "checkout" and payload["hold_id"] == "H1" and payload["concerns"] == []
    assert _status(demo_store, "H1") == "filled"
    assert desk.find_patron(card).holds_ready == []

    undone = desk.last_undoable()
    assert undone is not None
    desk.undo(undone[0])
    assert _status(demo_store, "H1") == "ready"  # back on the hold shelf


def test_a_return_someone_waits_for_says_for_whom_and_where_and_goes_on_board(
    demo_store: Store, desk: Desk
) -> None:
    card = demo.demo_patron(demo_store)
    waiter = _other_patron(demo_store, card)
    copy = helpers.available_items(demo_store, 1)[0]
    desk.checkout(card, copy)
    _hold(demo_store, "H9", waiter, copy, status="waiting")
    with demo_store.read() as session:
        name = session.scalar(select(Patron.name).where(Patron.card_number == waiter))
    assert name is not None
    before = desk.pick_list(DEMO_STOP_ID)
    assert [(e.hold.hold_id, e.on_board) for e in before] == [("H9", False)]

    result = desk.checkin(copy)
    assert result.hold and result.route_to is None
    assert result.hold_for is not None
    assert result.hold_for.patron_initials == initials(name)
    assert result.hold_for.card_tail == waiter[-4:]
    assert result.hold_for.stop_name == "Farmers' Market"
    assert name not in json.dumps(helpers.last_payload(demo_store)[1])
    assert helpers.last_payload(demo_store)[1]["hold_id"] == "H9"
    assert _status(demo_store, "H9") == "ready"
    assert [(e.hold.hold_id, e.on_board) for e in desk.pick_list(DEMO_STOP_ID)] == [("H9", True)]
    assert [h.hold_id for h in desk.find_patron(waiter).holds_ready] == ["H9"]


def test_the_pick_list_is_in_call_number_order_and_leaves_out_other_stops_and_expired(
    demo_store: Store, desk: Desk
) -> None:
    card = demo.demo_patron(demo_store)
    items = helpers.available_items(demo_store, 4)
    numbers = ["F SMI 10", "F SMI 9", "599.7 LOB", "A 1"]
    with demo_store.transaction() as session:
        for barcode, number in zip(items, numbers, strict=True):
            session.execute(
                Item.__table__.update()  # type: ignore[attr-defined]
                .where(Item.barcode == barcode)
                .values(call_number=number)
            )
    _hold(demo_store, "A", card, items[0])
    _hold(demo_store, "B", card, items[1], status="waiting", stop_id=None)
    _hold(demo_store, "C", card, items[2])
    _hold(demo_store, "D", card, items[3], stop_id="another-stop")
    _hold(demo_store, "E", card, None, expires_on=_today(desk) - timedelta(days=2))
    lines = desk.pick_list(DEMO_STOP_ID)
    assert [e.call_number for e in lines] == ["599.7 LOB", "F SMI 9", "F SMI 10"]
    assert [e.on_board for e in lines] == [True, False, True]
    assert len(desk.pick_list(None)) == 4  # every stop; the expired one nowhere


def test_an_outbox_record_per_action_and_nothing_else(demo_store: Store, desk: Desk) -> None:
    card = demo.demo_patron(demo_store)
    copy = helpers.available_items(demo_store, 1)[0]
    _hold(demo_store, "H1", card, copy)
    before = helpers.outbox_count(demo_store)
    desk.checkout(card, copy)
    with demo_store.read() as session:
        kinds = list(session.scalars(select(OutboxEntry.kind).where(OutboxEntry.seq > before)))
    assert kinds == ["checkout"]
