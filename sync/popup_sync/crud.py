"""Database operations behind the admin commands and the API (the session is keyword-only).

Each function works inside the caller's transaction and records the rows it changes in the
change log (:func:`popup_sync.changes.record`), so devices download them.
"""

from __future__ import annotations

import csv
import hashlib
import secrets
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TextIO

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from popup.domain.cards import CardFormat, InvalidNumber, ScanKind
from popup.domain.circulation import ItemStatus
from popup.domain.holds import ACTIVE as ACTIVE_HOLDS
from popup.domain.holds import HoldStatus
from popup.domain.loan_rules import LoanRule
from popup.domain.protocol.entities import Entity
from popup.domain.settings import CARD_FORMAT, SettingError
from popup_sync import changes, library_settings
from popup_sync.models import (
    Branch,
    CardRange,
    CardRangeGrant,
    ClosedDay,
    Device,
    EnrollmentCode,
    Hold,
    Item,
    Library,
    Loan,
    LoanRuleRow,
    Patron,
    PatronAlias,
    SyncException,
)

MAX_CARD_RANGE = 10_000
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


class AdminError(ValueError):
    """A refused admin or API operation; the message says what was wrong."""


def hash_secret(secret: str) -> str:
    """Tokens and codes are random and long, so a plain SHA-256 is enough (no dictionary)."""
    return hashlib.sha256(secret.strip().upper().encode()).hexdigest()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def now_utc() -> datetime:
    return datetime.now(UTC)


# -- libraries ----------------------------------------------------------------------------------


def get_library(*, session: Session, code: str) -> Library:
    library = session.scalar(select(Library).where(Library.code == code))
    if library is None:
        raise AdminError(f"there is no library with the code {code!r}")
    return library


def create_library(
    *,
    session: Session,
    code: str,
    name: str,
    settings: dict[str, Any] | None = None,
    shares_catalogue: bool = False,
) -> Library:
    code = code.strip().upper()
    if not code or len(code) > 32 or not code.replace("_", "").replace("-", "").isalnum():
        raise AdminError(f"library code {code!r} must be 1-32 letters, digits, - or _")
    if session.scalar(select(Library.id).where(Library.code == code)) is not None:
        raise AdminError(f"a library with the code {code!r} already exists")
    try:
        stored = library_settings.initial(settings)
    except SettingError as exc:
        raise AdminError(f"setting {exc}") from None
    library = Library(
        code=code,
        name=name.strip() or code,
        settings=stored,
        next_card_seq=1,
        log_floor_xid=0,
        log_floor_id=0,
        created_at=now_utc(),
        shares_catalogue=shares_catalogue,  # no items yet: nothing to announce
    )
    session.add(library)
    session.flush()
    changes.record(session, library.id, Entity.LIBRARY, code)
    for key in library_settings.SERVED:
        changes.record(session, library.id, Entity.SETTING, key)
    return library


#: pg_advisory_xact_lock key serialising catalogue-sharing switches ("POPUPSHR").
_SHARING_SWITCH_LOCK = 0x504F50555053_4852


def set_catalogue_sharing(*, session: Session, library: Library, shares: bool) -> int | None:
    """Share a library's items with every other library's devices, or stop sharing them.

    Every item of the library is logged for every other library, so their devices download
    the items (or delete them) from their next pull. Returns how many entries that took; None
    when the flag already had that value.
    """
    if session.get_bind().dialect.name == "postgresql":
        # One switch at a time in the whole consortium: each holds its own library row and its
        # log copies need a key-share lock on every other library row (the foreign key), so two
        # switches at once would deadlock.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SHARING_SWITCH_LOCK})
    # FOR UPDATE, stronger than the lock a plain UPDATE takes: it waits for, and then holds off,
    # the FOR KEY SHARE that every writer of an item change takes on the owner's row before it
    # reads this flag (changes.flush_pending). So each item change commits either before the
    # catalogue is read below or after this commit, copied by the new flag.
    current = session.scalar(
        select(Library.shares_catalogue).where(Library.id == library.id).with_for_update()
    )
    if current == shares:
        return None
    library.shares_catalogue = shares
    session.flush()
    return changes.announce_catalogue(session, library.id)


def set_setting(*, session: Session, library: Library, key: str, value: Any) -> object:
    """Store a library setting checked by its declaration (``popup.domain.settings``); returns
    the JSON value stored. A value the laptops could not use is refused here, naming why."""
    try:
        stored = library_settings.checked(key, value)
    except SettingError as exc:
        raise AdminError(f"setting {exc}") from None
    library.settings = {**(library.settings or {}), key: stored}
    changes.record(session, library.id, Entity.SETTING, key)
    return stored


def add_branch(*, session: Session, library: Library, code: str, name: str) -> Branch:
    code = code.strip().upper()
    if session.scalar(
        select(Branch.id).where(Branch.library_id == library.id, Branch.code == code)
    ):
        raise AdminError(f"library {library.code} already has a branch {code!r}")
    branch = Branch(library_id=library.id, code=code, name=name.strip() or code)
    session.add(branch)
    session.flush()
    return branch


def add_rule(*, session: Session, library: Library, rule: LoanRule) -> LoanRuleRow:
    row = session.scalar(
        select(LoanRuleRow).where(
            LoanRuleRow.library_id == library.id,
            LoanRuleRow.patron_category == rule.patron_category,
            LoanRuleRow.item_type == rule.item_type,
        )
    )
    if row is None:
        row = LoanRuleRow(
            library_id=library.id, patron_category=rule.patron_category, item_type=rule.item_type
        )
        session.add(row)
    row.loan_days = rule.loan_days
    row.max_renewals = rule.max_renewals
    row.max_items = rule.max_items
    row.loanable = rule.loanable
    session.flush()
    key = f"{rule.patron_category}/{rule.item_type}"
    changes.record(session, library.id, Entity.LOAN_RULE, key)
    return row


def add_closed_day(*, session: Session, library: Library, day: date, reason: str | None) -> None:
    row = session.get(ClosedDay, (library.id, day))
    if row is None:
        session.add(ClosedDay(library_id=library.id, day=day, reason=reason))
    else:
        row.reason = reason
    changes.record(session, library.id, Entity.CLOSED_DAY, day.isoformat())


def delete_rule(
    *, session: Session, library: Library, patron_category: str, item_type: str
) -> None:
    """Delete a loan rule. The change is logged under the rule's key: pull serves a key whose
    row is gone as a delete, so every laptop drops the rule at its next pull."""
    row = session.scalar(
        select(LoanRuleRow).where(
            LoanRuleRow.library_id == library.id,
            LoanRuleRow.patron_category == patron_category,
            LoanRuleRow.item_type == item_type,
        )
    )
    if row is None:
        raise AdminError(f"library {library.code} has no rule {patron_category}/{item_type}")
    session.delete(row)
    session.flush()
    changes.record(session, library.id, Entity.LOAN_RULE, f"{patron_category}/{item_type}")


def remove_closed_day(*, session: Session, library: Library, day: date) -> None:
    """Open a closed day again; logged like :func:`delete_rule`, so laptops drop it too."""
    row = session.get(ClosedDay, (library.id, day))
    if row is None:
        raise AdminError(f"{day.isoformat()} is not a closed day of {library.code}")
    session.delete(row)
    session.flush()
    changes.record(session, library.id, Entity.CLOSED_DAY, day.isoformat())


# -- devices ------------------------------------------------------------------------------------


def create_enrollment_code(
    *, session: Session, library: Library, branch_code: str | None = None, days: int = 7
) -> str:
    branch_id = None
    if branch_code:
        branch = session.scalar(
            select(Branch).where(
                Branch.library_id == library.id, Branch.code == branch_code.strip().upper()
            )
        )
        if branch is None:
            raise AdminError(f"library {library.code} has no branch {branch_code!r}")
        branch_id = branch.id
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
    now = now_utc()
    session.add(
        EnrollmentCode(
            code_hash=hash_secret(code.replace("-", "")),
            library_id=library.id,
            branch_id=branch_id,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    )
    return code


@dataclass(frozen=True)
class Enrollment:
    device_id: str
    token: str
    library_code: str


def enroll(*, session: Session, code: str, device_name: str) -> Enrollment:
    """Trade a one-time code for a device id and token; ``AdminError`` if the code is no good."""
    cleaned = code.replace("-", "").replace(" ", "")
    row = session.scalar(
        select(EnrollmentCode)
        .where(EnrollmentCode.code_hash == hash_secret(cleaned))
        .with_for_update()
    )
    now = now_utc()
    if row is None:
        raise AdminError("the enrollment code is unknown; ask an administrator for a new one")
    if row.used_at is not None:
        raise AdminError("the enrollment code was already used; ask for a new one")
    if row.expires_at <= now:
        raise AdminError("the enrollment code has expired; ask for a new one")
    token = secrets.token_urlsafe(32)
    device = Device(
        id=str(uuid.uuid4()),
        library_id=row.library_id,
        branch_id=row.branch_id,
        name=device_name.strip()[:200] or "device",
        token_hash=hash_token(token),
        last_applied=0,
        enrolled_at=now,
        token_issued_at=now,
    )
    session.add(device)
    row.used_at = now
    row.device_id = device.id
    library = session.get(Library, row.library_id)
    assert library is not None
    return Enrollment(device.id, token, library.code)


def device_for_token(*, session: Session, token: str) -> Device | None:
    return session.scalar(select(Device).where(Device.token_hash == hash_token(token)))


@dataclass(frozen=True)
class TokenCheck:
    """The device a bearer token belongs to, and how: ``old`` if it is the replaced token."""

    device: Device
    old: bool = False
    expired: bool = False
    rotate_due: bool = False


def check_token(
    *, session: Session, token: str, rotate_after: timedelta, expire_after: timedelta | None
) -> TokenCheck | None:
    """Which device ``token`` opens, and whether it is expired or due for rotation."""
    hashed = hash_token(token)
    now = now_utc()
    device = session.scalar(select(Device).where(Device.token_hash == hashed))
    if device is not None:
        issued = device.token_issued_at
        if issued is None:  # enrolled before rotation existed: rotate now, never expired
            return TokenCheck(device, rotate_due=True)
        expired = expire_after is not None and issued + expire_after <= now
        return TokenCheck(device, expired=expired, rotate_due=issued + rotate_after <= now)
    device = session.scalar(select(Device).where(Device.old_token_hash == hashed))
    if device is None:
        return None
    until = device.old_token_expires_at
    return TokenCheck(device, old=True, expired=until is None or until <= now, rotate_due=True)


class TokenGone(Exception):
    """The token a rotation was asked with opens the device no more (replaced meanwhile)."""


def rotate_token(
    *, session: Session, device_id: str, presented: str, grace: timedelta
) -> tuple[str, datetime]:
    """A new token for the device, asked for with the token whose hash is ``presented``, and
    until when the token asked with keeps working.

    Decided under the device row's lock, not from what the request saw when it was
    authenticated, so two rotations racing with the same token cannot lock the laptop out:

    * the current token: it becomes the old one, valid for ``grace``;
    * the replaced token, still in its grace (the answer to an earlier rotation was lost): it
      stays the old one, its grace is not extended (a leaked old token cannot be kept alive),
      and the token issued then, never delivered, is dropped;
    * anything else: :class:`TokenGone`.
    """
    device = session.scalar(select(Device).where(Device.id == device_id).with_for_update())
    if device is None or device.revoked_at is not None:
        raise AdminError(f"there is no active device {device_id!r}")
    now = now_utc()
    if presented == device.token_hash:
        device.old_token_hash = device.token_hash
        device.old_token_expires_at = now + grace
    elif presented != device.old_token_hash or (
        device.old_token_expires_at is None or device.old_token_expires_at <= now
    ):
        raise TokenGone(device_id)
    token = secrets.token_urlsafe(32)
    device.token_hash = hash_token(token)
    device.token_issued_at = now
    assert device.old_token_expires_at is not None
    return token, device.old_token_expires_at


def revoke_device(*, session: Session, device_id: str) -> Device:
    device = session.get(Device, device_id)
    if device is None:
        raise AdminError(f"there is no device {device_id!r}")
    if device.revoked_at is None:
        device.revoked_at = now_utc()
    return device


def list_devices(*, session: Session, library: Library) -> list[Device]:
    return list(
        session.scalars(
            select(Device).where(Device.library_id == library.id).order_by(Device.enrolled_at)
        )
    )


# -- card numbers -------------------------------------------------------------------------------


def card_format(library: Library) -> CardFormat:
    return library_settings.values(library)[CARD_FORMAT]


class CardNumbersExhausted(AdminError):
    """The library's card format has no sequence numbers left for the range asked for."""


class CardQuotaExceeded(AdminError):
    """A device asked for more card-number blocks today than the server allows."""


def card_capacity(library: Library) -> int:
    """The largest card sequence number the library's card format can carry."""
    return card_format(library).max_sequence


def _locked_library(session: Session, library_id: int) -> Library:
    # FOR UPDATE on PostgreSQL; on SQLite the write transaction already holds the database.
    return session.scalars(
        select(Library)
        .where(Library.id == library_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def allocate_range(
    *, session: Session, library_id: int, device_id: str | None, size: int
) -> CardRange:
    """Take the next ``size`` card sequence numbers of a library.

    The library row is locked (``FOR UPDATE``; on SQLite the write transaction holds the
    database) while its counter moves, so two ranges can never overlap. A range never goes
    past what the card format can number (:class:`CardNumbersExhausted`).
    """
    if not 1 <= size <= MAX_CARD_RANGE:
        raise AdminError(f"a card range must hold between 1 and {MAX_CARD_RANGE} numbers")
    library = _locked_library(session, library_id)
    capacity = card_capacity(library)
    first = library.next_card_seq
    if first + size - 1 > capacity:
        left = max(0, capacity - first + 1)
        raise CardNumbersExhausted(
            f"the library's card format has {left} card numbers left (up to sequence "
            f"{capacity}); {size} were asked for. An administrator must change the card "
            "format (a new institution code) before more cards can be numbered"
        )
    library.next_card_seq = first + size
    row = CardRange(
        library_id=library_id,
        device_id=device_id,
        first=first,
        last=first + size - 1,
        allocated_at=now_utc(),
    )
    session.add(row)
    session.flush()
    changes.record(session, library_id, Entity.CARD_RANGE, str(row.id))
    return row


@dataclass(frozen=True)
class CardQuota:
    ranges_per_day: int
    numbers_per_day: int


def grant_range(
    *, session: Session, library_id: int, device_id: str, size: int, quota: CardQuota
) -> CardRange:
    """A device's request for a block: counted against its quota for the UTC day, then
    allocated (:class:`CardQuotaExceeded` / :class:`CardNumbersExhausted` refuse it)."""
    _locked_library(session, library_id)  # quota and counter move under the same lock
    today = now_utc().date()
    grant = session.get(CardRangeGrant, (library_id, device_id, today))
    if grant is None:
        grant = CardRangeGrant(
            library_id=library_id, device_id=device_id, day=today, ranges=0, numbers=0
        )
        session.add(grant)
    if grant.ranges + 1 > quota.ranges_per_day or grant.numbers + size > quota.numbers_per_day:
        raise CardQuotaExceeded(
            f"this device was given {grant.ranges} card-number blocks ({grant.numbers} numbers)"
            f" today; the server allows {quota.ranges_per_day} blocks and"
            f" {quota.numbers_per_day} numbers per device per day (UTC)"
        )
    row = allocate_range(session=session, library_id=library_id, device_id=device_id, size=size)
    grant.ranges += 1
    grant.numbers += size
    return row


@dataclass(frozen=True)
class CardCounter:
    library_code: str
    next_seq: int
    capacity: int
    #: The highest sequence any issued range or card holds (0 when none).
    highest_issued: int
    #: (device id, ranges, numbers) given today (UTC), by device.
    today: tuple[tuple[str, int, int], ...]


def card_counter(*, session: Session, library: Library) -> CardCounter:
    highest = session.scalar(
        select(func.max(CardRange.last)).where(CardRange.library_id == library.id)
    )
    grants = session.scalars(
        select(CardRangeGrant)
        .where(CardRangeGrant.library_id == library.id, CardRangeGrant.day == now_utc().date())
        .order_by(CardRangeGrant.device_id)
    )
    return CardCounter(
        library_code=library.code,
        next_seq=library.next_card_seq,
        capacity=card_capacity(library),
        highest_issued=int(highest or 0),
        today=tuple((g.device_id, g.ranges, g.numbers) for g in grants),
    )


def set_card_counter(*, session: Session, library: Library, next_seq: int, force: bool) -> int:
    """Set the next card sequence; returns the previous one.

    Moving it at or below a sequence already issued would hand out those numbers again
    (two patrons, one card number), so that needs ``force`` — only right when the ranges above
    were never used (a runaway device's blocks, say) and the devices holding them are revoked.
    """
    locked = _locked_library(session, library.id)
    capacity = card_capacity(locked)
    if next_seq < 1:
        raise AdminError("the next card sequence must be at least 1")
    if next_seq > capacity + 1:
        raise AdminError(
            f"the card format numbers sequences up to {capacity}; {next_seq} is past that"
        )
    highest = int(
        session.scalar(select(func.max(CardRange.last)).where(CardRange.library_id == locked.id))
        or 0
    )
    if next_seq <= highest and not force:
        raise AdminError(
            f"sequence {highest} is already issued to a device or a card; moving the counter"
            f" to {next_seq} would issue numbers twice. Use --force only if the ranges above"
            f" {next_seq - 1} were never used and their devices are revoked"
        )
    previous = locked.next_card_seq
    locked.next_card_seq = next_seq
    return previous


def real_card_number(*, session: Session, library: Library) -> str:
    """A fresh permanent card number (replacing a temporary one from a sign-up)."""
    fmt = card_format(library)
    allocated = allocate_range(session=session, library_id=library.id, device_id=None, size=1)
    return str(fmt.make(ScanKind.PATRON, allocated.first))


# -- imports ------------------------------------------------------------------------------------

ITEM_COLUMNS = ("barcode", "title", "item_type")
PATRON_COLUMNS = ("card_number", "name", "category")


def _rows(handle: TextIO, required: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(handle)
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise AdminError(f"the CSV lacks the column(s): {', '.join(missing)}")
    for number, row in enumerate(reader, start=2):
        yield number, {k: (v or "").strip() for k, v in row.items() if k}


def _refuse(errors: list[str]) -> None:
    """All or nothing: when any row is bad, name every bad row (line and field) and write none."""
    if errors:
        raise AdminError("nothing was imported:\n" + "\n".join(errors))


def import_items(*, session: Session, library: Library, handle: TextIO) -> int:
    """Insert or update items from CSV (barcode,title,item_type[,author,isbn,call_number,...]).

    Every bad row is named with its line and field, and then nothing is imported."""
    fmt = card_format(library)
    errors: list[str] = []
    good: list[tuple[str, dict[str, str]]] = []
    for line, row in _rows(handle, ITEM_COLUMNS):
        before = len(errors)
        for field in ("title", "item_type"):
            if not row[field]:
                errors.append(f"line {line}, field {field}: is empty")
        try:
            kind, barcode = fmt.validate(row["barcode"])
        except InvalidNumber as exc:
            errors.append(f"line {line}, field barcode: {exc}")
        else:
            if kind is not ScanKind.ITEM:
                errors.append(
                    f"line {line}, field barcode: {barcode} is a patron card number, not an item"
                )
        if len(errors) == before:
            good.append((barcode, row))
    _refuse(errors)
    for barcode, row in good:
        item = session.scalar(
            select(Item).where(Item.library_id == library.id, Item.barcode == barcode)
        )
        if item is None:
            item = Item(library_id=library.id, barcode=barcode, status=ItemStatus.AVAILABLE)
            session.add(item)
        item.title = row["title"][:500]
        item.item_type = row["item_type"].upper()
        item.author = row.get("author") or None
        item.isbn = row.get("isbn") or None
        item.call_number = row.get("call_number") or None
        item.home_library = row.get("home_library") or library.code
        item.on_hold = row.get("on_hold", "").lower() in ("1", "true", "yes")
        item.hold_pickup = row.get("hold_pickup") or None
        changes.record(session, library.id, Entity.ITEM, barcode)
    return len(good)


def import_patrons(*, session: Session, library: Library, handle: TextIO) -> int:
    """Insert or update patrons from CSV (card_number,name,category[,card_expiry,...]).

    Every bad row is named with its line and field, and then nothing is imported."""
    fmt = card_format(library)
    errors: list[str] = []
    good: list[tuple[str, dict[str, str], date | None, int]] = []
    for line, row in _rows(handle, PATRON_COLUMNS):
        before = len(errors)
        try:
            kind, card = fmt.validate(row["card_number"])
        except InvalidNumber as exc:
            errors.append(f"line {line}, field card_number: {exc}")
        else:
            if kind is not ScanKind.PATRON:
                errors.append(
                    f"line {line}, field card_number: {card} is an item barcode, not a patron card"
                )
        for field in ("name", "category"):
            if not row[field]:
                errors.append(f"line {line}, field {field}: is empty")
        expiry: date | None = None
        fines = 0
        try:
            expiry = date.fromisoformat(row["card_expiry"]) if row.get("card_expiry") else None
        except ValueError:
            errors.append(
                f"line {line}, field card_expiry: {row['card_expiry']!r} is not a date (YYYY-MM-DD)"
            )
        try:
            fines = int(row.get("fines_owed_cents") or 0)
        except ValueError:
            errors.append(
                f"line {line}, field fines_owed_cents: {row['fines_owed_cents']!r} is not a"
                " whole number of cents"
            )
        if len(errors) == before:
            good.append((card, row, expiry, fines))
    _refuse(errors)
    for card, row, expiry, fines in good:
        patron = session.scalar(
            select(Patron).where(Patron.library_id == library.id, Patron.card_number == card)
        )
        if patron is None:
            patron = Patron(library_id=library.id, card_number=card, created_at=now_utc())
            session.add(patron)
        patron.name = row["name"][:200]
        patron.category = row["category"].upper()
        patron.card_expiry = expiry
        patron.fines_owed_cents = fines
        patron.manual_block = row.get("manual_block", "").lower() in ("1", "true", "yes")
        patron.block_reason = row.get("block_reason") or None
        patron.home_library = row.get("home_library") or library.code
        patron.temporary = False
        changes.record(session, library.id, Entity.PATRON, card)
    return len(good)


# -- holds --------------------------------------------------------------------------------------

HOLD_COLUMNS = ("hold_id", "card_number", "pickup", "expires_on")
_HOLD_STATUSES = {s.value for s in HoldStatus}


def import_holds(*, session: Session, library: Library, handle: TextIO, today: date) -> int:
    """Insert or update holds from CSV, keyed by the ILS's ``hold_id``: importing a file again
    changes nothing. Columns: hold_id, card_number, pickup (a library, branch or vehicle code),
    expires_on (YYYY-MM-DD), and optionally barcode (blank: a title hold, then ``title`` is
    required), title, stop_id, placed_on (default today), status (default waiting).

    Every bad row is named with its line and field, and then nothing is imported."""
    from popup_sync.apply.context import refresh_hold_flags
    from popup_sync.apply.scope import LibraryScope

    scope = LibraryScope(session, library.id)
    places = (
        {library.code}
        | set(session.scalars(select(Branch.code).where(Branch.library_id == library.id)))
        | set(session.scalars(select(Library.code)))
    )
    errors: list[str] = []
    good: list[tuple[dict[str, str], Patron, Item | None, date, date]] = []
    seen: dict[str, int] = {}
    for line, row in _rows(handle, HOLD_COLUMNS):

        def bad(field: str, problem: str, line: int = line) -> None:
            errors.append(f"line {line}, field {field}: {problem}")

        before = len(errors)
        hold_id = row["hold_id"]
        if not hold_id:
            bad("hold_id", "is empty")
        elif len(hold_id) > 64:
            bad("hold_id", f"has {len(hold_id)} characters; at most 64 fit")
        elif hold_id in seen:
            bad("hold_id", f"{hold_id!r} is already on line {seen[hold_id]}")
        else:
            seen[hold_id] = line
        patron = scope.patron(row["card_number"]) if row["card_number"] else None
        if patron is None:
            bad("card_number", f"no patron of {library.code} has the card {row['card_number']!r}")
        item = None
        if row.get("barcode"):
            item = scope.items([row["barcode"]]).get(row["barcode"])
            if item is None:
                bad("barcode", f"no item has the barcode {row['barcode']!r}")
        elif not row.get("title"):
            bad("title", "is empty and so is barcode: a hold needs a copy or a title")
        if row["pickup"].upper() not in places:
            bad("pickup", f"{row['pickup']!r} is not a library or a branch of {library.code}")
        stop_id = row.get("stop_id") or None
        if stop_id is not None and scope.stop(stop_id) is None:
            bad("stop_id", f"{library.code} has no stop {stop_id!r}")
        dates: list[date] = []
        for field, default in (("placed_on", today), ("expires_on", None)):
            raw = row.get(field, "")
            try:
                dates.append(date.fromisoformat(raw) if raw else default or date.fromisoformat(raw))
            except ValueError:
                bad(field, f"{raw!r} is not a date (YYYY-MM-DD)")
        status = (row.get("status") or HoldStatus.WAITING.value).lower()
        if status not in _HOLD_STATUSES:
            bad("status", f"{status!r} is not one of {', '.join(sorted(_HOLD_STATUSES))}")
        if len(errors) == before:
            assert patron is not None
            placed_on, expires_on = dates
            fields = {**row, "status": status, "stop_id": stop_id or ""}
            good.append((fields, patron, item, placed_on, expires_on))
    _refuse(errors)
    touched: dict[int, Item] = {}
    for row, patron, item, placed_on, expires_on in good:
        hold = scope.hold(row["hold_id"])
        if hold is None:
            hold = Hold(library_id=library.id, hold_id=row["hold_id"])
            session.add(hold)
        elif hold.item_id is not None and (old := session.get(Item, hold.item_id)) is not None:
            touched[old.id] = old
        values = {
            "patron_id": patron.id,
            # A title hold keeps the copy set aside for it (a re-import does not take it back).
            "item_id": item.id if item is not None else (hold.item_id if hold.any_copy else None),
            "title": (row.get("title") or (item.title if item is not None else ""))[:500],
            "pickup": row["pickup"].upper(),
            "pickup_stop_id": row["stop_id"] or None,
            "any_copy": item is None,
            "placed_on": placed_on,
            "expires_on": expires_on,
            "status": row["status"],
        }
        if any(getattr(hold, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(hold, k, v)
            hold.updated_at = now_utc()
            changes.record(session, library.id, Entity.HOLD, hold.hold_id)
        if item is not None:
            touched[item.id] = item
    session.flush()
    for item in touched.values():
        if refresh_hold_flags(scope, item):
            changes.record(session, item.library_id, Entity.ITEM, item.barcode)
    expire_holds(session=session, library=library, today=today)
    return len(good)


def expire_holds(*, session: Session, library: Library, today: date) -> int:
    """Mark the active holds past their expiry date expired (devices then drop them)."""
    from popup_sync.apply.context import refresh_hold_flags
    from popup_sync.apply.scope import LibraryScope

    scope = LibraryScope(session, library.id)
    gone = list(
        session.scalars(
            select(Hold).where(
                Hold.library_id == library.id,
                Hold.status.in_([s.value for s in ACTIVE_HOLDS]),
                Hold.expires_on < today,
            )
        )
    )
    for hold in gone:
        hold.status = HoldStatus.EXPIRED.value
        hold.updated_at = now_utc()
        changes.record(session, library.id, Entity.HOLD, hold.hold_id)
    session.flush()
    for item_id in {h.item_id for h in gone if h.item_id is not None}:
        item = session.get(Item, item_id)
        if item is not None and refresh_hold_flags(scope, item):
            changes.record(session, item.library_id, Entity.ITEM, item.barcode)
    return len(gone)


# -- exceptions ---------------------------------------------------------------------------------


def add_exception(
    *,
    session: Session,
    library_id: int,
    code: str,
    message: str,
    detail: dict[str, Any] | None = None,
    device_id: str | None = None,
    seq: int | None = None,
    mutation_id: str | None = None,
) -> SyncException:
    row = SyncException(
        library_id=library_id,
        device_id=device_id,
        seq=seq,
        mutation_id=mutation_id,
        code=code,
        message=message,
        detail=detail or {},
        created_at=now_utc(),
    )
    session.add(row)
    session.flush()
    changes.record(session, library_id, Entity.EXCEPTION, str(row.id))
    return row


def list_exceptions(
    *, session: Session, library: Library, include_resolved: bool = False
) -> list[SyncException]:
    query = select(SyncException).where(SyncException.library_id == library.id)
    if not include_resolved:
        query = query.where(SyncException.resolved_at.is_(None))
    return list(session.scalars(query.order_by(SyncException.id)))


def resolve_exception(
    *, session: Session, library_id: int, exception_id: int, by: str, note: str | None = None
) -> SyncException:
    """Mark the exception done (once: resolving it again changes nothing), with ``note``,
    what was done about it; devices learn it is resolved by their next pull."""
    row = session.get(SyncException, exception_id)
    if row is None or row.library_id != library_id:
        raise AdminError(f"there is no exception {exception_id} in this library")
    if row.resolved_at is None:
        row.resolved_at = now_utc()
        row.resolved_by = by[:200]
        row.resolution_note = (note or "").strip() or None
        changes.record(session, library_id, Entity.EXCEPTION, str(row.id))
    return row


# -- patrons ------------------------------------------------------------------------------------


def find_patron(*, session: Session, library_id: int, card: str) -> Patron | None:
    """A patron by card number, or by an old number kept as an alias."""
    patron = session.scalar(
        select(Patron).where(Patron.library_id == library_id, Patron.card_number == card)
    )
    if patron is not None:
        return patron
    alias = session.get(PatronAlias, (library_id, card))
    return None if alias is None else session.get(Patron, alias.patron_id)


def merge_patrons(*, session: Session, library: Library, keep: str, merge: str) -> Patron:
    """Fold patron ``merge`` into ``keep``: loans move, the old card stays as an alias."""
    kept = find_patron(session=session, library_id=library.id, card=keep)
    gone = find_patron(session=session, library_id=library.id, card=merge)
    if kept is None or gone is None:
        raise AdminError(f"both {keep} and {merge} must be patrons of {library.code}")
    if kept.id == gone.id:
        raise AdminError("a patron cannot be merged into itself")
    moved = list(session.scalars(select(Loan).where(Loan.patron_id == gone.id)))
    for loan in moved:
        loan.patron_id = kept.id
        changes.record(session, library.id, Entity.LOAN, loan.id)
    session.execute(
        update(PatronAlias).where(PatronAlias.patron_id == gone.id).values(patron_id=kept.id)
    )
    kept.fines_owed_cents += gone.fines_owed_cents
    old_card = gone.card_number
    session.delete(gone)
    session.flush()
    session.add(
        PatronAlias(library_id=library.id, card_number=old_card, patron_id=kept.id, reason="merged")
    )
    changes.record(session, library.id, Entity.PATRON, old_card)
    changes.record(session, library.id, Entity.PATRON, kept.card_number)
    return kept
