"""The annual survey's CSV: per chosen stop a row of its circulation (``event_type`` "stop
circulation": checkouts, returns, renewals, in_house_uses, new_patrons) and a row per event
(attendance by age band), totals last.

The table itself (columns, bands, totals) comes from :meth:`Events.survey_table`, built by the
rules in :mod:`popup.domain.attendance` (whose ``CIRCULATION_COLUMNS`` say what each
circulation column counts); this module only writes it, as UTF-8 with a BOM so spreadsheets
read accents.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from popup.store.events import Events


def write_survey_csv(events: Events, stop_ids: Sequence[str], path: str | Path) -> int:
    """Write the survey CSV of ``stop_ids`` to ``path``; returns how many events it lists.
    An unwritable path raises :class:`OSError`."""
    table = events.survey_table(stop_ids)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(table)
    sessions = table[0].index("sessions")
    # An event's row counts one session; a stop's circulation row counts none.
    return sum(1 for row in table[1:-3] if row[sessions] == "1")
