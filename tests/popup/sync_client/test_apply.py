"""Downloaded pages on a real store file: one transaction with the cursor, and the overlay."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from typing import Any

from sqlalchemy import func, select

from popup.domain.cards import CardFormat, ScanKind
from popup.domain.concerns import Code
from popup.domain.protocol.envelopes import MutationResult, PullPage
from popup.domain.protocol.wire import decode
from popup.store import demo
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.models import (
    CardRange,
    Item,
    Loan,
    OutboxEntry,
    Patron,
    PatronAlias,
    Setting,
    SyncException,
    SyncSeen,
    SyncShadow,
    SyncState,
)
from popup.sync_client import apply as applying
from popup.sync_client.client import SyncClient
from popup.sync_client.engine import SyncEngine, SyncReport

DEVICE = "5b2a7c1e-0000-4000-8000-00000000d001"


def item(barcode: str, status: str = "available", title: str = "A Title") -> dict[str, Any]:
    return {
        "entity": "item",
        "op": "upsert",
        "key": barcode,
        "data": {
            "barcode": barcode,
            "title": title,
            "author": "Someone",
            "isbn": None,
            "call_number": "FIC",
            "item_type": "BOOK",
            "home_library": "MAIN",
            "status": status,
            "on_hold": False,
            "hold_pickup": None,
        },
    }


def patron(card: str, aliases: list[str] | None = None) -> dict[str, Any]:
    return {
        "entity": "patron",
        "op": "upsert",
        "key": card,
        "data": {
            "card_number": card,
            "name": "Pat Ron",
            "category": "ADULT",
            "card_expiry": "2030-01-01",
            "fines_owed_cents": 0,
            "manual_block": False,
            "block_reason": None,
            "home_library": "MAIN",
            "temporary": False,
            "aliases": aliases or [],
        },
    }


def loan(
    loan_id: str, card: str, barcode: str, returned: str | None = None, out: str | None = None
) -> dict[str, Any]:
    return {
        "entity": "loan",
        "op": "upsert",
        "key": loan_id,
        "data": {
            "id": loan_id,
            "patron_card": card,
            "item_barcode": barcode,
            "out_at": out or "2026-11-20T10:00:00+00:00",
            "due_date": "2026-12-11",
            "renewals": 0,
            "returned_at": returned,
            "closed_reason": "returned" if returned else None,
        },
    }


def engine_for(store: Store) -> SyncEngine:
    # No request is made in these tests: the page comes from the test, not the network.
    return SyncEngine(store, SyncClient("http://127.0.0.1:9", "unused"), DEVICE)


def apply_page(store: Store, changes: list[dict[str, Any]], cursor: str, **kw: Any) -> None:
    page = {
        "changes": changes,
        "cursor": cursor,
        "has_more": kw.get("has_more", False),
        "reset": kw.get("reset", False),
    }
    engine_for(store)._apply_page(decode(PullPage, page), SyncReport())


def cursor_of(store: Store) -> str | None:
    with store.read() as s:
        state = s.get(SyncState, 1)
        return state.cursor if state else None


def test_page_and_cursor_land_together(store: Store) -> None:
    changes = [
        {
            "entity": "library",
            "op": "upsert",
            "key": "MAIN",
            "data": {"code": "MAIN", "name": "Main"},
        },
        {
            "entity": "setting",
            "op": "upsert",
            "key": "fines_limit_cents",
            "data": {"key": "fines_limit_cents", "value": 900},
        },
        {
            "entity": "loan_rule",
            "op": "upsert",
            "key": "ADULT/BOOK",
            "data": {
                "patron_category": "ADULT",
                "item_type": "BOOK",
                "loan_days": 21,
                "max_renewals": 2,
                "max_items": 30,
                "loanable": True,
            },
        },
        {
            "entity": "closed_day",
            "op": "upsert",
            "key": "2026-12-25",
            "data": {"day": "2026-12-25", "reason": "Christmas"},
        },
        loan("11111111-1111-4111-8111-111111111111", "21120000000019", "31120000000017"),
        patron("21120000000019"),
        item("31120000000017", status="on_loan"),
        {
            "entity": "card_range",
            "op": "upsert",
            "key": "7",
            "data": {"id": 7, "first": 1200, "last": 1399},
        },
    ]
    apply_page(store, changes, "c1")
    with store.read() as s:
        assert cursor_of(store) == "c1"
        assert s.scalar(select(func.count(Loan.id))) == 1  # loan sorted after its patron/item
        assert json.loads(s.get(Setting, "fines_limit_cents").value) == 900  # type: ignore[union-attr]
        ranges = s.scalars(select(CardRange)).all()
        assert [(r.first, r.last, r.next, r.source) for r in ranges] == [
            (1200, 1399, 1200, "server")
        ]
    apply_page(store, [item("31120000000017", title="New Title")], "c2")
    with store.read() as s:
        assert s.scalar(select(Item.title).where(Item.barcode == "31120000000017")) == "New Title"
        assert s.scalar(select(func.count(Item.id))) == 1


CRASH_SCRIPT = """
import sys
from pathlib import Path
from popup.store.db import Store
from popup.domain.protocol.envelopes import PullPage
from popup.domain.protocol.wire import decode
from popup.sync_client.client import SyncClient
from popup.sync_client.engine import SyncEngine, SyncReport
store = Store.open(Path(sys.argv[1]))
changes = [{"entity": "item", "op": "upsert", "key": f"3112000000{i:04d}", "data": {
    "barcode": f"3112000000{i:04d}", "title": "T", "author": None, "isbn": None,
    "call_number": None, "item_type": "BOOK", "home_library": "MAIN", "status": "available",
    "on_hold": False, "hold_pickup": None}} for i in range(500)]
engine = SyncEngine(store, SyncClient("http://127.0.0.1:9", "x"), "dev")
page = decode(PullPage, {"changes": changes, "cursor": "after-page", "has_more": False})
engine._apply_page(page, SyncReport())
"""


def test_killed_mid_page_or_before_cursor_leaves_neither(store: Store) -> None:
    for point in ("before_cursor",):  # mid_page: see tests/contract/test_kill.py
        env = dict(os.environ, POPUP_SYNC_CRASH_AT=point)
        proc = subprocess.run(
            [sys.executable, "-c", CRASH_SCRIPT, str(store.path)], env=env, capture_output=True
        )
        assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
        with store.read() as s:
            assert s.scalar(select(func.count(Item.id))) == 0
        assert cursor_of(store) is None
    env = {k: v for k, v in os.environ.items() if k != "POPUP_SYNC_CRASH_AT"}
    proc = subprocess.run(
        [sys.executable, "-c", CRASH_SCRIPT, str(store.path)], env=env, capture_output=True
    )
    assert proc.returncode == 0, proc.stderr.decode()
    with store.read() as s:
        assert s.scalar(select(func.count(Item.id))) == 500
    assert cursor_of(store) == "after-page"


def _server_results(store: Store) -> list[dict[str, Any]]:
    with store.read() as s:
        rows = s.scalars(select(OutboxEntry).where(OutboxEntry.state == "pending")).all()
        return [
            {
                "seq": r.seq,
                "mutation_id": r.mutation_id,
                "status": "applied",
                "codes": [],
                "message": "",
                "detail": {},
            }
            for r in rows
        ]


def record(store: Store, results: list[dict[str, Any]], report: SyncReport) -> None:
    """Record the server's outcomes as the engine does after a push."""
    engine_for(store)._record([decode(MutationResult, r) for r in results], report)


def test_pending_checkout_is_not_hidden_by_an_older_download(desk: Desk) -> None:
    store = desk.store
    card = demo.demo_patron(store)
    with store.read() as s:
        barcode = s.scalar(select(Item.barcode).where(Item.status == "available").limit(1))
    assert barcode is not None
    result = desk.checkout(card, barcode)
    # The server has not seen the checkout yet: its copy says available.
    apply_page(store, [item(barcode, status="available", title="Renamed at HQ")], "c1")
    with store.read() as s:
        row = s.scalar(select(Item).where(Item.barcode == barcode))
        assert row is not None
        assert row.status == "on_loan"  # the local action stays visible
        assert row.title == "Renamed at HQ"  # catalogue fields are safe to show
        local = s.get(Loan, result.loan_id)
        assert local is not None and local.returned_at is None and local.synced is False
        assert s.scalar(select(func.count()).select_from(SyncShadow)) == 1
    # The server's own copy of the loan arrives before the acknowledgement (dropped response).
    apply_page(
        store,
        [
            loan(result.loan_id, card, barcode, out="2026-11-27T10:00:00+00:00"),
            item(barcode, status="on_loan", title="Renamed at HQ"),
        ],
        "c2",
    )
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(SyncShadow)) == 2
    # Acknowledgement: the held-back server copies are applied, the loan is in step.
    record(store, _server_results(store), SyncReport())
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(SyncShadow)) == 0
        local = s.get(Loan, result.loan_id)
        assert local is not None and local.synced is True and local.returned_at is None
        assert s.scalar(select(Item.status).where(Item.barcode == barcode)) == "on_loan"
        assert s.scalar(select(OutboxEntry.state)) == "acked"


def test_rejected_action_gives_way_to_the_server_copy(desk: Desk) -> None:
    store = desk.store
    card = demo.demo_patron(store)
    with store.read() as s:
        barcode = s.scalar(select(Item.barcode).where(Item.status == "available").limit(1))
    assert barcode is not None
    desk.checkout(card, barcode)
    apply_page(store, [item(barcode, status="missing")], "c1")
    results = _server_results(store)
    results[0].update(status="rejected", codes=["ITEM_NOT_FOUND"], message="No such item.")
    report = SyncReport()
    record(store, results, report)
    assert report.exceptions == 1
    with store.read() as s:
        assert s.scalar(select(Item.status).where(Item.barcode == barcode)) == "missing"
        exc = s.scalar(select(SyncException))
        assert exc is not None and exc.code == "ITEM_NOT_FOUND" and exc.seq == results[0]["seq"]
    # The same results again (a resend's stored answer) add nothing.
    with store.transaction() as s:
        s.execute(OutboxEntry.__table__.update().values(state="pending"))
    record(store, results, SyncReport())
    with store.read() as s:
        assert s.scalar(select(func.count(SyncException.id))) == 1


def test_downloaded_open_loan_closes_an_older_local_copy(store: Store) -> None:
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    apply_page(
        store,
        [
            patron("21120000000019"),
            patron("21120000000027"),
            item("31120000000017", "on_loan"),
            loan(first, "21120000000019", "31120000000017"),
        ],
        "c1",
    )
    # The snapshot order puts the new open loan before the old one's close.
    apply_page(
        store,
        [
            loan(second, "21120000000027", "31120000000017", out="2026-11-25T09:00:00+00:00"),
            loan(first, "21120000000019", "31120000000017", returned="2026-11-25T09:00:00+00:00"),
        ],
        "c2",
    )
    with store.read() as s:
        open_loans = s.scalars(select(Loan.id).where(Loan.returned_at.is_(None))).all()
        assert open_loans == [second]


def test_loan_before_its_patron_waits_in_the_shadow(store: Store) -> None:
    loan_id = str(uuid.uuid4())
    apply_page(
        store,
        [item("31120000000017", "on_loan"), loan(loan_id, "21120000000019", "31120000000017")],
        "c1",
        has_more=True,
    )
    with store.read() as s:
        assert s.get(Loan, loan_id) is None
        assert s.scalar(select(func.count()).select_from(SyncShadow)) == 1
    apply_page(store, [patron("21120000000019")], "c2")
    with store.read() as s:
        assert s.get(Loan, loan_id) is not None
        assert s.scalar(select(func.count()).select_from(SyncShadow)) == 0


def test_a_returned_loan_from_the_server_closes_the_copy_here_and_forgets_its_patron(
    store: Store,
) -> None:
    """#17: the download never links a returned loan to its patron, and keeps none the
    laptop never had."""
    held, unknown = str(uuid.uuid4()), str(uuid.uuid4())
    apply_page(
        store,
        [
            patron("21120000000019"),
            item("31120000000017", "on_loan"),
            item("31120000000025"),
            loan(held, "21120000000019", "31120000000017"),
        ],
        "c1",
    )
    apply_page(
        store,
        [
            loan(held, "21120000000019", "31120000000017", returned="2026-11-25T09:00:00+00:00"),
            loan(unknown, "21120000000019", "31120000000025", returned="2026-11-25T09:00:00+00:00"),
        ],
        "c2",
    )
    with store.read() as s:
        kept = s.get(Loan, held)
        assert kept is not None and kept.returned_at is not None and kept.patron_id is None
        assert s.get(Loan, unknown) is None
        assert s.scalar(select(func.count()).select_from(SyncShadow)) == 0


def test_a_return_drops_the_open_copy_waiting_for_its_patron(store: Store) -> None:
    loan_id = str(uuid.uuid4())
    apply_page(
        store,
        [item("31120000000017", "on_loan"), loan(loan_id, "21120000000019", "31120000000017")],
        "c1",
        has_more=True,
    )
    apply_page(
        store,
        [loan(loan_id, "21120000000019", "31120000000017", returned="2026-11-25T09:00:00+00:00")],
        "c2",
        has_more=True,
    )
    apply_page(store, [patron("21120000000019")], "c3")
    with store.read() as s:  # the patron came: no open loan comes back from the old copy
        assert s.get(Loan, loan_id) is None
        assert s.scalar(select(func.count()).select_from(SyncShadow)) == 0


def test_reset_clears_downloads_but_keeps_pending_work(desk: Desk) -> None:
    store = desk.store
    card = demo.demo_patron(store)
    with store.read() as s:
        barcode = s.scalar(select(Item.barcode).where(Item.status == "available").limit(1))
        assert s.scalar(select(func.count(Item.id))) == 300
    assert barcode is not None
    result = desk.checkout(card, barcode)
    apply_page(store, [item(barcode, status="lost")], "old-1")  # held back behind the checkout
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(SyncShadow)) == 1
    apply_page(store, [item("31120000009999")], "fresh-1", reset=True)
    with store.read() as s:
        # The held-back copy went with the reset: the snapshot did not list that item again.
        assert s.scalar(select(func.count()).select_from(SyncShadow)) == 0
        barcodes = set(s.scalars(select(Item.barcode)).all())
        assert barcodes == {barcode, "31120000009999"}
        assert s.get(Loan, result.loan_id) is not None
        assert s.scalar(select(Patron.card_number).where(Patron.card_number == card)) == card
        assert s.scalar(select(OutboxEntry.state)) == "pending"
        assert s.scalar(select(func.count()).select_from(SyncSeen)) == 0
        state = s.get(SyncState, 1)
        assert state is not None and state.refreshing_since is None
    assert cursor_of(store) == "fresh-1"


def test_an_interrupted_snapshot_leaves_the_old_catalogue_usable(desk: Desk) -> None:
    """A reset followed by a dropped connection must not leave the bookmobile with half a
    catalogue: the old rows stay until the last snapshot page is in."""
    store = desk.store
    card = demo.demo_patron(store)
    with store.read() as s:
        kept, dropped = s.scalars(
            select(Item.barcode).where(Item.status == "available").limit(2)
        ).all()
    apply_page(store, [], "snap-0", reset=True, has_more=True)  # the server's reset answer
    apply_page(store, [item(kept), patron(card)], "snap-1", has_more=True)
    # The connection drops here. At the stop, the desk still lends from the whole catalogue.
    with store.read() as s:
        assert s.scalar(select(func.count(Item.id))) == 300
        state = s.get(SyncState, 1)
        assert state is not None and state.refreshing_since is not None
    assert desk.checkout(card, dropped).title
    # Back online: the snapshot goes on from its cursor, then ends; what it never listed goes,
    # except what a pending action still needs.
    apply_page(store, [item("31120000009999")], "snap-2")
    with store.read() as s:
        assert set(s.scalars(select(Item.barcode))) == {kept, dropped, "31120000009999"}
        assert s.scalar(select(Patron.card_number).where(Patron.card_number == card)) == card
        assert s.scalar(select(func.count()).select_from(SyncSeen)) == 0
        state = s.get(SyncState, 1)
        assert state is not None and state.refreshing_since is None


def test_card_replacement_and_own_exceptions(store: Store) -> None:
    with store.transaction() as s:
        s.add(
            Patron(
                card_number="TEMP-0001",
                name="New Person",
                category="ADULT",
                home_library="MAIN",
                temporary=True,
                origin="local",
            )
        )
    apply_page(
        store,
        [
            {
                "entity": "card_replacement",
                "op": "upsert",
                "key": "TEMP-0001",
                "data": {"temporary_card": "TEMP-0001", "card_number": "21120000000035"},
            },
            {
                "entity": "exception",
                "op": "upsert",
                "key": "4",
                "data": {
                    "id": 4,
                    "device_id": DEVICE,
                    "seq": 3,
                    "mutation_id": str(uuid.uuid4()),
                    "code": "POSSIBLE_DUPLICATE_PATRON",
                    "message": "Looks like another patron.",
                    "detail": {},
                    "resolved": False,
                },
            },
            {
                "entity": "exception",
                "op": "upsert",
                "key": "5",
                "data": {
                    "id": 5,
                    "device_id": "another-device",
                    "seq": 1,
                    "mutation_id": None,
                    "code": "ROUTE_ITEM",
                    "message": "x",
                    "detail": {},
                    "resolved": False,
                },
            },
        ],
        "c1",
    )
    with store.read() as s:
        p = s.scalar(select(Patron).where(Patron.card_number == "21120000000035"))
        assert p is not None and p.temporary is False
        assert s.get(PatronAlias, "TEMP-0001") is not None
        rows = s.scalars(select(SyncException)).all()
        assert [(r.server_id, r.code) for r in rows] == [(4, "POSSIBLE_DUPLICATE_PATRON")]
    # The server says it was resolved: the inbox entry is done.
    apply_page(
        store,
        [
            {
                "entity": "exception",
                "op": "upsert",
                "key": "4",
                "data": {
                    "id": 4,
                    "device_id": DEVICE,
                    "code": "POSSIBLE_DUPLICATE_PATRON",
                    "resolved": True,
                },
            }
        ],
        "c2",
    )
    with store.read() as s:
        assert s.scalar(select(SyncException.resolved_at)) is not None


def test_pending_keys_cover_undo_targets(desk: Desk) -> None:
    store = desk.store
    card = demo.demo_patron(store)
    with store.read() as s:
        barcode = s.scalar(select(Item.barcode).where(Item.status == "available").limit(1))
    assert barcode is not None
    res = desk.checkout(card, barcode)
    desk.undo(res.seq)
    with store.transaction() as s:
        # Only the undo is waiting; its target's rows are still hidden.
        s.execute(
            OutboxEntry.__table__.update().where(OutboxEntry.seq == res.seq).values(state="acked")
        )
        keys = applying.pending_keys(s)
    assert barcode in keys.items and res.loan_id in keys.loans


def test_merged_patron_takes_over_the_old_cards_loans(store: Store) -> None:
    loan_id = str(uuid.uuid4())
    apply_page(
        store,
        [
            patron("21120000000019"),
            item("31120000000017", "on_loan"),
            loan(loan_id, "21120000000019", "31120000000017"),
        ],
        "c1",
    )
    # The consortium merged the duplicate: a delete of the old card, the kept one with aliases.
    apply_page(
        store,
        [
            {"entity": "patron", "op": "delete", "key": "21120000000019", "data": None},
            patron("21120000000027", aliases=["21120000000019"]),
        ],
        "c2",
    )
    with store.read() as s:
        cards = s.scalars(select(Patron.card_number)).all()
        assert cards == ["21120000000027"]
        kept = s.scalar(select(Patron.id))
        held = s.get(Loan, loan_id)
        assert held is not None and held.patron_id == kept
        alias = s.get(PatronAlias, "21120000000019")
        assert alias is not None and alias.patron_id == kept


def test_an_unreadable_row_is_skipped_not_a_stuck_download(store: Store) -> None:
    broken_rule = {
        "entity": "loan_rule",
        "op": "upsert",
        "key": "ADULT/DVD",
        "data": {"patron_category": "ADULT", "item_type": "DVD"},  # no loan_days
    }
    no_barcode = {"entity": "item", "op": "upsert", "key": "x", "data": {"title": "?"}}
    apply_page(store, [broken_rule, no_barcode, item("31120000000017")], "c1")
    with store.read() as s:
        assert s.scalar(select(func.count(Item.id))) == 1
    assert cursor_of(store) == "c1"


def test_a_shared_item_of_another_library_is_routed_home_on_return(store: Store) -> None:
    """A laptop of WEST downloads EAST's shared item, lends it, and the return says: route it."""
    fmt = CardFormat()
    own, shared = (fmt.make(ScanKind.ITEM, n, "1120") for n in (1, 700_001))
    card = fmt.make(ScanKind.PATRON, 1, "1120")
    east = item(shared, title="An EAST Book")
    east["data"]["home_library"] = "EAST"
    west = item(own, title="A WEST Book")
    west["data"]["home_library"] = "WEST"
    reader = patron(card)
    reader["data"]["home_library"] = "WEST"
    rule = {
        "patron_category": "*",
        "item_type": "*",
        "loan_days": 21,
        "max_renewals": 2,
        "max_items": 30,
        "loanable": True,
    }
    apply_page(
        store,
        [
            {
                "entity": "setting",
                "op": "upsert",
                "key": "library_code",
                "data": {"key": "library_code", "value": "WEST"},
            },
            {"entity": "loan_rule", "op": "upsert", "key": "*/*", "data": rule},
            reader,
            east,
            west,
        ],
        "c1",
    )
    desk = Desk(store)  # reads the downloaded settings
    assert desk.config.library_code == "WEST"
    for barcode in (shared, own):
        desk.checkout(card, barcode)
    away = desk.checkin(shared)
    assert away.route_to == "EAST"
    assert away.instruction == "Belongs to EAST: route it"
    assert [c.code for c in away.concerns] == [Code.ROUTE_ITEM]
    home_again = desk.checkin(own)
    assert home_again.route_to is None and home_again.instruction == "Shelve"
