"""The interop subcommands run as processes against a store under ``--home``."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

from pymarc import Field, Indicators, Record, Subfield
from sqlalchemy import select, text

from popup import paths
from popup.domain.cards import CardFormat, ScanKind
from popup.store import demo
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.models import Item, Patron


def popup(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != paths.ENV_HOME}  # --home must be enough
    return subprocess.run(
        [sys.executable, "-m", "popup", "--home", str(home), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def record(number: int, tag: str = "952", barcode: str | None = None) -> bytes:
    rec = Record(force_utf8=True)
    rec.add_field(
        Field(
            tag="245", indicators=Indicators("0", "0"), subfields=[Subfield("a", f"Book {number}")]
        )
    )
    subfields = [Subfield("p", barcode or f"3900000000{number:04d}"), Subfield("h", "E SMI")]
    rec.add_field(Field(tag=tag, indicators=Indicators(" ", " "), subfields=subfields))
    return rec.as_marc()


def item_barcodes(store: Store) -> set[str]:
    with store.read() as session:
        return set(session.scalars(select(Item.barcode)))


def test_import_marc_exit_codes(home: Path, store: Store, tmp_path: Path) -> None:
    good = tmp_path / "good.mrc"
    good.write_bytes(record(1) + record(2))
    done = popup(home, "import-marc", str(good))
    assert done.returncode == 0, done.stderr
    assert (
        "2 records read: 2 items added, 0 updated, 0 unchanged, 0 records not imported"
        in done.stdout
    )

    bad = tmp_path / "bad.mrc"
    broken = bytearray(record(4))
    broken[0:5] = b"99999"
    bad.write_bytes(record(3) + bytes(broken) + record(5)[:30])
    partly = popup(home, "import-marc", str(bad))
    assert partly.returncode == 1
    assert partly.stderr.splitlines() == [
        f"record 2: wrong record length: the leader says 99999 bytes, the record has"
        f" {len(broken)}; it was read up to its record terminator (imported with a warning)",
        "record 3: the file ends in the middle of this record (truncated file) (not imported)",
    ]

    assert item_barcodes(store) == {f"3900000000{n:04d}" for n in (1, 2, 3, 4)}

    missing = popup(home, "import-marc", str(tmp_path / "nope.mrc"))
    assert missing.returncode == 2
    assert "nope.mrc does not exist" in missing.stderr
    wrong = popup(home, "import-marc", "--holdings-tag", "95x", str(good))
    assert wrong.returncode == 2
    assert "holdings tag must be a data field tag" in wrong.stderr


def test_patrons_in_and_out(home: Path, store: Store, tmp_path: Path) -> None:
    fmt = CardFormat()
    cards = [fmt.make(ScanKind.PATRON, n, "1120") for n in (1, 2)]
    source = tmp_path / "in.csv"
    source.write_text(
        "cardnumber,surname,firstname,categorycode,dateexpiry\n"
        f"{cards[0]},Smith,Jo,ADULT,2028-01-01\n"
        f"{cards[1]},Brown,Al,CHILD,01/02/2028\n",
        encoding="utf-8",
    )
    result = popup(home, "import-patrons", str(source))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "row 3, column dateexpiry: “01/02/2028” is not a date written YYYY-MM-DD"
        " (zero-padded) (not imported)"
    ]
    assert "2 rows read: 1 patrons added, 0 updated, 1 rows not imported" in result.stdout
    with store.read() as session:
        assert list(session.scalars(select(Patron.card_number))) == [cards[0]]

    out = tmp_path / "out.csv"
    exported = popup(home, "export-patrons", str(out))
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["cardnumber"], r["surname"], r["firstname"]) for r in rows] == [
        (cards[0], "Smith", "Jo")
    ]
    refused = popup(home, "export-patrons", str(out))
    assert refused.returncode == 2
    assert "already exists" in refused.stderr

    # Told the file is Koha's "us" format: row 3 is January 2; row 2 is not guessed at.
    us = popup(home, "import-patrons", "--date-format", "us", str(source))
    assert us.returncode == 1
    assert us.stderr.splitlines() == [
        "row 2, column dateexpiry: “2028-01-01” is not a date written MM/DD/YYYY"
        " (zero-padded) (not imported)"
    ]
    codes = tmp_path / "codes.toml"
    codes.write_text('[koha.categorycode]\nADULT = "PT"\nCHILD = "J"\n', encoding="utf-8")
    dotted = popup(
        home,
        "export-patrons",
        "--date-format",
        "dmydot",
        "--codes",
        str(codes),
        str(out),
        "--force",
    )
    assert dotted.returncode == 1  # the library code MAIN is not in the mapping: named
    assert "Not in the mapping file, written unchanged: library" in dotted.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["categorycode"], r["dateexpiry"]) for r in rows] == [
        ("PT", "01.01.2028"),
        ("J", "02.01.2028"),
    ]
    codes.write_text("[koha.categorycode]\nADULT = 2\n", encoding="utf-8")
    bad = popup(home, "export-patrons", "--codes", str(codes), str(out), "--force")
    assert bad.returncode == 2
    assert "[koha.categorycode] ADULT must be a code in quotes" in bad.stderr


def test_offline_exports_once_then_all(home: Path, store: Store, tmp_path: Path) -> None:
    demo.seed(store, items=40, patrons=10)
    desk = Desk(store)
    patron = demo.demo_patron(store)
    with store.read() as session:
        barcode = session.scalar(
            select(Item.barcode).where(Item.on_hold.is_(False), Item.item_type == "BOOK")
        )
    assert barcode is not None
    desk.checkout(patron, barcode)
    desk.checkin(barcode)

    first = popup(home, "export-koc", str(tmp_path / "a.koc"))
    assert first.returncode == 0, first.stderr
    assert "2 actions written to a.koc" in first.stdout
    lines = (tmp_path / "a.koc").read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[1:] for line in lines[1:]] == [
        ["issue", patron, barcode],
        ["return", barcode],
    ]
    second = popup(home, "export-koc", str(tmp_path / "b.koc"))
    assert "nothing new to export" in second.stdout
    assert len((tmp_path / "b.koc").read_text().splitlines()) == 1

    xacts = popup(home, "export-xacts", str(tmp_path / "pending.xacts"))
    assert xacts.returncode == 0, xacts.stderr
    assert len((tmp_path / "pending.xacts").read_text().splitlines()) == 2
    clash = popup(home, "export-xacts", "--all", str(tmp_path / "pending.xacts"))
    assert clash.returncode == 2 and "already exists" in clash.stderr
    everything = popup(home, "export-xacts", "--all", "--force", str(tmp_path / "pending.xacts"))
    assert "2 actions written" in everything.stdout


def test_a_damaged_store_is_a_clear_fatal_error(tmp_path: Path) -> None:
    home = tmp_path / "broken"
    home.mkdir()
    paths.store_file(home).write_bytes(b"this is not a database" * 100)
    result = popup(home, "export-koc", str(tmp_path / "x.koc"))
    assert result.returncode == 2
    assert "damaged or is not a Popup store" in result.stderr
    assert not (tmp_path / "x.koc").exists()


def test_an_unforeseen_failure_is_one_line_and_exit_2(
    home: Path, store: Store, tmp_path: Path
) -> None:
    # A damaged outbox row (its payload no longer JSON) makes the exporter fail in a way it
    # does not foresee: the command must say so in one line naming the file, not a traceback.
    demo.seed(store, items=20, patrons=5)
    patron = demo.demo_patron(store)
    with store.read() as session:
        barcode = session.scalar(
            select(Item.barcode).where(Item.on_hold.is_(False), Item.item_type == "BOOK")
        )
    assert barcode is not None
    Desk(store).checkout(patron, barcode)
    with store.transaction() as session:
        session.execute(text("UPDATE outbox SET payload = '{not json'"))
    target = tmp_path / "damaged.koc"

    result = popup(home, "export-koc", str(target))

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"popup: {target}: stopped unexpectedly (JSONDecodeError); nothing more was done."
        " Anything reported as saved before it stays saved."
    ]
    assert "Traceback" not in result.stderr
    assert not target.exists()
