"""The store tells subscribers what each committed write changed, and nothing else."""

from __future__ import annotations

import pytest

from popup.store import library
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.notify import StoreChange, Topic


def test_a_checkout_and_its_undo_are_announced_after_commit(demo_store: Store) -> None:
    desk = Desk(demo_store)
    seen: list[StoreChange] = []
    demo_store.subscribe(seen.append)
    patron = desk.find_patron(_first_patron(demo_store))
    item = _available_item(demo_store)
    result = desk.checkout(patron.card_number, item, override_reason="test")
    assert seen[-1].seqs == (result.seq,)
    assert seen[-1].touches(Topic.CIRCULATION) and seen[-1].touches(Topic.OUTBOX)
    undone = desk.undo(result.seq)
    assert seen[-1].undone == (result.seq,) and seen[-1].seqs == (undone.seq,)


def test_a_rolled_back_write_is_not_announced(demo_store: Store) -> None:
    seen: list[StoreChange] = []
    demo_store.subscribe(seen.append)
    with pytest.raises(RuntimeError), demo_store.transaction() as session:
        library.put(session, "library_name", "Never")
        raise RuntimeError("changed my mind")
    assert seen == []


def test_settings_changes_move_the_settings_generation(store: Store) -> None:
    before = store.settings_generation
    seen: list[StoreChange] = []
    unsubscribe = store.subscribe(seen.append)
    with store.transaction() as session:
        library.put(session, "library_name", "Riverside")
    assert store.settings_generation == before + 1
    assert seen == [StoreChange(frozenset({Topic.SETTINGS}))]
    unsubscribe()
    with store.transaction() as session:
        library.put(session, "library_name", "Lakeside")
    assert len(seen) == 1


def test_a_failing_listener_does_not_fail_the_write(store: Store) -> None:
    def broken(_change: StoreChange) -> None:
        raise RuntimeError("screen gone")

    store.subscribe(broken)
    with store.transaction() as session:
        library.put(session, "library_name", "Riverside")
    with store.read() as session:
        assert library.get(session, "library_name") == "Riverside"


def _first_patron(store: Store) -> str:
    from sqlalchemy import select

    from popup.store.models import Patron

    with store.read() as session:
        return str(session.scalars(select(Patron.card_number).order_by(Patron.id)).first())


def _available_item(store: Store) -> str:
    from sqlalchemy import select

    from popup.store.models import Item

    with store.read() as session:
        return str(
            session.scalars(
                select(Item.barcode).where(Item.status == "available").order_by(Item.id)
            ).first()
        )
