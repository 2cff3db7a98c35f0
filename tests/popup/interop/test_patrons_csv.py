"""Koha patron CSV in and out, against a real store file."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from popup.domain import signup as signup_rules
from popup.domain.age_bands import DEFAULT_CATEGORY_BANDS
from popup.domain.cards import CardFormat, ScanKind
from popup.interop import InteropError
from popup.interop.codes import load_codes
from popup.interop.patrons_csv import (
    BASE_COLUMNS,
    DATE_FORMATS,
    export_patrons,
    import_patrons,
    split_name,
    write_patrons,
)
from popup.store import signup as store_signup
from popup.store.db import Store
from popup.store.models import Patron

FMT = CardFormat()


def card(n: int) -> str:
    return FMT.make(ScanKind.PATRON, n, "1120")


def patrons(store: Store) -> dict[str, Patron]:
    with store.read() as session:
        return {p.card_number: p for p in session.scalars(select(Patron))}


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_import_reads_any_column_order_and_keeps_only_what_circulation_needs(
    store: Store, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "p.csv",
        "\ufeffsurname,Cardnumber,categorycode,firstname,dateofbirth,dateexpiry,branchcode,"
        "email,phone,address,city,zipcode,sort1,dateenrolled\n"
        f"Garcia,{card(1)},ADULT,Maria,1980-04-02,2028-01-31,EAST,maria@example.org,555-0100,"
        f'"1 Main St",Springfield,12345,x,2020-01-01\n'
        f"O'Brien-Núñez,{card(2)},CHILD,José,,,,,,,,,,\n",
    )
    result = import_patrons(store, path)
    assert result.problems == []
    assert (result.rows, result.created, result.updated) == (2, 2, 0)
    assert result.ignored_columns == ["sort1"]
    got = patrons(store)
    maria = got[card(1)]
    assert (maria.name, maria.category, maria.card_expiry, maria.home_library) == (
        "Garcia, Maria",
        "ADULT",
        date(2028, 1, 31),
        "EAST",
    )
    # Personal details are not kept; the birth date only feeds the duplicate match key.
    assert (maria.date_of_birth, maria.email, maria.phone, maria.address) == (None,) * 4
    with store.read() as session:
        wanted = store_signup.stored_match_key(session, "Maria Garcia", date(1980, 4, 2))
    assert wanted is not None and maria.match_key == wanted
    assert maria.origin == "download" and not maria.temporary
    jose = got[card(2)]
    assert (jose.name, jose.card_expiry, jose.home_library) == ("O'Brien-Núñez, José", None, "MAIN")
    assert jose.match_key is None


def test_a_sign_up_of_an_imported_patron_is_warned_about(store: Store, tmp_path: Path) -> None:
    """The import keeps "Surname, Firstname" and one byte of the keyed name + birth date; a
    sign-up typed "Firstname Surname" with that date is still a possible duplicate."""
    path = write_csv(
        tmp_path / "p.csv",
        f"cardnumber,surname,firstname,categorycode,dateofbirth\n"
        f"{card(1)},García,María,ADULT,1980-04-02\n",
    )
    assert import_patrons(store, path).problems == []
    form = signup_rules.SignupForm(
        name="maria garcia", date_of_birth="1980-04-02", email="m@example.org", consent=True
    )
    clean = signup_rules.validate(form, today=date(2026, 11, 27), bands=DEFAULT_CATEGORY_BANDS)
    with store.transaction() as session:
        store_signup.add_card_range(session, 1, 10, at=datetime(2026, 11, 27, tzinfo=UTC))
    with pytest.raises(store_signup.PossibleDuplicate) as caught:
        store_signup.register(store, clean)
    assert [(m.card_number, m.reason) for m in caught.value.matches] == [
        (card(1), "name and date of birth")
    ]


def test_row_errors_name_the_spreadsheet_row_and_column(store: Store, tmp_path: Path) -> None:
    bad_check = card(5)[:-1] + str((int(card(5)[-1]) + 1) % 10)
    item_number = FMT.make(ScanKind.ITEM, 7, "1120")
    text = (
        "cardnumber;surname;firstname;categorycode;dateofbirth;dateexpiry;address\n"  # row 1
        f"{card(1)};Good;One;ADULT;;2027-05-01;\n"  # row 2
        f"{bad_check};Wrong;Check;ADULT;;;\n"  # row 3
        f"{card(3)};;Nosurname;ADULT;;;\n"  # row 4
        f'{card(4)};Multi;Line;ADULT;;;"12 High St\nFlat 2"\n'  # row 5 (two lines in the file)
        f"{card(6)};Dates;Bad;TEEN;2010-1-5;2027-02-30;\n"  # row 6
        "\n"  # row 7: blank, ignored
        f"{item_number};Item;Number;ADULT;;;\n"  # row 8
        f"{card(1)};Again;Duplicate;ADULT;;;\n"  # row 9
        f"{card(9)};Nocat;Egory;;;;\n"  # row 10
        "12345;Short;Card;ADULT;;;\n"  # row 11
    )
    result = import_patrons(store, write_csv(tmp_path / "e.csv", text))
    found = [(p.where, p.column, p.reason) for p in result.problems]
    assert found == [
        (
            3,
            "cardnumber",
            f"not a patron card number of this library: “{bad_check}” has a wrong check digit:"
            f" expected {card(5)[-1]}, got {bad_check[-1]}",
        ),
        (4, "surname", "surname is required and is empty"),
        (6, "dateofbirth", "“2010-1-5” is not a date written YYYY-MM-DD (zero-padded)"),
        (6, "dateexpiry", "“2027-02-30” is not a real date"),
        (
            8,
            "cardnumber",
            f"not a patron card number of this library: “{item_number}” is an item barcode,"
            " not a patron card",
        ),
        (9, "cardnumber", f"card {card(1)} is also on row 2; only that row is imported"),
        (10, "categorycode", "categorycode is required and is empty"),
        (
            11,
            "cardnumber",
            "not a patron card number of this library: “12345” has 5 characters; this"
            " library's numbers have 14 (a partial scan?)",
        ),
    ]
    assert all(p.skipped for p in result.problems)
    assert result.problems[0].describe("row").startswith("row 3, column cardnumber: ")
    assert set(patrons(store)) == {card(1), card(4)}
    assert patrons(store)[card(1)].name == "Good, One"
    assert (result.rows, result.created, result.rejected_rows) == (9, 2, 7)


def test_update_keeps_what_empty_cells_do_not_say(store: Store, tmp_path: Path) -> None:
    first = write_csv(
        tmp_path / "a.csv",
        f"cardnumber,surname,firstname,categorycode,dateexpiry,branchcode\n"
        f"{card(1)},Lee,Ann,ADULT,2027-01-01,EAST\n",
    )
    import_patrons(store, first)
    second = write_csv(
        tmp_path / "b.csv",
        f"cardnumber,surname,categorycode,dateexpiry,branchcode\n{card(1)},Lee-Park,SENIOR,,\n",
    )
    result = import_patrons(store, second)
    assert (result.created, result.updated) == (0, 1)
    p = patrons(store)[card(1)]
    assert (p.name, p.category, p.card_expiry, p.home_library) == (
        "Lee-Park, Ann",
        "SENIOR",
        date(2027, 1, 1),
        "EAST",
    )


def test_unusable_files_write_nothing(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InteropError, match="no surname, categorycode columns"):
        import_patrons(store, write_csv(tmp_path / "h.csv", f"cardnumber,name\n{card(1)},X\n"))
    with pytest.raises(InteropError, match="not UTF-8 text \\(line 2"):
        import_patrons(
            store,
            write_csv(
                tmp_path / "l.csv",
                f"cardnumber,surname,categorycode\n{card(1)},Müller,ADULT\n",
                encoding="latin-1",
            ),
        )
    with pytest.raises(InteropError, match="names the column “surname” twice"):
        import_patrons(
            store, write_csv(tmp_path / "d.csv", "cardnumber,surname,categorycode,Surname\n")
        )
    with pytest.raises(InteropError, match="is empty"):
        import_patrons(store, write_csv(tmp_path / "z.csv", ""))
    with pytest.raises(InteropError, match="Cannot read"):
        import_patrons(store, tmp_path / "missing.csv")
    assert patrons(store) == {}


def test_round_trip_import_export_parse_back(store: Store, tmp_path: Path) -> None:
    rows = [
        (card(1), "Garcia", "Maria", "MAIN", "ADULT", "2028-01-31"),
        (card(2), "van der Berg", "Anna Sofie", "EAST", "CHILD", ""),
        (card(3), "Nguyễn", "Thị", "MAIN", "SENIOR", "2026-12-01"),
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ("cardnumber", "surname", "firstname", "branchcode", "categorycode", "dateexpiry")
    )
    writer.writerows(rows)
    source = write_csv(tmp_path / "in.csv", buffer.getvalue())
    assert import_patrons(store, source).problems == []

    out = tmp_path / "out.csv"
    assert export_patrons(store, out) == 3
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # Koha would take a BOM as part of "cardnumber"
    parsed = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    # Downloaded patrons: only the columns the store holds for them (no blank email etc.).
    assert tuple(parsed[0]) == BASE_COLUMNS
    back = [
        (
            r["cardnumber"],
            r["surname"],
            r["firstname"],
            r["branchcode"],
            r["categorycode"],
            r["dateexpiry"],
        )
        for r in parsed
    ]
    assert back == rows
    # The export imports again without a single change or error.
    again = import_patrons(store, out)
    assert (again.problems, again.created, again.updated) == ([], 0, 3)


def test_export_of_local_signups_carries_their_pending_details(
    store: Store, tmp_path: Path
) -> None:
    now = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
    with store.transaction() as session:
        session.add(
            Patron(
                card_number=card(8),
                name="Amara Okafor",
                category="TEEN",
                card_expiry=date(2029, 11, 20),
                home_library="MAIN",
                origin="local",
                created_at=now,
                date_of_birth=date(2011, 3, 4),
                email="amara@example.org",
                phone="+1 555 0101",
                address="12 High St\nFlat 2",
            )
        )
        session.add(
            Patron(card_number=card(9), name="Other Person", category="ADULT", home_library="MAIN")
        )
    out = tmp_path / "local.csv"
    assert export_patrons(store, out, local_only=True) == 1
    (row,) = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert row == {
        "cardnumber": card(8),
        "surname": "Okafor",
        "firstname": "Amara",
        "dateofbirth": "2011-03-04",
        "branchcode": "MAIN",
        "categorycode": "TEEN",
        "dateenrolled": "2026-11-20",
        "dateexpiry": "2029-11-20",
        "email": "amara@example.org",
        "phone": "+1 555 0101",
        "address": "12 High St, Flat 2",
    }
    with pytest.raises(InteropError, match="already exists"):
        export_patrons(store, out, overwrite=False)


def test_split_name() -> None:
    assert split_name("Garcia, Maria") == ("Garcia", "Maria")
    assert split_name("Maria Garcia") == ("Garcia", "Maria")
    assert split_name("Cher") == ("Cher", "")
    assert split_name("van der Berg, Anna Sofie") == ("van der Berg", "Anna Sofie")


def test_a_store_refusal_names_its_kind_but_not_the_patrons(store: Store, tmp_path: Path) -> None:
    # A real SQLite trigger makes the store refuse the insert; SQLAlchemy's error text would
    # carry the bound values (name, card number), which must not reach the screen.
    with store.transaction() as session:
        session.execute(
            text(
                "CREATE TRIGGER refuse_patrons BEFORE INSERT ON patrons"
                " BEGIN SELECT RAISE(ABORT, 'refused by test'); END"
            )
        )
    path = write_csv(
        tmp_path / "p.csv",
        f"cardnumber,surname,firstname,categorycode\n{card(7)},Quixote,Alonso,ADULT\n",
    )
    with pytest.raises(InteropError) as caught:
        import_patrons(store, path)
    message = str(caught.value)
    assert message == (
        "The database refused the patrons (IntegrityError); none of the 1 valid rows were imported."
    )
    assert patrons(store) == {}


def test_a_mixed_export_never_writes_columns_popup_does_not_hold(
    store: Store, tmp_path: Path
) -> None:
    """Koha's import with "overwrite" takes the file's cells: a blank email would wipe the
    email Koha has for a downloaded patron. The file has no such column at all."""
    with store.transaction() as session:
        session.add(
            Patron(
                card_number=card(8),
                name="Amara Okafor",
                category="TEEN",
                home_library="MAIN",
                origin="local",
                email="amara@example.org",
                address="12 High St",
            )
        )
        session.add(
            Patron(
                card_number=card(9),
                name="Garcia, Maria",
                category="ADULT",
                home_library="MAIN",
                card_expiry=date(2028, 1, 31),
            )
        )
    mapping = tmp_path / "codes.toml"
    mapping.write_text('[koha.categorycode]\nADULT = "PT"\n', encoding="utf-8")
    out = tmp_path / "all.csv"
    result = write_patrons(store, out, date_format="metric", codes=load_codes(mapping))
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows == [
        list(BASE_COLUMNS),
        [card(8), "Okafor", "Amara", "MAIN", "TEEN", ""],
        [card(9), "Garcia", "Maria", "MAIN", "PT", "31/01/2028"],
    ]
    assert [n.split(":")[0] for n in result.notes] == [
        "1 sign-ups' birth date, email, phone and address are not in this file",
        "Not in the mapping file, written unchanged",
    ]
    assert "category TEEN" in result.notes[1] and "ADULT" not in result.notes[1]
    assert not {"email", "phone", "address", "city", "zipcode"} & set(rows[0])


@pytest.mark.parametrize(
    ("date_format", "written", "day"),
    [
        ("us", "03/04/2027", date(2027, 3, 4)),
        ("metric", "03/04/2027", date(2027, 4, 3)),
        ("dmydot", "03.04.2027", date(2027, 4, 3)),
        ("iso", "2027-03-04", date(2027, 3, 4)),
    ],
)
def test_dates_are_read_in_the_format_staff_name(
    store: Store, tmp_path: Path, date_format: str, written: str, day: date
) -> None:
    path = write_csv(
        tmp_path / "d.csv",
        f"cardnumber,surname,categorycode,dateexpiry\n{card(1)},Quixote,ADULT,{written}\n",
    )
    assert import_patrons(store, path, date_format=date_format).problems == []
    assert patrons(store)[card(1)].card_expiry == day
    # Another layout is an error on that row, never a guess.
    other = "us" if date_format != "us" else "dmydot"
    if DATE_FORMATS[other][0].fullmatch(written) is None:
        result = import_patrons(store, path, date_format=other)
        assert [p.column for p in result.problems] == ["dateexpiry"]
