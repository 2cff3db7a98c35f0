"""Exports and staff (#17): a volunteer exports and imports nothing, and pending.xacts says who
made each action and who approved its override in keys Evergreen ignores (KOC has no field for
it)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from popup.domain import demo_data
from popup.interop.koc import export_koc
from popup.interop.marc import import_marc
from popup.interop.patrons_csv import export_patrons, import_patrons
from popup.interop.survey_csv import write_survey_csv
from popup.interop.xacts import APPROVED_BY_KEY, STAFF_KEY, export_xacts
from popup.store import demo
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.demo import DEMO_FORMAT
from popup.store.events import Events
from popup.store.models import OutboxEntry
from popup.store.staff import NotAllowed, SignInNeeded, StaffBook
from tests.helpers import desk as helpers
from tests.helpers.staff import PIN, STAFF, VOLUNTEER, Clock, download_staff

FINED = demo_data.fined_patron_card(DEMO_FORMAT)


def _exported(store: Store) -> list[tuple[object, object]]:
    with store.read() as s:
        return [
            (e.exported_koc_at, e.exported_xacts_at)
            for e in s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
        ]


def test_a_volunteer_exports_and_imports_nothing(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "files"
    out.mkdir()
    download_staff(demo_store, STAFF, VOLUNTEER)
    desk, events = Desk(demo_store), Events(demo_store)
    stop = events.open_stop("Park")
    [barcode] = helpers.available_items(demo_store, 1)
    StaffBook(demo_store, Clock()).sign_in("val", PIN)
    desk.checkout(demo.demo_patron(demo_store), barcode)
    marks = _exported(demo_store)
    (out / "in.csv").write_text("cardnumber,surname\n1,X\n", encoding="utf-8")
    (out / "in.mrc").write_bytes(b"")
    attempts: list[Callable[[], object]] = [
        lambda: export_koc(demo_store, out / "stop.koc"),
        lambda: export_xacts(demo_store, out / "pending.xacts"),
        lambda: export_patrons(demo_store, out / "patrons.csv"),
        lambda: import_patrons(demo_store, out / "in.csv"),
        lambda: import_marc(demo_store, out / "in.mrc"),
        lambda: write_survey_csv(events, [stop.id], out / "survey.csv"),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed) as refused:
            attempt()
        assert str(refused.value) == "Please ask a staff member."
    demo_store.actor = None
    with pytest.raises(SignInNeeded):
        export_koc(demo_store, out / "stop.koc")
    assert sorted(p.name for p in out.iterdir()) == ["in.csv", "in.mrc"]  # none written
    assert _exported(demo_store) == marks  # and nothing marked


def test_pending_xacts_says_who_made_and_approved_each_action_and_koc_cannot(
    demo_store: Store, tmp_path: Path
) -> None:
    download_staff(demo_store, STAFF, VOLUNTEER)
    desk = Desk(demo_store)
    clean = demo.demo_patron(demo_store)
    first, second, third = helpers.available_items(demo_store, 3)
    desk.checkout(clean, first)  # the system (the command line): names nobody
    book = StaffBook(demo_store, Clock())
    book.sign_in("val", PIN)
    desk.checkout(FINED, second, approval=book.approve("sam", PIN, "Paid by phone"))
    desk.checkin(first)
    book.sign_in("sam", PIN)
    desk.checkout(clean, third)

    export_xacts(demo_store, tmp_path / "pending.xacts")
    lines = [json.loads(line) for line in (tmp_path / "pending.xacts").read_text().splitlines()]
    who = [(x["type"], x["barcode"], x.get(STAFF_KEY), x.get(APPROVED_BY_KEY)) for x in lines]
    assert who == [
        ("checkout", first, None, None),
        ("checkout", second, "vol-1", "st-1"),
        ("checkin", first, "vol-1", None),
        ("checkout", third, "st-1", None),
    ]
    # Evergreen's own keys come first, as its client writes them; Popup's last.
    assert list(lines[1])[:3] == ["timestamp", "type", "delta"]
    assert list(lines[1])[-2:] == [STAFF_KEY, APPROVED_BY_KEY]

    export_koc(demo_store, tmp_path / "stop.koc")
    koc = (tmp_path / "stop.koc").read_text()
    assert "vol-1" not in koc and "st-1" not in koc  # KOC has no field for it
