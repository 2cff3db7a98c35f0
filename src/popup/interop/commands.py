"""The ``popup`` subcommands for Koha/Evergreen interop.

::

    popup import-marc FILE [--holdings-tag 952] [--format auto|marc|marcxml] ...
    popup import-patrons FILE.csv [--date-format iso|us|metric|dmydot]
    popup export-patrons FILE.csv [--local-only] [--force] [--date-format ...] [--codes MAP.toml]
    popup export-koc FILE [--all] [--force]
    popup export-xacts FILE [--all] [--force] [--codes MAP.toml]
    popup attendance-csv FILE.csv [--from YYYY-MM-DD] [--to YYYY-MM-DD]

Each works on the store of ``popup --home DIR`` (or ``POPUP_HOME``). Exit codes: 0 done; 1 done,
with bad records or rows (each one listed on stderr) or notes staff must act on; 2 nothing
usable was done: the file is missing or unreadable, or the store could not be opened or
written (the message says which), or the work stopped on something unforeseen (one line
naming the file and the kind of failure, never a traceback). Exports refuse to replace an
existing file unless ``--force``: an earlier export may still be waiting to be uploaded.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from popup import paths
from popup.commands import command
from popup.interop import InteropError, Problem
from popup.interop.survey_csv import write_survey_csv
from popup.store.db import Store, StoreError
from popup.store.events import Events

if TYPE_CHECKING:
    from popup.interop.codes import CodeMap

log = logging.getLogger(__name__)


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def _warn(text: str) -> None:
    sys.stderr.write(text + "\n")


def _with_store(home: Path, file: Path, work: Callable[[Store], int]) -> int:
    """Open the store, run ``work`` on ``file``, and turn every failure into exit code 2 with
    one line on stderr: the known ones (:class:`InteropError`, :class:`StoreError`) with their
    message, anything else naming the file and the kind of failure, never a traceback. The
    text of an unexpected exception is neither shown nor logged: a database error's text
    carries the SQL's bound values (names, card numbers)."""
    try:
        store = Store.open(paths.store_file(home), paths.backups_dir(home))
    except StoreError as exc:
        _warn(f"popup: {exc}")
        return 2
    except Exception as exc:
        return _unexpected(file, exc)
    try:
        return work(store)
    except (InteropError, StoreError) as exc:
        _warn(f"popup: {exc}")
        return 2
    except Exception as exc:
        return _unexpected(file, exc)
    finally:
        store.close()


def _unexpected(file: Path, exc: Exception) -> int:
    kind = type(exc).__name__
    log.info("interop command stopped unexpectedly: %s", kind)  # the log file only
    _warn(
        f"popup: {file}: stopped unexpectedly ({kind}); nothing more was done. Anything"
        " reported as saved before it stays saved."
    )
    return 2


def _problems(problems: list[Problem], unit: str) -> None:
    for problem in problems:
        _warn(problem.describe(unit))


def _file_arg(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("file", metavar="FILE", type=Path, help=help_text)


def _subfield(value: str) -> str | None:
    if value in ("", "-", "none"):
        return None
    return value


# -- import-marc ------------------------------------------------------------------------------


def _configure_marc(parser: argparse.ArgumentParser) -> None:
    _file_arg(parser, "MARC21 file: binary (.mrc) or MARCXML")
    parser.add_argument(
        "--format", choices=("auto", "marc", "marcxml"), default="auto", help="default: sniff"
    )
    parser.add_argument(
        "--holdings-tag",
        default="952",
        metavar="TAG",
        help="field holding the items: 952 (Koha, the default) or 852",
    )
    parser.add_argument("--barcode-subfield", metavar="CODE", help="default: p")
    parser.add_argument(
        "--item-type-subfield", metavar="CODE", help="default: y for 952, none for 852 (- = none)"
    )
    parser.add_argument(
        "--call-number-subfields", metavar="CODES", help="e.g. hi; default: o for 952, hi for 852"
    )
    parser.add_argument(
        "--home-library-subfield", metavar="CODE", help="default: a for 952, b for 852 (- = none)"
    )
    parser.add_argument(
        "--default-item-type", default="BOOK", metavar="TYPE", help="when a record has none"
    )
    parser.add_argument(
        "--home-library", metavar="CODE", help="when an item has none (default: this library)"
    )


def _run_marc(args: argparse.Namespace, home: Path) -> int:
    from dataclasses import replace

    from popup.interop.marc import HoldingsMap, MarcOptions, import_marc

    try:
        holdings = HoldingsMap.for_tag(args.holdings_tag)
        changes: dict[str, object] = {}
        if args.barcode_subfield is not None:
            changes["barcode"] = args.barcode_subfield
        if args.item_type_subfield is not None:
            changes["item_type"] = _subfield(args.item_type_subfield)
        if args.call_number_subfields is not None:
            changes["call_number"] = tuple(args.call_number_subfields)
        if args.home_library_subfield is not None:
            changes["home_library"] = _subfield(args.home_library_subfield)
        holdings = replace(holdings, **changes)  # type: ignore[arg-type]
    except ValueError as exc:
        _warn(f"popup: {exc}")
        return 2
    options = MarcOptions(
        holdings=holdings,
        default_item_type=args.default_item_type,
        home_library=args.home_library,
    )
    if not args.file.is_file():
        _warn(f"popup: {args.file} does not exist or is not a file")
        return 2

    def work(store: Store) -> int:
        result = import_marc(store, args.file, options, file_format=args.format)
        _problems(result.problems, "record")
        _say(f"{args.file.name}: {result.summary()} in {result.seconds:.1f}s")
        return 0 if result.clean else 1

    return _with_store(home, args.file, work)


command("import-marc", "load items from a MARC21 file (binary or MARCXML)")(
    (_configure_marc, _run_marc)
)


# -- patrons ----------------------------------------------------------------------------------


def _date_format_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--date-format",
        choices=("iso", "us", "metric", "dmydot"),
        default="iso",
        help="dates as YYYY-MM-DD (iso, the default), MM/DD/YYYY (us), DD/MM/YYYY (metric) or"
        " DD.MM.YYYY (dmydot), as Koha's dateformat preference; never guessed",
    )


def _codes_arg(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--codes",
        type=Path,
        metavar="MAP.toml",
        help=f"mapping file translating Popup's category and library codes to {what}",
    )


def _load_codes(path: Path | None) -> CodeMap | None:
    from popup.interop.codes import load_codes

    return load_codes(path) if path is not None else None


def _configure_import_patrons(parser: argparse.ArgumentParser) -> None:
    _file_arg(parser, "Koha patron CSV (header row; cardnumber, surname, categorycode required)")
    _date_format_arg(parser)


def _run_import_patrons(args: argparse.Namespace, home: Path) -> int:
    from popup.interop.patrons_csv import import_patrons

    if not args.file.is_file():
        _warn(f"popup: {args.file} does not exist or is not a file")
        return 2

    def work(store: Store) -> int:
        result = import_patrons(store, args.file, date_format=args.date_format)
        _problems(result.problems, "row")
        if result.ignored_columns:
            _say(f"columns not used: {', '.join(result.ignored_columns)}")
        _say(f"{args.file.name}: {result.summary()}")
        return 1 if result.problems else 0

    return _with_store(home, args.file, work)


def _configure_export_patrons(parser: argparse.ArgumentParser) -> None:
    _file_arg(parser, "CSV file to write (Koha's patron import layout)")
    parser.add_argument(
        "--local-only", action="store_true", help="only patrons signed up on this laptop"
    )
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    _date_format_arg(parser)
    _codes_arg(parser, "Koha's")


def _run_export_patrons(args: argparse.Namespace, home: Path) -> int:
    from popup.interop.patrons_csv import write_patrons

    def work(store: Store) -> int:
        result = write_patrons(
            store,
            args.file,
            local_only=args.local_only,
            overwrite=args.force,
            date_format=args.date_format,
            codes=_load_codes(args.codes),
        )
        for note in result.notes:
            _warn(note)
        _say(f"{result.rows} patrons written to {args.file} ({', '.join(result.columns)})")
        return 1 if result.notes else 0

    return _with_store(home, args.file, work)


command("import-patrons", "load patrons from a Koha patron CSV")(
    (_configure_import_patrons, _run_import_patrons)
)
command("export-patrons", "write patrons as a Koha patron CSV")(
    (_configure_export_patrons, _run_export_patrons)
)


# -- offline circulation ----------------------------------------------------------------------


def _configure_export(parser: argparse.ArgumentParser) -> None:
    _file_arg(parser, "file to write")
    parser.add_argument(
        "--all", action="store_true", help="include actions already exported in this format"
    )
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def _configure_export_xacts(parser: argparse.ArgumentParser) -> None:
    _configure_export(parser)
    _codes_arg(parser, "Evergreen's ids (needed when the file holds sign-ups)")


def _run_export(kind: str) -> Callable[[argparse.Namespace, Path], int]:
    def run(args: argparse.Namespace, home: Path) -> int:
        from popup.interop.koc import export_koc
        from popup.interop.xacts import export_xacts

        def work(store: Store) -> int:
            if kind == "koc":
                result = export_koc(
                    store, args.file, include_exported=args.all, overwrite=args.force
                )
            else:
                result = export_xacts(
                    store,
                    args.file,
                    include_exported=args.all,
                    overwrite=args.force,
                    codes=_load_codes(args.codes),
                )
            for note in result.notes:
                _warn(note)
            _say(result.summary())
            return 1 if result.notes else 0

        return _with_store(home, args.file, work)

    return run


command("export-koc", "write the stop's circulation as a Koha offline file (KOC 1.0)")(
    (_configure_export, _run_export("koc"))
)
command("export-xacts", "write the stop's circulation as Evergreen's pending.xacts")(
    (_configure_export_xacts, _run_export("xacts"))
)


# -- the annual survey ---------------------------------------------------------------------------


def _survey_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date like 2026-07-01") from None


def _configure_attendance_csv(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("output", help="the CSV file to write")
    parser.add_argument("--from", dest="first", type=_survey_day, help="first day (YYYY-MM-DD)")
    parser.add_argument("--to", dest="last", type=_survey_day, help="last day (YYYY-MM-DD)")


def _run_attendance_csv(args: argparse.Namespace, home: Path) -> int:
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
            written = write_survey_csv(events, chosen, args.output)
        except OSError as exc:
            sys.stderr.write(f"popup: cannot write {args.output}: {exc.strerror}\n")
            return 2
    finally:
        store.close()
    sys.stdout.write(f"{len(chosen)} stops, {written} events written to {args.output}\n")
    return 0


command("attendance-csv", "write the attendance survey CSV for the stops in a period")(
    (_configure_attendance_csv, _run_attendance_csv)
)
