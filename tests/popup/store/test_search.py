"""Finding a book: the FTS5 index follows every write to items (inserts, updates, deletes, a
download from the real sync server), and a search answers by title, author, ISBN (either form,
hyphens or not), call number and barcode with each copy's availability."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, update

from popup.domain.catalogue import Availability, isbn_forms, match_expression
from popup.store.circulation import Desk
from popup.store.db import Store, driver
from popup.store.models import Hold, Item
from popup.store.search import (
    CATCH_UP_BATCH,
    Catalogue,
    Found,
    behind,
    rebuild_search_index,
    search_index_bytes,
)
from popup_sync import crud
from tests.helpers.laptops import Laptop

HARBOR = {
    "barcode": "31120000900001",
    "title": "The Quiet Harbor",
    "author": "Okafor, Ngozi",
    "isbn": "978-0-14-044913-6",
    "call_number": "641.5 OKA",
    "item_type": "BOOK",
    "home_library": "MAIN",
    "status": "available",
    "on_hold": False,
}


def _search(store: Store, text: str, library: str = "MAIN") -> Found:
    """What the search page asks: the index caught up with the queue, then the search."""
    return Catalogue(store).find(text, library)


def _barcodes(store: Store, text: str) -> list[str]:
    return [c.barcode for c in _search(store, text).copies]


def _add(store: Store, **changes: Any) -> None:
    with store.transaction() as session:
        session.execute(insert(Item), [{**HARBOR, **changes}])


def _index_is_sound(store: Store) -> None:
    """SQLite's own check that the index holds exactly what items holds (once caught up)."""
    Catalogue(store).catch_up()
    with store.transaction() as session:
        driver(session).execute(
            "INSERT INTO items_search(items_search, rank) VALUES ('integrity-check', 1)"
        )


def test_isbn_forms_and_queries() -> None:
    assert isbn_forms("978-0-14-044913-6") == ("9780140449136", "0140449132")
    assert isbn_forms("0-14-044913-X") == ("014044913x", "9780140449136")
    assert isbn_forms("979-10-90636-07-1") == ("9791090636071",)
    assert isbn_forms("harbor") == () and isbn_forms("12345") == ()
    assert match_expression('quiet "harb') == '"quiet"* """harb"*'
    assert match_expression(" - ") is None


def test_a_new_item_is_found_by_each_field(store: Store) -> None:
    _add(store)
    for text in (
        "quiet harbor",
        "QUIET harb",  # any case, the start of a word
        "okafor",
        "ngozi quiet",  # author and title words together
        "641.5",
        "641.5 oka",
        "9780140449136",
        "978-0-14-044913-6",
        "0140449132",  # the same book's ISBN-10 (check digit 2)
        "0-14-044913-2",
        "31120000900001",
        "A31120000900001B",  # scanned with Codabar start/stop characters
        "3112000090",  # the first digits of its barcode
    ):
        assert _barcodes(store, text) == ["31120000900001"], text
    assert _search(store, "31120000900001").exact
    assert not _search(store, "quiet").exact
    assert _barcodes(store, "harbour") == []
    _index_is_sound(store)


def test_accented_words_are_found_without_accents(store: Store) -> None:
    _add(store, title="Cien años de soledad", author="García Márquez, Gabriel", isbn=None)
    assert _barcodes(store, "anos garcia") == ["31120000900001"]
    assert _barcodes(store, "años márquez") == ["31120000900001"]


def test_the_index_follows_updates_and_deletes(store: Store) -> None:
    _add(store)
    with store.transaction() as session:
        session.execute(
            update(Item)
            .where(Item.barcode == HARBOR["barcode"])
            .values(title="A Loud River", isbn="0-306-40615-2", call_number="FIC OKA")
        )
    assert _barcodes(store, "harbor") == []
    assert _barcodes(store, "641.5") == []
    assert _barcodes(store, "loud river") == ["31120000900001"]
    assert _barcodes(store, "978-0-306-40615-7") == ["31120000900001"]  # its ISBN-13 form
    assert _barcodes(store, "9780140449136") == []
    assert _barcodes(store, "fic oka") == ["31120000900001"]
    # A status change (every checkout makes one) leaves the index as it was.
    with store.transaction() as session:
        session.execute(update(Item).values(status="on_loan"))
    assert _barcodes(store, "loud") == ["31120000900001"]
    _index_is_sound(store)
    with store.transaction() as session:
        session.execute(delete(Item).where(Item.barcode == HARBOR["barcode"]))
    assert _barcodes(store, "loud") == []
    _index_is_sound(store)


def test_many_matches_are_cut_at_the_limit(store: Store) -> None:
    with store.transaction() as session:
        rows = [{**HARBOR, "barcode": f"311200009{n:05d}"} for n in range(30)]
        session.execute(insert(Item), rows)
    found = Catalogue(store).find("harbor", "MAIN", limit=10)
    assert len(found.copies) == 10 and found.more
    found = Catalogue(store).find("harbor", "MAIN", limit=30)
    assert len(found.copies) == 30 and not found.more


def test_availability_of_each_kind_of_copy(demo_store: Store) -> None:
    desk = Desk(demo_store)
    with demo_store.transaction() as session:
        rows = [
            {**HARBOR, "barcode": "31120000900001"},
            {**HARBOR, "barcode": "31120000900002"},
            {**HARBOR, "barcode": "31120000900003", "on_hold": True},
            {**HARBOR, "barcode": "31120000900004", "home_library": "EAST"},
            {**HARBOR, "barcode": "31120000900005", "status": "lost"},
        ]
        session.execute(insert(Item), rows)
    with demo_store.read() as session:
        card = (
            driver(session)
            .execute(
                "SELECT card_number FROM patrons WHERE manual_block = 0 AND fines_owed_cents = 0"
                " AND category = 'ADULT' AND card_expiry > date('now', '+30 days')"
                " ORDER BY id LIMIT 1"
            )
            .fetchone()[0]
        )
    lent = desk.checkout(card, "31120000900002")
    found = {c.barcode: c for c in _search(demo_store, "quiet harbor").copies}
    assert found["31120000900001"].availability is Availability.HERE
    assert found["31120000900002"].availability is Availability.ON_LOAN
    assert found["31120000900002"].due == lent.due
    assert found["31120000900003"].availability is Availability.ON_HOLD
    assert found["31120000900004"].availability is Availability.ELSEWHERE
    assert found["31120000900005"].availability is Availability.UNAVAILABLE
    assert [a.lendable for a in Availability] == [True, False, True, False, False]


def test_rebuild_puts_back_lost_triggers_and_catches_up(store: Store) -> None:
    """A later migration that rebuilds the items table drops its triggers: the rebuild hook
    makes them again and indexes what was written meanwhile."""
    with store.transaction() as session:
        driver(session).execute("DROP TRIGGER items_search_insert")
    _add(store)
    assert _barcodes(store, "harbor") == []  # nothing queued it
    with store.transaction() as session:
        rebuild_search_index(session)
    assert _barcodes(store, "harbor") == ["31120000900001"]
    _add(store, barcode="31120000900002")
    assert len(_barcodes(store, "harbor")) == 2
    _index_is_sound(store)
    with store.read() as session:
        assert search_index_bytes(session) > 0


def test_a_download_from_the_server_is_found(server: Any, tmp_path: Path) -> None:
    """The sync client's bulk upsert (first download) and a later change from the server."""
    laptop = Laptop(tmp_path, "bookmobile-s")
    try:
        laptop.enroll(server)
        assert laptop.sync().ok
        barcode = laptop.available_barcodes()[0]
        with laptop.store.read() as session:
            title = session.scalar(select(Item.title).where(Item.barcode == barcode))
        assert title is not None
        assert barcode in _barcodes(laptop.store, title)

        csv = (
            "barcode,title,item_type,author,isbn,call_number\n"
            f"{barcode},Zanzibar Nights,BOOK,Quill; Ada,979-8-88-645001-2,FIC QUI\n"
        )

        def change(session: Any) -> int:
            library = crud.get_library(session=session, code="MAIN")
            return crud.import_items(session=session, library=library, handle=io.StringIO(csv))

        assert server.db.run_write(change) == 1
        assert laptop.sync().ok
        assert _barcodes(laptop.store, "zanzibar") == [barcode]
        assert _barcodes(laptop.store, "979-8-88-645001-2") == [barcode]
        assert barcode not in _barcodes(laptop.store, title)
        _index_is_sound(laptop.store)
    finally:
        laptop.close()


def test_writes_are_queued_and_indexed_in_batches(store: Store) -> None:
    """A big download writes only the queue; the catch-up indexes it a batch per transaction,
    old words leaving before new ones (a title changed twice, a row deleted and its id used
    again) so the index ends exactly as the items are."""
    with store.transaction() as session:
        rows = [{**HARBOR, "barcode": f"3112001{n:07d}"} for n in range(CATCH_UP_BATCH + 5)]
        session.execute(insert(Item), rows)
    with store.read() as session:
        assert behind(session)
    Catalogue(store).catch_up()
    with store.read() as session:
        assert not behind(session)
    first = "31120010000000"
    for title in ("A Loud River", "A Quiet Sea"):  # indexed, then changed twice
        with store.transaction() as session:
            session.execute(update(Item).where(Item.barcode == first).values(title=title))
    with store.transaction() as session:
        top = session.scalar(select(Item.id).order_by(Item.id.desc()).limit(1))
        session.execute(delete(Item).where(Item.id == top))
        session.execute(insert(Item), [{**HARBOR, "id": top, "barcode": "31120020000000"}])
    assert _barcodes(store, "quiet sea") == [first]
    assert _barcodes(store, "loud") == []
    assert "31120020000000" in _barcodes(store, "31120020000000")
    _index_is_sound(store)


def test_a_hold_to_be_met_holds_its_copy(store: Store) -> None:
    """The holds table counts as well as the item's flag: a copy named by a hold still to be met
    is on hold (with its pickup); a filled hold or a title hold (no copy yet) holds nothing."""
    with store.transaction() as session:
        rows = [{**HARBOR, "barcode": f"3112000090000{n}"} for n in range(1, 5)]
        session.execute(insert(Item), rows)
        hold = {"patron_card": "21120000000017", "title": HARBOR["title"], "pickup": "BM2"}
        days = {"placed_on": date(2026, 11, 1), "expires_on": date(2026, 12, 31)}
        session.execute(
            insert(Hold),
            [
                {**hold, **days, "id": "h1", "item_barcode": "31120000900001", "status": "ready"},
                {**hold, **days, "id": "h2", "item_barcode": "31120000900002", "status": "filled"},
                {
                    **hold,
                    **days,
                    "id": "h3",
                    "item_barcode": None,
                    "status": "waiting",
                    "any_copy": True,
                },
                {
                    **hold,
                    **days,
                    "id": "h4",
                    "item_barcode": "31120000900004",
                    "status": "in_transit",
                },
            ],
        )
    found = {c.barcode: c for c in _search(store, "quiet harbor").copies}
    assert found["31120000900001"].availability is Availability.ON_HOLD
    assert found["31120000900001"].hold.pickup == "BM2"
    assert found["31120000900002"].availability is Availability.HERE
    assert found["31120000900003"].availability is Availability.HERE
    assert found["31120000900004"].availability is Availability.ON_HOLD
