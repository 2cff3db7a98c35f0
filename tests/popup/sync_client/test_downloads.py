"""Downloads read through the shared declarations: settings checked, topics told, one clock."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from popup.domain.protocol.envelopes import PullPage
from popup.domain.protocol.wire import decode
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.models import CardRange, Setting, SyncShadow, SyncState
from popup.store.notify import StoreChange, Topic
from popup.sync_client.client import SyncClient
from popup.sync_client.engine import SyncEngine, SyncReport

DEVICE = "5b2a7c1e-0000-4000-8000-00000000d001"
CLOCK = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)


def engine_for(store: Store) -> SyncEngine:
    # No request is made here: the pages come from the test, not the network.
    return SyncEngine(
        store, SyncClient("http://127.0.0.1:9", "unused"), DEVICE, clock=lambda: CLOCK
    )


def apply_page(store: Store, changes: list[dict[str, Any]], cursor: str = "c1") -> None:
    page = decode(PullPage, {"changes": changes, "cursor": cursor, "has_more": False})
    engine_for(store)._apply_page(page, SyncReport())


def setting(key: str, value: object) -> dict[str, Any]:
    return {"entity": "setting", "op": "upsert", "key": key, "data": {"key": key, "value": value}}


def test_a_refused_setting_is_never_stored_and_the_desk_keeps_working(
    demo_store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    apply_page(
        demo_store,
        [
            setting("closed_weekdays", ["secret-looking value", 9]),  # raised on every laptop
            setting("no_such_setting", 1),
            setting("branch_name", "Set at the server"),  # this laptop's own
            setting("fines_limit_cents", 900),
            setting("closed_weekdays", [5, 6]),  # the newest change of a row wins...
            setting("closed_weekdays", [0, 0, 7]),  # ...and is refused on its own
        ],
    )
    with demo_store.read() as s:
        stored = {row.key: json.loads(row.value) for row in s.scalars(select(Setting))}
        assert s.get(SyncState, 1).cursor == "c1"  # type: ignore[union-attr]
    assert stored["fines_limit_cents"] == 900
    assert "no_such_setting" not in stored
    assert stored["closed_weekdays"] == [6] and stored["branch_name"] == "Bookmobile 2"
    for key in ("closed_weekdays", "no_such_setting", "branch_name"):
        assert key in caplog.text
    assert "secret-looking" not in caplog.text
    desk = Desk(demo_store)
    assert desk.config.policy.fines_limit_cents == 900
    assert desk.config.calendar.closed_weekdays == frozenset({6})


def test_a_download_tells_subscribers_what_it_touched(store: Store) -> None:
    seen: list[StoreChange] = []
    store.subscribe(seen.append)
    generation = store.settings_generation
    apply_page(
        store,
        [
            setting("fines_limit_cents", 700),
            {
                "entity": "patron",
                "op": "upsert",
                "key": "21120000000019",
                "data": {"card_number": "21120000000019", "name": "Ada", "category": "ADULT"},
            },
            {"entity": "from_a_newer_server", "op": "upsert", "key": "x", "data": {}},
        ],
    )
    [change] = seen
    assert change.topics == {Topic.SETTINGS, Topic.PATRONS}
    assert store.settings_generation == generation + 1  # services read the settings again


def test_the_engine_records_with_its_clock(store: Store) -> None:
    apply_page(
        store,
        [
            {
                "entity": "card_range",
                "op": "upsert",
                "key": "7",
                "data": {"id": 7, "first": 1200, "last": 1399},
            },
            {  # its stop has not arrived: held back, stamped with the engine's clock
                "entity": "event",
                "op": "upsert",
                "key": "0b6c8a4e-1111-4111-8111-000000000001",
                "data": {
                    "id": "0b6c8a4e-1111-4111-8111-000000000001",
                    "stop_id": "0b6c8a4e-1111-4111-8111-000000000002",
                    "title": "Story time",
                    "event_type": "story time",
                },
            },
        ],
    )
    with store.read() as s:
        assert s.scalar(select(CardRange.allocated_at)) == CLOCK
        assert s.scalar(select(SyncShadow.received_at)) == CLOCK
        assert s.get(SyncState, 1).blocks_as_of == CLOCK  # type: ignore[union-attr]
