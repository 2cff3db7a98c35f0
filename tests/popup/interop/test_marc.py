"""MARC21 import: real files written with pymarc, some corrupted byte by byte, into a real store."""

from __future__ import annotations

import io
import threading
import unicodedata
from pathlib import Path

import pytest
from pymarc import Field, Indicators, Record, Subfield, XMLWriter
from sqlalchemy import select, text

from popup.domain.concerns import Code
from popup.interop import InteropError
from popup.interop.marc import HoldingsMap, MarcOptions, MarcResult, import_marc
from popup.store import demo
from popup.store.circulation import Desk, NeedsOverride
from popup.store.db import Store
from popup.store.models import Item


def df(tag: str, ind: tuple[str, str], *pairs: tuple[str, str]) -> Field:
    return Field(
        tag=tag,
        indicators=Indicators(*ind),
        subfields=[Subfield(code, value) for code, value in pairs],
    )


def bib(
    number: int,
    title: str = "",
    barcodes: tuple[str, ...] | None = None,
    item_type: str = "BOOK",
    holdings_tag: str = "952",
) -> Record:
    record = Record(force_utf8=True)
    record.add_field(Field(tag="001", data=f"bib{number}"))
    record.add_field(df("020", (" ", " "), ("a", f"97800000000{number:02d} (pbk.)")))
    record.add_field(df("100", ("1", " "), ("a", f"Author{number}, Ann,")))
    record.add_field(
        df("245", ("1", "0"), ("a", (title or f"Title {number}") + " :"), ("b", "a story /"))
    )
    record.add_field(df("082", ("0", "4"), ("a", "641.5")))
    for barcode in barcodes if barcodes is not None else (f"3000000000{number:04d}",):
        if holdings_tag == "952":
            record.add_field(
                df(
                    "952",
                    (" ", " "),
                    ("a", "EAST"),
                    ("o", f"FIC {number}"),
                    ("p", barcode),
                    ("y", item_type),
                )
            )
        else:
            record.add_field(
                df(
                    holdings_tag,
                    ("0", " "),
                    ("b", "WEST"),
                    ("h", "641.5"),
                    ("i", "SMI"),
                    ("p", barcode),
                )
            )
    return record


def write(path: Path, chunks: list[bytes]) -> Path:
    path.write_bytes(b"".join(chunks))
    return path


def items(store: Store) -> dict[str, Item]:
    with store.read() as session:
        return {i.barcode: i for i in session.scalars(select(Item))}


def reasons(result: MarcResult) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for p in result.problems:
        found.setdefault(p.where, []).append(p.reason)
    return found


def test_clean_file_imports_every_field(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "a.mrc", [bib(1).as_marc(), bib(2, barcodes=("A1", "A2")).as_marc()])
    result = import_marc(store, path)
    assert result.clean, result.problems
    assert (result.records, result.items_created, result.items_updated) == (2, 3, 0)
    got = items(store)
    one = got["30000000000001"]
    assert one.title == "Title 1 : a story"
    assert one.author == "Author1, Ann"
    assert one.isbn == "9780000000001"
    assert one.call_number == "FIC 1"
    assert one.item_type == "BOOK"
    assert one.home_library == "EAST"
    assert one.status == "available"
    assert got["A1"].title == got["A2"].title == "Title 2 : a story"


def test_reimport_updates_catalogue_data_but_not_circulation_state(
    store: Store, tmp_path: Path
) -> None:
    path = write(tmp_path / "a.mrc", [bib(1).as_marc()])
    import_marc(store, path)
    with store.transaction() as session:
        item = session.scalar(select(Item).where(Item.barcode == "30000000000001"))
        assert item is not None
        item.status = "on_loan"
    path = write(tmp_path / "b.mrc", [bib(1, title="Better title", item_type="dvd").as_marc()])
    result = import_marc(store, path)
    assert (result.items_created, result.items_updated, result.items_unchanged) == (0, 1, 0)
    again = import_marc(store, path)
    assert (again.items_created, again.items_updated, again.items_unchanged) == (0, 0, 1)
    item = items(store)["30000000000001"]
    assert (item.title, item.item_type, item.status) == ("Better title : a story", "DVD", "on_loan")


def _patch(raw: bytes, old: bytes, new: bytes) -> bytes:
    assert len(old) == len(new) and raw.count(old) == 1
    return raw.replace(old, new)


def test_bad_records_are_reported_one_by_one_and_the_rest_import(
    store: Store, tmp_path: Path
) -> None:
    good = [bib(n).as_marc() for n in range(1, 13)]
    chunks = list(good)
    # 2: bad indicators on 245 (imported with a warning)
    r = bib(2)
    r.get_fields("245")[0].indicators = Indicators("#", "!")
    chunks[1] = r.as_marc()
    # 3: 245 without indicators at all (imported with a warning)
    r = bib(3)
    r.get_fields("245")[0].indicators = Indicators("", "")
    chunks[2] = r.as_marc()
    # 4: a subfield code that is not a letter or digit in 245 (warning)
    chunks[3] = _patch(chunks[3], b"\x1fba story", b"\x1f#a story")
    # 5: wrong record length in the leader (read by its terminator, with a warning)
    chunks[4] = b"%05d" % (len(chunks[4]) + 7) + chunks[4][5:]
    # 6: a directory entry whose field length is wrong (skipped)
    raw = chunks[5]
    directory = raw[24 : int(raw[12:17]) - 1]
    at = directory.index(b"245")
    length = int(directory[at + 3 : at + 7])
    entry_pos = 24 + at + 3
    chunks[5] = raw[:entry_pos] + b"%04d" % (length - 2) + raw[entry_pos + 4 :]
    # 7: leader says UTF-8, the title is MARC-8 (combining acute before the letter)
    r = bib(7, title="CafXX")
    chunks[6] = _patch(r.as_marc(), b"CafXX", b"Caf\xe2e")
    # 8: leader says MARC-8, the text is UTF-8
    r = bib(8, title="Crème brûlée")
    raw = r.as_marc()
    chunks[7] = raw[:9] + b" " + raw[10:]
    # 9: holdings field without a barcode (skipped)
    r = bib(9)
    r.remove_fields("952")
    r.add_field(df("952", (" ", " "), ("a", "MAIN"), ("y", "BOOK")))
    chunks[8] = r.as_marc()
    # 10: no holdings field at all (skipped)
    r = bib(10)
    r.remove_fields("952")
    chunks[9] = r.as_marc()
    # 11: a non-ASCII byte where the barcode's subfield code belongs (skipped: no $p left)
    chunks[10] = _patch(chunks[10], b"\x1fp3000", b"\x1f\xe93000")
    # 12: cut in half at the end of the file (truncated)
    chunks[11] = chunks[11][: len(chunks[11]) // 2]
    path = write(tmp_path / "bad.mrc", chunks)

    result = import_marc(store, path)

    found = reasons(result)
    assert result.records == 12
    assert sorted(found) == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert found[2] == ["field 245 has bad indicators '#!'"]
    assert found[3] == ["field 245 has 0 indicator characters instead of 2"]
    assert found[4] == ["field 245 has a bad subfield code '#'"]
    assert found[5] == [
        f"wrong record length: the leader says {len(good[4]) + 7} bytes, the record has"
        f" {len(good[4])}; it was read up to its record terminator"
    ]
    assert found[6] == ["wrong length for field 245: it does not end with a field terminator"]
    assert found[7] == ["leader/09 says UTF-8 but the text is not UTF-8; it was read as MARC-8"]
    assert found[8] == ["leader/09 says MARC-8 but the text is UTF-8; it was read as UTF-8"]
    assert found[9] == ["holdings field 952 has no barcode in $p", "no item barcode in any 952 $p"]
    assert found[10] == ["no holdings field 952, so no item to import"]
    assert found[11][0].startswith("field 952 has a bad subfield code")
    assert found[11][-1] == "no item barcode in any 952 $p"
    assert found[12] == ["the file ends in the middle of this record (truncated file)"]
    skipped = {p.where for p in result.problems if p.skipped}
    assert skipped == {6, 9, 10, 11, 12}

    got = items(store)
    imported = {int(b[-4:]) for b in got}
    assert imported == {1, 2, 3, 4, 5, 7, 8}
    assert got["30000000000007"].title == unicodedata.normalize("NFC", "Café : a story")
    assert got["30000000000008"].title == "Crème brûlée : a story"
    assert result.items_created == 7


def test_junk_and_padding_between_records_do_not_stop_the_import(
    store: Store, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "j.mrc",
        [bib(1).as_marc(), b"\r\n", b"garbage without terminator\x1d", bib(2).as_marc(), b"\n"],
    )
    result = import_marc(store, path)
    assert result.records == 3
    assert [(p.where, p.skipped) for p in result.problems] == [(2, True)]
    assert "record length in the leader is not a number" in result.problems[0].reason
    assert set(items(store)) == {"30000000000001", "30000000000002"}


def test_random_corruption_never_crashes(store: Store, tmp_path: Path) -> None:
    import random

    rng = random.Random(3)
    clean = b"".join(bib(n).as_marc() for n in range(1, 40))
    for trial in range(25):
        data = bytearray(clean)
        for _ in range(rng.randrange(1, 30)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path = write(tmp_path / f"r{trial}.mrc", [bytes(data)])
        result = import_marc(store, path)
        assert result.records >= 1
        assert result.items_created + result.items_updated + result.skipped_records >= 1


def test_852_holdings_layout(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "h.mrc", [bib(1, holdings_tag="852").as_marc()])
    result = import_marc(store, path, MarcOptions(holdings=HoldingsMap.for_tag("852")))
    assert result.clean, result.problems
    item = items(store)["30000000000001"]
    assert (item.call_number, item.home_library, item.item_type) == ("641.5 SMI", "WEST", "BOOK")


def test_item_type_falls_back_to_942_then_the_default(store: Store, tmp_path: Path) -> None:
    with_942 = bib(1, holdings_tag="852")
    with_942.add_field(df("942", (" ", " "), ("c", "dvd")))
    plain = bib(2, holdings_tag="852")
    path = write(tmp_path / "t.mrc", [with_942.as_marc(), plain.as_marc()])
    options = MarcOptions(holdings=HoldingsMap.for_tag("852"), default_item_type="MIXED")
    import_marc(store, path, options)
    got = items(store)
    assert got["30000000000001"].item_type == "DVD"
    assert got["30000000000002"].item_type == "MIXED"


def _xml(records: list[Record]) -> bytes:
    buffer = io.BytesIO()
    writer = XMLWriter(buffer)
    for record in records:
        writer.write(record)
    writer.close(close_fh=False)
    return buffer.getvalue()


def test_marcxml_with_bad_records(store: Store, tmp_path: Path) -> None:
    odd = bib(2)
    odd.get_fields("245")[0].indicators = Indicators("x", "YY")
    odd.get_fields("952")[0].add_subfield("é", "strange")
    no_barcode = bib(3)
    no_barcode.remove_fields("952")
    data = _xml([bib(1), odd, no_barcode, bib(4, title="Zed XYZ")])
    # A Latin-1 byte in record 4's title: not UTF-8, replaced, and the rest still read.
    data = data.replace(b"Zed XYZ", b"Zed \xe9tude")
    path = tmp_path / "c.xml"
    path.write_bytes(data)

    result = import_marc(store, path)

    found = reasons(result)
    assert result.records == 4
    assert found[2] == [
        "field 245 has bad indicators Indicators(first='x', second='YY')",
        "field 952 has a bad subfield code 'é'",
    ]
    assert found[3] == ["no holdings field 952, so no item to import"]
    assert found[4] == ["some characters are not valid UTF-8 (MARC-8 or Latin-1?); shown as �"]
    got = items(store)
    assert set(got) == {"30000000000001", "30000000000002", "30000000000004"}
    assert got["30000000000004"].title == "Zed \ufffdtude : a story"


def test_marcxml_cut_off_keeps_the_records_before(store: Store, tmp_path: Path) -> None:
    data = _xml([bib(1), bib(2), bib(3)])
    cut = data.index(b"<record>", data.index(b"<record>", data.index(b"<record>") + 1) + 1)
    path = tmp_path / "cut.xml"
    path.write_bytes(data[: cut + 40])
    result = import_marc(store, path)
    assert set(items(store)) == {"30000000000001", "30000000000002"}
    assert len(result.problems) == 1
    assert result.problems[0].where == 3
    assert "the XML is not well-formed" in result.problems[0].reason


def test_progress_and_cancel(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "p.mrc", [bib(n).as_marc() for n in range(1, 60)])
    seen: list[tuple[int, int, int]] = []
    result = import_marc(store, path, progress=lambda *a: seen.append(a))
    assert seen[-1] == (path.stat().st_size, path.stat().st_size, 59)
    assert result.items_created == 59

    cancel = threading.Event()
    cancel.set()
    other = import_marc(store, path, cancel=cancel)
    assert other.cancelled and other.records == 0


def test_small_batches_commit_as_they_go(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "s.mrc", [bib(n).as_marc() for n in range(1, 30)])
    result = import_marc(store, path, MarcOptions(batch_size=4))
    assert result.items_created == 29
    assert len(items(store)) == 29


def test_duplicate_barcode_in_one_file_is_reported(store: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path / "d.mrc", [bib(1).as_marc(), bib(2, barcodes=("30000000000001",)).as_marc()]
    )
    result = import_marc(store, path)
    assert [(p.where, p.skipped) for p in result.problems] == [(2, False)]
    assert "also in record 1" in result.problems[0].reason
    assert items(store)["30000000000001"].title == "Title 2 : a story"


def test_unreadable_file_is_an_interop_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InteropError, match="Cannot read"):
        import_marc(store, tmp_path / "missing.mrc")


def test_koha_lost_and_withdrawn_set_the_status_of_new_items_only(
    store: Store, tmp_path: Path
) -> None:
    lost = bib(1)
    lost.get_fields("952")[0].add_subfield("1", "2")
    withdrawn = bib(2)
    withdrawn.get_fields("952")[0].add_subfield("0", "1")
    fine = bib(3)
    fine.get_fields("952")[0].add_subfield("1", "0")
    path = write(tmp_path / "s.mrc", [lost.as_marc(), withdrawn.as_marc(), fine.as_marc()])
    import_marc(store, path)
    got = items(store)
    assert [got[f"3000000000000{n}"].status for n in (1, 2, 3)] == [
        "lost",
        "withdrawn",
        "available",
    ]
    # Found again in Koha: a re-import does not overwrite the store's circulation state.
    again = write(tmp_path / "t.mrc", [bib(1).as_marc()])
    import_marc(store, again)
    assert items(store)["30000000000001"].status == "lost"


def test_marcxml_elements_without_tag_or_code_are_reported_and_the_import_goes_on(
    store: Store, tmp_path: Path
) -> None:
    # pymarc raises KeyError on these; each record is skipped and reported, the others import.
    data = _xml([bib(n) for n in range(1, 8)])
    data = data.replace(b'<controlfield tag="001">bib2<', b"<controlfield>bib2<", 1)
    data = data.replace(b'<subfield code="a">Author4', b"<subfield>Author4", 1)
    data = data.replace(
        b'<datafield ind1="1" ind2=" " tag="100"><subfield code="a">Author6',
        b'<datafield ind1="1" ind2=" "><subfield code="a">Author6',
        1,
    )
    last = data.rindex(b"<leader>")
    data = data[:last] + b"<leader>XX" + data[last + len(b"<leader>") :]
    path = tmp_path / "tagless.xml"
    path.write_bytes(data)

    result = import_marc(store, path)

    assert result.records == 7
    assert reasons(result) == {
        2: ["a <controlfield> has no tag attribute; the record was not imported"],
        4: ["a <subfield> has no code attribute; the record was not imported"],
        6: ["a <datafield> has no tag attribute; the record was not imported"],
        7: ["the <leader> is not 24 characters long; the record was not imported"],
    }
    assert all(p.skipped for p in result.problems)
    assert set(items(store)) == {"30000000000001", "30000000000003", "30000000000005"}


def test_a_store_refusal_names_the_record_and_its_kind_without_the_data(
    store: Store, tmp_path: Path
) -> None:
    with store.transaction() as session:
        session.execute(
            text(
                "CREATE TRIGGER refuse_items BEFORE INSERT ON items"
                " BEGIN SELECT RAISE(ABORT, 'refused by test'); END"
            )
        )
    path = write(tmp_path / "r.mrc", [bib(1, title="Secretive").as_marc(), bib(2).as_marc()])
    with pytest.raises(InteropError) as caught:
        import_marc(store, path)
    message = str(caught.value)
    assert message.startswith(
        "The import stopped at record 2: the database refused the write (IntegrityError)."
    )
    assert "Secretive" not in message and "30000000000001" not in message


def test_koha_item_status_subfields_make_an_item_not_lendable(store: Store, tmp_path: Path) -> None:
    """952 $7 not for loan, $4 damaged, $5 restricted, $1 lost, $0 withdrawn: any value but 0
    takes the item off the shelf, as Koha's circulation refuses to issue it."""
    flags = {
        1: [("7", "1")],  # the reference shelf's ST-NFL copy
        2: [("7", "-1")],  # on order
        3: [("4", "1")],
        4: [("5", "1")],
        5: [("1", "2"), ("7", "1")],  # lost wins over not for loan
        6: [("0", "1"), ("1", "1")],  # withdrawn wins over lost
        7: [("7", "0"), ("4", "0"), ("5", "0"), ("1", "0"), ("0", "0")],
    }
    records = []
    for number, subfields in flags.items():
        record = bib(number)
        for code, value in subfields:
            record.get_fields("952")[0].add_subfield(code, value)
        records.append(record.as_marc())
    result = import_marc(store, write(tmp_path / "s.mrc", records))
    assert result.clean, result.problems
    got = items(store)
    assert [got[f"3000000000000{n}"].status for n in flags] == [
        "not_for_loan",
        "not_for_loan",
        "damaged",
        "restricted",
        "lost",
        "withdrawn",
        "available",
    ]


def test_reimport_takes_an_item_out_of_circulation_but_never_one_on_loan(
    store: Store, tmp_path: Path
) -> None:
    """A store that imported ST-NFL as available (before 952 $7 was read) is corrected by the
    next import; an item on loan here keeps its loan state."""
    import_marc(store, write(tmp_path / "a.mrc", [bib(1).as_marc(), bib(2).as_marc()]))
    with store.transaction() as session:
        lent = session.scalar(select(Item).where(Item.barcode == "30000000000002"))
        assert lent is not None
        lent.status = "on_loan"
    again = []
    for number in (1, 2):
        record = bib(number)
        record.get_fields("952")[0].add_subfield("7", "1")
        again.append(record.as_marc())
    result = import_marc(store, write(tmp_path / "b.mrc", again))
    assert (result.items_updated, result.items_unchanged) == (1, 1)
    got = items(store)
    assert (got["30000000000001"].status, got["30000000000002"].status) == (
        "not_for_loan",
        "on_loan",
    )


def test_marcxml_declared_iso_8859_1_is_read_in_that_encoding(store: Store, tmp_path: Path) -> None:
    titles = {1: "Crème brûlée", 2: "Año de la señora", 3: "Straße"}
    data = _xml([bib(n, title=t) for n, t in titles.items()]).decode("utf-8")
    assert data.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    latin = data.replace('encoding="UTF-8"', "encoding='ISO-8859-1'", 1).encode("iso-8859-1")
    assert b"Cr\xe8me" in latin  # one byte per letter, as Koha writes such a file
    path = tmp_path / "latin1.xml"
    path.write_bytes(latin)

    result = import_marc(store, path)

    assert result.clean, result.problems
    got = items(store)
    assert [got[f"3000000000000{n}"].title for n in titles] == [
        f"{t} : a story" for t in titles.values()
    ]
    # The same bytes without the declaration are (rightly) not UTF-8: replaced and reported.
    path.write_bytes(latin.split(b"?>", 1)[1])
    again = import_marc(store, path)
    assert {p.reason for p in again.problems} == {
        "some characters are not valid UTF-8 (MARC-8 or Latin-1?); shown as �"
    }
    with pytest.raises(InteropError, match="encoding Popup cannot read"):
        path.write_bytes(
            b'<?xml version="1.0" encoding="X-NO-SUCH"?>' + data.split("?>", 1)[1].encode()
        )
        import_marc(store, path)


def as_koha_usmarc(record: Record) -> bytes:
    """``record`` as MARC::File::USMARC writes it (Koha's export): the leader's length capped
    at 99999 (MARC::Record's set_leader_lengths), each directory entry ``%03s%04d%05d``, so
    an offset past 99,999 takes six digits."""
    data = [f.as_marc("utf-8") for f in record.fields]
    directory = b""
    offset = 0
    for f, raw in zip(record.fields, data, strict=True):
        directory += b"%3s%04d%05d" % (f.tag.encode(), len(raw), offset)
        offset += len(raw)
    base = 24 + len(directory) + 1
    length = base + offset + 1
    leader = b"%05d" % min(length, 99_999) + b"nam a22" + b"%05d" % base + b"   4500"
    return leader + directory + b"\x1e" + b"".join(data) + b"\x1d"


def test_a_koha_record_over_99999_bytes_is_recovered_with_a_warning(
    store: Store, tmp_path: Path
) -> None:
    big = bib(1, barcodes=tuple(f"B{n:05d}" for n in range(400)))
    for field in big.get_fields("952"):
        field.add_subfield("z", "x" * 300)  # Koha's items carry notes, dates, prices...
    raw = as_koha_usmarc(big)
    assert len(raw) > 100_000 and raw[:5] == b"99999"
    # Six-digit offsets: the directory is longer than 12 bytes an entry.
    assert int(raw[12:17]) - 25 > 12 * len(big.fields)
    small = as_koha_usmarc(bib(2))
    assert len(small) == int(small[:5])  # the writer is right for an ordinary record
    path = write(tmp_path / "koha.mrc", [raw, small])

    result = import_marc(store, path)

    assert result.records == 2
    assert {p.skipped for p in result.problems} == {False}
    assert reasons(result) == {
        1: [
            f"wrong record length: the leader says 99999 bytes, the record has {len(raw)}; it"
            " was read up to its record terminator",
            f"the record has {len(raw)} bytes, more than ISO 2709 can describe (99999);"
            " export such records as MARCXML",
            "the directory's lengths or offsets overflowed their digits; the fields were read"
            " by their terminators",
        ]
    }
    got = items(store)
    assert len(got) == 401
    assert got["B00399"].title == "Title 1 : a story"
    assert got["30000000000002"].title == "Title 2 : a story"

    # A directory that does not describe the data is still refused, never guessed.
    broken = raw.replace(b"%04d" % len(big.get_fields("245")[0].as_marc("utf-8")), b"0001", 1)
    result = import_marc(store, write(tmp_path / "broken.mrc", [broken]))
    assert [p.skipped for p in result.problems][-1] is True


def test_the_desk_will_not_lend_a_not_for_loan_copy_without_an_override(
    demo_store: Store, tmp_path: Path
) -> None:
    record = bib(1, barcodes=("ST-NFL",))
    record.get_fields("952")[0].add_subfield("7", "1")
    import_marc(demo_store, write(tmp_path / "ref.mrc", [record.as_marc()]))
    with pytest.raises(NeedsOverride) as caught:
        Desk(demo_store).checkout(demo.demo_patron(demo_store), "ST-NFL")
    assert [(c.code, c.params) for c in caught.value.concerns] == [
        (Code.ITEM_UNAVAILABLE, (("status", "not_for_loan"),))
    ]
