"""The Libraries page (real server process): what ``popup-sync admin`` does day to day, from
the browser — and each change is the one the command line makes, seen by laptops' pulls."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import requests
from pymarc import Field, Indicators, Record, Subfield, XMLWriter
from sqlalchemy import select

from popup_sync import cli, crud
from popup_sync.console.access import Role
from popup_sync.core.db import Database
from popup_sync.models import (
    Branch,
    ConsoleAudit,
    Hold,
    Item,
    Library,
    Loan,
    Patron,
    PatronAlias,
)
from tests.sync.console.conftest import ConsoleClient, token_in

Make = Callable[..., Any]
SignedIn = Callable[..., ConsoleClient]


def page_of(code: str) -> str:
    return f"/console/libraries/{code}"


def upload(
    client: ConsoleClient,
    code: str,
    kind: str,
    name: str,
    content: bytes | str,
    token: bool = True,
    **fields: str,
) -> requests.Response:
    """Post ``content`` to the import form ``kind`` of ``code``'s page, as the browser would."""
    data: dict[str, str] = dict(fields)
    if token:
        data["csrf_token"] = token_in(client.get("/console").text)
    body = content.encode() if isinstance(content, str) else content
    return client.post(
        f"{page_of(code)}/import/{kind}", data, files={"file": (name, body, "text/csv")}
    )


def items_of(db: Database, library_id: int) -> dict[str, Item]:
    with db.read() as s:
        return {i.barcode: i for i in s.scalars(select(Item).where(Item.library_id == library_id))}


def audits(db: Database, library_id: int, action: str) -> list[ConsoleAudit]:
    with db.read() as s:
        return list(
            s.scalars(
                select(ConsoleAudit)
                .where(ConsoleAudit.library_id == library_id, ConsoleAudit.action == action)
                .order_by(ConsoleAudit.id)  # PostgreSQL returns rows in no set order
            )
        )


def text_of(response: requests.Response) -> str:
    """The page's text without tags, whitespace folded (what a reader sees)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text)).replace("&#39;", "'")


# -- reading ------------------------------------------------------------------------------------


def test_the_list_shows_the_managers_library_with_its_counts_and_card_counter(
    signed_in: SignedIn, make_library: Make
) -> None:
    lib = make_library(items=3, patrons=2)
    other = make_library(items=1, patrons=1)
    client = signed_in(Role.MANAGER, lib.code)
    response = client.get("/console/libraries")
    assert response.status_code == 200
    row = re.search(
        rf"<tr>\s*<th scope=\"row\"><a[^>]*>{lib.code}</a>.*?</tr>", response.text, re.S
    )
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
    assert cells[1:3] == ["3", "2"]  # items, patrons
    assert "not shared" in cells[3]
    assert cells[4] == "500000"  # the next card sequence seed_library set
    assert "none" in cells[6]  # no block given today
    assert other.code not in response.text
    # The library's own page says the same.
    page = text_of(client.get(page_of(lib.code)))
    assert "Items 3 Patrons 2" in page and "Next new card 500000" in page


def test_an_admin_sees_every_library(signed_in: SignedIn, make_library: Make) -> None:
    one, two = make_library(items=0, patrons=0), make_library(items=0, patrons=0)
    page = signed_in(Role.ADMIN).get("/console/libraries").text
    assert one.code in page and two.code in page and "Create a library" in page


def test_without_a_session_every_libraries_page_goes_to_sign_in(
    console_client: Callable[[], ConsoleClient], make_library: Make
) -> None:
    lib = make_library(items=0, patrons=0)
    client = console_client()
    for path in ("/console/libraries", page_of(lib.code)):
        response = client.get(path, allow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/console/login?next=")
    for path in (f"{page_of(lib.code)}/branches", f"{page_of(lib.code)}/import/items"):
        response = client.post(path, {"csrf_token": "x"}, allow_redirects=False)
        assert response.status_code == 303


def test_a_viewer_is_refused_and_the_nav_hides_the_page(
    db: Database, signed_in: SignedIn, make_library: Make, kit: Any
) -> None:
    lib = make_library(items=0, patrons=0)
    viewer = signed_in(Role.VIEWER, lib.code)
    assert 'href="/console/libraries"' not in viewer.get("/console").text
    assert viewer.get("/console/libraries").status_code == 403
    assert viewer.get(page_of(lib.code)).status_code == 403
    token = token_in(viewer.get("/console").text)
    response = viewer.post(
        f"{page_of(lib.code)}/branches",
        {"csrf_token": token, "branch_code": "BM9", "branch_name": "x"},
    )
    assert response.status_code == 403 and "viewer" in response.text
    csv_text = f"barcode,title,item_type\n{kit.item_barcode(40)},T,BOOK\n"
    assert upload(viewer, lib.code, "items", "items.csv", csv_text).status_code == 403
    response = viewer.post(f"{page_of(lib.code)}/expire-holds", {"csrf_token": token})
    assert response.status_code == 403
    with db.read() as s:
        assert s.scalars(select(Branch).where(Branch.library_id == lib.id)).all() == []
    assert items_of(db, lib.id) == {}


# -- branches -----------------------------------------------------------------------------------


def test_a_manager_adds_a_branch_as_add_branch_does(
    db: Database, signed_in: SignedIn, make_library: Make
) -> None:
    lib = make_library(items=0, patrons=0)
    client = signed_in(Role.MANAGER, lib.code)
    response = client.submit(
        page_of(lib.code),
        f"{page_of(lib.code)}/branches",
        {"branch_code": "bm2", "branch_name": "Bookmobile 2"},
    )
    assert response.status_code == 200
    assert f"Added branch BM2 (Bookmobile 2) to {lib.code}." in response.text
    assert '<th scope="row">BM2</th><td>Bookmobile 2</td>' in response.text
    with db.read() as s:
        [branch] = s.scalars(select(Branch).where(Branch.library_id == lib.id))
        assert (branch.code, branch.name) == ("BM2", "Bookmobile 2")
    [record] = audits(db, lib.id, "branch.add")
    assert record.target == "BM2"
    # The same code again: refused in words, the form keeps what was typed.
    again = client.submit(
        page_of(lib.code), f"{page_of(lib.code)}/branches", {"branch_code": "BM2"}
    )
    assert again.status_code == 400 and "already has a branch 'BM2'" in text_of(again)
    bad = client.submit(
        page_of(lib.code), f"{page_of(lib.code)}/branches", {"branch_code": "no spaces"}
    )
    assert bad.status_code == 400 and "Branch code: 1 to 32 letters" in bad.text
    assert 'value="no spaces"' in bad.text
    # An enrollment code for the new vehicle works, as with the command line's branch.
    code = db.run_write(
        lambda s: crud.create_enrollment_code(
            session=s, library=crud.get_library(session=s, code=lib.code), branch_code="BM2"
        )
    )
    assert len(code) == 14


# -- security: another library, CSRF ------------------------------------------------------------


def test_another_librarys_code_answers_like_an_unknown_one_and_changes_nothing(
    db: Database, signed_in: SignedIn, make_library: Make, kit: Any
) -> None:
    mine = make_library(items=0, patrons=2)
    theirs = make_library(items=0, patrons=2)
    client = signed_in(Role.MANAGER, mine.code)
    token = token_in(client.get("/console").text)
    csv_text = f"barcode,title,item_type\n{kit.item_barcode(41)},T,BOOK\n"
    for code in (theirs.code, "NOSUCHLIB"):
        responses = [
            client.get(page_of(code)),
            client.post(f"{page_of(code)}/branches", {"csrf_token": token, "branch_code": "BMX"}),
            upload(client, code, "items", "items.csv", csv_text),
            client.post(f"{page_of(code)}/expire-holds", {"csrf_token": token}),
            client.post(
                f"{page_of(code)}/merge",
                {"csrf_token": token, "keep": theirs.patrons[0], "merge": theirs.patrons[1]},
            ),
            client.post(f"{page_of(code)}/sharing", {"csrf_token": token, "shares": "on"}),
        ]
        for response in responses:
            assert response.status_code == 404, (code, response.request.url)
            assert f"There is no library &#39;{code}&#39; here." in response.text
    # Another library's patron ids in my library's confirm form: no such patron here.
    with db.read() as s:
        ids = [p.id for p in s.scalars(select(Patron).where(Patron.library_id == theirs.id))]
    response = client.post(
        f"{page_of(mine.code)}/merge/confirm",
        {"csrf_token": token, "keep_id": str(ids[0]), "merge_id": str(ids[1])},
    )
    assert response.status_code == 404 and "There is no such patron here." in response.text
    with db.read() as s:
        assert s.scalars(select(Branch).where(Branch.library_id == theirs.id)).all() == []
        assert len(s.scalars(select(Patron).where(Patron.library_id == theirs.id)).all()) == 2
        assert s.get(Library, theirs.id).shares_catalogue is False  # type: ignore[union-attr]
    assert items_of(db, theirs.id) == {}


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(
    db: Database, signed_in: SignedIn, make_library: Make, kit: Any
) -> None:
    lib = make_library(items=0, patrons=2)
    client = signed_in(Role.ADMIN)
    base = page_of(lib.code)
    csv_text = f"barcode,title,item_type\n{kit.item_barcode(42)},T,BOOK\n"
    for token in ({}, {"csrf_token": "forged"}):
        posts = [
            client.post(f"{base}/branches", {**token, "branch_code": "BMX"}),
            client.post(f"{base}/sharing", {**token, "shares": "on"}),
            client.post(f"{base}/expire-holds", dict(token)),
            client.post(
                f"{base}/merge", {**token, "keep": lib.patrons[0], "merge": lib.patrons[1]}
            ),
            client.post("/console/libraries", {**token, "code": "NEWCSRF", "name": "New"}),
            upload(client, lib.code, "items", "i.csv", csv_text, token=False, **token),
        ]
        for response in posts:
            assert response.status_code == 403, response.request.url
            assert "security token" in response.text
    with db.read() as s:
        assert s.scalars(select(Branch).where(Branch.library_id == lib.id)).all() == []
        assert s.get(Library, lib.id).shares_catalogue is False  # type: ignore[union-attr]
        assert s.scalar(select(Library).where(Library.code == "NEWCSRF")) is None
        assert len(s.scalars(select(Patron).where(Patron.library_id == lib.id)).all()) == 2
    assert items_of(db, lib.id) == {}


# -- imports ------------------------------------------------------------------------------------


def test_an_imported_item_reaches_a_device_and_matches_the_command_lines_import(
    database_url: str,
    db: Database,
    signed_in: SignedIn,
    make_library: Make,
    enroll_device: Callable[..., Any],
    kit: Any,
    tmp_path: Path,
) -> None:
    lib = make_library(items=0, patrons=0)
    twin = make_library(items=0, patrons=0)
    device = enroll_device(lib.code)
    _, cursor = device.pull_all()
    barcode = kit.item_barcode(43)
    csv_text = (
        "barcode,title,item_type,author,call_number\n"
        f'{barcode},Moby-Dick,book,"Melville, Herman",FIC MEL\n'
    )
    client = signed_in(Role.MANAGER, lib.code)
    response = upload(client, lib.code, "items", "catalogue.csv", csv_text)
    assert response.status_code == 200
    assert f"Imported 1 items into {lib.code} from catalogue.csv." in response.text
    changes, _ = device.pull_all(cursor, until=kit.has("item", barcode))
    pulled = kit.latest(changes, "item", barcode)
    assert pulled["title"] == "Moby-Dick" and pulled["item_type"] == "BOOK"
    # The command line importing the same file into another library stores the same item.
    path = tmp_path / "catalogue.csv"
    path.write_text(csv_text, encoding="utf-8")
    assert (
        cli.main(
            ["admin", "--database", database_url, "import-items", "--library", twin.code, str(path)]
        )
        == 0
    )
    ours, theirs = items_of(db, lib.id)[barcode], items_of(db, twin.id)[barcode]
    fields = ("title", "item_type", "author", "call_number", "status", "on_hold")
    assert [getattr(ours, f) for f in fields] == [getattr(theirs, f) for f in fields]
    assert ours.home_library == lib.code
    [record] = audits(db, lib.id, "import.items")
    assert record.detail == {"file": "catalogue.csv", "count": 1}


def test_a_bad_csv_names_each_line_and_field_and_imports_nothing(
    db: Database, signed_in: SignedIn, make_library: Make, kit: Any
) -> None:
    lib = make_library(items=0, patrons=0)
    client = signed_in(Role.MANAGER, lib.code)
    csv_text = (
        "barcode,title,item_type\n"
        f"{kit.item_barcode(44)},Good,BOOK\n"
        "31120000000099,Bad digit,BOOK\n"
        f"{kit.item_barcode(45)},,BOOK\n"
        f"{kit.patron_card(3)},A card,BOOK\n"
    )
    response = upload(client, lib.code, "items", "items.csv", csv_text)
    assert response.status_code == 400
    page = text_of(response)
    assert "Nothing was imported:" in page
    assert "line 3, field barcode:" in page and "check digit" in page
    assert "line 4, field title: is empty" in page
    assert "line 5, field barcode:" in page and "patron card number" in page
    assert "line 2" not in page
    assert items_of(db, lib.id) == {}
    assert audits(db, lib.id, "import.items") == []
    # Patrons too: every bad field of every row.
    patrons = (
        "card_number,name,category,card_expiry,fines_owed_cents\n"
        f"{kit.patron_card(60)},Ann,ADULT,2030-13-01,x\n"
        f"{kit.item_barcode(46)},,ADULT,,\n"
    )
    response = upload(client, lib.code, "patrons", "patrons.csv", patrons)
    page = text_of(response)
    assert response.status_code == 400
    for said in (
        "line 2, field card_expiry: '2030-13-01' is not a date",
        "line 2, field fines_owed_cents: 'x' is not a whole number",
        "line 3, field card_number:",
        "line 3, field name: is empty",
    ):
        assert said in page, said
    # A patron's card quoted by a problem shows only masked, as everywhere in the console.
    assert kit.patron_card(60) not in response.text and kit.item_barcode(46) not in response.text
    assert f"•••• {kit.item_barcode(46)[-4:]} is an item barcode" in page
    with db.read() as s:
        assert s.scalars(select(Patron).where(Patron.library_id == lib.id)).all() == []


def test_files_that_are_not_utf8_csv_or_not_the_kind_asked_get_words(
    db: Database, signed_in: SignedIn, make_library: Make, kit: Any
) -> None:
    lib = make_library(items=0, patrons=0)
    client = signed_in(Role.MANAGER, lib.code)
    latin1 = f"barcode,title,item_type\n{kit.item_barcode(47)},Caf\xe9,BOOK\n".encode("latin-1")
    response = upload(client, lib.code, "items", "latin1.csv", latin1)
    assert response.status_code == 400
    assert "The file is not UTF-8 text (line 2" in text_of(response)
    marc = Record(force_utf8=True)
    marc.add_field(Field(tag="001", data="bib1"))
    response = upload(client, lib.code, "items", "catalogue.mrc", marc.as_marc())
    assert response.status_code == 400 and "lacks the column(s)" in response.text
    huge_field = 'hold_id,card_number,pickup,expires_on\n"' + "x" * 200_000 + '",1,2,3\n'
    response = upload(client, lib.code, "holds", "long.csv", huge_field)
    assert response.status_code == 400 and "cannot be read as CSV" in response.text
    response = upload(client, lib.code, "patrons", "empty.csv", b"")
    assert response.status_code == 400 and "Choose a file to import" in response.text
    # A CSV given as MARC: no record in it, said on the page; nothing imported.
    response = upload(client, lib.code, "marc", "items.csv", "barcode,title\n1,2\n")
    assert response.status_code == 200
    assert "0 items added" in response.text
    response = upload(client, lib.code, "koha", "items.csv", "barcode,title\n1,2\n")
    assert response.status_code == 400 and "cardnumber" in response.text
    response = upload(client, lib.code, "marc", "x.mrc", marc.as_marc(), holdings_tag="9999")
    assert response.status_code == 400
    assert "Holdings tag must be a data field tag 010-999" in text_of(response)
    response = upload(client, lib.code, "nonsense", "x.csv", "a\n")
    assert response.status_code == 404
    assert items_of(db, lib.id) == {}


def test_a_file_over_the_limit_is_refused_in_words(
    db: Database, signed_in: SignedIn, make_library: Make
) -> None:
    lib = make_library(items=0, patrons=0)
    client = signed_in(Role.MANAGER, lib.code)
    big = b"barcode,title,item_type\n" + b"x" * (17 * 1024 * 1024)
    said = "larger than the 16 MB this server accepts; nothing was imported"
    response = upload(client, lib.code, "items", "huge.csv", big)
    assert response.status_code == 413 and "text/html" in response.headers["content-type"]
    assert said in response.text
    # Sent in chunks, with no Content-Length: cut at the limit while it is read, said the same.
    token = token_in(client.get("/console").text)

    def chunks() -> Any:
        yield (
            '--b\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f'{token}\r\n--b\r\nContent-Disposition: form-data; name="file";'
            ' filename="huge.csv"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        for _ in range(17):
            yield b"x" * (1024 * 1024)
        yield b"\r\n--b--\r\n"

    try:
        response = client.http.post(
            client.base + f"{page_of(lib.code)}/import/items",
            data=chunks(),
            headers={"Content-Type": "multipart/form-data; boundary=b"},
            timeout=30,
        )
    except requests.ConnectionError:
        pass  # the server may close before the client has sent it all; nothing was imported
    else:
        assert response.status_code == 413 and said in response.text
    assert items_of(db, lib.id) == {}


def test_patrons_and_holds_import_and_the_holds_expire(
    db: Database,
    signed_in: SignedIn,
    make_library: Make,
    enroll_device: Callable[..., Any],
    kit: Any,
) -> None:
    lib = make_library(items=2, patrons=0)
    client = signed_in(Role.MANAGER, lib.code)
    card = kit.patron_card(61)
    response = upload(
        client,
        lib.code,
        "patrons",
        "patrons.csv",
        f"card_number,name,category,fines_owed_cents\n{card},Ada Lovelace,adult,150\n",
    )
    assert response.status_code == 200 and "Imported 1 patrons" in response.text
    assert "Ada" not in response.text  # the summary never names a patron
    soon = date.today() + timedelta(days=30)
    holds = (
        "hold_id,card_number,pickup,expires_on,barcode\n"
        f"H1,{card},{lib.code},{soon.isoformat()},{lib.items[0]}\n"
        f"H2,{card},{lib.code},{soon.isoformat()},{lib.items[1]}\n"
    )
    response = upload(client, lib.code, "holds", "holds.csv", holds)
    assert response.status_code == 200 and "Imported 2 holds" in response.text
    assert "2 active holds; 0 past their date" in text_of(response)
    device = enroll_device(lib.code)
    _, cursor = device.pull_all()

    def backdate(session: Any) -> None:
        hold = session.scalar(select(Hold).where(Hold.library_id == lib.id, Hold.hold_id == "H1"))
        hold.expires_on = date.today() - timedelta(days=3)

    db.run_write(backdate)
    page = client.get(page_of(lib.code))
    assert "2 active holds; 1 past their date" in text_of(page)
    response = client.submit(page_of(lib.code), f"{page_of(lib.code)}/expire-holds", {})
    assert response.status_code == 200
    assert f"1 holds of {lib.code} past their date expired." in response.text
    changes, _ = device.pull_all(cursor, until=kit.has("hold", "H1"))
    assert kit.latest(changes, "hold", "H1") is None  # devices drop an expired hold
    with db.read() as s:
        status = dict(
            s.execute(select(Hold.hold_id, Hold.status).where(Hold.library_id == lib.id)).all()
        )
    assert status == {"H1": "expired", "H2": "waiting"}
    [record] = audits(db, lib.id, "holds.expire")
    assert record.detail == {"count": 1}


def _bib(number: int, tag: str, *holdings: list[tuple[str, str]]) -> Record:
    record = Record(force_utf8=True)
    record.add_field(Field(tag="001", data=f"bib{number}"))
    record.add_field(
        Field(
            tag="245",
            indicators=Indicators(" ", " "),
            subfields=[Subfield("a", f"Title {number}")],
        )
    )
    for pairs in holdings:
        record.add_field(
            Field(
                tag=tag,
                indicators=Indicators(" ", " "),
                subfields=[Subfield(c, v) for c, v in pairs],
            )
        )
    return record


def test_a_marc_import_with_852_holdings_reaches_a_device(
    db: Database,
    signed_in: SignedIn,
    make_library: Make,
    enroll_device: Callable[..., Any],
    kit: Any,
) -> None:
    lib = make_library(items=0, patrons=0)
    device = enroll_device(lib.code)
    _, cursor = device.pull_all()
    good, other = kit.item_barcode(70), kit.item_barcode(71)
    records = [
        _bib(1, "852", [("b", lib.code), ("h", "FIC"), ("p", good)]),
        _bib(2, "852", [("b", lib.code), ("h", "REF"), ("p", other)]),
        _bib(3, "852", [("b", lib.code), ("h", "X")]),  # no barcode: named, not imported
    ]
    buffer = io.BytesIO()
    writer = XMLWriter(buffer)
    for record in records:
        writer.write(record)
    writer.close(close_fh=False)
    client = signed_in(Role.MANAGER, lib.code)
    response = upload(
        client,
        lib.code,
        "marc",
        "export.xml",
        buffer.getvalue(),
        holdings_tag="852",
        default_item_type="dvd",
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "3 records read: 2 items added" in page
    assert "record 3" in page  # the record without a barcode, named
    held = items_of(db, lib.id)
    assert set(held) == {good, other}
    assert held[good].item_type == "DVD" and held[good].call_number == "FIC"
    changes, _ = device.pull_all(cursor, until=kit.has("item", other))
    assert kit.latest(changes, "item", good)["title"].startswith("Title 1")
    [record] = audits(db, lib.id, "import.marc")
    assert record.detail["file"] == "export.xml" and record.detail["created"] == 2
    # Again: nothing changes (idempotent, as the nightly job).
    again = upload(
        client,
        lib.code,
        "marc",
        "export.xml",
        buffer.getvalue(),
        holdings_tag="852",
        default_item_type="DVD",
    )
    assert "0 items added, 0 updated, 2 unchanged" in text_of(again)


def test_a_koha_patron_export_with_day_month_dates(
    db: Database, signed_in: SignedIn, make_library: Make, kit: Any
) -> None:
    lib = make_library(items=0, patrons=0)
    client = signed_in(Role.MANAGER, lib.code)
    card = kit.patron_card(80)
    export = (
        "cardnumber,surname,firstname,categorycode,dateexpiry\n"
        f"{card},Lovelace,Ada,adult,31/01/2030\n"
    )
    iso = upload(client, lib.code, "koha", "borrowers.csv", export)
    assert iso.status_code == 200
    assert "row 2, column dateexpiry" in text_of(iso) and "0 patrons added" in text_of(iso)
    metric = upload(client, lib.code, "koha", "borrowers.csv", export, date_format="metric")
    assert metric.status_code == 200 and "1 patrons added" in text_of(metric)
    with db.read() as s:
        patron = s.scalar(select(Patron).where(Patron.library_id == lib.id))
        assert patron is not None and patron.card_expiry == date(2030, 1, 31)
    records = audits(db, lib.id, "import.koha_patrons")
    assert [r.detail["created"] for r in records] == [0, 1]
    assert all(card not in str(r.detail) and "Lovelace" not in str(r.detail) for r in records)
    bad = upload(client, lib.code, "koha", "borrowers.csv", export, date_format="klingon")
    assert bad.status_code == 400 and "Date format" in bad.text
    bad = upload(client, lib.code, "koha", "b.csv", export, max_withdraw_percent="lots")
    assert bad.status_code == 400
    assert "Withdraw at most: 'lots' is not a percentage from 0 to 100" in text_of(bad)
    bad = upload(client, lib.code, "marc", "x.mrc", b"00000", barcode_subfield="pp")
    assert bad.status_code == 400 and "Barcode subfield: 'pp' is not one letter" in text_of(bad)
    assert len(audits(db, lib.id, "import.koha_patrons")) == 2  # the refused ones left none


# -- merging ------------------------------------------------------------------------------------


def test_merging_two_patrons_shows_them_masked_then_merges_on_confirm(
    db: Database,
    signed_in: SignedIn,
    make_library: Make,
    enroll_device: Callable[..., Any],
    kit: Any,
) -> None:
    lib = make_library(items=2, patrons=3)
    keep, gone = lib.patrons[0], lib.patrons[1]
    device = enroll_device(lib.code)
    [result] = device.push_ok([device.checkout(gone, lib.items[0])])
    assert result["status"] == "applied", result
    _, cursor = device.pull_all()
    client = signed_in(Role.MANAGER, lib.code)
    base = page_of(lib.code)
    shown = client.submit(base, f"{base}/merge", {"keep": keep, "merge": gone})
    assert shown.status_code == 200
    assert f"•••• {keep[-4:]}" in shown.text and f"•••• {gone[-4:]}" in shown.text
    assert keep not in shown.text and gone not in shown.text  # not even in a hidden field
    assert "Patron Number" not in shown.text and "P. N." in shown.text
    assert "Open loans 1" in text_of(shown)
    assert "Fines owed 0.00 USD" in text_of(shown)  # in the library's currency, not in cents
    with db.read() as s:  # nothing merged yet
        assert len(s.scalars(select(Patron).where(Patron.library_id == lib.id)).all()) == 3
    form = dict(re.findall(r'name="(keep_id|merge_id)" value="(\d+)"', shown.text))
    confirm = client.post(f"{base}/merge/confirm", {**form, "csrf_token": token_in(shown.text)})
    assert confirm.status_code == 200
    assert f"card ending {gone[-4:]} into the one with the card ending {keep[-4:]}" in confirm.text
    with db.read() as s:
        cards = set(s.scalars(select(Patron.card_number).where(Patron.library_id == lib.id)))
        assert cards == {keep, lib.patrons[2]}
        alias = s.get(PatronAlias, (lib.id, gone))
        kept = s.scalar(
            select(Patron).where(Patron.library_id == lib.id, Patron.card_number == keep)
        )
        assert alias is not None and kept is not None and alias.patron_id == kept.id
        loan = s.scalar(select(Loan).where(Loan.library_id == lib.id))
        assert loan is not None and loan.patron_id == kept.id
    changes, _ = device.pull_all(cursor, until=kit.has("patron", gone))
    assert kit.latest(changes, "patron", gone) is None  # the merged record is gone from devices
    assert kit.latest(changes, "patron", keep) is not None
    [record] = audits(db, lib.id, "patron.merge")
    assert keep not in str(record.detail) and gone not in str(record.detail)
    # The old card now finds the kept patron; merging it into the kept one is refused in words.
    same = client.submit(base, f"{base}/merge", {"keep": keep, "merge": gone})
    assert same.status_code == 400 and "cannot be merged into itself" in same.text
    unknown = client.submit(base, f"{base}/merge", {"keep": keep, "merge": "29999999999999"})
    assert unknown.status_code == 400
    assert f"Card to merge: no patron of {lib.code} has that card." in text_of(unknown)
    assert "29999999999999" not in unknown.text


def test_a_viewer_cannot_confirm_a_merge(
    db: Database, signed_in: SignedIn, make_library: Make
) -> None:
    lib = make_library(items=0, patrons=2)
    with db.read() as s:
        ids = [p.id for p in s.scalars(select(Patron).where(Patron.library_id == lib.id))]
    viewer = signed_in(Role.VIEWER, lib.code)
    token = token_in(viewer.get("/console").text)
    response = viewer.post(
        f"{page_of(lib.code)}/merge/confirm",
        {"csrf_token": token, "keep_id": str(ids[0]), "merge_id": str(ids[1])},
    )
    assert response.status_code == 403
    with db.read() as s:
        assert len(s.scalars(select(Patron).where(Patron.library_id == lib.id)).all()) == 2


# -- consortium administrator only --------------------------------------------------------------


def test_only_an_administrator_switches_catalogue_sharing(
    db: Database,
    signed_in: SignedIn,
    make_library: Make,
    enroll_device: Callable[..., Any],
    kit: Any,
) -> None:
    owner = make_library(items=2, patrons=0, first_item=900)
    reader = make_library(items=0, patrons=0)
    manager = signed_in(Role.MANAGER, owner.code)
    page = manager.get(page_of(owner.code))
    assert "/sharing" not in page.text and "A consortium administrator turns sharing" in page.text
    token = token_in(page.text)
    refused = manager.post(f"{page_of(owner.code)}/sharing", {"csrf_token": token, "shares": "on"})
    assert refused.status_code == 403
    device = enroll_device(reader.code)
    _, cursor = device.pull_all()
    admin = signed_in(Role.ADMIN)
    response = admin.submit(page_of(owner.code), f"{page_of(owner.code)}/sharing", {"shares": "on"})
    assert response.status_code == 200
    said = re.search(
        rf"{owner.code} now shares its catalogue with the consortium \((\d+) item updates for",
        text_of(response),
    )
    assert said is not None and int(said.group(1)) >= 2  # its 2 items, for every other library
    changes, _ = device.pull_all(cursor, until=kit.has("item", owner.items[0]))
    assert kit.latest(changes, "item", owner.items[0]) is not None
    again = admin.submit(page_of(owner.code), f"{page_of(owner.code)}/sharing", {"shares": "on"})
    assert "already shares its catalogue; nothing changed." in again.text
    [record] = audits(db, owner.id, "library.share_catalogue")
    assert record.detail == {"shares": True, "entries": int(said.group(1))}
    bad = admin.submit(page_of(owner.code), f"{page_of(owner.code)}/sharing", {"shares": "maybe"})
    assert bad.status_code == 400
    # The database is shared by the session's tests: a sharing library's items would reach
    # every later test's laptops (tests/sync/test_ils_import.py counted them).
    off = admin.submit(page_of(owner.code), f"{page_of(owner.code)}/sharing", {"shares": "off"})
    assert off.status_code == 200
    with db.read() as s:
        assert not crud.get_library(session=s, code=owner.code).shares_catalogue


def test_only_an_administrator_creates_a_library_with_the_command_lines_checks(
    db: Database, signed_in: SignedIn, make_library: Make
) -> None:
    lib = make_library(items=0, patrons=0)
    code = f"N{lib.code[1:]}"
    manager = signed_in(Role.MANAGER, lib.code)
    refused = manager.submit(
        "/console/libraries", "/console/libraries", {"code": code, "name": "New"}
    )
    assert refused.status_code == 403
    admin = signed_in(Role.ADMIN)
    created = admin.submit(
        "/console/libraries",
        "/console/libraries",
        {
            "code": code.lower(),
            "name": "Northside",
            "institution": "4321",
            "timezone": "America/Chicago",
            "share_catalogue": "on",
        },
    )
    assert created.status_code == 200 and created.url.endswith(page_of(code))
    assert f"Created library {code} (Northside); its catalogue is shared" in created.text
    with db.read() as s:
        library = crud.get_library(session=s, code=code)
        assert library.shares_catalogue and library.settings["timezone"] == "America/Chicago"
        assert library.settings["card_format"]["institution"] == "4321"
    # It has no items, but later tests' laptops must not meet a sharing library at all.
    db.run_write(
        lambda s: crud.set_catalogue_sharing(
            session=s, library=crud.get_library(session=s, code=code), shares=False
        )
    )
    [record] = audits(db, library.id, "library.create")
    assert record.target == code
    for fields, said in (
        (
            {"code": code, "name": "Again"},
            f"A library with the code &#39;{code}&#39; already exists",
        ),
        ({"code": "bad code!", "name": "X"}, "Code: 1 to 32 letters"),
        ({"code": code + "X", "name": ""}, "Name: is empty"),
        ({"code": code + "X", "name": "X", "institution": "12"}, "Institution code"),
        ({"code": code + "X", "name": "X", "timezone": "Mars/Olympus"}, "timezone"),
    ):
        response = admin.submit("/console/libraries", "/console/libraries", fields)
        assert response.status_code == 400, fields
        assert said in response.text, (said, text_of(response)[:600])
    with db.read() as s:
        assert s.scalar(select(Library).where(Library.code == code + "X")) is None
