"""What the clock rule reads from a real store file: the newest action's time as stamped, and the
last sync's laptop time and measured offset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from popup.domain.clock import Evidence
from popup.store import clockwatch, demo
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.models import SyncState
from tests.helpers.desk import available_items

LATER = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
EARLIER = LATER - timedelta(days=365)


def test_a_new_store_knows_no_times(store: Store) -> None:
    assert clockwatch.evidence(store) == Evidence()


def test_the_newest_action_counts_even_when_its_clock_was_earlier(demo_store: Store) -> None:
    card = demo.demo_patron(demo_store)
    first, second = available_items(demo_store, 2)
    Desk(demo_store, clock=lambda: LATER).checkout(card, first)
    assert clockwatch.evidence(demo_store).last_action == LATER
    # Someone set the clock a year back: the newest action is the one stamped a year earlier.
    Desk(demo_store, clock=lambda: EARLIER).checkout(card, second)
    assert clockwatch.evidence(demo_store).last_action == EARLIER


def test_the_last_sync_gives_the_servers_time_then(store: Store) -> None:
    with store.transaction() as session:  # what the sync client writes after a pass
        state = session.get(SyncState, 1) or SyncState(id=1)
        state.last_sync_at = LATER
        state.clock_offset_s = 90.0
        session.add(state)
    seen = clockwatch.evidence(store)
    assert (seen.last_contact, seen.offset_s) == (LATER, 90.0)
    assert seen.server_time == LATER + timedelta(seconds=90)
    assert seen.last_action is None
