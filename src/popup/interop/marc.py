"""Load the bookmobile's collection from MARC21: binary (ISO 2709, ``.mrc``) or MARCXML.

What is taken from each bibliographic record
--------------------------------------------
* title: 245 $a and $b, ISBD punctuation trimmed ("[no title]" with a warning when missing);
* author: 100 $a, else 110 $a $b, else the first 700 $a;
* ISBN: the first 020 $a (its first word, so "0316769487 (pbk.)" gives "0316769487");
* one item per holdings field that carries a barcode. The holdings field is configurable
  (:class:`HoldingsMap`): Koha puts items in 952 ($p barcode, $y item type, $o call number,
  $a home branch), others in 852 ($p barcode, $h $i call number, $b location). The item type
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
``FatalReaderError``), which would lose the rest of the file. Each record is decoded with
``pymarc.Record`` (what ``MARCReader`` calls) with ``utf8_handling="replace"``; the character
coding is chosen per record from leader/09 and the bytes themselves (see :func:`_coding`).
"""

from __future__ import annotations

import codecs
import contextlib
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
from pymarc.marcxml import XmlHandler
from sqlalchemy import Table, select
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
# A non-ASCII byte where a subfield code belongs; pymarc would warn and guess.
_NON_ASCII_CODE = re.compile(rb"\x1f[\x80-\xff]")
_ISBD_TAIL = " /:;,.=+"
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

    @classmethod
    def for_tag(cls, tag: str) -> HoldingsMap:
        """The usual layout for ``tag``: Koha's 952, or the MARC21 holdings 852."""
        if tag == "852":
            return cls(
                tag="852", barcode="p", item_type=None, call_number=("h", "i"), home_library="b"
            )
        if tag == "952":
            return cls()
        return cls(tag=tag, barcode="p", item_type=None, call_number=(), home_library=None)

    def __post_init__(self) -> None:
        if not (len(self.tag) == 3 and self.tag.isdigit() and self.tag >= "010"):
            raise ValueError(f"holdings tag must be a data field tag 010-999, not {self.tag!r}")
        for code in (self.barcode, self.item_type, self.home_library, *self.call_number):
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
            f"{self.items_updated} updated, {self.skipped_records} records not imported, "
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


def _check_structure(chunk: bytes, wanted: frozenset[str]) -> tuple[str | None, list[str], bytes]:
    """``(fatal reason, warnings, reduced record)`` from the leader and directory of a record.

    ``wanted`` are the tags that are read: their indicators and subfield codes are checked, and
    the reduced record holds only them (so pymarc decodes a handful of fields, not the 20-40
    of a full catalogue record).
    """
    if len(chunk) < LEADER_LEN + 2:
        return f"record too short to hold a leader ({len(chunk)} bytes)", [], b""
    head = chunk[:5]
    if not head.isdigit():
        return f"the record length in the leader is not a number ({head!r})", [], b""
    declared = int(head)
    if declared != len(chunk):
        return (
            f"wrong record length: the leader says {declared} bytes, the record has {len(chunk)}",
            [],
            b"",
        )
    base_text = chunk[12:17]
    if not base_text.isdigit():
        return f"the base address in the leader is not a number ({base_text!r})", [], b""
    base = int(base_text)
    if not LEADER_LEN < base < len(chunk) or chunk[base - 1] != FIELD_END:
        return f"wrong base address of data ({base}): the directory does not end there", [], b""
    directory = chunk[LEADER_LEN : base - 1]
    if len(directory) % 12:
        return (
            f"damaged directory: {len(directory)} bytes is not a whole number of entries",
            [],
            b"",
        )
    warnings: list[str] = []
    kept_dir: list[bytes] = []
    kept_data: list[bytes] = []
    kept_len = 0
    for at in range(0, len(directory), 12):
        entry = directory[at : at + 12]
        if not entry.isdigit() and not (entry[:3].isalnum() and entry[3:].isdigit()):
            return f"damaged directory entry {at // 12 + 1} ({entry!r})", [], b""
        tag = entry[:3].decode("ascii")
        length, offset = int(entry[3:7]), int(entry[7:12])
        end = base + offset + length
        if length < 1 or end > len(chunk) - 1:
            return f"wrong length for field {tag}: it runs past the end of the record", [], b""
        if chunk[end - 1] != FIELD_END:
            return f"wrong length for field {tag}: it does not end with a field terminator", [], b""
        if tag not in wanted:
            continue
        kept_dir.append(b"%s%04d%05d" % (entry[:3], length, kept_len))
        kept_data.append(chunk[base + offset : end])
        kept_len += length
        data = chunk[base + offset : end - 1]
        lead = data.split(b"\x1f", 1)[0]
        if b"\x1f" not in data:
            warnings.append(f"field {tag} has no subfields")
        elif len(lead) != 2:
            warnings.append(f"field {tag} has {len(lead)} indicator characters instead of 2")
        elif data[0] not in _VALID_INDICATORS or data[1] not in _VALID_INDICATORS:
            warnings.append(f"field {tag} has bad indicators {data[:2].decode('latin-1')!r}")
        for piece in data.split(b"\x1f")[1:]:
            if not piece or piece[0] not in _VALID_CODES:
                code = piece[:1].decode("latin-1") if piece else ""
                warnings.append(f"field {tag} has a bad subfield code {code!r}")
    new_dir = b"".join(kept_dir) + b"\x1e"
    new_base = LEADER_LEN + len(new_dir)
    total = new_base + kept_len + 1
    if total > 99999:  # cannot be written back with a 5-digit length: decode it whole
        return None, warnings, chunk
    leader = b"%05d%s%05d%s" % (total, chunk[5:12], new_base, chunk[17:24])
    return None, warnings, leader + new_dir + b"".join(kept_data) + b"\x1d"


def _coding(chunk: bytes) -> tuple[bytes, bool, str | None]:
    """``(record to decode, force UTF-8, warning)`` for leader/09 and the actual bytes.

    * leader says UTF-8 ("a") but the bytes are not UTF-8: most often MARC-8 text under a
      leader an export rewrote, so the record is read as MARC-8;
    * leader says MARC-8 (blank) but the bytes are valid multi-byte UTF-8: read as UTF-8 (a
      valid MARC-8 string is almost never valid UTF-8: its diacritics precede plain letters);
    * any other leader/09: read as UTF-8, bad bytes replaced.
    """
    flag = chunk[9:10]
    if chunk.isascii():
        # Plain ASCII reads the same either way, and UTF-8 decoding is much faster than
        # pymarc's MARC-8 converter; only MARC-8 escape sequences (ESC) need the converter.
        return chunk, b"\x1b" not in chunk, None
    if flag == b"a":
        try:
            chunk.decode("utf-8")
        except UnicodeDecodeError:
            patched = chunk[:9] + b" " + chunk[10:]
            return (
                patched,
                False,
                "leader/09 says UTF-8 but the text is not UTF-8; it was read as MARC-8",
            )
        return chunk, True, None
    if flag == b" ":
        try:
            chunk.decode("utf-8")
        except UnicodeDecodeError:
            return chunk, False, None
        return chunk, True, "leader/09 says MARC-8 but the text is UTF-8; it was read as UTF-8"
    return chunk, True, f"unknown character coding {flag!r} in leader/09; read as UTF-8"


class _DropPymarcLogs(logging.Filter):
    """pymarc logs each indicator problem with the field's bytes; they are reported per record
    instead, so the console does not fill with raw MARC."""

    def filter(self, record: logging.LogRecord) -> bool:
        return False


@contextlib.contextmanager
def _quiet_pymarc() -> Iterator[None]:
    logger = logging.getLogger("pymarc")
    dropper = _DropPymarcLogs()
    logger.addFilter(dropper)
    try:
        yield
    finally:
        logger.removeFilter(dropper)


def _decode_binary(raw: bytes, wanted: frozenset[str]) -> tuple[pymarc.Record | None, list[str]]:
    """A record and its warnings, or ``(None, [reason])`` when it cannot be read."""
    fatal, warnings, reduced = _check_structure(raw, wanted)
    if fatal is not None:
        return None, [fatal]
    if len(reduced) == LEADER_LEN + 2:  # none of the fields we read: nothing to decode
        return pymarc.Record(), warnings
    data, force_utf8, coding_warning = _coding(reduced)
    if coding_warning:
        warnings.append(coding_warning)
    # Keep pymarc from warning and guessing on a non-ASCII subfield code: a field that matters
    # was already reported above; elsewhere the code is irrelevant.
    data = _NON_ASCII_CODE.sub(b"\x1f?", data)
    try:
        record = pymarc.Record(
            data,
            to_unicode=True,
            force_utf8=force_utf8,
            hide_utf8_warnings=True,
            utf8_handling="replace",
        )
    except Exception as exc:  # any decoding failure is one bad record, never the import
        if not force_utf8 and coding_warning is None:
            try:  # MARC-8 that does not decode: try UTF-8 with replacement before giving up
                record = pymarc.Record(
                    data, to_unicode=True, force_utf8=True, utf8_handling="replace"
                )
            except Exception:
                return None, [_describe_exception(exc)]
            warnings.append("the MARC-8 text could not be decoded; it was read as UTF-8")
            return record, warnings
        return None, [_describe_exception(exc)]
    return record, warnings


def _describe_exception(exc: Exception) -> str:
    text = str(exc).strip()
    name = type(exc).__name__
    return f"cannot be decoded ({name}{': ' + text if text else ''})"


# -- taking the fields we need ---------------------------------------------------------------


def _clean(value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    text = " ".join(unicodedata.normalize("NFC", value).split())
    text = text.rstrip(_ISBD_TAIL).strip()
    return text[:limit] or None


def _first(record: pymarc.Record, tag: str, *codes: str) -> str | None:
    for fld in record.get_fields(tag):
        values = [v for v in fld.get_subfields(*codes) if v and v.strip()]
        if values:
            return " ".join(v.strip() for v in values)
    return None


def _field_warnings(record: pymarc.Record, wanted: frozenset[str]) -> list[str]:
    """Indicator and subfield-code checks on a decoded record (MARCXML)."""
    found: list[str] = []
    for fld in record.get_fields(*sorted(wanted)):
        if fld.is_control_field():
            continue
        for ind in (fld.indicator1, fld.indicator2):
            if len(ind or " ") != 1 or ord((ind or " ")[0]) not in _VALID_INDICATORS:
                found.append(f"field {fld.tag} has bad indicators {fld.indicators!r}")
                break
        for sub in fld.subfields:
            if len(sub.code) != 1 or ord(sub.code[0]) not in _VALID_CODES:
                found.append(f"field {fld.tag} has a bad subfield code {sub.code!r}")
    return found


def extract(
    record: pymarc.Record, options: MarcOptions, home_library: str
) -> tuple[list[ItemRow], list[str], str | None]:
    """``(item rows, warnings, reason to skip)`` for one decoded record."""
    holdings = options.holdings
    warnings: list[str] = []
    title = _clean(_first(record, "245", "a", "b"), _COLUMN_LIMITS["title"])
    if title is None:
        title = "[no title]"
        warnings.append("no title in 245 $a")
    author = _clean(
        _first(record, "100", "a") or _first(record, "110", "a", "b") or _first(record, "700", "a"),
        _COLUMN_LIMITS["author"],
    )
    isbn_text = _first(record, "020", "a")
    isbn = _clean(isbn_text.split()[0], _COLUMN_LIMITS["isbn"]) if isbn_text else None
    bib_call = (
        _first(record, "092", "a", "b")
        or _first(record, "082", "a")
        or _first(record, "050", "a", "b")
    )
    bib_type = _first(record, "942", "c")
    fields = record.get_fields(holdings.tag)
    if not fields:
        return [], warnings, f"no holdings field {holdings.tag}, so no item to import"
    rows: list[ItemRow] = []
    for number, fld in enumerate(fields, start=1):
        label = f"holdings field {holdings.tag}" + (f" #{number}" if len(fields) > 1 else "")
        if fld.is_control_field():
            warnings.append(f"{label} is a control field; ignored")
            continue
        barcodes = [v.strip() for v in fld.get_subfields(holdings.barcode) if v and v.strip()]
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
        item_type = (
            _first_sub(fld, holdings.item_type) or bib_type or options.default_item_type
        ).upper()[: _COLUMN_LIMITS["item_type"]]
        call = " ".join(
            v.strip() for c in holdings.call_number for v in fld.get_subfields(c) if v.strip()
        )
        home = _first_sub(fld, holdings.home_library) or home_library
        rows.append(
            ItemRow(
                barcode=barcode,
                title=title,
                author=author,
                isbn=isbn,
                call_number=_clean(call or bib_call, _COLUMN_LIMITS["call_number"]),
                item_type=item_type,
                home_library=home[: _COLUMN_LIMITS["home_library"]],
            )
        )
    for value in (title, author, isbn):
        if value and "\ufffd" in value:
            warnings.append("some characters are not valid UTF-8 (MARC-8 or Latin-1?); shown as �")
            break
    if not rows:
        return [], warnings, f"no item barcode in any {holdings.tag} ${holdings.barcode}"
    return rows, warnings, None


def _first_sub(fld: pymarc.Field, code: str | None) -> str | None:
    if code is None:
        return None
    for value in fld.get_subfields(code):
        if value and value.strip():
            return value.strip()
    return None


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
                "status": "available",
                "on_hold": False,
            }
            for r in rows
        ]
        stmt = sqlite_insert(ITEMS)  # Core: the ORM's bulk path costs 3x here
        stmt = stmt.on_conflict_do_update(
            index_elements=["barcode"],
            set_={
                name: stmt.excluded[name]
                for name in ("title", "author", "isbn", "call_number", "item_type", "home_library")
            },
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
            session.connection().execute(stmt, values)
        self.result.items_updated += len(existing)
        self.result.items_created += len(rows) - len(existing)
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
        raise InteropError(f"The store could not be read: {exc}") from exc
    result = MarcResult()
    writer = _Writer(store, result, max(1, options.batch_size))
    wanted = frozenset(
        {"245", "100", "110", "700", "020", "082", "092", "050", "942", options.holdings.tag}
    )

    def report(done: int) -> None:
        if progress is not None:
            progress(done, total, result.records)

    def take(record: pymarc.Record | None, warnings: list[str], number: int) -> None:
        if record is None:
            result.problems.append(Problem(number, warnings[0] if warnings else "unreadable"))
            return
        rows, more, skip = extract(record, options, home)
        for text in warnings + more:
            result.problems.append(Problem(number, text, skipped=skip is not None))
        if skip is not None:
            result.problems.append(Problem(number, skip))
            return
        writer.add(rows, number)
        writer.maybe_flush()

    try:
        with path.open("rb") as fh, _quiet_pymarc():
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
                    record, warnings = _decode_binary(raw, wanted)
                    take(record, warnings, result.records)
            else:
                _read_xml(fh, result, take, wanted, cancel, report)
            writer.flush()
    except InteropError:
        raise
    except OSError as exc:
        raise InteropError(f"Reading {path} failed: {exc.strerror or exc}") from exc
    except SQLAlchemyError as exc:
        # Store failures (disk full, locked, ...): batches already committed stay.
        raise InteropError(
            f"The import stopped at record {result.records}: the store refused the write"
            f" ({exc}). {result.items_created + result.items_updated} items were saved before"
            " it; importing the file again is safe."
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


def _read_xml(
    fh: IO[bytes],
    result: MarcResult,
    take: Callable[[pymarc.Record | None, list[str], int], None],
    wanted: frozenset[str],
    cancel: threading.Event | None,
    report: Callable[[int], None],
) -> None:
    class Handler(XmlHandler):
        def __init__(self) -> None:
            super().__init__()

        def process_record(self, record: pymarc.Record) -> None:
            if cancel is not None and cancel.is_set():
                result.cancelled = True
                raise _Stop
            result.records += 1
            take(record, _field_warnings(record, wanted), result.records)

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
