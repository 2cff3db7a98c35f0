"""Our KOC and pending.xacts files replayed the way Koha's and Evergreen's offline loaders
read them (the models in ``tests/helpers/ils_loaders.py``): who holds each item afterwards,
and who exists."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from popup import paths
from popup.domain import signup as signup_rules
from popup.domain.age_bands import DEFAULT_CATEGORY_BANDS
from popup.interop import InteropError
from popup.interop.codes import load_codes
from popup.interop.koc import export_koc
from popup.interop.patrons_csv import write_patrons
from popup.interop.xacts import export_xacts
from popup.store import demo, library
from popup.store import signup as store_signup
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.models import Item, OutboxEntry, Patron
from tests.helpers.ils_loaders import Ils, evergreen, evergreen_order, koha_direct, koha_queue

START = datetime(2026, 11, 24, 16, 0, 0, 123_000, tzinfo=UTC)  # 10:00:00.123 in Chicago
OVERRIDE = "handed over at the stop"


@dataclass
class Stop:
    desk: Desk
    clock: list[datetime]
    a: str
    b: str
    items: list[str]

    def at(self, minutes: float) -> None:
        self.clock[0] = START + timedelta(minutes=minutes)

    @property
    def store(self) -> Store:
        return self.desk.store


@pytest.fixture
def stop(demo_store: Store) -> Iterator[Stop]:
    with demo_store.transaction() as session:
        library.put(session, "timezone", "America/Chicago")
        barcodes = list(
            session.scalars(
                select(Item.barcode)
                .where(
                    Item.item_type == "BOOK", Item.home_library == "MAIN", Item.on_hold.is_(False)
                )
                .order_by(Item.id)
                .limit(4)
            )
        )
        a = demo.demo_patron(demo_store)
        b = session.scalar(
            select(Patron.card_number)
            .where(
                Patron.card_number != a,
                Patron.manual_block.is_(False),
                Patron.fines_owed_cents == 0,
                Patron.category == "ADULT",
                Patron.card_expiry > date(2027, 1, 1),
            )
            .order_by(Patron.id)
            .limit(1)
        )
        assert b is not None
    clock = [START]
    yield Stop(Desk(demo_store, clock=lambda: clock[0]), clock, a, b, barcodes)


def koc_without_returns_before_issues(koc: str) -> str:
    """The file as Popup wrote it before: a hand-over as a bare ``issue``."""
    lines = koc.splitlines()
    kept = [
        line
        for n, line in enumerate(lines)
        if not (
            "\treturn\t" in line
            and n + 1 < len(lines)
            and lines[n + 1].endswith("\t" + line.split("\t")[2])
            and "\tissue\t" in lines[n + 1]
        )
    ]
    return "\n".join(kept) + "\n"


def test_koc_handover_same_day_moves_the_loan_in_both_koha_modes(
    stop: Stop, tmp_path: Path
) -> None:
    x = stop.items[0]
    stop.desk.checkout(stop.a, x)
    stop.at(30)
    stop.desk.checkout(stop.b, x, OVERRIDE)  # A left it on the bus; B takes it home
    export_koc(stop.store, tmp_path / "stop.koc")
    koc = (tmp_path / "stop.koc").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in koc.splitlines()[1:]]
    assert rows == [
        ["2026-11-24 10:00:00 123", "issue", stop.a, x],
        ["2026-11-24 10:29:59 123", "return", x],
        ["2026-11-24 10:30:00 123", "issue", stop.b, x],
    ]

    # Direct mode: both the same day, so a bare issue fell into "Doing nothing" (K1).
    before = koha_direct(Ils({stop.a, stop.b}), koc_without_returns_before_issues(koc))
    assert before.holder(x) == stop.a
    assert before.log[-1][1] == "doing nothing"
    direct = koha_direct(Ils({stop.a, stop.b}), koc)
    assert direct.holder(x) == stop.b
    assert direct.returned == [(x, stop.a)]
    assert [outcome for _, outcome in direct.log] == ["issued", "returned", "issued"]
    # Queue mode keeps seconds only; the return is a second earlier, so no tie can put it
    # after the issue (which would return B's new loan).
    for ties_reversed in (False, True):
        queued = koha_queue(Ils({stop.a, stop.b}), koc, ties_reversed)
        assert queued.holder(x) == stop.b
        assert queued.returned == [(x, stop.a)]


def test_xacts_handover_and_lending_again_to_the_same_patron(stop: Stop, tmp_path: Path) -> None:
    x, y = stop.items[:2]
    stop.at(-24 * 60)
    stop.desk.checkout(stop.a, x)
    stop.desk.checkout(stop.a, y)
    stop.at(0)
    stop.desk.checkout(stop.b, x, OVERRIDE)  # hand-over (E1)
    stop.at(5)
    again = stop.desk.checkout(stop.a, y, OVERRIDE)  # the same patron again (E2)
    export_xacts(stop.store, tmp_path / "pending.xacts")
    text = (tmp_path / "pending.xacts").read_text(encoding="utf-8")
    xacts = [json.loads(line) for line in text.splitlines()]
    epoch = int(START.timestamp())
    assert [(x_["type"], x_.get("barcode"), x_["timestamp"] - epoch) for x_ in xacts] == [
        ("checkout", x, -86400),
        ("checkout", y, -86400),
        ("checkin", x, -1),
        ("checkout", x, 0),
        ("renew", y, 300),
    ]
    assert xacts[2]["backdate"] == "2026-11-24"
    assert xacts[4]["patron_barcode"] == stop.a
    assert xacts[4]["due_date"] == again.due.isoformat()

    replayed = evergreen(Ils({stop.a, stop.b}), text)
    assert [outcome for _, outcome in replayed.log] == ["SUCCESS"] * 5
    assert (replayed.holder(x), replayed.holder(y)) == (stop.b, stop.a)

    # What the loader did with the old file: a bare checkout of each, both refused.
    old = [
        {**x_, "type": "checkout"} if x_["type"] == "renew" else x_
        for x_ in xacts
        if x_["type"] != "checkin"
    ]
    before = evergreen(Ils({stop.a, stop.b}), "\n".join(json.dumps(o) for o in old))
    assert [outcome for _, outcome in before.log][2:] == ["OPEN_CIRCULATION_EXISTS"] * 2
    assert before.holder(x) == stop.a


def sign_up(stop: Stop, name: str, address: str = "") -> str:
    form = signup_rules.SignupForm(
        name=name,
        date_of_birth="1985-06-07",
        email="new@example.org",
        phone="555 0100",
        address=address,
        consent=True,
    )
    clean = signup_rules.validate(form, today=START.date(), bands=DEFAULT_CATEGORY_BANDS)
    with stop.store.transaction() as session:
        store_signup.add_card_range(session, 900, 999, at=START)
    return store_signup.register(stop.store, clean, now=stop.clock[0]).card_number


CODES = """
[koha.categorycode]
ADULT = "PT"
[koha.branchcode]
MAIN = "CPL"
[evergreen.profile]
ADULT = 2
[evergreen.home_ou]
MAIN = 4
[evergreen]
ident_type = 3
country = "USA"
"""


def test_signups_are_register_lines_replayed_before_the_checkouts(
    stop: Stop, tmp_path: Path
) -> None:
    x = stop.items[0]
    stop.at(40)
    stop.desk.checkout(stop.a, stop.items[1])
    stop.at(41)
    new = sign_up(stop, "Amara Okafor", "12 High St\nFlat 2")
    stop.at(42)
    stop.desk.checkout(new, x)

    # Without the ids Evergreen needs, nothing is written and nothing is marked.
    with pytest.raises(InteropError, match="--codes"):
        export_xacts(stop.store, tmp_path / "no.xacts")
    assert not (tmp_path / "no.xacts").exists()
    with stop.store.read() as session:
        assert (
            session.scalar(select(OutboxEntry).where(OutboxEntry.exported_xacts_at.is_not(None)))
            is None
        )

    # The data folder's ils-codes.toml serves when no --codes is given (the File menu's way).
    paths.ils_codes_file(stop.store.path.parent).write_text(CODES, encoding="utf-8")
    result = export_xacts(stop.store, tmp_path / "pending.xacts")
    assert result.actions == 3
    text = (tmp_path / "pending.xacts").read_text(encoding="utf-8")
    xacts = [json.loads(line) for line in text.splitlines()]
    # Written in the loader's own order: register first, then by time.
    assert xacts == evergreen_order(text)
    assert [x_["type"] for x_ in xacts] == ["register", "checkout", "checkout"]
    assert xacts[0]["user"] == {
        "card": {"barcode": new},
        "family_name": "Okafor",
        "first_given_name": "Amara",
        "profile": 2,
        "home_ou": 4,
        "ident_type": 3,
        "dob": "1985-06-07",
        "email": "new@example.org",
        "day_phone": "555 0100",
        "billing_address": {
            "street1": "12 High St",
            "street2": "Flat 2",
            "city": "",
            "post_code": "",
            "country": "USA",
            "address_type": "MAILING",
        },
    }
    replayed = evergreen(Ils({stop.a}), text)
    assert [outcome for _, outcome in replayed.log] == ["SUCCESS"] * 3
    assert replayed.holder(x) == new


def test_koha_needs_the_signups_imported_before_the_koc_file(stop: Stop, tmp_path: Path) -> None:
    x = stop.items[0]
    new = sign_up(stop, "Amara Okafor", "12 High St")
    stop.at(1)
    stop.desk.checkout(new, x)
    export_koc(stop.store, tmp_path / "stop.koc")
    koc = (tmp_path / "stop.koc").read_text(encoding="utf-8")
    # KOC has no patron line: uploaded first, the issue finds nobody.
    assert koha_queue(Ils({stop.a}), koc).log[-1][1] == "Borrower not found."

    mapping = tmp_path / "codes.toml"
    mapping.write_text(CODES, encoding="utf-8")
    written = write_patrons(
        stop.store, tmp_path / "new.csv", local_only=True, codes=load_codes(mapping)
    )
    assert written.notes == []
    [row] = list(csv.DictReader(io.StringIO((tmp_path / "new.csv").read_text(encoding="utf-8"))))
    assert (row["cardnumber"], row["categorycode"], row["branchcode"]) == (new, "PT", "CPL")
    koha = Ils({stop.a, row["cardnumber"]})  # Koha's patron import, then the KOC queue
    assert koha_queue(koha, koc).holder(x) == new
