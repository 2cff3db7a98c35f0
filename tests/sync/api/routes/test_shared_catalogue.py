"""The consortium catalogue: a library's shared items reach, and circulate at, other libraries.

Every test library gets barcodes 1..n, so the libraries that share here take barcodes far from
those; sharing is always turned off again, so the other tests never see these items.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from popup.domain.loan_rules import LoanRule
from popup.domain.protocol.entities import Entity
from popup_sync import changes, crud
from popup_sync.core.db import Database
from popup_sync.models import InHouseUse, Item, Library, Loan, Patron
from tests.helpers import mutations

B_FIRST = 700_001
C_FIRST = 800_001
D_FIRST = 900_001

Share = Callable[..., int | None]


@pytest.fixture
def share(db: Database) -> Iterator[Share]:
    """``share(lib, on=True)``: turn a library's sharing on or off; off again afterwards."""
    touched: dict[int, Any] = {}

    def switch(lib: Any, on: bool = True) -> int | None:
        touched[lib.id] = lib

        def run(session: Any) -> int | None:
            library = session.get(Library, lib.id)
            return crud.set_catalogue_sharing(session=session, library=library, shares=on)

        return db.run_write(run)

    yield switch
    for lib in list(touched.values()):
        switch(lib, False)


def items(pulled: list[dict[str, Any]]) -> dict[str, dict[str, Any] | None]:
    """The last state of every item in a list of pulled changes (None: deleted)."""
    state: dict[str, dict[str, Any] | None] = {}
    for change in pulled:
        if change["entity"] == "item":
            state[change["key"]] = change["data"] if change["op"] == "upsert" else None
    return state


def add_item(db: Database, lib: Any, barcode: str, title: str) -> None:
    def add(session: Any) -> None:
        session.add(
            Item(
                library_id=lib.id,
                barcode=barcode,
                title=title,
                item_type="BOOK",
                home_library=lib.code,
                status="available",
                on_hold=False,
            )
        )
        changes.record(session, lib.id, Entity.ITEM, barcode)

    db.run_write(add)


def home(state: dict[str, dict[str, Any] | None], barcode: str) -> str | None:
    data = state[barcode]
    return None if data is None else str(data["home_library"])


def library_count(db: Database) -> int:
    with db.read() as session:
        return len(session.scalars(select(Library.id)).all())


def test_sharing_on_sends_the_items_and_off_takes_them_back(
    db: Database,
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    share: Share,
) -> None:
    lib_a = make_library(items=3, patrons=2)
    lib_b = make_library(items=3, patrons=2, first_item=B_FIRST)
    lib_c = make_library(items=2, patrons=1, first_item=C_FIRST)  # never shares
    lib_d = make_library(items=1, patrons=0, first_item=D_FIRST)  # shares; a higher id than B
    # Barcode collisions: B also holds A's first barcode, D also holds B's first one.
    add_item(db, lib_b, lib_a.items[0], "B's copy under A's barcode")
    add_item(db, lib_d, lib_b.items[0], "D's copy under B's barcode")
    device = enroll_device(lib_a.code)
    before, cursor = device.pull_all()
    assert set(items(before)) == set(lib_a.items)

    # Every item of B (4) is logged for every other library.
    assert share(lib_b) == 4 * (library_count(db) - 1)
    share(lib_d)
    wanted = {*lib_b.items, *lib_d.items}
    later, cursor = device.pull_all(cursor, until=lambda ch: wanted <= set(items(ch)))
    state = items(later)
    assert all(home(state, b) == lib_b.code for b in lib_b.items)
    assert home(state, lib_d.items[0]) == lib_d.code
    # A's own item keeps its barcode (served again, if at all, as A's); C shares nothing.
    if lib_a.items[0] in state:
        assert home(state, lib_a.items[0]) == lib_a.code
    assert not set(lib_c.items) & set(state)
    assert not [c for c in later if c["entity"] in ("patron", "loan")]

    # A fresh snapshot, in pages small enough to split the merged item list anywhere.
    for limit in (1, 2, 3, 1000):
        snapshot, _ = device.pull_all("reset", limit=limit)
        seen = items(snapshot)
        assert set(seen) == {*lib_a.items, *lib_b.items, *lib_d.items}, limit
        assert len([c for c in snapshot if c["entity"] == "item"]) == len(seen), limit
        assert home(seen, lib_a.items[0]) == lib_a.code  # A's own wins its barcode
        assert home(seen, lib_b.items[0]) == lib_b.code  # of two sharing libraries, the lower id
        assert home(seen, lib_d.items[0]) == lib_d.code
        assert {c["key"] for c in snapshot if c["entity"] == "patron"} == set(lib_a.patrons)

    share(lib_b, False)
    gone = lib_b.items[1:]
    after, _ = device.pull_all(
        cursor, until=lambda ch: all(b in items(ch) and items(ch)[b] is None for b in gone)
    )
    state = items(after)
    assert all(state[b] is None for b in gone)  # deleted from A's devices
    assert home(state, lib_b.items[0]) == lib_d.code  # its barcode falls to D, still sharing
    if lib_a.items[0] in state:
        assert home(state, lib_a.items[0]) == lib_a.code
    snapshot, _ = device.pull_all("reset")
    assert set(items(snapshot)) == {*lib_a.items, *lib_d.items, lib_b.items[0]}
    assert home(items(snapshot), lib_b.items[0]) == lib_d.code


def test_shared_item_circulates_at_another_library(
    db: Database,
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    share: Share,
    kit: Any,
) -> None:
    lib_a = make_library(items=1, patrons=2)
    lib_b = make_library(
        items=2, patrons=1, first_item=B_FIRST, item_overrides={1: {"item_type": "DVD"}}
    )
    lib_c = make_library(items=1, patrons=0, first_item=C_FIRST)  # does not share
    # B would allow five renewals of a DVD; the borrowing library (A) allows one.
    db.run_write(
        lambda s: crud.add_rule(
            session=s,
            library=s.get(Library, lib_b.id),
            rule=LoanRule("*", "DVD", 7, 5, 5),
        )
    )
    share(lib_b)
    dev_a, dev_b, dev_c = (enroll_device(lib.code) for lib in (lib_a, lib_b, lib_c))
    _, cursor_a = dev_a.pull_all()
    _, cursor_b = dev_b.pull_all()
    _, cursor_c = dev_c.pull_all()
    dvd, book = lib_b.items

    out = dev_a.checkout(lib_a.patrons[0], dvd)
    loan_id = out["payload"]["loan_id"]

    lent_until = date.fromisoformat(out["payload"]["due_date"])

    def renewal(n: int) -> dict[str, Any]:
        # Each renewal moves the due date (one that would not is refused and costs nothing).
        due = lent_until + timedelta(days=7 * n)
        return dev_a.mutation(mutations.renew(loan_id, dvd, lib_a.patrons[0], n, due=due))

    renewals = [renewal(1), renewal(2)]
    use = dev_a.mutation(mutations.in_house_use(book, 3))
    results = dev_a.push_ok([out, *renewals, use])
    assert [r["status"] for r in results] == [
        "applied",
        "applied",
        "applied_with_exception",
        "applied",
    ]
    assert results[2]["codes"] == ["MAX_RENEWALS_REACHED"]  # A's rule, not B's
    with db.read() as session:
        loan = session.get(Loan, loan_id)
        assert loan is not None and loan.library_id == lib_a.id and loan.renewals == 2
        patron = session.get(Patron, loan.patron_id)
        assert patron is not None and patron.library_id == lib_a.id
        item = session.get(Item, loan.item_id)
        assert item is not None and item.library_id == lib_b.id and item.status == "on_loan"
        used = session.scalar(
            select(InHouseUse).where(InHouseUse.mutation_id == use["mutation_id"])
        )
        assert used is not None and used.library_id == lib_a.id and used.count == 3

    # The item's new status reaches the owner's and every other library's devices; the loan
    # and its patron reach only the borrowing library's.
    def on_loan(ch: list[dict[str, Any]]) -> bool:
        return (items(ch).get(dvd) or {}).get("status") == "on_loan"

    seen_b, cursor_b = dev_b.pull_all(cursor_b, until=on_loan)
    seen_c, cursor_c = dev_c.pull_all(cursor_c, until=on_loan)
    seen_a, cursor_a = dev_a.pull_all(cursor_a, until=kit.has("loan", loan_id))
    assert on_loan(seen_b) and on_loan(seen_c) and on_loan(seen_a)
    for seen in (seen_b, seen_c):
        assert not [c for c in seen if c["entity"] in ("loan", "patron")]
    loan_state = kit.latest(seen_a, "loan", loan_id)
    assert loan_state["item_barcode"] == dvd and loan_state["patron_card"] == lib_a.patrons[0]

    # An item of a library that does not share stays unknown to A.
    refused = dev_a.push_ok(
        [
            dev_a.checkout(lib_a.patrons[1], lib_c.items[0]),
            dev_a.mutation(mutations.in_house_use(lib_c.items[0])),
        ]
    )
    assert [r["codes"] for r in refused] == [["ITEM_NOT_FOUND"], ["ITEM_NOT_FOUND"]]

    # Returned at A: recorded, and the item is to be routed to its home library.
    back = dev_a.push_ok([dev_a.checkin(dvd, loan_id=loan_id)])[0]
    assert back["status"] == "applied_with_exception"
    assert back["codes"] == ["ROUTE_ITEM"]
    assert back["detail"]["route_to"] == lib_b.code
    assert lib_b.code in back["message"]

    def available(ch: list[dict[str, Any]]) -> bool:
        return (items(ch).get(dvd) or {}).get("status") == "available"

    seen_b, _ = dev_b.pull_all(cursor_b, until=available)
    seen_a, _ = dev_a.pull_all(cursor_a, until=available)
    assert available(seen_b) and available(seen_a)
    assert kit.latest(seen_a, "loan", loan_id)["returned_at"] is not None
    assert not [c for c in seen_b if c["entity"] in ("loan", "patron")]


def test_no_patron_data_of_the_owner_reaches_the_borrowing_library(
    db: Database,
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    share: Share,
    kit: Any,
) -> None:
    lib_a = make_library(items=0, patrons=1)
    lib_b = make_library(
        items=2,
        patrons=1,
        first_item=B_FIRST,
        patron_overrides={1: {"name": "Zelda Quasimodo-Wren"}},
    )
    share(lib_b)
    dev_a, dev_b = enroll_device(lib_a.code), enroll_device(lib_b.code)
    _, cursor_b = dev_b.pull_all()
    first, second = lib_b.items
    # B's patron has both of B's items out.
    lent = [dev_b.checkout(lib_b.patrons[0], barcode) for barcode in lib_b.items]
    assert [r["status"] for r in dev_b.push_ok(lent)] == ["applied", "applied"]
    b_loans = [m["payload"]["loan_id"] for m in lent]

    # At A, the first is lent on to A's patron (B's loan is closed), the second comes back.
    out = dev_a.checkout(lib_a.patrons[0], first)
    results = dev_a.push_ok([out, dev_a.checkin(second)])
    assert results[0]["codes"] == ["OPEN_CIRCULATION_EXISTS"]
    assert results[1]["codes"] == ["ROUTE_ITEM"]
    everything, _ = dev_a.pull_all()
    text = json.dumps([results, everything])
    # Card numbers coincide across test libraries, so B's patron is looked for by name.
    for secret in ("Zelda", "Quasimodo", "Z. Q"):
        assert secret not in text
    assert {c["key"] for c in everything if c["entity"] == "patron"} == set(lib_a.patrons)
    assert {c["key"] for c in everything if c["entity"] == "loan"} == {out["payload"]["loan_id"]}
    assert not set(b_loans) & {c["key"] for c in everything}

    # B's devices learn that both of their loans ended, and nothing of A's loan.
    def both_closed(ch: list[dict[str, Any]]) -> bool:
        states = {c["key"]: c["data"] for c in ch if c["entity"] == "loan"}
        return all((states.get(i) or {}).get("returned_at") for i in b_loans)

    seen_b, _ = dev_b.pull_all(cursor_b, until=both_closed)
    assert both_closed(seen_b)
    closed = {c["key"]: c["data"]["closed_reason"] for c in seen_b if c["entity"] == "loan"}
    assert closed == {b_loans[0]: "closed_by_checkout", b_loans[1]: "returned"}
    assert out["payload"]["loan_id"] not in {c["key"] for c in seen_b}


def test_shared_items_written_concurrently_all_reach_other_libraries(
    db: Database,
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    share: Share,
) -> None:
    """Items of a sharing library commit in parallel while another library's device pulls."""
    lib_a = make_library(items=0, patrons=0)
    lib_b = make_library(items=0, patrons=0)
    share(lib_b)
    device = enroll_device(lib_a.code)
    _, cursor = device.pull_all()

    def write(w: int, n: int) -> str:
        barcode = f"7{w:02d}{n:011d}"
        add_item(db, lib_b, barcode, "t")
        return barcode

    written, received = device.pull_while_writing(cursor, write, 4, 15, limit=5)
    assert len(written) == 60
    assert received == written


def test_an_item_committed_while_sharing_is_switched_on_is_not_lost(
    db: Database,
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    share: Share,
    kit: Any,
) -> None:
    """The switch reads the catalogue only after item writers that read the old flag commit."""
    lib_a = make_library(items=0, patrons=0)
    lib_b = make_library(items=0, patrons=0)
    device = enroll_device(lib_a.code)
    _, cursor = device.pull_all()
    barcode = kit.item_barcode(B_FIRST + 500)
    slow = db._write()
    slow.begin()
    slow.add(
        Item(
            library_id=lib_b.id,
            barcode=barcode,
            title="Added during the switch",
            item_type="BOOK",
            home_library=lib_b.code,
            status="available",
            on_hold=False,
        )
    )
    changes.record(slow, lib_b.id, Entity.ITEM, barcode)
    slow.flush()
    changes.flush_pending(slow)  # B does not share yet: logged for B alone
    finished = threading.Event()
    failures: list[BaseException] = []

    def switch_on() -> None:
        try:
            share(lib_b)
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)
        finally:
            finished.set()

    thread = threading.Thread(target=switch_on)
    thread.start()
    if db.is_postgres:
        # Until the writer commits, the switch waits for B's row (it must not read the
        # catalogue without the new item and leave it out of the announcement).
        while not finished.is_set() and not _someone_waits_for_a_lock(db):
            finished.wait(0.02)
        assert not finished.is_set()
    # (SQLite: the writer holds the database, so the switch cannot begin before it commits.)
    slow.commit()
    slow.close()
    thread.join()
    assert not failures
    pulled, _ = device.pull_all(cursor, until=kit.has("item", barcode))
    state = kit.latest(pulled, "item", barcode)
    assert state is not None and state["home_library"] == lib_b.code


def _someone_waits_for_a_lock(db: Database) -> bool:
    with db.read() as session:
        waiting = session.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        )
    return bool(waiting)
