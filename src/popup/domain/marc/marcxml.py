"""Reading MARCXML with pymarc's streaming SAX handler, one malformed record at a time."""

from __future__ import annotations

import codecs
import re
import threading
import xml.sax
from collections.abc import Callable
from typing import IO, Any

import pymarc
from pymarc.exceptions import PymarcException
from pymarc.marcxml import XmlHandler

from popup.domain.marc.records import VALID_CODES, VALID_INDICATORS, Fields, MarcResult
from popup.domain.problems import InteropError, Problem


def xml_fields(record: pymarc.Record, wanted: frozenset[str]) -> tuple[Fields, list[str]]:
    """The fields read from a MARCXML record, with indicator and subfield-code checks."""
    fields: Fields = {}
    warnings: list[str] = []
    for fld in record.get_fields(*sorted(wanted)):
        if fld.is_control_field():
            continue
        for ind in (fld.indicator1, fld.indicator2):
            if len(ind or " ") != 1 or ord((ind or " ")[0]) not in VALID_INDICATORS:
                warnings.append(f"field {fld.tag} has bad indicators {fld.indicators!r}")
                break
        for sub in fld.subfields:
            if len(sub.code) != 1 or ord(sub.code[0]) not in VALID_CODES:
                warnings.append(f"field {fld.tag} has a bad subfield code {sub.code!r}")
        fields.setdefault(fld.tag, []).append([(s.code, s.value or "") for s in fld.subfields])
    return fields, warnings


class _Stop(Exception):
    pass


_DECLARATION = re.compile(
    rb"""^(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']"""
)


def declared_encoding(head: bytes) -> str:
    """The codec of the encoding the XML declaration at the start of ``head`` names (UTF-8
    when it names none). Koha and MarcEdit write ISO-8859-1 files that say so; reading them as
    UTF-8 garbles every accented letter. Raises :class:`LookupError` for a name Python does
    not know."""
    found = _DECLARATION.match(head)
    if found is None:
        return "utf-8"
    return codecs.lookup(found.group(1).decode("ascii")).name


class _Utf8Cleaner:
    """A byte stream re-encoded to UTF-8 from the file's declared ``encoding``, with bytes
    that are not of that encoding replaced, so one record with MARC-8 or Latin-1 bytes in a
    UTF-8 file does not make the rest of a MARCXML file unreadable. ``head``: bytes already
    read from ``fh``."""

    def __init__(
        self,
        fh: IO[bytes],
        on_read: Callable[[int], None],
        encoding: str = "utf-8",
        head: bytes = b"",
    ) -> None:
        self.fh = fh
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self.read_bytes = 0
        self.on_read = on_read
        self.replaced = False
        self.head = head

    def read(self, size: int = -1) -> bytes:
        block = self.head or self.fh.read(size if size and size > 0 else 1 << 16)
        self.head = b""
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


def read_xml(
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
            fields, warnings = xml_fields(record, wanted)
            take(fields, warnings, result.records)

    head = fh.read(1 << 12)
    try:
        encoding = declared_encoding(head)
    except LookupError:
        raise InteropError(
            "The XML declaration names an encoding Popup cannot read; save the file as UTF-8"
            " (or ISO-8859-1) and import it again. Nothing was imported."
        ) from None
    # The text reaches the parser as UTF-8 (source.setEncoding below overrides the
    # declaration it still carries).
    stream = _Utf8Cleaner(fh, report, encoding, head)
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
