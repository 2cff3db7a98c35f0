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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from popup.domain.due_dates import local_date
from popup.domain.koha_patrons import (
    BASE_COLUMNS,
    COLUMNS,
    DATE_COLUMNS,
    DATE_FORMATS,
    PERSONAL_COLUMNS,
    REQUIRED,
    PatronImportResult,
    _Row,
    display_name,
    format_date,
    read_patrons,
    split_name,
)
from popup.domain.staff import Capability
from popup.interop import InteropError
from popup.interop.codes import CodeMap, codes_or_default
from popup.interop.files import atomic_write
from popup.store.db import Store
from popup.store.library import load_config
from popup.store.models import Patron
from popup.store.signup import stored_match_key
from popup.store.staff import require

log = logging.getLogger(__name__)

__all__ = [
    "BASE_COLUMNS",
    "COLUMNS",
    "DATE_COLUMNS",
    "DATE_FORMATS",
    "PERSONAL_COLUMNS",
    "REQUIRED",
    "PatronImportResult",
    "display_name",
    "export_patrons",
    "format_date",
    "import_patrons",
    "split_name",
    "write_patrons",
]


def import_patrons(store: Store, path: Path, date_format: str = "iso") -> PatronImportResult:
    """Import a Koha patron CSV. Raises :class:`InteropError` when the file cannot be used at
    all (unreadable, not UTF-8, no header, a required column missing) or the store fails.
    ``date_format``: how the file writes its dates (:data:`DATE_FORMATS`)."""
    require(store, Capability.EXPORT)
    try:
        with store.read() as session:
            config = load_config(session)
    except SQLAlchemyError as exc:
        raise InteropError(f"The store could not be read ({type(exc).__name__}).") from exc

    result, valid = read_patrons(path, config.card_format, date_format)

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
    require(store, Capability.EXPORT)
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
