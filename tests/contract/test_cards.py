"""Lost cards and renewals across laptops, through the real server process (#15): a card
replaced on one laptop is refused on another after its next sync, the patron is still found by
name there, and a renewal reaches every laptop."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from popup.store.cards import Cards
from popup.store.circulation import CardReportedLost
from popup.store.models import Patron, PatronAlias
from popup_sync import models as sm
from tests.helpers.consortium import SyncServer
from tests.helpers.laptops import Laptop


def test_a_lost_card_replaced_on_one_laptop_is_refused_on_another_after_its_sync(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    a, b = laptops("bus-a"), laptops("bus-b")
    for laptop in (a, b):
        laptop.enroll(sync_server)
        assert laptop.sync().ok
    old = a.patron_cards()[0]
    with a.store.read() as session:
        name = session.scalar(select(Patron.name).where(Patron.card_number == old))
    assert name is not None
    cards_a = Cards(a.store)
    found = cards_a.lookup(name)
    assert old in [f.card_number for f in found]
    replaced = cards_a.replace_lost(old, found_by_lookup=True)
    # At once on this laptop: the old card is refused, the new one serves the patron.
    with pytest.raises(CardReportedLost):
        a.desk.find_patron(old)
    book = a.available_barcodes()[0]
    a.desk.checkout(replaced.card_number, book, found_by_lookup=True)
    assert a.sync().ok and a.waiting() == 0
    assert sync_server.db is not None
    with sync_server.db.read() as session:
        lent = session.scalar(
            select(sm.AppliedMutation.payload).where(sm.AppliedMutation.kind == "checkout")
        )
    assert lent is not None and lent["found_by_lookup"] is True

    # The other laptop, after its next sync: the old card refused there too, with the day.
    assert b.sync().ok
    with pytest.raises(CardReportedLost) as refused:
        b.desk.find_patron(old)
    assert refused.value.lost_on == datetime.now(UTC).date()
    assert b.desk.find_patron(replaced.card_number).name == name
    assert [f.card_number for f in Cards(b.store).lookup(name) if f.name == name] == [
        replaced.card_number
    ]
    # And the first laptop, once its replacement was acknowledged, still has it lost.
    assert a.sync().ok
    with a.store.read() as session:
        alias = session.get(PatronAlias, old)
        assert alias is not None and alias.lost_at is not None


def test_a_renewal_on_one_laptop_clears_the_expired_block_on_another(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    a, b = laptops("renew-a"), laptops("renew-b")
    for laptop in (a, b):
        laptop.enroll(sync_server)
        assert laptop.sync().ok
    card = a.patron_cards()[1]
    expired = datetime.now(UTC).date() - timedelta(days=2)
    # The card expired at the consortium (as both laptops were told).
    for laptop in (a, b):
        with laptop.store.transaction() as session:
            session.execute(
                update(Patron).where(Patron.card_number == card).values(card_expiry=expired)
            )
    assert sync_server.db is not None
    sync_server.db.run_write(
        lambda session: session.execute(
            update(sm.Patron).where(sm.Patron.card_number == card).values(card_expiry=expired)
        )
    )
    assert [c.code.value for c in b.desk.find_patron(card).blocks] == ["CARD_EXPIRED"]
    renewed = Cards(a.store).renew(card)
    assert a.desk.find_patron(card).blocks == []
    assert a.sync().ok and a.waiting() == 0
    assert b.sync().ok
    view = b.desk.find_patron(card)
    assert view.card_expiry == renewed.card_expiry and view.blocks == []
