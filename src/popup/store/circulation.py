"""The circulation desk's store API: checkout, return, renew, in-house use and undo.

Each method is one store transaction that reads the current state, asks the shared rules in
:mod:`popup.domain.circulation` for a verdict, writes the business rows and appends the outbox
record. Nothing is written when a method raises.

Errors are :class:`DeskError` subclasses whose ``str()`` is a sentence for staff that names what
was scanned; their ``key`` and ``params`` carry the same for a UI that words it in its language.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session, joinedload

from popup.domain import circulation as rules
from popup.domain.blocks import PatronState, patron_blocks, patron_state
from popup.domain.cards import InvalidNumber, ScanKind, parse_scan
from popup.domain.circulation import ItemStatus, LoanState, item_state
from popup.domain.concerns import Concern, specifics
from popup.domain.due_dates import local_date
from popup.domain.mutations import Kind
from popup.domain.refusals import Refusal
from popup.store import outbox
from popup.store.db import driver
from popup.store.library import StoreService
from popup.store.models import Item, Loan, OutboxEntry, Patron, utc_text
from popup.store.notify import note


class Problem(enum.StrEnum):
    """Why the desk refused: the stable key of a :class:`DeskError`'s sentence.

    The comment after each names its ``params``.
    """

    OVERRIDE_WITHOUT_REASON = "OVERRIDE_WITHOUT_REASON"
    IN_HOUSE_COUNT = "IN_HOUSE_COUNT"  # count
    PATRON_INVALID_CARD = "PATRON_INVALID_CARD"  # (the number's problem in ``invalid``)
    PATRON_ITEM_SCANNED = "PATRON_ITEM_SCANNED"  # number
    PATRON_NOT_FOUND = "PATRON_NOT_FOUND"  # number
    ITEM_PATRON_SCANNED = "ITEM_PATRON_SCANNED"  # number
    ITEM_INVALID_BARCODE = "ITEM_INVALID_BARCODE"  # (the number's problem in ``invalid``)
    ITEM_NOT_FOUND = "ITEM_NOT_FOUND"  # barcode
    LOAN_NOT_OPEN = "LOAN_NOT_OPEN"
    UNDO_NO_SUCH_ACTION = "UNDO_NO_SUCH_ACTION"  # seq
    UNDO_ALREADY_UNDONE = "UNDO_ALREADY_UNDONE"  # seq
    UNDO_NOT_UNDOABLE = "UNDO_NOT_UNDOABLE"  # kind
    UNDO_ITEM_GONE = "UNDO_ITEM_GONE"
    UNDO_RETURNED_SINCE = "UNDO_RETURNED_SINCE"  # title
    UNDO_LENT_AGAIN_SINCE = "UNDO_LENT_AGAIN_SINCE"  # title
    NEEDS_OVERRIDE = "NEEDS_OVERRIDE"  # subject (the specifics are the ``concerns``)


class DeskError(Refusal):
    """A scan or request the desk refuses; ``key`` is a :class:`Problem`."""


class PatronNotFound(DeskError):
    pass


class ItemNotFound(DeskError):
    pass


class WrongKindScanned(DeskError):
    """A patron card in the item field, or an item in the patron field."""


class NotOnLoan(DeskError):
    pass


class CannotUndo(DeskError):
    pass


class NeedsOverride(DeskError):
    """The action needs staff to override these concerns, with a reason."""

    def __init__(self, concerns: list[Concern], subject: str) -> None:
        self.concerns = concerns
        self.subject = subject
        super().__init__(
            f"{subject}: " + "; ".join(c.message for c in concerns),
            Problem.NEEDS_OVERRIDE,
            specifics(subject=subject),
        )


@dataclass(frozen=True)
class LoanView:
    loan_id: str
    barcode: str
    title: str
    due: date
    renewals: int
    overdue: bool


@dataclass(frozen=True)
class PatronView:
    card_number: str
    name: str
    category: str
    card_expiry: date | None
    fines_owed_cents: int
    temporary: bool
    blocks: list[Concern]
    loans: list[LoanView]


@dataclass(frozen=True)
class CheckoutResult:
    seq: int
    loan_id: str
    barcode: str
    title: str
    due: date
    concerns: list[Concern] = field(default_factory=list)
    override_reason: str | None = None


@dataclass(frozen=True)
class ReturnResult:
    seq: int
    barcode: str
    title: str
    borrower_initials: str | None
    instruction: str
    hold: bool
    route_to: str | None
    was_overdue: bool
    concerns: list[Concern] = field(default_factory=list)


@dataclass(frozen=True)
class RenewResult:
    seq: int
    loan_id: str
    barcode: str
    title: str
    due: date
    renewals: int
    override_reason: str | None = None


@dataclass(frozen=True)
class InHouseResult:
    seq: int
    barcode: str
    title: str
    count: int


@dataclass(frozen=True)
class UndoResult:
    seq: int
    target_seq: int
    target_kind: str
    #: In English, e.g. "Checkout of Dune undone"; a UI words it from target_kind and title.
    description: str
    title: str = ""


def _loan_state(loan: Loan) -> LoanState:
    return LoanState(
        patron_card=loan.patron.card_number,
        patron_name=loan.patron.name,
        item_type=loan.item.item_type,
        out_at=loan.out_at,
        due=loan.due_date,
        renewals=loan.renewals,
    )


# -- the scan hot path -----------------------------------------------------------------------
# Lookups, checkout, return and in-house use run plain SQL on the sqlite3 connection, inside the
# transaction Store.write() began with BEGIN IMMEDIATE. The ORM's unit of work cost ~6 ms of CPU
# per scan and even SQLAlchemy Core ~0.4 ms, more than the commit's fsync (issue #2 wants a
# checkout's p99 within 3x a bare commit's). The statements name models.py's columns and store
# values the way its types do (utc_text, ISO dates, 0/1); the store tests read every row back
# through the ORM.


class _Patron(NamedTuple):
    id: int
    temporary: bool
    state: PatronState  # what the rules read


class _Item(NamedTuple):
    id: int
    barcode: str
    title: str
    item_type: str
    home_library: str
    status: str
    on_hold: bool
    hold_pickup: str | None


class _OpenLoan(NamedTuple):
    id: str
    patron_id: int
    out_at: datetime
    due_date: date
    renewals: int
    card_number: str
    name: str


_PATRON_COLUMNS = (
    "p.id, p.card_number, p.name, p.category, p.card_expiry, p.fines_owed_cents,"
    " p.manual_block, p.block_reason, p.home_library, p.temporary"
)
_PATRON_BY_CARD = f"SELECT {_PATRON_COLUMNS} FROM patrons p WHERE p.card_number = ?"
_PATRON_BY_ALIAS = (
    f"SELECT {_PATRON_COLUMNS} FROM patrons p"
    " JOIN patron_aliases a ON a.patron_id = p.id WHERE a.card_number = ?"
)
_ITEM_BY_BARCODE = (
    "SELECT id, barcode, title, item_type, home_library, status, on_hold, hold_pickup"
    " FROM items WHERE barcode = ?"
)
_OPEN_LOAN_OF_ITEM = (
    "SELECT l.id, l.patron_id, l.out_at, l.due_date, l.renewals, p.card_number, p.name"
    " FROM loans l JOIN patrons p ON p.id = l.patron_id"
    " WHERE l.item_id = ? AND l.returned_at IS NULL"
)
_OPEN_LOANS_OF_PATRON = (
    "SELECT i.item_type, l.out_at, l.due_date, l.renewals"
    " FROM loans l JOIN items i ON i.id = l.item_id"
    " WHERE l.patron_id = ? AND l.returned_at IS NULL"
)
_CLOSE_LOAN = "UPDATE loans SET returned_at = ?, closed_reason = ?, synced = 0 WHERE id = ?"
_INSERT_LOAN = (
    "INSERT INTO loans (id, patron_id, item_id, out_at, due_date, renewals, synced)"
    " VALUES (?, ?, ?, ?, ?, 0, 0)"
)
_SET_ITEM_STATUS = "UPDATE items SET status = ? WHERE id = ?"


#: A session or a bare connection: the lookups serve both.
Db = Session | Connection


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _patron_of(row: tuple[Any, ...] | None) -> _Patron | None:
    if row is None:
        return None
    pid, card, name, category, expiry, fines, block, reason, home, temporary = row
    state = PatronState(card, name, category, _day(expiry), fines, bool(block), reason, home)
    return _Patron(pid, bool(temporary), state)


def _open_loan_state(loan: _OpenLoan, item_type: str) -> LoanState:
    return LoanState(
        patron_card=loan.card_number,
        patron_name=loan.name,
        item_type=item_type,
        out_at=loan.out_at,
        due=loan.due_date,
        renewals=loan.renewals,
    )


def _returned_since(title: str) -> CannotUndo:
    return CannotUndo(
        f"{title} has been returned since; nothing to undo.",
        Problem.UNDO_RETURNED_SINCE,
        specifics(title=title),
    )


def _reason(override_reason: str | None) -> str | None:
    if override_reason is None:
        return None
    cleaned = override_reason.strip()
    if not cleaned:
        raise DeskError(
            "An override needs a reason; type why the rule is being set aside.",
            Problem.OVERRIDE_WITHOUT_REASON,
        )
    return cleaned


class Desk(StoreService):
    """Circulation over one store. Not thread-safe: use it from one thread at a time."""

    # -- lookups -----------------------------------------------------------------------------

    def _find_patron(self, db: Db, scanned: str) -> _Patron:
        try:
            number = parse_scan(scanned)
        except InvalidNumber as exc:  # a Popup card of a version this app cannot read
            raise PatronNotFound(
                f"No patron card: {exc}", Problem.PATRON_INVALID_CARD, invalid=exc
            ) from None
        sql = driver(db)
        patron = _patron_of(sql.execute(_PATRON_BY_CARD, (number,)).fetchone())
        if patron is None:
            patron = _patron_of(sql.execute(_PATRON_BY_ALIAS, (number,)).fetchone())
        if patron is not None:
            return patron
        fmt = self.config.card_format
        try:
            kind, _ = fmt.validate(number)
        except InvalidNumber as exc:
            raise PatronNotFound(
                f"No patron card: {exc}", Problem.PATRON_INVALID_CARD, invalid=exc
            ) from None
        if kind is ScanKind.ITEM:
            raise WrongKindScanned(
                f"“{number}” is an item barcode, not a patron card. Scan the patron's card first.",
                Problem.PATRON_ITEM_SCANNED,
                specifics(number=number),
            )
        raise PatronNotFound(
            f"No patron with card “{number}” on this laptop.",
            Problem.PATRON_NOT_FOUND,
            specifics(number=number),
        )

    def _find_item(self, db: Db, scanned: str) -> _Item:
        number = scanned.strip()
        sql = driver(db)
        row = sql.execute(_ITEM_BY_BARCODE, (number,)).fetchone()
        if row is not None:
            iid, barcode, title, item_type, home, status, on_hold, pickup = row
            return _Item(iid, barcode, title, item_type, home, status, bool(on_hold), pickup)
        fmt = self.config.card_format
        try:
            card = parse_scan(number)
        except InvalidNumber as exc:  # a Popup card of a version this app cannot read
            raise ItemNotFound(
                f"Not in the catalogue: {exc}", Problem.ITEM_INVALID_BARCODE, invalid=exc
            ) from None
        if fmt.is_patron_shaped(number) or sql.execute(_PATRON_BY_CARD, (card,)).fetchone():
            raise WrongKindScanned(
                f"“{card}” is a patron card, not an item. Scan the item's barcode.",
                Problem.ITEM_PATRON_SCANNED,
                specifics(number=card),
            )
        try:
            fmt.validate(number)
        except InvalidNumber as exc:
            raise ItemNotFound(
                f"Not in the catalogue: {exc}", Problem.ITEM_INVALID_BARCODE, invalid=exc
            ) from None
        raise ItemNotFound(
            f"No item with barcode “{number}” in this laptop's catalogue.",
            Problem.ITEM_NOT_FOUND,
            specifics(barcode=number),
        )

    def _open_loan(self, db: Db, item_id: int) -> _OpenLoan | None:
        row = driver(db).execute(_OPEN_LOAN_OF_ITEM, (item_id,)).fetchone()
        if row is None:
            return None
        loan_id, patron_id, out_at, due, renewals, card, name = row
        return _OpenLoan(
            loan_id,
            patron_id,
            datetime.fromisoformat(out_at),
            date.fromisoformat(due),
            renewals,
            card,
            name,
        )

    def _open_loans_of(self, session: Session, patron_id: int) -> list[Loan]:
        return list(
            session.scalars(
                select(Loan)
                .options(joinedload(Loan.item))
                .where(Loan.patron_id == patron_id, Loan.returned_at.is_(None))
                .order_by(Loan.due_date, Loan.out_at)
            )
        )

    def _open_loan_states(self, db: Db, patron: _Patron) -> list[LoanState]:
        """The patron's open loans as the rules need them, in one query."""
        rows = driver(db).execute(_OPEN_LOANS_OF_PATRON, (patron.id,))
        return [
            LoanState(
                patron.state.card_number,
                patron.state.name,
                item_type,
                datetime.fromisoformat(out_at),
                date.fromisoformat(due),
                renewals,
            )
            for item_type, out_at, due, renewals in rows
        ]

    def find_patron(self, scanned: str) -> PatronView:
        """The patron panel's contents for a scanned card (QR payload or bare number)."""
        with self.store.read() as session:
            patron = self._find_patron(session, scanned)
            return self._view(session, patron)

    def _view(self, session: Session, patron: _Patron) -> PatronView:
        today = local_date(self.clock(), self.config.zone)
        loans = [
            LoanView(
                loan_id=loan.id,
                barcode=loan.item.barcode,
                title=loan.item.title,
                due=loan.due_date,
                renewals=loan.renewals,
                overdue=today > loan.due_date,
            )
            for loan in self._open_loans_of(session, patron.id)
        ]
        return PatronView(
            card_number=patron.state.card_number,
            name=patron.state.name,
            category=patron.state.category,
            card_expiry=patron.state.card_expiry,
            fines_owed_cents=patron.state.fines_owed_cents,
            temporary=patron.temporary,
            blocks=patron_blocks(patron.state, self.config.policy, today),
            loans=loans,
        )

    def item_title(self, scanned: str) -> str:
        with self.store.read() as session:
            return str(self._find_item(session, scanned).title)

    # -- actions -----------------------------------------------------------------------------

    def checkout(
        self, patron_card: str, item_scan: str, override_reason: str | None = None
    ) -> CheckoutResult:
        reason = _reason(override_reason)
        cfg = self.config
        now = self.clock()
        with self.store.write() as db:
            patron = self._find_patron(db, patron_card)
            item = self._find_item(db, item_scan)
            other = self._open_loan(db, item.id)
            assessment = rules.assess_checkout(
                patron=patron.state,
                item=item_state(item),
                item_open_loan=_open_loan_state(other, item.item_type) if other else None,
                patron_open_loans=self._open_loan_states(db, patron),
                rules=cfg.rules,
                policy=cfg.policy,
                calendar=cfg.calendar,
                now=now,
                zone=cfg.zone,
            )
            if assessment.needs_override and reason is None:
                raise NeedsOverride(assessment.concerns, f"{item.title} ({item.barcode})")
            closed_id: str | None = None
            sql = driver(db)
            at = utc_text(now)
            if other is not None:
                # Closed before the insert: the open-loan index allows one open loan per item.
                closed_id = other.id
                why = (
                    "renewed_by_checkout" if other.patron_id == patron.id else "closed_by_checkout"
                )
                sql.execute(_CLOSE_LOAN, (at, why, closed_id))
            loan_id = str(uuid.uuid4())
            sql.execute(_INSERT_LOAN, (loan_id, patron.id, item.id, at, assessment.due.isoformat()))
            sql.execute(_SET_ITEM_STATUS, (ItemStatus.ON_LOAN.value, item.id))
            entry = outbox.append(
                db,
                Kind.CHECKOUT,
                {
                    "loan_id": loan_id,
                    "patron_card": patron.state.card_number,
                    "item_barcode": item.barcode,
                    "out_at": now.isoformat(),
                    "due_date": assessment.due.isoformat(),
                    "override_reason": reason,
                    "concerns": [c.code.value for c in assessment.concerns],
                    "closed_loan_id": closed_id,
                },
                now,
            )
            return CheckoutResult(
                seq=entry.seq,
                loan_id=loan_id,
                barcode=item.barcode,
                title=item.title,
                due=assessment.due,
                concerns=assessment.concerns,
                override_reason=reason,
            )

    def checkin(self, item_scan: str) -> ReturnResult:
        cfg = self.config
        now = self.clock()
        with self.store.write() as db:
            item = self._find_item(db, item_scan)
            loan = self._open_loan(db, item.id)
            verdict = rules.assess_return(
                item=item_state(item),
                open_loan=_open_loan_state(loan, item.item_type) if loan else None,
                this_library=cfg.library_code,
                now=now,
                zone=cfg.zone,
            )
            sql = driver(db)
            if loan is not None:
                sql.execute(_CLOSE_LOAN, (utc_text(now), "returned", loan.id))
            sql.execute(_SET_ITEM_STATUS, (ItemStatus.AVAILABLE.value, item.id))
            entry = outbox.append(
                db,
                Kind.CHECKIN,
                {
                    "item_barcode": item.barcode,
                    "loan_id": loan.id if loan else None,
                    "returned_at": now.isoformat(),
                },
                now,
            )
            return ReturnResult(
                seq=entry.seq,
                barcode=item.barcode,
                title=item.title,
                borrower_initials=verdict.borrower_initials,
                instruction=verdict.instruction,
                hold=verdict.hold,
                route_to=verdict.route_to,
                was_overdue=verdict.was_overdue,
                concerns=verdict.concerns,
            )

    def renew(self, loan_id: str, override_reason: str | None = None) -> RenewResult:
        reason = _reason(override_reason)
        cfg = self.config
        now = self.clock()
        with self.store.transaction() as session:
            loan = session.get(Loan, loan_id)
            if loan is None or loan.returned_at is not None:
                raise NotOnLoan(
                    "That loan is no longer open; it may have been returned.",
                    Problem.LOAN_NOT_OPEN,
                )
            verdict = rules.assess_renewal(
                loan=_loan_state(loan),
                patron=patron_state(loan.patron),
                item=item_state(loan.item),
                rules=cfg.rules,
                policy=cfg.policy,
                calendar=cfg.calendar,
                now=now,
                zone=cfg.zone,
            )
            if verdict.needs_override and reason is None:
                raise NeedsOverride(verdict.concerns, f"{loan.item.title} ({loan.item.barcode})")
            previous_due = loan.due_date
            loan.due_date = verdict.due
            loan.renewals = verdict.renewals
            loan.synced = False
            entry = outbox.append(
                session,
                Kind.RENEW,
                {
                    "loan_id": loan.id,
                    "item_barcode": loan.item.barcode,
                    "patron_card": loan.patron.card_number,
                    "renewed_at": now.isoformat(),
                    "due_date": verdict.due.isoformat(),
                    "renewals": verdict.renewals,
                    "previous_due_date": previous_due.isoformat(),
                    "override_reason": reason,
                    "concerns": [c.code.value for c in verdict.concerns],
                },
                now,
            )
            return RenewResult(
                seq=entry.seq,
                loan_id=loan.id,
                barcode=loan.item.barcode,
                title=loan.item.title,
                due=verdict.due,
                renewals=verdict.renewals,
                override_reason=reason,
            )

    def renew_all(
        self, patron_card: str, override_reason: str | None = None
    ) -> list[RenewResult | NeedsOverride]:
        """Renew each open loan in its own transaction; a refused one does not stop the rest."""
        with self.store.read() as session:
            patron = self._find_patron(session, patron_card)
            loan_ids = [loan.id for loan in self._open_loans_of(session, patron.id)]
        results: list[RenewResult | NeedsOverride] = []
        for loan_id in loan_ids:
            try:
                results.append(self.renew(loan_id, override_reason))
            except NeedsOverride as exc:
                results.append(exc)
        return results

    def in_house_use(self, item_scan: str, count: int = 1) -> InHouseResult:
        if not 1 <= count <= 999:
            raise DeskError(
                f"In-house use count must be between 1 and 999, not {count}.",
                Problem.IN_HOUSE_COUNT,
                specifics(count=count),
            )
        now = self.clock()
        with self.store.write() as db:
            item = self._find_item(db, item_scan)
            entry = outbox.append(
                db,
                Kind.IN_HOUSE_USE,
                {"item_barcode": item.barcode, "count": count, "used_at": now.isoformat()},
                now,
            )
            return InHouseResult(seq=entry.seq, barcode=item.barcode, title=item.title, count=count)

    # -- undo --------------------------------------------------------------------------------

    _UNDOABLE = (Kind.CHECKOUT, Kind.CHECKIN, Kind.RENEW, Kind.IN_HOUSE_USE)

    def last_undoable(self) -> tuple[int, str] | None:
        """``(seq, kind)`` of the newest circulation action, unless it was already undone."""
        with self.store.read() as session:
            row = session.execute(
                select(OutboxEntry.seq, OutboxEntry.kind, OutboxEntry.undone_by)
                .where(OutboxEntry.kind.in_([k.value for k in self._UNDOABLE]))
                .order_by(OutboxEntry.seq.desc())
                .limit(1)
            ).first()
        if row is None or row.undone_by is not None:
            return None
        return int(row.seq), str(row.kind)

    def undo(self, seq: int, reason: str = "Undo last scan") -> UndoResult:
        """Write a compensating action for action ``seq``. Nothing is ever deleted."""
        now = self.clock()
        with self.store.transaction() as session:
            target = session.get(OutboxEntry, seq)
            if target is None:
                raise CannotUndo(
                    f"There is no action number {seq} to undo.",
                    Problem.UNDO_NO_SUCH_ACTION,
                    specifics(seq=seq),
                )
            if target.undone_by is not None:
                raise CannotUndo(
                    f"Action {seq} was already undone.",
                    Problem.UNDO_ALREADY_UNDONE,
                    specifics(seq=seq),
                )
            kind = Kind(target.kind)
            if kind not in self._UNDOABLE:
                raise CannotUndo(
                    f"A {kind.value} action cannot be undone here.",
                    Problem.UNDO_NOT_UNDOABLE,
                    specifics(kind=kind.value),
                )
            payload = outbox.load_payload(target)
            title, description = self._compensate(session, kind, payload, now)
            entry = outbox.append(
                session,
                Kind.UNDO,
                {
                    "target_mutation_id": target.mutation_id,
                    "target_seq": target.seq,
                    "target_kind": kind.value,
                    "reason": reason,
                    "undone_at": now.isoformat(),
                },
                now,
            )
            target.undone_by = entry.seq
            note(session, undone=target.seq)
            return UndoResult(
                seq=entry.seq,
                target_seq=seq,
                target_kind=kind.value,
                description=description,
                title=title,
            )

    def _compensate(
        self, session: Session, kind: Kind, payload: dict[str, Any], now: datetime
    ) -> tuple[str, str]:
        """Undo the effects of action ``kind``; returns the item's title and what was undone."""
        item = session.scalar(select(Item).where(Item.barcode == payload["item_barcode"]))
        if item is None:
            raise CannotUndo(
                "The item of that action is no longer in the catalogue.", Problem.UNDO_ITEM_GONE
            )
        if kind is Kind.CHECKOUT:
            loan = session.get(Loan, payload["loan_id"])
            if loan is None or loan.returned_at is not None:
                raise _returned_since(item.title)
            loan.returned_at = now
            loan.closed_reason = "undone"
            loan.synced = False
            item.status = ItemStatus.AVAILABLE.value
            session.flush()
            closed = payload.get("closed_loan_id")
            if closed:
                self._reopen(session, closed, item)
            return item.title, f"Checkout of {item.title} undone"
        if kind is Kind.CHECKIN:
            if payload.get("loan_id"):
                if self._open_loan(session, item.id) is not None:
                    raise CannotUndo(
                        f"{item.title} has been lent again since; nothing to undo.",
                        Problem.UNDO_LENT_AGAIN_SINCE,
                        specifics(title=item.title),
                    )
                self._reopen(session, payload["loan_id"], item)
            return item.title, f"Return of {item.title} undone"
        if kind is Kind.RENEW:
            loan = session.get(Loan, payload["loan_id"])
            if loan is None or loan.returned_at is not None:
                raise _returned_since(item.title)
            loan.due_date = date.fromisoformat(payload["previous_due_date"])
            loan.renewals = max(0, loan.renewals - 1)
            loan.synced = False
            return item.title, f"Renewal of {item.title} undone"
        return item.title, f"In-house use of {item.title} undone"

    def _reopen(self, session: Session, loan_id: str, item: Item) -> None:
        loan = session.get(Loan, loan_id)
        if loan is None:
            return
        loan.returned_at = None
        loan.closed_reason = None
        loan.synced = False
        item.status = ItemStatus.ON_LOAN.value

    # -- counts ------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per table and actions waiting to upload, for status displays."""
        with self.store.read() as session:
            return {
                "items": int(session.scalar(select(func.count(Item.id))) or 0),
                "patrons": int(session.scalar(select(func.count(Patron.id))) or 0),
                "open_loans": int(
                    session.scalar(select(func.count(Loan.id)).where(Loan.returned_at.is_(None)))
                    or 0
                ),
                "waiting": outbox.pending_count(session),
            }
