"""What the library system exports, imported as the server's items and patrons (#18).

``popup-sync admin import-marc`` reads binary MARC21 or MARCXML with Koha 952 or MARC 852
holdings (one item per holdings field with a barcode) and ``import-koha-patrons`` Koha's patron
CSV, both with the laptop's parsers (:mod:`popup.domain.marc`, :mod:`popup.domain.koha_patrons`):
the same rows are taken and the same bad records reported, by record or row and field.

Made for a nightly job:

* The file is read whole first; then every change is written in one transaction, so a
  failure leaves the server as it was and running the job again is safe.
* Idempotent: a row whose served fields already have the file's values is not written and not
  logged, so importing the same file twice changes nothing and devices download nothing.
* The rows an import brings in are its own (``ils_source``). Those of them missing from a
  later file of the same kind are withdrawn, never deleted: an item gets the status
  "withdrawn", a patron a block with :data:`WITHDRAWN_REASON`, and both reach the laptops as
  not lendable. A row under an open loan is left as it is (and counted) until its loans are
  closed; a later import withdraws it then. A row that comes back is restored. Nothing is
  withdrawn when the file was not read to its end (cut off, broken XML) or gave no rows.
* An existing item keeps its circulation state: the file's status (available, lost,
  withdrawn, ...) is applied unless the item is on loan here.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from popup.domain.circulation import ItemStatus
from popup.domain.koha_patrons import display_name, read_patrons, split_name
from popup.domain.marc.reader import read_items, sniff_format
from popup.domain.marc.records import ItemRow, MarcOptions, MarcResult
from popup.domain.problems import InteropError, Problem
from popup.domain.protocol.entities import Entity
from popup.domain.signup import match_key
from popup_sync import changes
from popup_sync.crud import AdminError, card_format, now_utc
from popup_sync.models import Item, Library, Loan, Patron, PatronAlias

MARC = "marc"
KOHA = "koha"
#: The block a patron missing from the library system's export gets (laptops show it).
WITHDRAWN_REASON = "No longer in the library system's patron export"
#: How many keys of rows kept under an open loan a summary names.
_NAMED = 10

#: The item columns devices download (a change to any of them is logged).
_ITEM_SERVED = ("title", "author", "isbn", "call_number", "item_type", "home_library", "status")
#: The item columns an import reads back: the barcode, the served ones, its own two.
_ITEM_KEPT = ("barcode", *_ITEM_SERVED, "ils_source", "withdrawn_at")


class Progress:
    """A progress line on stderr, at most every ``every`` seconds and once at the end."""

    def __init__(self, label: str, out: Any = None, every: float = 2.0) -> None:
        self.label = label
        self.out = out if out is not None else sys.stderr
        self.every = every
        self._last = 0.0

    def __call__(self, text: str, final: bool = False) -> None:
        now = time.monotonic()
        if final or now - self._last >= self.every:
            self._last = now
            print(f"{self.label}: {text}", file=self.out, flush=True)


@dataclass
class Outcome:
    """What an import did, counted per row (item or patron)."""

    unit: str
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    restored: int = 0
    #: Keys missing from the file but under an open loan: withdrawn once it is closed.
    kept_on_loan: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    complete: bool = True
    withdraw: bool = True
    #: How many would have been withdrawn when that was over the allowed share (none were).
    too_many: int = 0
    allowed: int = 0

    @property
    def refused(self) -> int:
        return len({p.where for p in self.problems if p.skipped})

    def lines(self, where: str) -> list[str]:
        """Each problem (``where``: "record" or "row"), then the summary."""
        out = [p.describe(where) for p in self.problems]
        out.append(
            f"{self.read} {where}s read: {self.created} {self.unit}s added, {self.updated}"
            f" updated, {self.unchanged} unchanged, {self.restored} restored, {self.withdrawn}"
            f" withdrawn (missing from the file), {self.refused} {where}s not imported,"
            f" {len(self.problems)} problems"
        )
        if self.kept_on_loan:
            named = ", ".join(self.kept_on_loan[:_NAMED])
            more = len(self.kept_on_loan) - _NAMED
            out.append(
                f"{len(self.kept_on_loan)} {self.unit}s missing from the file are on loan and"
                f" were not withdrawn: {named}{f' and {more} more' if more > 0 else ''}"
            )
        if not self.withdraw:
            out.append(f"No {self.unit} was withdrawn: --keep-missing was given.")
        elif self.too_many:
            out.append(
                f"No {self.unit} was withdrawn: {self.too_many} are missing from the file, more"
                f" than the {self.allowed} allowed (--max-withdraw-percent); is the export"
                " complete?"
            )
        elif not self.complete:
            out.append(
                f"No {self.unit} was withdrawn: the file was not read to its end, so what it"
                " lacks is unknown."
            )
        return out


# -- MARC ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedItems:
    rows: dict[str, ItemRow]
    result: MarcResult
    complete: bool


def read_marc(
    path: Path, options: MarcOptions, home: str, progress: Progress, file_format: str = "auto"
) -> ParsedItems:
    """The item rows of a MARC file by barcode (a later record's barcode replaces an earlier
    one's, as on the laptop), its problems and whether it was read to the end."""
    try:
        total = path.stat().st_size
        kind = sniff_format(path) if file_format == "auto" else file_format
    except OSError as exc:
        raise AdminError(f"cannot read {path}: {exc.strerror or exc}") from None
    result = MarcResult()
    rows: dict[str, ItemRow] = {}
    seen: dict[str, int] = {}

    def add(found: list[ItemRow], number: int) -> None:
        for row in found:
            earlier = seen.get(row.barcode)
            if earlier is not None:
                result.problems.append(
                    Problem(
                        number,
                        f"barcode {row.barcode} is also in record {earlier}; this record's"
                        " details replace it",
                        skipped=False,
                    )
                )
            seen[row.barcode] = number
            rows[row.barcode] = row

    def report(done: int) -> None:
        share = f" ({100 * done // total}%)" if total else ""
        progress(f"{result.records} records read, {len(rows)} items{share}")

    try:
        complete = read_items(path, kind, options, home, result, add, report)
    except OSError as exc:
        raise AdminError(f"reading {path} failed: {exc.strerror or exc}") from None
    except InteropError as exc:  # the file cannot be used at all (an unknown XML encoding)
        raise AdminError(str(exc)) from None
    progress(f"{result.records} records read, {len(rows)} items (100%)", final=True)
    return ParsedItems(rows, result, complete)


def apply_items(
    session: Session,
    library: Library,
    parsed: ParsedItems,
    *,
    withdraw: bool,
    progress: Progress,
    max_withdraw: float = 0.1,
) -> Outcome:
    """Write the parsed items of ``library``; see the module's docstring for the rules."""
    outcome = Outcome(
        "item",
        read=parsed.result.records,
        problems=list(parsed.result.problems),
        complete=parsed.complete,
        withdraw=withdraw,
    )
    now = now_utc()
    # Plain rows, compared here; only the items that differ are written (a nightly run of an
    # unchanged 120,000-item file loaded ORM objects for 7 s while holding the write lock).
    existing = {
        row.barcode: row
        for row in session.execute(
            select(Item.id, *(getattr(Item, name) for name in _ITEM_KEPT)).where(
                Item.library_id == library.id
            )
        )
    }
    on_loan = set(
        session.scalars(
            select(Loan.item_id)
            .join(Item, Item.id == Loan.item_id)
            .where(Item.library_id == library.id, Loan.returned_at.is_(None))
        )
    )
    new: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for done, (barcode, row) in enumerate(parsed.rows.items(), start=1):
        if done % 20000 == 0:
            progress(f"{done} of {len(parsed.rows)} items compared")
        values: dict[str, Any] = {
            "title": row.title,
            "author": row.author,
            "isbn": row.isbn,
            "call_number": row.call_number,
            "item_type": row.item_type,
            "home_library": row.home_library,
            "status": row.status,
            "ils_source": MARC,
            "withdrawn_at": None,
        }
        item = existing.get(barcode)
        if item is None:
            new.append({"library_id": library.id, "barcode": barcode, "on_hold": False, **values})
            changes.record(session, library.id, Entity.ITEM, barcode)
            outcome.created += 1
            continue
        if item.id in on_loan:  # its circulation state is the server's: on loan stays on loan
            values["status"] = item.status
        served = any(getattr(item, name) != values[name] for name in _ITEM_SERVED)
        if item.withdrawn_at is not None:
            outcome.restored += 1
        elif served:
            outcome.updated += 1
        else:
            outcome.unchanged += 1
        if any(getattr(item, name) != values[name] for name in _ITEM_KEPT[1:]):
            changed.append({"id": item.id, **values})
        if served:
            changes.record(session, library.id, Entity.ITEM, barcode)
    for at in range(0, len(new), 5000):  # Core inserts: a first import adds ~100,000 rows
        session.execute(insert(Item), new[at : at + 5000])
    for at in range(0, len(changed), 5000):  # by primary key
        session.execute(update(Item), changed[at : at + 5000])
    if withdraw and parsed.complete and parsed.rows:
        missing = [
            item
            for barcode, item in existing.items()
            if item.ils_source == MARC and item.withdrawn_at is None and barcode not in parsed.rows
        ]
        if _allowed(outcome, missing, existing.values(), MARC, max_withdraw):
            gone: list[dict[str, Any]] = []
            for item in missing:
                if item.id in on_loan:
                    outcome.kept_on_loan.append(item.barcode)
                    continue
                outcome.withdrawn += 1
                gone.append(
                    {"id": item.id, "status": ItemStatus.WITHDRAWN.value, "withdrawn_at": now}
                )
                if item.status != ItemStatus.WITHDRAWN.value:
                    changes.record(session, library.id, Entity.ITEM, item.barcode)
            for at in range(0, len(gone), 5000):
                session.execute(update(Item), gone[at : at + 5000])
    return outcome


# -- Koha patrons -------------------------------------------------------------------------------


def apply_patrons(
    session: Session,
    library: Library,
    path: Path,
    *,
    withdraw: bool,
    progress: Progress,
    max_withdraw: float = 0.1,
    date_format: str = "iso",
) -> Outcome:
    """Read a Koha patron CSV with the laptop's checks and write its patrons to ``library``.

    As on the laptop, an empty cell never erases what the server has, and the name is kept as
    "Surname, Firstname". A row whose card is a merged or replaced patron's old number (an
    alias here) is refused: it would give that card to a second patron."""
    try:
        result, rows = read_patrons(path, card_format(library), date_format)
    except InteropError as exc:
        raise AdminError(str(exc)) from None
    progress(f"{result.rows} rows read, {len(rows)} valid", final=True)
    outcome = Outcome("patron", read=result.rows, problems=list(result.problems), withdraw=withdraw)
    now = now_utc()
    existing = {
        p.card_number: p
        for p in session.scalars(select(Patron).where(Patron.library_id == library.id))
    }
    aliases = dict(
        session.execute(
            select(PatronAlias.card_number, PatronAlias.patron_id).where(
                PatronAlias.library_id == library.id
            )
        ).all()
    )
    with_loans = set(
        session.scalars(
            select(Loan.patron_id)
            .join(Patron, Patron.id == Loan.patron_id)
            .where(Patron.library_id == library.id, Loan.returned_at.is_(None))
        )
    )
    in_file: set[str] = set()
    for done, row in enumerate(rows, start=1):
        if done % 5000 == 0:
            progress(f"{done} of {len(rows)} patrons written")
        patron = existing.get(row.card)
        if patron is None and row.card in aliases:
            outcome.problems.append(
                Problem(
                    row.number,
                    f"card {row.card} is an old number of another patron (merged or replaced);"
                    " it is not given to a second patron",
                    column="cardnumber",
                )
            )
            continue
        in_file.add(row.card)
        if patron is None:
            surname = row.surname or ""
            name = display_name(surname, row.firstname or "")
            session.add(
                Patron(
                    library_id=library.id,
                    card_number=row.card,
                    name=name[:200],
                    category=(row.category or "").upper(),
                    card_expiry=row.expiry,
                    fines_owed_cents=0,
                    manual_block=False,
                    home_library=row.branch or library.code,
                    temporary=False,
                    match_key=match_key(f"{row.firstname or ''} {surname}", row.born),
                    created_at=now,
                    ils_source=KOHA,
                )
            )
            changes.record(session, library.id, Entity.PATRON, row.card)
            outcome.created += 1
            continue
        wanted: dict[str, Any] = {}
        old_surname, old_first = split_name(patron.name)
        if row.surname:
            first = row.firstname if row.firstname is not None else old_first
            wanted["name"] = display_name(row.surname, first)[:200]
        elif row.firstname:
            wanted["name"] = display_name(old_surname, row.firstname)[:200]
        if row.category:
            wanted["category"] = row.category.upper()
        if row.expiry:
            wanted["card_expiry"] = row.expiry
        if row.branch:
            wanted["home_library"] = row.branch
        restored = patron.withdrawn_at is not None
        if restored and patron.manual_block and patron.block_reason == WITHDRAWN_REASON:
            wanted["manual_block"], wanted["block_reason"] = False, None
        served = any(getattr(patron, k) != v for k, v in wanted.items())
        for k, v in wanted.items():
            if getattr(patron, k) != v:
                setattr(patron, k, v)
        if row.born is not None:
            surname, first = split_name(patron.name)
            patron.match_key = match_key(f"{first} {surname}", row.born)
        patron.ils_source, patron.withdrawn_at = KOHA, None
        if restored:
            outcome.restored += 1
        elif served:
            outcome.updated += 1
        else:
            outcome.unchanged += 1
        if served:
            changes.record(session, library.id, Entity.PATRON, row.card)
    # A row the csv module could not read ends the file early: what follows is unknown.
    outcome.complete = not any(
        p.reason.startswith("the row cannot be read") for p in result.problems
    )
    if withdraw and outcome.complete and rows:
        missing = [
            patron
            for card, patron in existing.items()
            if patron.ils_source == KOHA and patron.withdrawn_at is None and card not in in_file
        ]
        if _allowed(outcome, missing, existing.values(), KOHA, max_withdraw):
            for patron in missing:
                if patron.id in with_loans:
                    outcome.kept_on_loan.append(patron.card_number)
                    continue
                patron.withdrawn_at = now
                outcome.withdrawn += 1
                if not patron.manual_block:  # one already blocked keeps its block and reason
                    patron.manual_block, patron.block_reason = True, WITHDRAWN_REASON
                    changes.record(session, library.id, Entity.PATRON, patron.card_number)
    session.flush()
    return outcome


def _allowed(
    outcome: Outcome, missing: list[Any], rows: Iterable[Any], source: str, share: float
) -> bool:
    """Whether withdrawing ``missing`` stays within ``share`` of the rows ``source`` manages:
    a file cut short by the ILS's export job must not withdraw the collection."""
    managed = sum(1 for row in rows if row.ils_source == source and row.withdrawn_at is None)
    allowed = int(managed * share)
    if len(missing) <= allowed:
        return True
    outcome.too_many, outcome.allowed = len(missing), allowed
    return False
