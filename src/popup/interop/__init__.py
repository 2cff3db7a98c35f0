"""Reading and writing what Koha and Evergreen already use (Qt-free).

* :mod:`popup.interop.marc` loads the bookmobile's collection from MARC21 (binary or MARCXML).
* :mod:`popup.interop.patrons_csv` reads and writes Koha's patron import CSV.
* :mod:`popup.interop.koc` writes Koha's offline circulation file (KOC 1.0).
* :mod:`popup.interop.xacts` writes Evergreen's offline ``pending.xacts``.
* :mod:`popup.interop.codes` reads the file mapping Popup's category and library codes to the
  ILS's (``--codes``, or ``ils-codes.toml`` in the data directory).
* :mod:`popup.interop.commands` registers the ``popup`` subcommands.

Every reader reports bad input one record or row at a time (:class:`Problem`) and goes on; a
file that cannot be used at all raises :class:`InteropError`, whose ``str()`` is the message
for staff.
"""

from __future__ import annotations

from dataclasses import dataclass


class InteropError(Exception):
    """A file or store problem that stops the whole import or export."""


@dataclass(frozen=True)
class Problem:
    """One bad record (MARC) or row (CSV), located the way staff will look for it.

    ``where`` is the 1-based record number in the MARC file, or the spreadsheet row number of
    a CSV file (the header is row 1). ``skipped`` says whether nothing of it was imported.
    """

    where: int
    reason: str
    skipped: bool = True
    column: str | None = None

    def describe(self, unit: str) -> str:
        place = f"{unit} {self.where}"
        if self.column:
            place += f", column {self.column}"
        verdict = "not imported" if self.skipped else "imported with a warning"
        return f"{place}: {self.reason} ({verdict})"
