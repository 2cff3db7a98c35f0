"""A laptop of one library lends an item another library shares, and routes it home on return."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from popup.domain.cards import CardFormat, ScanKind
from popup.domain.loan_rules import LoanRule
from popup.domain.protocol import OutcomeCode
from popup.store import demo, library
from popup.store.models import Item, SyncException
from popup.sync_client.enroll import enroll
from popup_sync import crud
from popup_sync import models as sm
from tests.helpers.consortium import SyncServer
from tests.helpers.laptops import Laptop

WEST_PATRON = CardFormat(institution=demo.DEMO_INSTITUTION).make(
    ScanKind.PATRON, 900_001, demo.DEMO_INSTITUTION
)


def test_a_laptop_lends_and_routes_home_an_item_another_library_shares(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    db = sync_server.db
    assert db is not None

    def setup(session: Any) -> str:
        # WEST has a patron and no catalogue of its own; the demo's MAIN shares its catalogue.
        main = crud.get_library(session=session, code="MAIN")
        west = crud.create_library(
            session=session,
            code="WEST",
            name="Westside Library",
            settings={"card_format": main.settings["card_format"]},
        )
        crud.add_rule(session=session, library=west, rule=LoanRule("*", "*", 14, 2, 30))
        session.add(
            sm.Patron(
                library_id=west.id,
                card_number=WEST_PATRON,
                name="Wes Tern",
                category="ADULT",
                card_expiry=datetime.now(UTC).date() + timedelta(days=365),
                fines_owed_cents=0,
                manual_block=False,
                home_library="WEST",
                temporary=False,
                created_at=datetime.now(UTC),
            )
        )
        crud.set_catalogue_sharing(session=session, library=main, shares=True)
        return crud.create_enrollment_code(session=session, library=west)

    code = db.run_write(setup)
    laptop = laptops("west")
    laptop.creds = enroll(laptop.store, laptop.home, sync_server.url, code, "west")
    with laptop.store.read() as s:
        assert library.get(s, "library_code") == "WEST"  # known before the first download
    report = laptop.sync()
    assert report.ok, report.error
    laptop.desk.reload_config()
    assert laptop.desk.config.library_code == "WEST"
    with laptop.store.read() as s:
        book = s.scalar(
            select(Item.barcode)
            .where(
                Item.home_library == "MAIN",
                Item.status == "available",
                Item.item_type == "BOOK",
                Item.on_hold.is_(False),
            )
            .order_by(Item.barcode)
            .limit(1)
        )
    assert book is not None  # MAIN's shared catalogue reached WEST's laptop

    out = laptop.desk.checkout(WEST_PATRON, book)
    # Lent under WEST's rules (14 days; MAIN's would give 21), without an override.
    today = datetime.now(UTC).date()
    assert today + timedelta(days=14) <= out.due < today + timedelta(days=21)
    assert out.concerns == []
    back = laptop.desk.checkin(book)
    assert back.route_to == "MAIN"
    assert back.instruction == "Belongs to MAIN: route it"
    report = laptop.sync()
    assert report.ok, report.error

    with db.read() as s:
        loan = s.get(sm.Loan, out.loan_id)
        assert loan is not None and loan.returned_at is not None
        borrower = s.scalar(select(sm.Library.code).where(sm.Library.id == loan.library_id))
        assert borrower == "WEST"
        item = s.get(sm.Item, loan.item_id)
        assert item is not None and item.status == "available"
        owner = s.scalar(select(sm.Library.code).where(sm.Library.id == item.library_id))
        assert owner == "MAIN"
    with laptop.store.read() as s:
        codes = list(s.scalars(select(SyncException.code)))
    assert OutcomeCode.ROUTE_ITEM in codes  # the server's verdict agrees with the desk
