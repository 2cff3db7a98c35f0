"""Load the bookmobile's collection from MARC21: binary (ISO 2709, ``.mrc``) or MARCXML.

What is taken from each bibliographic record
--------------------------------------------
* title: 245 $a and $b, ISBD punctuation trimmed ("[no title]" with a warning when missing);
* author: 100 $a, else 110 $a $b, else the first 700 $a;
* ISBN: the first 020 $a (its first word, so "0316769487 (pbk.)" gives "0316769487");
* one item per holdings field that carries a barcode. The holdings field is configurable
  (:class:`HoldingsMap`): Koha puts items in 952 ($p barcode, $y item type, $o call number,
  $a home branch, $1 lost, $0 withdrawn), others in 852 ($p barcode, $h $i call number, $b
  location). The item type
  falls back to 942 $c, then to a default; the call number falls back to 092, 082, then 050.

Items are upserted by barcode: a barcode already in the store gets the record's title,
author, ISBN, call number, type and home library; its circulation state is left alone. The
import is catalogue data, not a circulation action, so it writes no outbox records. It commits
in batches (one store transaction each), so a crash or a cancel keeps the batches before it;
running the same file again is harmless.

Bad input
---------
Real files hold bad records. Each one is reported as a :class:`~popup.interop.Problem` with
its record number and reason, and the import goes on; a malformed file never stops it:

* wrong record length, missing leader, damaged directory, field lengths that do not end on a
  field terminator, a file cut off in the middle of a record: the record is skipped;
* bad indicators, bad subfield codes in the fields read, characters that could not be decoded,
  a leader that says UTF-8 over MARC-8 text (or the reverse): imported, with a warning;
* no holdings field, or holdings fields without a barcode: skipped (nothing to circulate).

Records are split on the record terminator (0x1D) rather than trusting the length in each
leader: ``pymarc.MARCReader`` stops at the first record whose length is wrong (it raises a
``FatalReaderError``), which would lose the rest of the file. The leader and directory of each
record are checked here, and only the fields read are decoded, MARC-8 text with pymarc's
MARC-8 converter: decoding whole records with ``pymarc.Record`` (what ``MARCReader`` does)
spent most of the import on the 20-40 fields of a catalogue record nobody reads, and made
100,000 records take over a minute. The character coding is chosen per record from leader/09
and the bytes themselves (see :func:`_coding`). MARCXML is read with pymarc's streaming SAX
handler.
"""

from __future__ import annotations

import codecs
import logging
import re
import threading
import time
import unicodedata
import xml.sax
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pymarc
from pymarc.exceptions import PymarcException
from pymarc.marc8 import marc8_to_unicode
from pymarc.marcxml import XmlHandler
from sqlalchemy import Table, or_, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from popup.interop import InteropError, Problem
from popup.store.db import Store
from popup.store.library import load_config
from popup.store.models import Item

log = logging.getLogger(__name__)
ITEMS: Table = Item.__table__  # type: ignore[assignment]

#: Called as ``progress(bytes_read, bytes_total, records_read)``.
Progress = Callable[[int, int, int], None]

RECORD_END = 0x1D
FIELD_END = 0x1E
SUBFIELD = 0x1F
LEADER_LEN = 24
_VALID_INDICATORS = frozenset(b" 0123456789abcdefghijklmnopqrstuvwxyz")
_VALID_CODES = frozenset(b"0123456789abcdefghijklmnopqrstuvwxyz")
_ISBD_TAIL = " /:;,.=+"
_ENTRY = re.compile(rb"([0-9A-Za-z]{3})([0-9]{4})([0-9]{5})")
_COLUMN_LIMITS = {
    "title": 500,
    "author": 300,
    "isbn": 20,
    "call_number": 100,
    "item_type": 32,
    "home_library": 32,
}


@dataclass(frozen=True)
class HoldingsMap:
    """Where a holdings (item) field keeps its barcode, type, call number and home library."""

    tag: str = "952"
    barcode: str = "p"
    item_type: str | None = "y"
    call_number: tuple[str, ...] = ("o",)
    home_library: str | None = "a"
    #: Subfields whose non-zero value marks the item lost / withdrawn (Koha: $1 and $0). They
    #: set the status of an item new to the store; an existing item's status is circulation
    #: state (it may be on loan here) and is left alone.
    lost: str | None = "1"
    withdrawn: str | None = "0"

    @classmethod
    def for_tag(cls, tag: str) -> HoldingsMap:
        """The usual layout for ``tag``: Koha's 952, or the MARC21 holdings 852."""
        if tag == "852":
            return cls(
                tag="852",
                barcode="p",
                item_type=None,
                call_number=("h", "i"),
                home_library="b",
                lost=None,
                withdrawn=None,
            )
        if tag == "952":
            return cls()
        return cls(
            tag=tag,
            barcode="p",
            item_type=None,
            call_number=(),
            home_library=None,
            lost=None,
            withdrawn=None,
        )

    def __post_init__(self) -> None:
        if not (len(self.tag) == 3 and self.tag.isdigit() and self.tag >= "010"):
            raise ValueError(f"holdings tag must be a data field tag 010-999, not {self.tag!r}")
        codes = (self.barcode, self.item_type, self.home_library, self.lost, self.withdrawn)
        for code in (*codes, *self.call_number):
            if code is not None and (len(code) != 1 or ord(code) not in _VALID_CODES):
                raise ValueError(f"subfield code must be one letter or digit, not {code!r}")


@dataclass(frozen=True)
class MarcOptions:
    holdings: HoldingsMap = field(default_factory=HoldingsMap)
    #: Item type when neither the holdings field nor 942 $c gives one.
    default_item_type: str = "BOOK"
    #: Home library when the holdings field has none; None = this library's code.
    home_library: str | None = None
    #: Records per store transaction.
    batch_size: int = 5000


@dataclass
class MarcResult:
    records: int = 0
    items_created: int = 0
    items_updated: int = 0
    #: Already in the store with exactly the same details.
    items_unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0

    @property
    def skipped_records(self) -> int:
        return len({p.where for p in self.problems if p.skipped})

    @property
    def clean(self) -> bool:
        return not self.problems and not self.cancelled

    def summary(self) -> str:
        text = (
            f"{self.records} records read: {self.items_created} items added, "
            f"{self.items_updated} updated, {self.items_unchanged} unchanged, "
            f"{self.skipped_records} records not imported, "
            f"{len(self.problems)} problems"
        )
        return text + (" (cancelled)" if self.cancelled else "")


@dataclass(frozen=True)
class ItemRow:
    barcode: str
    title: str
    author: str | None
    isbn: str | None
    call_number: str | None
    item_type: str
    home_library: str
    status: str = "available"


# -- splitting and checking binary records -------------------------------------------------


def _split(fh: IO[bytes], on_block: Callable[[int], None]) -> Iterator[tuple[bytes, bool]]:
    """Yield ``(raw record, complete)``, split on the record terminator.

    Newlines and padding between records (some exporters write them) are dropped. A final
    piece without a terminator is yielded with ``complete=False``.
    """
    buf = b""
    read = 0
    while True:
        block = fh.read(1 << 20)
        if not block:
            break
        read += len(block)
        buf = buf + block if buf else block
        start = 0
        while (end := buf.find(b"\x1d", start)) != -1:
            yield buf[start : end + 1].lstrip(b"\r\n\x00 "), True
            start = end + 1
        buf = buf[start:]
        on_block(read)
    rest = buf.strip(b"\r\n\x00\x1a ")
    if rest:
        yield rest, False


def _check_structure(
    chunk: bytes, wanted: frozenset[bytes]
) -> tuple[str | None, list[str], list[tuple[str, bytes]]]:
    """``(fatal reason, warnings, fields)`` from the leader and directory of one raw record.

    ``fields`` are the ``(tag, bytes)`` of the fields in ``wanted`` (without the terminator);
    their indicators and subfield codes are checked. Every directory entry must point inside
    the record and end on a field terminator, or the record is refused: a wrong length would
    otherwise shift text from one field into another.
    """
    if len(chunk) < LEADER_LEN + 2:
        return f"record too short to hold a leader ({len(chunk)} bytes)", [], []
    head = chunk[:5]
    if not head.isdigit():
        return f"the record length in the leader is not a number ({head!r})", [], []
    declared = int(head)
    if declared != len(chunk):
        return (
            f"wrong record length: the leader says {declared} bytes, the record has {len(chunk)}",
            [],
            [],
        )
    base_text = chunk[12:17]
    if not base_text.isdigit():
        return f"the base address in the leader is not a number ({base_text!r})", [], []
    base = int(base_text)
    if not LEADER_LEN < base < len(chunk) or chunk[base - 1] != FIELD_END:
        return f"wrong base address of data ({base}): the directory does not end there", [], []
    directory = chunk[LEADER_LEN : base - 1]
    if len(directory) % 12:
        return (
            f"damaged directory: {len(directory)} bytes is not a whole number of entries",
            [],
            [],
        )
    entries = _ENTRY.findall(directory)
    if len(entries) * 12 != len(directory):
        for at in range(0, len(directory), 12):
            if not _ENTRY.fullmatch(directory[at : at + 12]):
                return (
                    f"damaged directory entry {at // 12 + 1} ({directory[at : at + 12]!r})",
                    [],
                    [],
                )
    warnings: list[str] = []
    fields: list[tuple[str, bytes]] = []
    last = len(chunk) - 1
    for raw_tag, length, offset in entries:
        start = base + int(offset)
        end = start + int(length)
        if end <= start or end > last:
            tag = raw_tag.decode("ascii")
            where = "is zero" if end == start else "runs past the end of the record"
            return f"wrong length for field {tag}: it {where}", [], []
        if chunk[end - 1] != FIELD_END:
            tag = raw_tag.decode("ascii")
            return f"wrong length for field {tag}: it does not end with a field terminator", [], []
        if raw_tag in wanted:
            fields.append((raw_tag.decode("ascii"), chunk[start : end - 1]))
    for tag, data in fields:
        if tag < "010":
            continue
        pieces = data.split(b"\x1f")
        lead = pieces[0]
        if len(pieces) == 1:
            warnings.append(f"field {tag} has no subfields")
        elif len(lead) != 2:
            warnings.append(f"field {tag} has {len(lead)} indicator characters instead of 2")
        elif lead[0] not in _VALID_INDICATORS or lead[1] not in _VALID_INDICATORS:
            warnings.append(f"field {tag} has bad indicators {lead.decode('latin-1')!r}")
        for piece in pieces[1:]:
            if not piece or piece[0] not in _VALID_CODES:
                code = piece[:1].decode("latin-1") if piece else ""
                warnings.append(f"field {tag} has a bad subfield code {code!r}")
    return None, warnings, fields


def _coding(flag: bytes, text: bytes) -> tuple[str, str | None]:
    """``("utf-8" | "marc-8", warning)`` for leader/09 and the bytes of the fields read.

    * leader says UTF-8 ("a") but the bytes are not UTF-8: most often MARC-8 text under a
      leader an export rewrote, so the record is read as MARC-8;
    * leader says MARC-8 (blank) but the bytes are valid multi-byte UTF-8: read as UTF-8 (a
      valid MARC-8 string is almost never valid UTF-8: its diacritics precede plain letters);
    * any other leader/09: read as UTF-8, bad bytes replaced.
    """
    if text.isascii():
        # Plain ASCII reads the same either way; only MARC-8 escape sequences need MARC-8.
        return ("marc-8" if flag != b"a" and b"\x1b" in text else "utf-8"), None
    if flag == b"a":
        try:
            text.decode("utf-8")
        except UnicodeDecodeError:
            return "marc-8", "leader/09 says UTF-8 but the text is not UTF-8; it was read as MARC-8"
        return "utf-8", None
    if flag == b" ":
        try:
            text.decode("utf-8")
        except UnicodeDecodeError:
            return "marc-8", None
        return "utf-8", "leader/09 says MARC-8 but the text is UTF-8; it was read as UTF-8"
    return "utf-8", f"unknown character coding {flag!r} in leader/09; read as UTF-8"


#: tag -> one list of (code, value) per occurrence of the field.
Fields = dict[str, list[list[tuple[str, str]]]]


def _decode_binary(raw: bytes, wanted: frozenset[bytes]) -> tuple[Fields | None, list[str]]:
    """The fields read from one raw record and its warnings, or ``(None, [reason])``.

    Only the fields in ``wanted`` are decoded, with pymarc's MARC-8 converter for MARC-8 text.
    (Decoding whole records with ``pymarc.Record`` decodes all 20-40 fields of a catalogue
    record and took most of the import's time; this keeps 100,000 records well under a
    minute.)
    """
    fatal, warnings, raw_fields = _check_structure(raw, wanted)
    if fatal is not None:
        return None, [fatal]
    coding, coding_warning = _coding(raw[9:10], b"".join(data for _, data in raw_fields))
    if coding_warning:
        warnings.append(coding_warning)
    fields: Fields = {}
    marc8_failed = False
    for tag, data in raw_fields:
        if tag < "010":
            continue
        if coding == "utf-8":  # one decode per field; the codes are ASCII in both
            pieces = data.decode("utf-8", "replace").split("\x1f")[1:]
            subfields = [(piece[0], piece[1:]) for piece in pieces if piece]
        else:
            subfields = []
            for raw_piece in data.split(b"\x1f")[1:]:
                if not raw_piece:
                    continue
                code = chr(raw_piece[0]) if raw_piece[0] < 0x80 else "?"
                value = raw_piece[1:]
                try:
                    text = marc8_to_unicode(value, hide_utf8_warnings=True)
                except Exception:  # pymarc raises several kinds on bad MARC-8
                    marc8_failed = True
                    text = value.decode("utf-8", "replace")
                subfields.append((code, text))
        fields.setdefault(tag, []).append(subfields)
    if marc8_failed:
        warnings.append("some MARC-8 text could not be decoded; it was read as UTF-8")
    return fields, warnings


def _xml_fields(record: pymarc.Record, wanted: frozenset[str]) -> tuple[Fields, list[str]]:
    """The fields read from a MARCXML record, with indicator and subfield-code checks."""
    fields: Fields = {}
    warnings: list[str] = []
    for fld in record.get_fields(*sorted(wanted)):
        if fld.is_control_field():
            continue
        for ind in (fld.indicator1, fld.indicator2):
            if len(ind or " ") != 1 or ord((ind or " ")[0]) not in _VALID_INDICATORS:
                warnings.append(f"field {fld.tag} has bad indicators {fld.indicators!r}")
                break
        for sub in fld.subfields:
            if len(sub.code) != 1 or ord(sub.code[0]) not in _VALID_CODES:
                warnings.append(f"field {fld.tag} has a bad subfield code {sub.code!r}")
        fields.setdefault(fld.tag, []).append([(s.code, s.value or "") for s in fld.subfields])
    return fields, warnings


# -- taking the fields we need ---------------------------------------------------------------


def _clean(value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    text = " ".join(unicodedata.normalize("NFC", value).split())
    text = text.rstrip(_ISBD_TAIL).strip()
    return text[:limit] or None


def _values(subfields: list[tuple[str, str]], code: str | None) -> list[str]:
    return [v.strip() for c, v in subfields if c == code and v.strip()]


def _first(fields: Fields, tag: str, *codes: str) -> str | None:
    for subfields in fields.get(tag, ()):
        values = [v.strip() for c, v in subfields if c in codes and v.strip()]
        if values:
            return " ".join(values)
    return None


def extract(
    fields: Fields, options: MarcOptions, home_library: str
) -> tuple[list[ItemRow], list[str], str | None]:
    """``(item rows, warnings, reason to skip)`` for the fields of one record."""
    holdings = options.holdings
    warnings: list[str] = []
    title = _clean(_first(fields, "245", "a", "b"), _COLUMN_LIMITS["title"])
    if title is None:
        title = "[no title]"
        warnings.append("no title in 245 $a")
    author = _clean(
        _first(fields, "100", "a") or _first(fields, "110", "a", "b") or _first(fields, "700", "a"),
        _COLUMN_LIMITS["author"],
    )
    isbn_text = _first(fields, "020", "a")
    isbn = _clean(isbn_text.split()[0], _COLUMN_LIMITS["isbn"]) if isbn_text else None
    bib_call = (
        _first(fields, "092", "a", "b")
        or _first(fields, "082", "a")
        or _first(fields, "050", "a", "b")
    )
    bib_type = _first(fields, "942", "c")
    occurrences = fields.get(holdings.tag, [])
    if not occurrences:
        return [], warnings, f"no holdings field {holdings.tag}, so no item to import"
    rows: list[ItemRow] = []
    for number, subfields in enumerate(occurrences, start=1):
        label = f"holdings field {holdings.tag}" + (f" #{number}" if len(occurrences) > 1 else "")
        barcodes = _values(subfields, holdings.barcode)
        if not barcodes:
            warnings.append(f"{label} has no barcode in ${holdings.barcode}")
            continue
        barcode = barcodes[0]
        if (
            len(barcode) > 64
            or any(not ch.isprintable() or ch.isspace() for ch in barcode)
            or "\ufffd" in barcode
        ):
            warnings.append(f"{label} has an unusable barcode {barcode[:40]!r}")
            continue
        types = _values(subfields, holdings.item_type)
        item_type = (types[0] if types else bib_type or options.default_item_type).upper()
        call = " ".join(v for code in holdings.call_number for v in _values(subfields, code))
        homes = _values(subfields, holdings.home_library)
        status = "available"
        if any(v != "0" for v in _values(subfields, holdings.withdrawn)):
            status = "withdrawn"
        elif any(v != "0" for v in _values(subfields, holdings.lost)):
            status = "lost"
        rows.append(
            ItemRow(
                barcode=barcode,
                title=title,
                author=author,
                isbn=isbn,
                call_number=_clean(call or bib_call, _COLUMN_LIMITS["call_number"]),
                item_type=item_type[: _COLUMN_LIMITS["item_type"]],
                home_library=(homes[0] if homes else home_library)[
                    : _COLUMN_LIMITS["home_library"]
                ],
                status=status,
            )
        )
    for value in (title, author, isbn):
        if value and "\ufffd" in value:
            warnings.append("some characters are not valid UTF-8 (MARC-8 or Latin-1?); shown as �")
            break
    if not rows:
        return [], warnings, f"no item barcode in any {holdings.tag} ${holdings.barcode}"
    return rows, warnings, None


# -- writing ---------------------------------------------------------------------------------


class _Writer:
    """Upserts item rows in batches, one store transaction per batch."""

    def __init__(self, store: Store, result: MarcResult, batch_size: int) -> None:
        self.store = store
        self.result = result
        self.batch_size = batch_size
        self.pending: dict[str, ItemRow] = {}
        self.seen: dict[str, int] = {}

    def add(self, rows: list[ItemRow], record_no: int) -> None:
        for row in rows:
            earlier = self.seen.get(row.barcode)
            if earlier is not None:
                self.result.problems.append(
                    Problem(
                        record_no,
                        f"barcode {row.barcode} is also in record {earlier}; this record's"
                        " details replace it",
                        skipped=False,
                    )
                )
            self.seen[row.barcode] = record_no
            self.pending[row.barcode] = row

    def maybe_flush(self) -> None:
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        rows = list(self.pending.values())
        values = [
            {
                "barcode": r.barcode,
                "title": r.title,
                "author": r.author,
                "isbn": r.isbn,
                "call_number": r.call_number,
                "item_type": r.item_type,
                "home_library": r.home_library,
                "status": r.status,
                "on_hold": False,
            }
            for r in rows
        ]
        columns = ("title", "author", "isbn", "call_number", "item_type", "home_library")
        stmt = sqlite_insert(ITEMS)  # Core: the ORM's bulk path costs 3x here
        stmt = stmt.on_conflict_do_update(
            index_elements=["barcode"],
            set_={name: stmt.excluded[name] for name in columns},
            # Re-importing the same file rewrites nothing (and writes no WAL pages).
            where=or_(*(ITEMS.c[name].is_distinct_from(stmt.excluded[name]) for name in columns)),
        )
        with self.store.transaction() as session:
            existing: set[str] = set()
            barcodes = [r.barcode for r in rows]
            for at in range(0, len(barcodes), 900):  # SQLite's bound-parameter limit
                existing.update(
                    session.scalars(
                        select(Item.barcode).where(Item.barcode.in_(barcodes[at : at + 900]))
                    )
                )
            written = session.connection().execute(stmt, values).rowcount
        created = len(rows) - len(existing)
        self.result.items_created += created
        self.result.items_updated += max(0, written - created)
        self.result.items_unchanged += len(existing) - max(0, written - created)
        self.pending.clear()


# -- the import ------------------------------------------------------------------------------


def sniff_format(path: Path) -> str:
    """``"marcxml"`` or ``"marc"`` from the first bytes of the file."""
    with path.open("rb") as fh:
        head = fh.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    return "marcxml" if head.startswith(b"<") else "marc"


def import_marc(
    store: Store,
    path: Path,
    options: MarcOptions | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    file_format: str = "auto",
) -> MarcResult:
    """Import ``path`` into ``store``. Raises :class:`InteropError` for an unusable file or a
    store failure; every bad record is a :class:`Problem` in the result instead."""
    options = options or MarcOptions()
    started = time.monotonic()
    try:
        total = path.stat().st_size
        kind = sniff_format(path) if file_format == "auto" else file_format
    except OSError as exc:
        raise InteropError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    if kind not in ("marc", "marcxml"):
        raise InteropError(f"unknown MARC file format {file_format!r}; use marc or marcxml")
    try:
        with store.read() as session:
            home = options.home_library or load_config(session).library_code
    except Exception as exc:
        raise InteropError(f"The store could not be read ({type(exc).__name__}).") from exc
    result = MarcResult()
    writer = _Writer(store, result, max(1, options.batch_size))
    wanted = frozenset(
        {"245", "100", "110", "700", "020", "082", "092", "050", "942", options.holdings.tag}
    )

    wanted_bytes = frozenset(tag.encode("ascii") for tag in wanted)

    def report(done: int) -> None:
        if progress is not None:
            progress(done, total, result.records)

    def take(fields: Fields | None, warnings: list[str], number: int) -> None:
        if fields is None:
            result.problems.append(Problem(number, warnings[0] if warnings else "unreadable"))
            return
        rows, more, skip = extract(fields, options, home)
        for text in warnings + more:
            result.problems.append(Problem(number, text, skipped=skip is not None))
        if skip is not None:
            result.problems.append(Problem(number, skip))
            return
        writer.add(rows, number)
        writer.maybe_flush()

    try:
        with path.open("rb") as fh:
            if kind == "marc":
                for raw, complete in _split(fh, report):
                    if cancel is not None and cancel.is_set():
                        result.cancelled = True
                        break
                    result.records += 1
                    if not complete:
                        result.problems.append(
                            Problem(
                                result.records,
                                "the file ends in the middle of this record (truncated file)",
                            )
                        )
                        break
                    fields, warnings = _decode_binary(raw, wanted_bytes)
                    take(fields, warnings, result.records)
            else:
                _read_xml(fh, result, take, wanted, cancel, report)
            writer.flush()
    except InteropError:
        raise
    except OSError as exc:
        raise InteropError(f"Reading {path} failed: {exc.strerror or exc}") from exc
    except SQLAlchemyError as exc:
        # Store failures (disk full, locked, ...): batches already committed stay. The
        # exception's text carries the SQL's bound values (titles, barcodes): only its kind is
        # shown and logged.
        log.info("MARC import stopped at record %d: %s", result.records, type(exc).__name__)
        raise InteropError(
            f"The import stopped at record {result.records}: the database refused the write"
            f" ({type(exc).__name__}). {result.items_created + result.items_updated} items were"
            " saved before it; importing the file again is safe."
        ) from exc
    report(total)
    result.seconds = time.monotonic() - started
    log.info(
        "MARC import: %d records, %d created, %d updated, %d problems in %.1fs",
        result.records,
        result.items_created,
        result.items_updated,
        len(result.problems),
        result.seconds,
    )
    return result


class _Stop(Exception):
    pass


class _Utf8Cleaner:
    """A byte stream that replaces bytes that are not UTF-8, so one record with MARC-8 or
    Latin-1 bytes does not make the rest of a MARCXML file unreadable."""

    def __init__(self, fh: IO[bytes], on_read: Callable[[int], None]) -> None:
        self.fh = fh
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.read_bytes = 0
        self.on_read = on_read
        self.replaced = False

    def read(self, size: int = -1) -> bytes:
        block = self.fh.read(size if size and size > 0 else 1 << 16)
        self.read_bytes += len(block)
        self.on_read(self.read_bytes)
        text = self.decoder.decode(block, final=not block)
        return text.encode("utf-8")

    def close(self) -> None:
        """The SAX parser closes its stream; the caller owns the file."""


_ELEMENT_ERRORS = (KeyError, ValueError, AttributeError, TypeError, PymarcException)


def _element_problem(element: str, exc: Exception) -> str:
    """Why one MARCXML element could not be read, in staff's words."""
    if isinstance(exc, KeyError) and element in ("controlfield", "datafield"):
        return f"a <{element}> has no tag attribute; the record was not imported"
    if isinstance(exc, KeyError) and element == "subfield":
        return "a <subfield> has no code attribute; the record was not imported"
    if element == "leader":
        return "the <leader> is not 24 characters long; the record was not imported"
    return (
        f"the <{element}> element cannot be read ({type(exc).__name__});"
        " the record was not imported"
    )


def _read_xml(
    fh: IO[bytes],
    result: MarcResult,
    take: Callable[[Fields | None, list[str], int], None],
    wanted: frozenset[str],
    cancel: threading.Event | None,
    report: Callable[[int], None],
) -> None:
    class Handler(XmlHandler):
        """pymarc's handler, made to survive a malformed element: pymarc raises KeyError for a
        <controlfield>/<datafield> without ``tag`` or a <subfield> without ``code`` (and
        pymarc's own errors for a bad <leader>). Such a record is skipped and reported with
        the reason; the next record is read as usual."""

        def __init__(self) -> None:
            super().__init__()  # type: ignore[no-untyped-call]
            self.bad: str | None = None

        def startElementNS(self, name: Any, qname: Any, attrs: Any) -> None:
            if name[1] == "record":
                self.bad = None
            if self.bad is not None:
                return
            try:
                super().startElementNS(name, qname, attrs)  # type: ignore[no-untyped-call]
            except _ELEMENT_ERRORS as exc:
                self._spoil(name[1], exc)

        def endElementNS(self, name: Any, qname: Any) -> None:
            if self.bad is not None:
                if name[1] == "record":
                    self._skip_bad()
                return
            if name[1] == "record":
                # A record's end hands it over (process_record): its errors are not the XML's.
                super().endElementNS(name, qname)  # type: ignore[no-untyped-call]
                return
            try:
                super().endElementNS(name, qname)  # type: ignore[no-untyped-call]
            except _ELEMENT_ERRORS as exc:
                self._spoil(name[1], exc)

        def _spoil(self, element: str, exc: Exception) -> None:
            if self._record is None:  # outside any record: nothing to import or skip
                return
            self.bad = _element_problem(element, exc)
            self._field = None
            self._subfield_code = None

        def _skip_bad(self) -> None:
            if cancel is not None and cancel.is_set():
                result.cancelled = True
                raise _Stop
            result.records += 1
            take(None, [self.bad or "unreadable"], result.records)
            self.bad = None
            self._record = None
            self._field = None
            self._subfield_code = None
            self._text = []

        def process_record(self, record: pymarc.Record) -> None:
            if cancel is not None and cancel.is_set():
                result.cancelled = True
                raise _Stop
            result.records += 1
            fields, warnings = _xml_fields(record, wanted)
            take(fields, warnings, result.records)

    stream = _Utf8Cleaner(fh, report)
    parser: Any = xml.sax.make_parser()
    parser.setContentHandler(Handler())
    parser.setFeature(xml.sax.handler.feature_namespaces, 1)
    source = xml.sax.xmlreader.InputSource()
    source.setByteStream(stream)
    source.setEncoding("utf-8")
    try:
        parser.parse(source)
    except _Stop:
        return
    except xml.sax.SAXParseException as exc:
        result.problems.append(
            Problem(
                result.records + 1,
                f"the XML is not well-formed at line {exc.getLineNumber()}, column"
                f" {exc.getColumnNumber()} ({exc.getMessage()}); the rest of the file was not"
                " read",
            )
        )
