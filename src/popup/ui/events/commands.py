"""``popup attendance-csv``: the survey CSV for every stop in a period, without a window.

Survey season needs a year of stops in one file; the Stop report page exports one stop.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from popup import paths
from popup.cli import command
from popup.store.db import Store, StoreError
from popup.store.events import Events


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date like 2026-07-01") from None


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("output", help="the CSV file to write")
    parser.add_argument("--from", dest="first", type=_day, help="first day (YYYY-MM-DD)")
    parser.add_argument("--to", dest="last", type=_day, help="last day (YYYY-MM-DD)")


def _run(args: argparse.Namespace, home: Path) -> int:
    if args.first and args.last and args.last < args.first:
        sys.stderr.write("popup: --to is before --from; nothing was written.\n")
        return 2
    try:
        store = Store.open(paths.store_file(home), paths.backups_dir(home))
    except StoreError as exc:
        sys.stderr.write(f"popup: {exc}\n")
        return 2
    try:
        events = Events(store)
        zone = events.config.zone
        chosen = []
        for stop in events.stops():
            if stop.starts_at is None:
                if args.first or args.last:
                    continue  # an unscheduled stop has no day to match the period
            else:
                day = stop.starts_at.astimezone(zone).date()
                if (args.first and day < args.first) or (args.last and day > args.last):
                    continue
            chosen.append(stop.id)
        try:
            rows = events.write_survey_csv(chosen, args.output)
        except OSError as exc:
            sys.stderr.write(f"popup: cannot write {args.output}: {exc.strerror}\n")
            return 2
    finally:
        store.close()
    sys.stdout.write(f"{len(chosen)} stops, {rows - 3} events written to {args.output}\n")
    return 0


command("attendance-csv", "write the attendance survey CSV for the stops in a period")(
    (_configure, _run)
)
