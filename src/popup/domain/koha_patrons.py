"""Reading Koha's patron import CSV into checked rows (pure: no store, no Qt).

The laptop's import (:mod:`popup.interop.patrons_csv`, whose docstring describes the file and
what is kept) and the sync server's (``popup-sync admin import-koha-patrons``) both read files
through :func:`read_patrons`, so they accept and refuse the same rows with the same problems.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from popup.domain.cards import CardFormat, InvalidNumber
from popup.domain.problems import InteropError, Problem

COLUMNS: tuple[str, ...] = (
    "cardnumber",
    "surname",
    "firstname",
    "dateofbirth",
    "branchcode",
    "categorycode",
    "dateenrolled",
    "dateexpiry",
    "email",
    "phone",
    "address",
    "city",
    "zipcode",
)
REQUIRED: tuple[str, ...] = ("cardnumber", "surname", "categorycode")
DATE_COLUMNS: tuple[str, ...] = ("dateofbirth", "dateenrolled", "dateexpiry")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Koha's ``dateformat`` layouts: name -> (pattern, strftime layout, as staff read it).
DATE_FORMATS: dict[str, tuple[re.Pattern[str], str, str]] = {
    "iso": (_ISO_DATE, "%Y-%m-%d", "YYYY-MM-DD"),
    "us": (re.compile(r"\d{2}/\d{2}/\d{4}"), "%m/%d/%Y", "MM/DD/YYYY"),
    "metric": (re.compile(r"\d{2}/\d{2}/\d{4}"), "%d/%m/%Y", "DD/MM/YYYY"),
    "dmydot": (re.compile(r"\d{2}\.\d{2}\.\d{4}"), "%d.%m.%Y", "DD.MM.YYYY"),
}
#: Always held for a patron in the store.
BASE_COLUMNS: tuple[str, ...] = (
    "cardnumber",
    "surname",
    "firstname",
    "branchcode",
    "categorycode",
    "dateexpiry",
)
#: Held only for a sign-up whose details are still on this laptop.
PERSONAL_COLUMNS: tuple[str, ...] = ("dateofbirth", "dateenrolled", "email", "phone", "address")
_LIMITS = {"surname": 100, "firstname": 100, "branchcode": 32, "categorycode": 32}


@dataclass
class PatronImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        return len({p.where for p in self.problems})

    def summary(self) -> str:
        return (
            f"{self.rows} rows read: {self.created} patrons added, {self.updated} updated,"
            f" {self.rejected_rows} rows not imported"
        )


@dataclass(frozen=True)
class _Row:
    number: int
    card: str
    surname: str | None
    firstname: str | None
    category: str | None
    branch: str | None
    expiry: date | None
    born: date | None


def display_name(surname: str, firstname: str) -> str:
    """How an imported name is kept: "Surname, Firstname" (or the surname alone)."""
    return f"{surname}, {firstname}" if firstname else surname


def split_name(name: str) -> tuple[str, str]:
    """``(surname, firstname)`` of a stored name, the inverse of :func:`display_name`."""
    if "," in name:
        surname, firstname = name.split(",", 1)
        return surname.strip(), firstname.strip()
    parts = name.strip().rsplit(" ", 1)
    if len(parts) == 1:
        return parts[0], ""
    return parts[1].strip(), parts[0].strip()


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InteropError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InteropError(
            f"{path.name} is not UTF-8 text (line {line} has a byte that is not UTF-8). Save it"
            " from the spreadsheet as “CSV UTF-8” and import it again; nothing was imported."
        ) from None


def _delimiter(header_line: str) -> str:
    def known(delim: str) -> int:
        return sum(cell.strip().strip('"').lower() in COLUMNS for cell in header_line.split(delim))

    return max((",", ";", "\t"), key=known)


def _parse_date(text: str, date_format: str = "iso") -> date:
    pattern, layout, shown = DATE_FORMATS[date_format]
    if not pattern.fullmatch(text):
        raise ValueError(f"“{text}” is not a date written {shown} (zero-padded)")
    try:
        return datetime.strptime(text, layout).date()
    except ValueError:
        raise ValueError(f"“{text}” is not a real date") from None


def format_date(day: date, date_format: str = "iso") -> str:
    """``day`` in one of Koha's layouts (:data:`DATE_FORMATS`)."""
    return day.strftime(DATE_FORMATS[date_format][1])


def _check_row(
    number: int, cells: dict[str, str], fmt: CardFormat, date_format: str = "iso"
) -> tuple[_Row | None, list[Problem]]:
    problems: list[Problem] = []

    def bad(column: str, reason: str) -> None:
        problems.append(Problem(number, reason, column=column))

    card = cells.get("cardnumber", "")
    for column in REQUIRED:
        if column in cells and not cells[column]:
            bad(column, f"{column} is required and is empty")
    if card:
        try:
            card = fmt.validate_patron(card)
        except InvalidNumber as exc:
            bad("cardnumber", f"not a patron card number of this library: {exc}")
    for column, limit in _LIMITS.items():
        if len(cells.get(column, "")) > limit:
            bad(column, f"{column} is longer than {limit} characters")
    dates: dict[str, date | None] = {}
    for column in DATE_COLUMNS:
        text = cells.get(column, "")
        dates[column] = None
        if text:
            try:
                dates[column] = _parse_date(text, date_format)
            except ValueError as exc:
                bad(column, str(exc))
    if problems:
        return None, problems
    return (
        _Row(
            number=number,
            card=card,
            surname=cells.get("surname") or None,
            firstname=cells.get("firstname") or None,
            category=cells.get("categorycode") or None,
            branch=cells.get("branchcode") or None,
            expiry=dates["dateexpiry"],
            born=dates["dateofbirth"],
        ),
        [],
    )


def read_patrons(
    path: Path, fmt: CardFormat, date_format: str = "iso"
) -> tuple[PatronImportResult, list[_Row]]:
    """The rows of a Koha patron CSV that pass every check (the first row of a card number
    repeated), and the result with each refused row's problems. Raises :class:`InteropError`
    when the file cannot be used at all (unreadable, not UTF-8, no header, a required column
    missing). ``date_format``: how the file writes its dates (:data:`DATE_FORMATS`)."""
    if date_format not in DATE_FORMATS:
        raise InteropError(f"unknown date format {date_format!r}; use {', '.join(DATE_FORMATS)}")
    text = _decode(path)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        header = next(reader)
    except StopIteration:
        raise InteropError(f"{path.name} is empty: there is no header row.") from None
    except csv.Error as exc:
        raise InteropError(f"{path.name}: the header row cannot be read ({exc}).") from None
    names = [h.strip().lower() for h in header]
    result = PatronImportResult()
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in COLUMNS:
            if name in positions:
                raise InteropError(
                    f"{path.name}: the header names the column “{name}” twice; nothing was"
                    " imported."
                )
            positions[name] = index
        elif name:
            result.ignored_columns.append(header[index].strip())
    missing = [c for c in REQUIRED if c not in positions]
    if missing:
        raise InteropError(
            f"{path.name}: the header row has no {', '.join(missing)} column"
            f"{'s' if len(missing) > 1 else ''} (Koha's patron CSV needs cardnumber, surname and"
            " categorycode); nothing was imported."
        )
    valid: list[_Row] = []
    first_row_of: dict[str, int] = {}
    number = 1
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            result.problems.append(Problem(number + 1, f"the row cannot be read ({exc})"))
            break
        number += 1
        if not any(cell.strip() for cell in raw):
            continue  # blank line
        result.rows += 1
        cells = {name: (raw[i].strip() if i < len(raw) else "") for name, i in positions.items()}
        row, problems = _check_row(number, cells, fmt, date_format)
        if row is not None and row.card in first_row_of:
            problems = [
                Problem(
                    number,
                    f"card {row.card} is also on row {first_row_of[row.card]}; only that row"
                    " is imported",
                    column="cardnumber",
                )
            ]
            row = None
        result.problems.extend(problems)
        if row is not None:
            first_row_of[row.card] = number
            valid.append(row)

    return result, valid
