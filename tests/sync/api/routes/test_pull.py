"""Pull: snapshot then change log, library isolation, resets, and no skipped rows."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from popup.domain.protocol.entities import Entity
from popup_sync import changes, crud
from popup_sync.core.db import Database
from popup_sync.models import Item, Library, Patron


def test_first_load_is_a_paged_snapshot_then_changes_follow(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any], kit: Any
) -> None:
    lib = make_library(items=25, patrons=12)
    device = enroll_device(lib.code)
    pages = 0
    cursor: str | None = None
    seen: list[dict[str, Any]] = []
    while True:
        body = device.pull(cursor, limit=7).json()
        assert len(body["changes"]) <= 7
        seen += body["changes"]
        cursor = body["cursor"]
        pages += 1
        if not body["has_more"]:
            break
    assert pages > 5
    items = {c["key"] for c in seen if c["entity"] == "item"}
    patrons = {c["key"] for c in seen if c["entity"] == "patron"}
    assert items == set(lib.items)
    assert patrons == set(lib.patrons)
    rules = {c["key"] for c in seen if c["entity"] == "loan_rule"}
    assert rules == {"*/*", "*/DVD", "*/REFERENCE"}
    settings = {c["key"]: c["data"]["value"] for c in seen if c["entity"] == "setting"}
    assert settings["library_name"] == f"Library {lib.code}"
    assert settings["library_code"] == lib.code  # the desk routes other libraries' items
    patron = next(c["data"] for c in seen if c["entity"] == "patron")
    assert set(patron) == {
        "card_number",
        "name",
        "category",
        "card_expiry",
        "fines_owed_cents",
        "manual_block",
        "block_reason",
        "home_library",
        "temporary",
        "aliases",
        "lost_cards",
    }
    # Nothing new: at most rows already seen come again (a watermark held back by another
    # session's transaction releases them late; upserts are idempotent).
    again = device.pull(cursor).json()
    assert {c["key"] for c in again["changes"]} <= {c["key"] for c in seen}
    cursor = again["cursor"]
    # A block set at the consortium flows down.

    def block(session: Any) -> None:
        patron_row = session.scalar(
            select(Patron).where(Patron.library_id == lib.id, Patron.card_number == lib.patrons[3])
        )
        patron_row.manual_block = True
        patron_row.block_reason = "Lost items not paid for"
        changes.record(session, lib.id, Entity.PATRON, lib.patrons[3])

    db.run_write(block)
    later, _ = device.pull_all(
        cursor,
        until=lambda ch: any(c["key"] == lib.patrons[3] and c["data"]["manual_block"] for c in ch),
    )
    state = kit.latest(later, "patron", lib.patrons[3])
    assert state is not None and state["manual_block"] is True


def test_device_of_library_a_cannot_read_library_b(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib_a = make_library(items=3, patrons=2)
    lib_b = make_library(items=3, patrons=2)
    device_a = enroll_device(lib_a.code)
    device_b = enroll_device(lib_b.code)
    # B's own activity after A's snapshot must not reach A either.
    _, cursor = device_a.pull_all()
    device_b.push_ok([device_b.checkout(lib_b.patrons[0], lib_b.items[0])])
    everything, _ = device_a.pull_all()
    later, _ = device_a.pull_all(cursor)
    for change in everything + later:
        data = change["data"] or {}
        if change["entity"] in ("patron", "item", "loan"):
            assert data.get("home_library", lib_a.code) == lib_a.code
    patrons = {c["key"] for c in everything if c["entity"] == "patron"}
    # Card numbers are per library and may coincide; the data must be A's.
    names = {c["data"]["name"] for c in everything if c["entity"] == "patron"}
    assert patrons == set(lib_a.patrons)
    assert all(
        c["data"]["home_library"] == lib_a.code for c in everything if c["entity"] == "patron"
    )
    assert names
    assert not [c for c in later if c["entity"] == "loan"]


def test_bad_cursor_is_400_and_reset_starts_a_snapshot(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=2, patrons=1)
    device = enroll_device(lib.code)
    bad = device.pull("garbage!")
    assert bad.status_code == 400
    assert bad.json()["error"] == "INVALID_CURSOR"
    limit = device.pull(None, limit=0)
    assert limit.status_code == 400
    assert limit.json()["field"] == "limit"
    snapshot, _ = device.pull_all("reset")
    assert {c["key"] for c in snapshot if c["entity"] == "item"} == set(lib.items)


def test_cursor_older_than_the_compacted_log_gets_reset(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=3, patrons=1)
    device = enroll_device(lib.code)
    _, old_cursor = device.pull_all()
    device.push_ok([device.checkout(lib.patrons[0], lib.items[0])])

    def compact(session: Any) -> int:
        library = session.get(Library, lib.id)
        return changes.compact(session, library, datetime.now(UTC) + timedelta(seconds=1))

    # On PostgreSQL, compaction keeps entries of transactions newer than the cluster-wide
    # xmin, so a transaction open elsewhere on the server (another database's tests, say) can
    # hold the floor back for a moment: compact again until the floor passes the old cursor.
    deadline = time.monotonic() + 60
    deleted = db.run_write(compact)
    body = device.pull(old_cursor).json()
    while not body["reset"] and time.monotonic() < deadline:
        time.sleep(0.5)
        deleted += db.run_write(compact)
        body = device.pull(old_cursor).json()
    assert deleted > 0
    assert body["reset"] is True
    assert body["changes"] == []
    snapshot, _ = device.pull_all(body["cursor"])
    loans = [c for c in snapshot if c["entity"] == "loan"]
    assert len(loans) == 1 and loans[0]["data"]["returned_at"] is None


def test_cursor_never_misses_a_row_committed_concurrently(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    """Writers commit in parallel while a device pulls; every change reaches the device."""
    lib = make_library(items=0, patrons=0)
    device = enroll_device(lib.code)
    _, cursor = device.pull_all()

    def write(w: int, n: int) -> str:
        barcode = f"3{w:02d}{n:011d}"

        def add(session: Any) -> None:
            session.add(
                Item(
                    library_id=lib.id,
                    barcode=barcode,
                    title="t",
                    item_type="BOOK",
                    home_library=lib.code,
                )
            )
            changes.record(session, lib.id, Entity.ITEM, barcode)

        db.run_write(add)
        return barcode

    written, received = device.pull_while_writing(cursor, write, 4, 25, limit=7)
    assert len(written) == 100
    assert received == written


def test_in_flight_transaction_holds_the_cursor_back_until_it_commits(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    """A row with a lower id that commits after a higher one is still delivered."""
    lib = make_library(items=2, patrons=0)
    device = enroll_device(lib.code)
    _, cursor = device.pull_all()
    if not db.is_postgres:
        # SQLite: a writer holds the whole database until it commits, so ids commit in
        # order by construction; the concurrent test above covers it end to end.
        with db.write() as session:
            changes.record(session, lib.id, Entity.ITEM, lib.items[0])
        page, _ = device.pull_all(cursor)
        assert [c["key"] for c in page] == [lib.items[0]]
        return
    slow = db._write()
    slow.begin()
    item = slow.scalar(select(Item).where(Item.library_id == lib.id, Item.barcode == lib.items[0]))
    assert item is not None
    item.title = "changed by the slow transaction"
    changes.record(slow, lib.id, Entity.ITEM, lib.items[0])
    changes.flush_pending(slow)  # its log row now has the lower id, uncommitted
    slow.flush()

    def fast(session: Any) -> None:
        changes.record(session, lib.id, Entity.ITEM, lib.items[1])

    db.run_write(fast)
    page, cursor_mid = device.pull_all(cursor)
    assert lib.items[0] not in {c["key"] for c in page}
    slow.commit()
    slow.close()
    rest, _ = device.pull_all(
        cursor_mid,
        until=lambda ch: (
            any(c["key"] == lib.items[0] and c["data"]["title"].startswith("changed") for c in ch)
            and any(c["key"] == lib.items[1] for c in page + ch)
        ),
    )
    everything = page + rest
    assert {c["key"] for c in everything} >= {lib.items[0], lib.items[1]}
    changed = [c for c in rest if c["key"] == lib.items[0]]
    assert changed and changed[-1]["data"]["title"] == "changed by the slow transaction"


def test_exceptions_flow_down_and_resolve_from_the_device(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any], kit: Any
) -> None:
    lib = make_library(items=1, patrons=1)
    other = make_library(items=0, patrons=0)
    device = enroll_device(lib.code)
    outsider = enroll_device(other.code)
    result = device.push_ok([device.checkout(kit.patron_card(88_888), lib.items[0])])[0]
    assert result["codes"] == ["PATRON_NOT_FOUND"]
    pulled, cursor = device.pull_all()
    exceptions = [c for c in pulled if c["entity"] == "exception"]
    # A key may come twice (snapshot, then its change-log row): the protocol allows repeats.
    assert len({c["key"] for c in exceptions}) == 1
    assert exceptions[-1]["data"]["resolved"] is False
    ident = exceptions[-1]["data"]["id"]
    refused = outsider.http.post(
        f"{outsider.base}/v1/exceptions/{ident}/resolve", headers=outsider.headers, timeout=10
    )
    assert refused.status_code == 404
    done = device.http.post(
        f"{device.base}/v1/exceptions/{ident}/resolve", headers=device.headers, timeout=10
    )
    assert done.status_code == 200, done.text
    later, _ = device.pull_all(
        cursor, until=lambda ch: any(c["key"] == str(ident) and c["data"]["resolved"] for c in ch)
    )
    state = kit.latest(later, "exception", str(ident))
    assert state is not None and state["resolved"] is True
    with db.read() as session:
        library = session.get(Library, lib.id)
        assert library is not None
        assert crud.list_exceptions(session=session, library=library) == []
