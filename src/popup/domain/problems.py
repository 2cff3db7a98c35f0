"""One bad record or row of an imported file, shared by the laptop's imports
(:mod:`popup.interop`) and the sync server's (``popup-sync admin import-marc``,
``import-koha-patrons``), so both name a bad record the same way."""

from __future__ import annotations

from dataclasses import dataclass


class InteropError(Exception):
    """A file or store problem that stops the whole import or export (its ``str()`` is the
    message for staff; ``popup.interop`` re-exports it)."""


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
