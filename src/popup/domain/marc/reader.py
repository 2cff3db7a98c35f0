"""The record loop: a MARC file read record by record into item rows and problems.

Shared by the laptop's import (:mod:`popup.interop.marc`, which writes the rows to its store)
and the sync server's (``popup-sync admin import-marc``), so both read a file the same way and
report the same problems. Nothing here writes anything: each record's rows go to ``on_rows``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from popup.domain.marc.binary import decode_binary, split
from popup.domain.marc.extract import extract
from popup.domain.marc.marcxml import read_xml
from popup.domain.marc.records import Fields, ItemRow, MarcOptions, MarcResult
from popup.domain.problems import Problem

#: Called with one record's item rows and its 1-based record number.
OnRows = Callable[[list[ItemRow], int], None]


def sniff_format(path: Path) -> str:
    """``"marcxml"`` or ``"marc"`` from the first bytes of the file."""
    with path.open("rb") as fh:
        head = fh.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    return "marcxml" if head.startswith(b"<") else "marc"


def read_items(
    path: Path,
    kind: str,
    options: MarcOptions,
    home: str,
    result: MarcResult,
    on_rows: OnRows,
    report: Callable[[int], None],
    cancel: threading.Event | None = None,
) -> bool:
    """Read ``path`` (``kind`` "marc" or "marcxml"): counts records and notes problems in
    ``result``, hands each record's item rows to ``on_rows``, calls ``report(bytes_read)``.

    Returns whether the whole file was read: False when it was cancelled, ends in the middle
    of a record, or its XML breaks off (what follows is unknown, so the server withdraws no
    item for being absent from it). Raises ``OSError`` when the file cannot be read."""
    wanted = frozenset(
        {"245", "100", "110", "700", "020", "082", "092", "050", "942", options.holdings.tag}
    )

    wanted_bytes = frozenset(tag.encode("ascii") for tag in wanted)

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
        on_rows(rows, number)

    with path.open("rb") as fh:
        if kind == "marc":
            for raw, complete in split(fh, report):
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
                    return False
                fields, warnings = decode_binary(raw, wanted_bytes)
                take(fields, warnings, result.records)
        else:
            read_xml(fh, result, take, wanted, cancel, report)
            # A well-formedness error is noted at the record after the last one read.
            if any(p.where > result.records for p in result.problems):
                return False
    return not result.cancelled
