"""KOC 1.0 and Evergreen pending.xacts exports from real desk actions in a real store."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from popup import __version__
from popup.domain import demo_data
from popup.domain.payments import PaymentMethod
from popup.interop import InteropError
from popup.interop.koc import export_koc
from popup.interop.xacts import export_xacts
from popup.store import demo, library
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.models import Item, OutboxEntry

START = datetime(2026, 11, 24, 16, 0, 0, 123_000, tzinfo=UTC)  # 10:00:00.123 in Chicago


@dataclass
class Stop:
    desk: Desk
    clock: list[datetime]
    patron: str
    items: list[str]

    def at(self, minutes: float) -> None:
        self.clock[0] = START + timedelta(minutes=minutes)


@pytest.fixture
def stop(demo_store: Store) -> Iterator[Stop]:
    with demo_store.transaction() as session:
        library.put(session, "timezone", "America/Chicago")
        barcodes = list(
            session.scalars(
                select(Item.barcode)
                .where(
                    Item.item_type == "BOOK",
                    Item.home_library == "MAIN",
                    Item.on_hold.is_(False),
                )
                .order_by(Item.id)
                .limit(8)
            )
        )
    clock = [START]
    yield Stop(
        Desk(demo_store, clock=lambda: clock[0]), clock, demo.demo_patron(demo_store), barcodes
    )


def koc_lines(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n") and "\r" not in text
    return [line.split("\t") for line in text.splitlines()]


KOC_TIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \d{3}$")


def test_koc_lines_field_by_field(stop: Stop, tmp_path: Path) -> None:
    a, b, c, d = stop.items[:4]
    stop.at(-24 * 60)  # lent at yesterday's stop: a renewal today moves its due date
    out_a = stop.desk.checkout(stop.patron, a)
    stop.at(5.5)
    stop.desk.checkout(stop.patron, b)
    stop.at(10)
    stop.desk.renew(out_a.loan_id)
    stop.at(15)
    stop.desk.checkin(b)
    stop.at(20)
    stop.desk.in_house_use(c, 3)  # KOC cannot say it: left out
    stop.at(25)
    mistaken = stop.desk.checkout(stop.patron, d)
    stop.at(26)
    stop.desk.undo(mistaken.seq)  # undone before export: neither is written

    path = tmp_path / "stop.koc"
    result = export_koc(stop.desk.store, path)

    lines = koc_lines(path)
    assert lines[0] == ["Version=1.0", "Generator=popup", f"GeneratorVersion={__version__}"]
    assert lines[1:] == [
        ["2026-11-23 10:00:00 123", "issue", stop.patron, a],
        ["2026-11-24 10:05:30 123", "issue", stop.patron, b],
        ["2026-11-24 10:10:00 123", "issue", stop.patron, a],  # the renewal
        ["2026-11-24 10:15:00 123", "return", b],
    ]
    for fields in lines[1:]:
        assert KOC_TIME.match(fields[0])
        assert fields[1] in ("issue", "return")
        assert len(fields) == (4 if fields[1] == "issue" else 3)
    assert (result.actions, result.lines, result.notes) == (4, 4, [])


def test_koc_export_never_repeats_unless_asked(stop: Stop, tmp_path: Path) -> None:
    a = stop.items[0]
    stop.desk.checkout(stop.patron, a)
    first = export_koc(stop.desk.store, tmp_path / "1.koc")
    assert first.actions == 1

    second = export_koc(stop.desk.store, tmp_path / "2.koc")
    assert second.actions == 0
    assert koc_lines(tmp_path / "2.koc") == [koc_lines(tmp_path / "1.koc")[0]]

    stop.at(3)
    stop.desk.checkin(a)
    third = export_koc(stop.desk.store, tmp_path / "3.koc")
    assert [f[1] for f in koc_lines(tmp_path / "3.koc")[1:]] == ["return"]

    everything = export_koc(stop.desk.store, tmp_path / "all.koc", include_exported=True)
    assert everything.actions == 2
    assert [f[1] for f in koc_lines(tmp_path / "all.koc")[1:]] == ["issue", "return"]
    # Each format keeps its own marks: Evergreen still gets everything once.
    assert export_xacts(stop.desk.store, tmp_path / "p.xacts").actions == 2
    assert export_xacts(stop.desk.store, tmp_path / "q.xacts").actions == 0
    assert third.actions == 1


def test_failed_write_marks_nothing(stop: Stop, tmp_path: Path) -> None:
    stop.desk.checkout(stop.patron, stop.items[0])
    with pytest.raises(InteropError, match="does not exist"):
        export_koc(stop.desk.store, tmp_path / "no-such-dir" / "x.koc")
    existing = tmp_path / "taken.koc"
    existing.write_text("earlier export\n")
    with pytest.raises(InteropError, match="already exists"):
        export_koc(stop.desk.store, existing, overwrite=False)
    assert existing.read_text() == "earlier export\n"
    with stop.desk.store.read() as session:
        marks = list(session.scalars(select(OutboxEntry.exported_koc_at)))
    assert marks == [None]
    assert export_koc(stop.desk.store, tmp_path / "ok.koc").actions == 1
    assert not list(tmp_path.glob(".*.tmp"))


def test_undo_after_export_is_written_as_the_opposite(stop: Stop, tmp_path: Path) -> None:
    a, b = stop.items[:2]
    stop.desk.checkin(b)  # not on loan: a plain return
    lent = stop.desk.checkout(stop.patron, a)
    export_koc(stop.desk.store, tmp_path / "1.koc")
    export_xacts(stop.desk.store, tmp_path / "1.xacts")
    stop.at(7)
    stop.desk.undo(lent.seq)

    export_koc(stop.desk.store, tmp_path / "2.koc")
    assert koc_lines(tmp_path / "2.koc")[1:] == [["2026-11-24 10:07:00 123", "return", a]]
    export_xacts(stop.desk.store, tmp_path / "2.xacts")
    (undo_line,) = [json.loads(x) for x in (tmp_path / "2.xacts").read_text().splitlines()]
    assert undo_line["type"] == "checkin" and undo_line["barcode"] == a

    # A return undone after export: the item goes back out to the same patron.
    stop.at(8)
    again = stop.desk.checkout(stop.patron, a)
    stop.at(9)
    returned = stop.desk.checkin(a)
    export_koc(stop.desk.store, tmp_path / "3.koc")
    stop.at(10)
    stop.desk.undo(returned.seq)
    export_koc(stop.desk.store, tmp_path / "4.koc")
    assert koc_lines(tmp_path / "4.koc")[1:] == [
        ["2026-11-24 10:10:00 123", "issue", stop.patron, a]
    ]
    assert again.barcode == a


def test_renewal_undone_after_export_is_a_note_for_staff(stop: Stop, tmp_path: Path) -> None:
    stop.at(-24 * 60)  # lent at yesterday's stop: a renewal today moves its due date
    lent = stop.desk.checkout(stop.patron, stop.items[0])
    stop.at(1)
    renewed = stop.desk.renew(lent.loan_id)
    export_koc(stop.desk.store, tmp_path / "1.koc")
    stop.at(2)
    stop.desk.undo(renewed.seq)
    result = export_koc(stop.desk.store, tmp_path / "2.koc")
    assert result.actions == 0
    assert result.notes == [
        f"Action {renewed.seq} (renew) was undone after it was exported to KOC; KOC cannot"
        " express undoing it, so correct it in the ILS by hand."
    ]


def test_pending_xacts_objects_as_evergreen_writes_them(stop: Stop, tmp_path: Path) -> None:
    a, b, c = stop.items[:3]
    stop.at(-24 * 60)  # lent at yesterday's stop: a renewal today moves its due date
    out_a = stop.desk.checkout(stop.patron, a)
    stop.at(10)
    renewed = stop.desk.renew(out_a.loan_id)
    stop.at(15)
    stop.desk.checkin(a)
    stop.at(20)
    stop.desk.in_house_use(c, 150)
    stop.at(30)
    stop.desk.checkin(b)

    path = tmp_path / "pending.xacts"
    result = export_xacts(stop.desk.store, path)

    raw_lines = path.read_text(encoding="utf-8").splitlines()
    xacts = [json.loads(line) for line in raw_lines]
    assert all(list(x)[:3] == ["timestamp", "type", "delta"] for x in xacts)
    epoch = int(START.timestamp())
    assert xacts == [
        {
            "timestamp": epoch - 86400,
            "type": "checkout",
            "delta": 0,
            "patron_barcode": stop.patron,
            "barcode": a,
            "due_date": out_a.due.isoformat(),
            "checkout_time": "2026-11-23 10:00:00",
        },
        {
            "timestamp": epoch + 600,
            "type": "renew",
            "delta": 0,
            "patron_barcode": stop.patron,
            "barcode": a,
            "due_date": renewed.due.isoformat(),
            "checkout_time": "2026-11-24 10:10:00",
        },
        {
            "timestamp": epoch + 900,
            "type": "checkin",
            "delta": 0,
            "barcode": a,
            "backdate": "2026-11-24",
        },
        {
            "timestamp": epoch + 1200,
            "type": "in_house_use",
            "delta": 0,
            "barcode": c,
            "count": 99,
            "use_time": "2026-11-24 10:20:00",
        },
        {
            "timestamp": epoch + 1200,
            "type": "in_house_use",
            "delta": 0,
            "barcode": c,
            "count": 51,
            "use_time": "2026-11-24 10:20:00",
        },
        {
            "timestamp": epoch + 1800,
            "type": "checkin",
            "delta": 0,
            "barcode": b,
            "backdate": "2026-11-24",
        },
    ]
    assert (result.actions, result.lines) == (5, 6)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", xacts[0]["due_date"])


def test_koc_payment_lines_carry_the_card_and_the_amount_and_waivers_are_notes(
    stop: Stop, tmp_path: Path
) -> None:
    card = demo_data.fined_patron_card(demo.DEMO_FORMAT)  # owes 12.75
    stop.at(30)
    stop.desk.record_payment(card, 500, method=PaymentMethod.CASH)
    stop.at(31)
    stop.desk.record_payment(card, 275, method=None, waiver=True, note="staff error")
    stop.at(32)
    stop.desk.record_payment(card, 1005, method=PaymentMethod.CARD, as_credit=True)
    result = export_koc(stop.desk.store, tmp_path / "stop.koc")
    rows = koc_lines(tmp_path / "stop.koc")
    # Koha's enqueue_koc.pl reads "payment" as cardnumber, amount; the amount has a point.
    assert rows[1:] == [
        ["2026-11-24 10:30:00 123", "payment", card, "5.00"],
        ["2026-11-24 10:32:00 123", "payment", card, "10.05"],
    ]
    [note] = result.notes
    assert "2.75 waived" in note and card in note and "by hand" in note
    # Evergreen's pending.xacts has no payment transaction: nothing is written for them.
    xacts = export_xacts(stop.desk.store, tmp_path / "pending.xacts")
    assert xacts.actions == 0
    assert (tmp_path / "pending.xacts").read_text(encoding="utf-8") == ""
