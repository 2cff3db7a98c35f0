"""Holds between a real laptop and the real server (#15): imported by the admin, downloaded to
the vehicle that is their pickup (and only there), filled by a checkout at its desk, dropped
from the laptop once filled or expired."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from popup.store.models import Hold, SyncException
from popup_sync import crud, library_settings
from popup_sync import models as sm
from tests.helpers.consortium import SyncServer
from tests.helpers.laptops import Laptop


def _import(server: SyncServer, csv_text: str) -> int:
    assert server.db is not None

    def run(session: object) -> int:
        library = crud.get_library(session=session, code="MAIN")  # type: ignore[arg-type]
        return crud.import_holds(
            session=session,  # type: ignore[arg-type]
            library=library,
            handle=io.StringIO(csv_text),
            today=library_settings.today(library),
        )

    return server.db.run_write(run)


def _laptop_holds(laptop: Laptop) -> dict[str, str]:
    with laptop.store.read() as session:
        return {h.id: h.status for h in session.scalars(select(Hold))}


def _server_hold(server: SyncServer, hold_id: str) -> sm.Hold:
    assert server.db is not None
    with server.db.read() as s:
        hold = s.scalar(select(sm.Hold).where(sm.Hold.hold_id == hold_id))
        assert hold is not None
        s.expunge(hold)
        return hold


def test_holds_come_down_to_the_pickup_vehicle_are_filled_there_and_go_away(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("bookmobile-2")
    laptop.enroll(sync_server)  # enrolled as vehicle BM2
    assert laptop.sync().ok
    ada, bo = laptop.patron_cards()[:2]
    copy, elsewhere, spare = laptop.available_barcodes()[:3]
    with laptop.store.read() as session:
        from popup.store.models import Item

        spare_title = session.scalar(select(Item.title).where(Item.barcode == spare))
    later = (library_settings.today(_library(sync_server)) + timedelta(days=5)).isoformat()
    _import(
        sync_server,
        "hold_id,card_number,barcode,title,pickup,expires_on,status\n"
        f"CT-1,{ada},{copy},,BM2,{later},ready\n"
        f"CT-2,{bo},{elsewhere},,MAIN,{later},waiting\n"
        f"CT-3,{bo},,{spare_title},BM2,{later},waiting\n",
    )
    assert laptop.sync().ok
    assert _laptop_holds(laptop) == {"CT-1": "ready", "CT-3": "waiting"}

    view = laptop.desk.find_patron(ada)
    assert [h.hold_id for h in view.holds_ready] == ["CT-1"]
    lent = laptop.desk.checkout(ada, copy)
    assert lent.concerns == [] and lent.filled_hold is not None
    assert laptop.sync().ok
    hold = _server_hold(sync_server, "CT-1")
    assert hold.status == "filled" and hold.filled_loan_id == lent.loan_id
    assert "CT-1" not in _laptop_holds(laptop)  # a filled hold comes down as a delete
    with laptop.store.read() as session:  # HOLD_FILLED confirms; nothing in the inbox
        assert session.scalars(select(SyncException.code)).all() == []

    # The title hold expires at the server: the laptop drops it at its next sync.
    assert sync_server.db is not None

    def expire(session: object) -> int:
        library = crud.get_library(session=session, code="MAIN")  # type: ignore[arg-type]
        row = session.scalar(select(sm.Hold).where(sm.Hold.hold_id == "CT-3"))  # type: ignore[attr-defined]
        row.expires_on = library_settings.today(library) - timedelta(days=1)
        return crud.expire_holds(
            session=session,  # type: ignore[arg-type]
            library=library,
            today=library_settings.today(library),
        )

    assert sync_server.db.run_write(expire) == 1
    assert laptop.sync().ok
    assert _laptop_holds(laptop) == {}


def _library(server: SyncServer) -> sm.Library:
    assert server.db is not None
    with server.db.read() as s:
        library = s.scalar(select(sm.Library).where(sm.Library.code == "MAIN"))
        assert library is not None
        s.expunge(library)
        return library
