"""Reading binary MARC21 (ISO 2709): records split on their terminator, leader and directory
checked, and only the fields read decoded (MARC-8 with pymarc's converter)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import IO

from pymarc.marc8 import marc8_to_unicode

from popup.domain.marc.records import VALID_CODES, VALID_INDICATORS, Fields

RECORD_END = 0x1D
FIELD_END = 0x1E
SUBFIELD = 0x1F
LEADER_LEN = 24
_ENTRY = re.compile(rb"([0-9A-Za-z]{3})([0-9]{4})([0-9]{5})")


def split(fh: IO[bytes], on_block: Callable[[int], None]) -> Iterator[tuple[bytes, bool]]:
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


#: The largest record ISO 2709 can describe: the leader's length has five digits.
MAX_RECORD = 99_999


def _length_warnings(declared: int, actual: int) -> list[str]:
    """Warnings for a record whose leader gives the wrong length: it is read up to its record
    terminator (MARC::File::USMARC warns and reads it too). Records over 99,999 bytes (Koha's
    with hundreds of items) cannot be written right in ISO 2709 at all."""
    warnings = []
    if declared != actual:
        warnings.append(
            f"wrong record length: the leader says {declared} bytes, the record has {actual};"
            " it was read up to its record terminator"
        )
    if actual > MAX_RECORD:
        warnings.append(
            f"the record has {actual} bytes, more than ISO 2709 can describe ({MAX_RECORD});"
            " export such records as MARCXML"
        )
    return warnings


def _directory_fields(chunk: bytes, base: int) -> tuple[str | None, list[tuple[bytes, int, int]]]:
    """``(fatal reason, [(tag, start, end)])`` of the fields as the directory places them."""
    directory = chunk[LEADER_LEN : base - 1]
    if len(directory) % 12:
        return f"damaged directory: {len(directory)} bytes is not a whole number of entries", []
    entries = _ENTRY.findall(directory)
    if len(entries) * 12 != len(directory):
        for at in range(0, len(directory), 12):
            if not _ENTRY.fullmatch(directory[at : at + 12]):
                return f"damaged directory entry {at // 12 + 1} ({directory[at : at + 12]!r})", []
    located = []
    last = len(chunk) - 1
    for raw_tag, length, offset in entries:
        start = base + int(offset)
        end = start + int(length)
        if end <= start or end > last:
            tag = raw_tag.decode("ascii")
            where = "is zero" if end == start else "runs past the end of the record"
            return f"wrong length for field {tag}: it {where}", []
        if chunk[end - 1] != FIELD_END:
            tag = raw_tag.decode("ascii")
            return f"wrong length for field {tag}: it does not end with a field terminator", []
        located.append((raw_tag, start, end))
    return None, located


_TAG = re.compile(rb"[0-9A-Za-z]{3}")


def _fields_by_terminator(chunk: bytes, base: int) -> list[tuple[bytes, int, int]] | None:
    """The fields of a record whose directory numbers overflowed, or None.

    A record over 99,999 bytes has fields past offset 99,999, and MARC::Record (which Koha's
    export uses) writes those offsets with six digits, so every later directory entry is 13
    bytes and the directory no longer reads in steps of 12. The data area still holds the
    fields one after the other, each ending with a field terminator: each field is paired with
    the directory entry that says its length and offset (in as many digits as they need). Any
    entry that does not match means the directory describes something else, and nothing is
    recovered.
    """
    directory = chunk[LEADER_LEN : base - 1]
    pieces = chunk[base:-1].split(b"\x1e")
    if len(pieces) < 2 or pieces[-1]:
        return None
    located = []
    at = offset = 0
    for piece in pieces[:-1]:
        length = len(piece) + 1
        numbers = b"%04d%05d" % (length, offset)
        tag = directory[at : at + 3]
        if not _TAG.fullmatch(tag) or directory[at + 3 : at + 3 + len(numbers)] != numbers:
            return None
        located.append((tag, base + offset, base + offset + length))
        at += 3 + len(numbers)
        offset += length
    return located if at == len(directory) else None


def _check_structure(
    chunk: bytes, wanted: frozenset[bytes]
) -> tuple[str | None, list[str], list[tuple[str, bytes]]]:
    """``(fatal reason, warnings, fields)`` from the leader and directory of one raw record.

    ``fields`` are the ``(tag, bytes)`` of the fields in ``wanted`` (without the terminator);
    their indicators and subfield codes are checked. Every directory entry must point inside
    the record and end on a field terminator, or the record is refused: a wrong length would
    otherwise shift text from one field into another. A wrong record length in the leader,
    and a directory whose numbers overflowed (:func:`_fields_by_terminator`), are read with a
    warning.
    """
    if len(chunk) < LEADER_LEN + 2:
        return f"record too short to hold a leader ({len(chunk)} bytes)", [], []
    head = chunk[:5]
    if not head.isdigit():
        return f"the record length in the leader is not a number ({head!r})", [], []
    warnings = _length_warnings(int(head), len(chunk))
    base_text = chunk[12:17]
    if not base_text.isdigit():
        return f"the base address in the leader is not a number ({base_text!r})", [], []
    base = int(base_text)
    if not LEADER_LEN < base < len(chunk) or chunk[base - 1] != FIELD_END:
        return f"wrong base address of data ({base}): the directory does not end there", [], []
    fatal, located = _directory_fields(chunk, base)
    if fatal is not None:
        recovered = _fields_by_terminator(chunk, base)
        if recovered is None:
            return fatal, [], []
        located = recovered
        warnings.append(
            "the directory's lengths or offsets overflowed their digits; the fields were read"
            " by their terminators"
        )
    fields = [
        (tag.decode("ascii"), chunk[start : end - 1])
        for tag, start, end in located
        if tag in wanted
    ]
    for tag, data in fields:
        if tag < "010":
            continue
        pieces = data.split(b"\x1f")
        lead = pieces[0]
        if len(pieces) == 1:
            warnings.append(f"field {tag} has no subfields")
        elif len(lead) != 2:
            warnings.append(f"field {tag} has {len(lead)} indicator characters instead of 2")
        elif lead[0] not in VALID_INDICATORS or lead[1] not in VALID_INDICATORS:
            warnings.append(f"field {tag} has bad indicators {lead.decode('latin-1')!r}")
        for piece in pieces[1:]:
            if not piece or piece[0] not in VALID_CODES:
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


def decode_binary(raw: bytes, wanted: frozenset[bytes]) -> tuple[Fields | None, list[str]]:
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
