"""``popup-sync admin import-marc`` and ``import-koha-patrons``: real files, a real
``popup-sync`` process, the change log devices pull, and a laptop that downloads the result."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pymarc import Field, Indicators, Record, Subfield, XMLWriter
from sqlalchemy import func, select

from popup import paths
from popup.store.circulation.errors import NeedsOverride
from popup.store.models import Item as LaptopItem
from popup.store.models import Patron as LaptopPatron
from popup.sync_client.enroll import enroll as enroll_laptop
from popup_sync import crud
from popup_sync.core.db import Database
from popup_sync.ils_import import WITHDRAWN_REASON
from popup_sync.models import Change, Item, Patron
from tests.helpers.laptops import Laptop, file_credentials

ROOT = Path(__file__).resolve().parents[2]


def popup_sync(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``popup-sync admin ARGS`` as its own process, as a nightly job runs it."""
    return subprocess.run(
        [sys.executable, "-m", "popup_sync.cli", "admin", "--database", database_url, *args],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
    )


def df(tag: str, *pairs: tuple[str, str]) -> Field:
    return Field(
        tag=tag,
        indicators=Indicators(" ", " "),
        subfields=[Subfield(code, value) for code, value in pairs],
    )


def bib(number: int, holdings: list[list[tuple[str, str]]], tag: str = "952") -> Record:
    record = Record(force_utf8=True)
    record.add_field(Field(tag="001", data=f"bib{number}"))
    record.add_field(df("100", ("a", f"Author{number}, Ann,")))
    record.add_field(df("245", ("a", f"Title {number} :"), ("b", "a story /")))
    for pairs in holdings:
        record.add_field(df(tag, *pairs))
    return record


def koha_item(barcode: str, *extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [("a", "MAIN"), ("o", "FIC"), ("p", barcode), ("y", "BOOK"), *extra]


def write_mrc(path: Path, records: list[Record]) -> Path:
    path.write_bytes(b"".join(r.as_marc() for r in records))
    return path


def write_xml(path: Path, records: list[Record]) -> Path:
    with path.open("wb") as fh:
        writer = XMLWriter(fh)
        for record in records:
            writer.write(record)
        writer.close(close_fh=False)
    return path


def items_of(db: Database, library_id: int) -> dict[str, Item]:
    with db.read() as s:
        return {i.barcode: i for i in s.scalars(select(Item).where(Item.library_id == library_id))}


def patrons_of(db: Database, library_id: int) -> dict[str, Patron]:
    with db.read() as s:
        return {
            p.card_number: p
            for p in s.scalars(select(Patron).where(Patron.library_id == library_id))
        }


def logged(db: Database, library_id: int) -> int:
    with db.read() as s:
        return int(
            s.scalar(
                select(func.count()).select_from(Change).where(Change.library_id == library_id)
            )
            or 0
        )


def test_import_marc_binary_reports_bad_records_and_a_second_run_changes_nothing(
    database_url: str, db: Database, make_library: Callable[..., Any], kit: Any, tmp_path: Path
) -> None:
    lib = make_library(items=0, patrons=0)
    b = [kit.item_barcode(9000 + n) for n in range(5)]
    mrc = write_mrc(
        tmp_path / "koha.mrc",
        [
            bib(1, [koha_item(b[0]), koha_item(b[1], ("y", "DVD"))]),
            bib(2, [koha_item(b[2], ("1", "1"))]),  # $1 lost
            bib(3, [[("a", "MAIN"), ("o", "FIC")]]),  # no barcode: not imported
            bib(4, [koha_item(b[3]), koha_item(b[4], ("7", "1"))]),  # $7 not for loan
        ],
    )
    first = popup_sync(database_url, "import-marc", "--library", lib.code, str(mrc))
    assert first.returncode == 1, first.stderr  # a record had a problem
    assert "record 3: holdings field 952 has no barcode in $p (not imported)" in first.stdout
    assert "4 records read: 5 items added, 0 updated, 0 unchanged" in first.stdout
    assert "import-marc: 4 records read, 5 items (100%)" in first.stderr  # the progress line
    held = items_of(db, lib.id)
    assert set(held) == set(b)
    assert held[b[0]].title == "Title 1 : a story" and held[b[0]].author == "Author1, Ann"
    assert held[b[0]].item_type == "BOOK" and held[b[0]].call_number == "FIC"
    assert held[b[2]].status == "lost" and held[b[0]].status == "available"
    assert held[b[4]].status == "not_for_loan"
    assert {i.ils_source for i in held.values()} == {"marc"}

    before = logged(db, lib.id)
    again = popup_sync(database_url, "import-marc", "--library", lib.code, str(mrc))
    assert "4 records read: 0 items added, 0 updated, 5 unchanged" in again.stdout
    assert "0 withdrawn" in again.stdout
    assert logged(db, lib.id) == before, "an unchanged file logged changes for the devices"


def test_import_marcxml_with_852_holdings(
    database_url: str, db: Database, make_library: Callable[..., Any], kit: Any, tmp_path: Path
) -> None:
    lib = make_library(items=0, patrons=0)
    b = [kit.item_barcode(9100 + n) for n in range(3)]
    holding = [("b", "WEST"), ("h", "641.5"), ("i", "SMI")]
    xml = write_xml(
        tmp_path / "export.xml",
        [
            bib(1, [[*holding, ("p", b[0])], [*holding, ("p", b[1])]], tag="852"),
            bib(2, [[*holding, ("p", b[2])]], tag="852"),
        ],
    )
    run = popup_sync(
        database_url,
        "import-marc",
        "--library",
        lib.code,
        "--holdings-tag",
        "852",
        "--default-item-type",
        "book",
        str(xml),
    )
    assert run.returncode == 0, run.stdout + run.stderr
    held = items_of(db, lib.id)
    assert set(held) == set(b)
    assert held[b[1]].call_number == "641.5 SMI" and held[b[1]].home_library == "WEST"
    assert held[b[1]].item_type == "BOOK"
    # The holdings subfields can be given, as on the laptop ("-": none).
    other = make_library(items=0, patrons=0)
    run = popup_sync(
        database_url,
        "import-marc",
        "--library",
        other.code,
        "--holdings-tag",
        "852",
        "--call-number-subfields",
        "h",
        "--home-library-subfield",
        "-",
        str(xml),
    )
    assert run.returncode == 0, run.stdout + run.stderr
    held = items_of(db, other.id)
    assert held[b[1]].call_number == "641.5" and held[b[1]].home_library == other.code


def test_items_missing_from_the_export_are_withdrawn_never_under_an_open_loan(
    database_url: str,
    db: Database,
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    kit: Any,
    tmp_path: Path,
) -> None:
    lib = make_library(items=0, patrons=1)
    b = [kit.item_barcode(9200 + n) for n in range(4)]
    full = write_mrc(tmp_path / "full.mrc", [bib(n, [koha_item(b[n])]) for n in range(4)])
    short = write_mrc(tmp_path / "short.mrc", [bib(n, [koha_item(b[n])]) for n in (2, 3)])
    args = ("import-marc", "--library", lib.code, "--max-withdraw-percent", "100")
    assert popup_sync(database_url, *args, str(full)).returncode == 0
    device = enroll_device(lib.code)
    _, cursor = device.pull_all()
    [result] = device.push_ok([device.checkout(lib.patrons[0], b[0])])
    assert result["status"] == "applied", result

    gone = popup_sync(database_url, *args, str(short))
    assert gone.returncode == 0, gone.stdout + gone.stderr
    assert "1 withdrawn (missing from the file)" in gone.stdout
    assert f"1 items missing from the file are on loan and were not withdrawn: {b[0]}" in (
        gone.stdout
    )
    held = items_of(db, lib.id)
    assert held[b[0]].status == "on_loan" and held[b[0]].withdrawn_at is None
    assert held[b[1]].status == "withdrawn" and held[b[1]].withdrawn_at is not None
    pulled, cursor = device.pull_all(cursor, until=kit.has("item", b[1]))
    assert kit.latest(pulled, "item", b[1])["status"] == "withdrawn"

    before = logged(db, lib.id)
    assert "0 withdrawn" in popup_sync(database_url, *args, str(short)).stdout
    assert logged(db, lib.id) == before

    # Returned, the item is withdrawn by the next import; both come back with the full file.
    [result] = device.push_ok([device.checkin(b[0])])
    assert result["status"].startswith("applied"), result  # ROUTE_ITEM: its home is MAIN
    assert "1 withdrawn" in popup_sync(database_url, *args, str(short)).stdout
    assert items_of(db, lib.id)[b[0]].status == "withdrawn"
    back = popup_sync(database_url, *args, str(full))
    assert "2 restored" in back.stdout
    held = items_of(db, lib.id)
    assert held[b[0]].status == held[b[1]].status == "available"
    pulled, _ = device.pull_all(cursor, until=kit.has("item", b[0]))
    assert kit.latest(pulled, "item", b[1])["status"] == "available"


def test_nothing_is_withdrawn_from_a_cut_off_file_or_past_the_allowed_share(
    database_url: str, db: Database, make_library: Callable[..., Any], kit: Any, tmp_path: Path
) -> None:
    lib = make_library(items=0, patrons=0)
    b = [kit.item_barcode(9300 + n) for n in range(10)]
    records = [bib(n, [koha_item(b[n])]) for n in range(10)]
    full = write_mrc(tmp_path / "full.mrc", records)
    assert popup_sync(database_url, "import-marc", "--library", lib.code, str(full)).returncode == 0
    data = b"".join(r.as_marc() for r in records[:8])
    cut = tmp_path / "cut.mrc"
    cut.write_bytes(data + records[8].as_marc()[:40])
    run = popup_sync(database_url, "import-marc", "--library", lib.code, str(cut))
    assert run.returncode == 1
    assert "record 9: the file ends in the middle of this record" in run.stdout
    assert "No item was withdrawn: the file was not read to its end" in run.stdout
    half = write_mrc(tmp_path / "half.mrc", records[:5])
    run = popup_sync(database_url, "import-marc", "--library", lib.code, str(half))
    assert run.returncode == 1
    assert "5 are missing from the file, more than the 1 allowed" in run.stdout
    run = popup_sync(
        database_url, "import-marc", "--library", lib.code, "--keep-missing", str(half)
    )
    assert "--keep-missing" in run.stdout
    assert {i.status for i in items_of(db, lib.id).values()} == {"available"}


def koha_csv(path: Path, rows: list[str]) -> Path:
    header = "cardnumber,surname,firstname,dateofbirth,branchcode,categorycode,dateexpiry,email"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_import_koha_patrons_idempotent_with_withdrawals(
    database_url: str,
    db: Database,
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    kit: Any,
    tmp_path: Path,
) -> None:
    lib = make_library(items=1, patrons=0)
    c = [kit.patron_card(700 + n) for n in range(4)]
    rows = [
        f"{c[0]},Smith,Ann,1980-02-03,MAIN,adult,2030-01-31,ann@example.org",
        f"{c[1]},Jones,Bo,,,CHILD,,",
        f"{c[2]},Lee,Cy,,,ADULT,31/01/2030,",  # not a YYYY-MM-DD date
        f"{c[3]},Park,Di,,,ADULT,,",
    ]
    full = koha_csv(tmp_path / "borrowers.csv", rows)
    args = ("import-koha-patrons", "--library", lib.code, "--max-withdraw-percent", "100")
    run = popup_sync(database_url, *args, str(full))
    assert run.returncode == 1
    assert "row 4, column dateexpiry: “31/01/2030” is not a date written YYYY-MM-DD" in run.stdout
    assert "4 rows read: 3 patrons added" in run.stdout
    held = patrons_of(db, lib.id)
    assert set(held) == {c[0], c[1], c[3]}
    assert held[c[0]].name == "Smith, Ann" and held[c[0]].category == "ADULT"
    assert held[c[0]].home_library == "MAIN" and held[c[1]].home_library == lib.code
    assert held[c[0]].match_key is not None and held[c[0]].personal is None

    before = logged(db, lib.id)
    again = popup_sync(database_url, *args, str(full))
    assert "0 patrons added, 0 updated, 3 unchanged" in again.stdout
    assert logged(db, lib.id) == before

    device = enroll_device(lib.code)
    _, cursor = device.pull_all()
    [result] = device.push_ok([device.checkout(c[3], lib.items[0])])
    assert result["status"] == "applied", result
    short = koha_csv(tmp_path / "short.csv", [rows[0]])
    run = popup_sync(database_url, *args, str(short))
    assert "1 withdrawn" in run.stdout and f"on loan and were not withdrawn: {c[3]}" in run.stdout
    held = patrons_of(db, lib.id)
    assert held[c[1]].manual_block and held[c[1]].block_reason == WITHDRAWN_REASON
    assert not held[c[3]].manual_block  # still has a loan out
    pulled, cursor = device.pull_all(cursor, until=kit.has("patron", c[1]))
    assert kit.latest(pulled, "patron", c[1])["block_reason"] == WITHDRAWN_REASON

    before = logged(db, lib.id)
    popup_sync(database_url, *args, str(short))
    assert logged(db, lib.id) == before
    back = popup_sync(database_url, *args, str(full))
    assert "1 restored" in back.stdout
    assert not patrons_of(db, lib.id)[c[1]].manual_block

    # Dates as Koha's "metric" preference writes them, when told so (never guessed).
    metric = koha_csv(tmp_path / "metric.csv", [f"{c[2]},Lee,Cy,,,ADULT,31/01/2030,"])
    run = popup_sync(database_url, *args, "--keep-missing", "--date-format", "metric", str(metric))
    assert run.returncode == 0, run.stdout
    assert str(patrons_of(db, lib.id)[c[2]].card_expiry) == "2030-01-31"


def test_a_laptop_downloads_the_imports_as_not_lendable(
    database_url: str,
    db: Database,
    server: str,
    make_library: Callable[..., Any],
    kit: Any,
    tmp_path: Path,
) -> None:
    lib = make_library(items=0, patrons=0)
    b = [kit.item_barcode(9400 + n) for n in range(3)]
    c = [kit.patron_card(800 + n) for n in range(2)]
    mrc = write_mrc(
        tmp_path / "koha.mrc",
        [bib(1, [koha_item(b[0]), koha_item(b[1])]), bib(2, [koha_item(b[2], ("0", "1"))])],
    )
    rows = [f"{c[0]},Smith,Ann,,,ADULT,2030-01-31,", f"{c[1]},Jones,Bo,,,ADULT,2030-01-31,"]
    keep = ("--max-withdraw-percent", "100")
    assert popup_sync(database_url, "import-marc", "--library", lib.code, str(mrc)).returncode == 0
    koha = koha_csv(tmp_path / "p.csv", rows)
    assert (
        popup_sync(database_url, "import-koha-patrons", "--library", lib.code, str(koha)).returncode
        == 0
    )
    less = write_mrc(tmp_path / "less.mrc", [bib(1, [koha_item(b[0])]), bib(2, [koha_item(b[2])])])
    assert (
        popup_sync(database_url, "import-marc", "--library", lib.code, *keep, str(less)).returncode
        == 0
    )
    fewer = koha_csv(tmp_path / "fewer.csv", rows[:1])
    assert (
        popup_sync(
            database_url, "import-koha-patrons", "--library", lib.code, *keep, str(fewer)
        ).returncode
        == 0
    )

    code = db.run_write(
        lambda s: crud.create_enrollment_code(
            session=s, library=crud.get_library(session=s, code=lib.code)
        )
    )
    with file_credentials():
        laptop = Laptop(tmp_path, "bookmobile")
        try:
            laptop.creds = enroll_laptop(laptop.store, laptop.home, server, code, "bookmobile")
            assert paths.store_file(laptop.home).exists()
            report = laptop.sync()
            assert report.ok, report.error
            with laptop.store.read() as s:
                statuses = dict(s.execute(select(LaptopItem.barcode, LaptopItem.status)).all())
                blocks = {
                    p.card_number: (p.manual_block, p.block_reason)
                    for p in s.scalars(select(LaptopPatron))
                }
            # The desk asks for an override: a withdrawn item, a withdrawn patron.
            with pytest.raises(NeedsOverride) as item_refused:
                laptop.desk.checkout(c[0], b[1])
            with pytest.raises(NeedsOverride) as patron_refused:
                laptop.desk.checkout(c[1], b[0])
            assert laptop.desk.checkout(c[0], b[0]).barcode == b[0]
        finally:
            laptop.close()
    assert statuses == {b[0]: "available", b[1]: "withdrawn", b[2]: "available"}
    assert blocks == {c[0]: (False, None), c[1]: (True, WITHDRAWN_REASON)}
    assert [x.code.value for x in item_refused.value.concerns] == ["ITEM_UNAVAILABLE"]
    assert [x.code.value for x in patron_refused.value.concerns] == ["MANUAL_BLOCK"]


@pytest.mark.parametrize("command", ["import-marc", "import-koha-patrons"])
def test_an_unusable_file_is_refused_whole(
    database_url: str, make_library: Callable[..., Any], tmp_path: Path, command: str
) -> None:
    lib = make_library(items=0, patrons=0)
    missing = popup_sync(database_url, command, "--library", lib.code, str(tmp_path / "no.file"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    if command == "import-marc":
        odd = tmp_path / "odd.xml"
        odd.write_bytes(b'<?xml version="1.0" encoding="x-nonesuch"?><collection/>')
        run = popup_sync(database_url, command, "--library", lib.code, str(odd))
        assert run.returncode == 2
        assert "names an encoding Popup cannot read" in run.stderr
    if command == "import-koha-patrons":
        bad = tmp_path / "bad.csv"
        bad.write_text("cardnumber,firstname\n1,Ann\n")
        run = popup_sync(database_url, command, "--library", lib.code, str(bad))
        assert run.returncode == 2
        assert "no surname, categorycode columns" in run.stderr
