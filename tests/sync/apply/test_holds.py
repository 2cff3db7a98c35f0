"""Holds on the server (#15): the admin import, the download to the pickup vehicle, and what a
checkout or return at that vehicle's desk does to them, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from popup.domain.protocol import actions
from popup.domain.protocol.entities import Entity
from popup_sync import crud
from popup_sync.apply import Cache, Context, apply, load_rules
from popup_sync.changes.reader import Reader
from popup_sync.core.db import Database
from popup_sync.models import Device, Hold, Item, Library
from tests.helpers import mutations
from tests.sync.conftest import seed_library

TODAY = datetime.now(UTC).date()
LATER = (TODAY + timedelta(days=7)).isoformat()


@dataclass
class Setup:
    db: Database
    code: str
    ada: str
    bo: str
    copy: str
    other: str


@pytest.fixture
def lib(db: Database) -> Setup:
    seeded = seed_library(
        db,
        items=2,
        patrons=2,
        item_overrides={
            1: {"title": "Frog and Toad", "call_number": "E LOB"},
            2: {"title": "Frog and Toad"},
        },
    )

    def branch(s: Session) -> None:
        library = crud.get_library(session=s, code=seeded.code)
        crud.add_branch(session=s, library=library, code="BM2", name="Bookmobile 2")

    db.run_write(branch)
    return Setup(db, seeded.code, *seeded.patrons, *seeded.items)


def _csv(*rows: str) -> io.StringIO:
    return io.StringIO(
        "hold_id,card_number,barcode,title,pickup,expires_on,status\n"
        + "".join(r + "\n" for r in rows)
    )


def _import(lib: Setup, handle: io.StringIO) -> int:
    with lib.db.write() as s:
        main = crud.get_library(session=s, code=lib.code)
        return crud.import_holds(session=s, library=main, handle=handle, today=TODAY)


def _device(lib: Setup, branch: str | None) -> str:
    with lib.db.write() as s:
        main = crud.get_library(session=s, code=lib.code)
        code = crud.create_enrollment_code(session=s, library=main, branch_code=branch)
    with lib.db.write() as s:
        return crud.enroll(session=s, code=code, device_name="laptop").device_id


def _served(lib: Setup, device_id: str) -> dict[str, dict[str, object] | None]:
    with lib.db.read() as s:
        main = s.scalar(select(Library).where(Library.code == lib.code))
        assert main is not None
        keys = list(s.scalars(select(Hold.hold_id).where(Hold.library_id == main.id)))
        return {
            c["key"]: c["data"]
            for c in Reader(s, main, device_id).changes(Entity.HOLD, keys, deletes=True)
        }


def _push(lib: Setup, device_id: str, payload: actions.Payload) -> dict[str, object]:
    with lib.db.write() as s:
        device = s.get(Device, device_id)
        assert device is not None
        library = s.get(Library, device.library_id)
        assert library is not None
        ctx = Context(s, library, device, load_rules(s, library), 1, "m-1", Cache(s, library.id))
        outcome = apply(ctx, payload)
        return {
            "status": outcome.status.value,
            "codes": [c.value for c in outcome.codes],
            "message": outcome.message,
        }


def test_import_names_every_bad_row_by_line_and_field_and_imports_nothing(lib: Setup) -> None:
    with pytest.raises(crud.AdminError) as caught:
        _import(
            lib,
            _csv(
                f"H1,{lib.ada},{lib.copy},,BM2,{LATER},ready",
                f"H2,29999999999999,{lib.copy},,BM2,{LATER},",
                f"H3,{lib.ada},,,BM2,{LATER},",
                f"H4,{lib.ada},{lib.copy},,NOWHERE,someday,lost",
            ),
        )
    text = str(caught.value)
    assert "line 3, field card_number" in text
    assert "line 4, field title" in text
    assert "line 5, field pickup" in text and "line 5, field expires_on" in text
    assert "line 5, field status" in text
    assert "line 2" not in text
    with lib.db.read() as s:
        assert s.scalars(select(Hold).join(Library).where(Library.code == lib.code)).all() == []


def test_import_again_changes_nothing_and_flags_the_held_copy(lib: Setup) -> None:
    rows = (
        f"H1,{lib.ada},{lib.copy},,BM2,{LATER},ready",
        f"H2,{lib.bo},,Frog and Toad,BM2,{LATER},waiting",
    )
    assert _import(lib, _csv(*rows)) == 2
    with lib.db.read() as s:
        first = [
            (h.hold_id, h.status, h.updated_at)
            for h in s.scalars(
                select(Hold).join(Library).where(Library.code == lib.code).order_by(Hold.hold_id)
            )
        ]
        item = s.scalar(
            select(Item).join(Library).where(Library.code == lib.code, Item.barcode == lib.copy)
        )
        assert item is not None and item.on_hold and item.hold_pickup == "BM2"
    assert _import(lib, _csv(*rows)) == 2
    with lib.db.read() as s:
        again = [
            (h.hold_id, h.status, h.updated_at)
            for h in s.scalars(
                select(Hold).join(Library).where(Library.code == lib.code).order_by(Hold.hold_id)
            )
        ]
    assert again == first


def test_holds_go_down_only_to_the_pickup_vehicle_with_what_circulation_needs(lib: Setup) -> None:
    _import(
        lib,
        _csv(
            f"H1,{lib.ada},{lib.copy},,BM2,{LATER},ready",
            f"H2,{lib.bo},{lib.other},,{lib.code},{LATER},waiting",
        ),
    )
    bookmobile, branchless = _device(lib, "BM2"), _device(lib, None)
    served = _served(lib, bookmobile)
    assert served["H2"] is None  # picked up elsewhere: a delete, if the laptop had it
    assert served["H1"] == {
        "id": "H1",
        "patron_card": lib.ada,
        "item_barcode": lib.copy,
        "title": "Frog and Toad",
        "placed_on": TODAY.isoformat(),
        "expires_on": LATER,
        "status": "ready",
        "pickup": "BM2",
        "stop_id": None,
        "any_copy": False,
    }
    assert all(v is None for v in _served(lib, branchless).values())


def test_a_checkout_to_the_holder_fills_it_and_to_another_patron_flags_it(lib: Setup) -> None:
    _import(lib, _csv(f"H1,{lib.ada},{lib.copy},,BM2,{LATER},ready"))
    device = _device(lib, "BM2")
    now = datetime.now(UTC)
    lend = actions.Checkout(
        loan_id="6f1c1d4e-0000-4000-8000-000000000001",
        patron_card=lib.ada,
        item_barcode=lib.copy,
        out_at=now,
        due_date=TODAY + timedelta(days=21),
        hold_id="H1",
    )
    result = _push(lib, device, lend)
    assert result["status"] == "applied" and result["codes"] == ["HOLD_FILLED"]
    with lib.db.read() as s:
        hold = s.scalar(
            select(Hold).join(Library).where(Library.code == lib.code, Hold.hold_id == "H1")
        )
        item = s.scalar(
            select(Item).join(Library).where(Library.code == lib.code, Item.barcode == lib.copy)
        )
        assert hold is not None and hold.status == "filled" and hold.filled_loan_id == lend.loan_id
        assert item is not None and not item.on_hold
    assert _served(lib, device)["H1"] is None  # the laptop drops it
    # The same hold named again by another desk: another copy already went to the patron.
    again = _push(
        lib,
        device,
        actions.Checkout(
            loan_id="6f1c1d4e-0000-4000-8000-000000000002",
            patron_card=lib.ada,
            item_barcode=lib.other,
            out_at=now,
            due_date=TODAY + timedelta(days=21),
            hold_id="H1",
        ),
    )
    assert again["codes"] == ["HOLD_FILLED_ELSEWHERE"]


def test_an_expired_hold_is_not_filled_and_says_so(lib: Setup) -> None:
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    _import(lib, _csv(f"H1,{lib.ada},{lib.copy},,BM2,{LATER},ready"))
    with lib.db.write() as s:
        hold = s.scalar(
            select(Hold).join(Library).where(Library.code == lib.code, Hold.hold_id == "H1")
        )
        assert hold is not None
        hold.expires_on = date.fromisoformat(yesterday)
    device = _device(lib, "BM2")
    result = _push(
        lib,
        device,
        actions.Checkout(
            loan_id="6f1c1d4e-0000-4000-8000-000000000003",
            patron_card=lib.ada,
            item_barcode=lib.copy,
            out_at=datetime.now(UTC),
            due_date=TODAY + timedelta(days=21),
            hold_id="H1",
        ),
    )
    assert "HOLD_EXPIRED" in result["codes"] and "HOLD_FILLED" not in result["codes"]


def test_a_return_sets_the_copy_aside_ready_here_or_in_transit_elsewhere(lib: Setup) -> None:
    _import(lib, _csv(f"H1,{lib.bo},,Frog and Toad,BM2,{LATER},waiting"))
    branchless = _device(lib, None)
    result = _push(
        lib, branchless, actions.Checkin(item_barcode=lib.other, returned_at=datetime.now(UTC))
    )
    assert "HOLD_TRAP" in result["codes"] and "ROUTE_ITEM" in result["codes"]
    with lib.db.read() as s:
        hold = s.scalar(
            select(Hold).join(Library).where(Library.code == lib.code, Hold.hold_id == "H1")
        )
        assert hold is not None and hold.status == "in_transit"
    bookmobile = _device(lib, "BM2")
    served = _served(lib, bookmobile)["H1"]
    assert (
        served is not None
        and served["status"] == "in_transit"
        and served["item_barcode"] == lib.other
    )
    result = _push(
        lib,
        bookmobile,
        actions.Checkin(item_barcode=lib.other, returned_at=datetime.now(UTC), hold_id="H1"),
    )
    assert "ROUTE_ITEM" not in result["codes"]
    with lib.db.read() as s:
        hold = s.scalar(
            select(Hold).join(Library).where(Library.code == lib.code, Hold.hold_id == "H1")
        )
        assert hold is not None and hold.status == "ready"


def test_undo_puts_a_filled_hold_back_on_the_shelf_and_a_set_aside_one_back_waiting(
    db: Database, make_library: Any, enroll_device: Any
) -> None:
    """Through the real server process: an undone pickup leaves the hold ready again, an
    undone return that set a copy aside leaves the hold as it was."""
    lib = make_library(items=2, patrons=2)
    later = (TODAY + timedelta(days=7)).isoformat()

    def holds(s: Session) -> None:
        library = crud.get_library(session=s, code=lib.code)
        crud.import_holds(
            session=s,
            library=library,
            handle=_csv(
                f"U1,{lib.patrons[0]},{lib.items[0]},,{lib.code},{later},ready",
                f"U2,{lib.patrons[1]},{lib.items[1]},,{lib.code},{later},waiting",
            ),
            today=TODAY,
        )

    db.run_write(holds)
    device = enroll_device(lib.code)
    lend = device.mutation(
        actions.Checkout(
            loan_id=str(uuid.uuid4()),
            patron_card=lib.patrons[0],
            item_barcode=lib.items[0],
            out_at=datetime.now(UTC),
            due_date=TODAY + timedelta(days=21),
            hold_id="U1",
        )
    )
    back = device.checkin(lib.items[1])
    results = device.push_ok([lend, back])
    assert results[0]["codes"] == ["HOLD_FILLED"] and results[0]["status"] == "applied"
    assert results[1]["detail"]["hold_id"] == "U2"

    def status(hold_id: str) -> str:
        with db.read() as s:
            row = s.scalar(select(Hold).where(Hold.library_id == lib.id, Hold.hold_id == hold_id))
            assert row is not None
            return row.status

    assert (status("U1"), status("U2")) == ("filled", "ready")
    device.push_ok([device.mutation(mutations.undo(back)), device.mutation(mutations.undo(lend))])
    assert (status("U1"), status("U2")) == ("ready", "waiting")


def test_a_title_hold_filled_by_another_copy_frees_the_copy_set_aside(lib: Setup) -> None:
    _import(lib, _csv(f"T1,{lib.bo},,frog and toad,BM2,{LATER},waiting"))
    branchless = _device(lib, None)
    _push(lib, branchless, actions.Checkin(item_barcode=lib.other, returned_at=datetime.now(UTC)))

    def flag(barcode: str) -> bool:
        with lib.db.read() as s:
            item = s.scalar(
                select(Item).join(Library).where(Library.code == lib.code, Item.barcode == barcode)
            )
            assert item is not None
            return item.on_hold

    assert flag(lib.other)  # set aside for Bo, in transit to BM2
    result = _push(
        lib,
        branchless,
        actions.Checkout(
            loan_id=str(uuid.uuid4()),
            patron_card=lib.bo,
            item_barcode=lib.copy,
            out_at=datetime.now(UTC),
            due_date=TODAY + timedelta(days=21),
        ),
    )
    assert result["codes"] == ["HOLD_FILLED"]  # filled without the desk naming it
    assert not flag(lib.other)
