"""Patrons in and out as Koha's patron import CSV.

The file has a header row naming its columns, in any order; Popup reads ``cardnumber``,
``surname``, ``firstname``, ``dateofbirth``, ``branchcode``, ``categorycode``,
``dateenrolled``, ``dateexpiry``, ``email``, ``phone``, ``address``, ``city`` and ``zipcode``
and ignores any other column. ``cardnumber``, ``surname`` and ``categorycode`` are required.
Dates are ISO ``YYYY-MM-DD``, zero-padded, unless the import or export is told one of the other
layouts Koha's ``dateformat`` preference offers (:data:`DATE_FORMATS`): ``us`` (MM/DD/YYYY),
``metric`` (DD/MM/YYYY) or ``dmydot`` (DD.MM.YYYY). It is never guessed: 03/04/2026 is March
in one and April in the other. The file is UTF-8 (a byte-order mark is allowed); commas,
semicolons or tabs separate the cells.

Import
------
Each row is checked whole before anything of it is written: the card number against the
library's card format, the required cells, every date. A row with any error is reported with
its row number as a spreadsheet shows it (the header is row 1) and the column, and is not
imported; the other rows are. Valid rows are upserted by card number in one store
transaction, so a store failure writes none of them. Empty cells never erase what the store
already has.

What is kept (patron privacy)
-----------------------------
Circulation at a stop needs the card number, the name, the category, the home library and the
card expiry (blocks and fines come from the sync server). The laptop keeps personal details
(birth date, email, phone, address) only for patrons signed up on it, until the server has them
(see ``popup.store.models.Patron``). So an import does **not** store ``dateofbirth``,
``email``, ``phone``, ``address``, ``city``, ``zipcode`` or ``dateenrolled``; the birth date
only feeds the name + birth date match key (``popup.store.signup.stored_match_key``) that warns
about a duplicate sign-up, and is then dropped. That key is 4 bits of a keyed hash, shared by
~2,900 dates of a century, so the date cannot be read back from the store file. The name is kept
as "Surname, Firstname", so an export gives Koha back the same surname and first name.

Export
------
One row per patron, and only the columns Popup holds for *every* patron written. Koha's patron
import with "overwrite" replaces a patron's fields with the file's cells, so a blank email,
phone or address would wipe what Koha has. Popup holds the personal columns (``dateofbirth``,
``dateenrolled``, ``email``, ``phone``, ``address``) only for sign-ups whose details are still
on this laptop, and never ``city`` or ``zipcode`` (its address is one free text). So a file
with any downloaded patron (or a sign-up whose details went to the server) has cardnumber,
surname, firstname, branchcode, categorycode and dateexpiry only, and the export says how many
sign-ups' details were left out (``local_only`` writes them). A name without a comma (typed at
a sign-up as "Firstname Surname") is split at its last space. ``local_only`` exports just the
patrons signed up on this laptop, the usual way to hand sign-ups to Koha without the sync
server; import them into Koha before uploading the KOC file that lends to them.

A mapping file (:mod:`popup.interop.codes`) translates the category and library codes into
Koha's; a code it does not list is written as it is, and the export names it.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from popup.domain.cards import CardFormat, InvalidNumber
from popup.domain.due_dates import local_date
from popup.interop import InteropError, Problem
from popup.interop.codes import CodeMap, codes_or_default
from popup.interop.files import atomic_write
from popup.store.db import Store
from popup.store.library import load_config
from popup.store.models import Patron
from popup.store.signup import stored_match_key

log = logging.getLogger(__name__)

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


def import_patrons(store: Store, path: Path, date_format: str = "iso") -> PatronImportResult:
    """Import a Koha patron CSV. Raises :class:`InteropError` when the file cannot be used at
    all (unreadable, not UTF-8, no header, a required column missing) or the store fails.
    ``date_format``: how the file writes its dates (:data:`DATE_FORMATS`)."""
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
    try:
        with store.read() as session:
            config = load_config(session)
    except SQLAlchemyError as exc:
        raise InteropError(f"The store could not be read ({type(exc).__name__}).") from exc

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
        row, problems = _check_row(number, cells, config.card_format, date_format)
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

    try:
        _write(store, valid, config.library_code, result)
    except SQLAlchemyError as exc:
        # The exception's text carries the SQL's bound values (names, card numbers): only its
        # kind is shown and logged.
        log.info("patron CSV import refused by the store: %s", type(exc).__name__)
        raise InteropError(
            f"The database refused the patrons ({type(exc).__name__}); none of the"
            f" {len(valid)} valid rows were imported."
        ) from exc
    log.info(
        "patron CSV import: %d rows, %d created, %d updated, %d rejected",
        result.rows,
        result.created,
        result.updated,
        result.rejected_rows,
    )
    return result


def _write(store: Store, rows: list[_Row], library_code: str, result: PatronImportResult) -> None:
    now = datetime.now(UTC)
    with store.transaction() as session:
        existing = {
            p.card_number: p
            for at in range(0, len(rows), 900)
            for p in session.scalars(
                select(Patron).where(Patron.card_number.in_([r.card for r in rows[at : at + 900]]))
            )
        }
        for row in rows:
            patron = existing.get(row.card)
            if patron is None:
                surname = row.surname or ""
                patron = Patron(
                    card_number=row.card,
                    name=display_name(surname, row.firstname or ""),
                    category=row.category or "",
                    card_expiry=row.expiry,
                    home_library=row.branch or library_code,
                    fines_owed_cents=0,
                    manual_block=False,
                    temporary=False,
                    origin="download",
                    created_at=now,
                )
                session.add(patron)
                result.created += 1
            else:
                if row.surname:
                    old_surname, old_first = split_name(patron.name)
                    first = row.firstname if row.firstname is not None else old_first
                    patron.name = display_name(row.surname, first)
                elif row.firstname:
                    old_surname, _ = split_name(patron.name)
                    patron.name = display_name(old_surname, row.firstname)
                if row.category:
                    patron.category = row.category
                if row.expiry:
                    patron.card_expiry = row.expiry
                if row.branch:
                    patron.home_library = row.branch
                result.updated += 1
            if row.born is not None:
                surname, first = split_name(patron.name)
                # Keyed as typed at a sign-up ("Firstname Surname"); the duplicate check also
                # reads the kept "Surname, Firstname" that way (popup.domain.signup.same_name).
                patron.match_key = stored_match_key(session, f"{first} {surname}", row.born)


@dataclass
class PatronExportResult:
    rows: int = 0
    columns: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)


def _holds_personal(patron: Patron) -> bool:
    """Whether the store has this patron's personal details (a sign-up not yet erased)."""
    return patron.origin == "local" and patron.personal_erased_at is None


def export_patrons(
    store: Store,
    path: Path,
    local_only: bool = False,
    overwrite: bool = True,
    date_format: str = "iso",
    codes: CodeMap | None = None,
) -> int:
    """Write the store's patrons as a Koha patron CSV; returns the number of rows."""
    return write_patrons(store, path, local_only, overwrite, date_format, codes).rows


def write_patrons(
    store: Store,
    path: Path,
    local_only: bool = False,
    overwrite: bool = True,
    date_format: str = "iso",
    codes: CodeMap | None = None,
) -> PatronExportResult:
    """Write the store's patrons as a Koha patron CSV, only with the columns held for all."""
    if date_format not in DATE_FORMATS:
        raise InteropError(f"unknown date format {date_format!r}; use {', '.join(DATE_FORMATS)}")
    codes = codes_or_default(codes, store.path)
    try:
        with store.read() as session:
            zone = load_config(session).zone
            query = select(Patron).order_by(Patron.card_number)
            if local_only:
                query = query.where(Patron.origin == "local")
            patrons = list(session.scalars(query))
    except SQLAlchemyError as exc:
        raise InteropError(f"The store could not be read ({type(exc).__name__}).") from exc
    result = PatronExportResult(rows=len(patrons))
    personal = bool(patrons) and all(_holds_personal(p) for p in patrons)
    result.columns = tuple(
        c for c in COLUMNS if c in BASE_COLUMNS or (personal and c in PERSONAL_COLUMNS)
    )
    if not personal:
        held = sum(1 for p in patrons if _holds_personal(p))
        if held:
            result.notes.append(
                f"{held} sign-ups' birth date, email, phone and address are not in this file:"
                " Popup does not hold them for the other patrons, and a blank cell would wipe"
                " Koha's copy on overwrite. Export the sign-ups with --local-only."
            )
    categories = codes.koha_category if codes else {}
    branches = codes.koha_branch if codes else {}
    unmapped: set[str] = set()

    def koha(code: str, table: dict[str, str], kind: str) -> str:
        if codes is not None and code and code not in table:
            unmapped.add(f"{kind} {code}")
        return table.get(code, code)

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.columns)
    for p in patrons:
        surname, firstname = split_name(p.name)
        enrolled = local_date(p.created_at, zone) if p.created_at else None
        address = ", ".join(line.strip() for line in (p.address or "").splitlines() if line)
        cells = {
            "cardnumber": p.card_number,
            "surname": surname,
            "firstname": firstname,
            "dateofbirth": format_date(p.date_of_birth, date_format) if p.date_of_birth else "",
            "branchcode": koha(p.home_library, branches, "library"),
            "categorycode": koha(p.category, categories, "category"),
            "dateenrolled": format_date(enrolled, date_format) if enrolled else "",
            "dateexpiry": format_date(p.card_expiry, date_format) if p.card_expiry else "",
            "email": p.email or "",
            "phone": p.phone or "",
            "address": address,
        }
        writer.writerow([cells[c] for c in result.columns])
    if unmapped:
        result.notes.append(
            f"Not in the mapping file, written unchanged: {', '.join(sorted(unmapped))}."
        )
    # No byte-order mark: Koha would read it as part of the first column's name.
    atomic_write(path, buffer.getvalue().encode("utf-8"), overwrite=overwrite)
    log.info("patron CSV export: %d rows, %d columns", result.rows, len(result.columns))
    return result
