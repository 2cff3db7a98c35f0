"""The annual survey's attendance CSV: one row per event of the chosen stops, totals last.

The table itself (columns, bands, totals) comes from :meth:`Events.survey_table`, built by the
rules in :mod:`popup.domain.attendance`; this module only writes it, as UTF-8 with a BOM so
spreadsheets read accents.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from popup.store.events import Events


def write_survey_csv(events: Events, stop_ids: Sequence[str], path: str | Path) -> int:
    """Write the survey CSV of ``stop_ids``' events to ``path``; returns the rows written
    after the header (the totals row included). An unwritable path raises :class:`OSError`."""
    table = events.survey_table(stop_ids)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(table)
    return len(table) - 1
