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
