"""Applying one uploaded action to the consortium's data, and deciding its outcome.

The verdicts come from the SAME rules the laptop used (``popup.domain``): the server calls
``assess_checkout`` / ``assess_renewal`` / ``assess_return`` again with its own, newer view of
the patron and the item, at the action's offline time. The physical hand-over already
happened, so a domain conflict never refuses an action that can be recorded: it is accepted and
flagged (``applied_with_exception``). Only an action that cannot be recorded at all (an unknown
item or patron, a loan that does not exist) is ``rejected``. Either way the queue moves on.

Every function here runs inside the push transaction; rows that decide a verdict are locked
first (the item row, ``FOR UPDATE`` on PostgreSQL) so concurrent devices serialize on the item
they both touched and nothing else.

A barcode finds the device's own item, else an item of a library that shares its catalogue
(:func:`find_items`). Such a foreign item is lent, returned, renewed and used in-house like an
own one: the loan belongs to the device's library and patron, under that library's rules; the
item's status change is logged under its owner, which copies it to every library that sees it;
and a return routes it home (``ROUTE_ITEM``) because its home library is not this one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from popup.domain.blocks import Policy, patron_state
from popup.domain.cards import InvalidNumber
from popup.domain.circulation import (
    ItemStatus,
    LoanState,
    assess_checkout,
    assess_renewal,
    assess_return,
    item_state,
)
from popup.domain.concerns import Code, Concern
from popup.domain.due_dates import Calendar, zone_named
from popup.domain.loan_rules import RuleBook
from popup.domain.mutations import Kind, OutcomeCode, Status, parse_time
from popup.domain.signup import match_key
from popup_sync import changes, crud
from popup_sync.core.db import member
from popup_sync.models import (
    AppliedMutation,
    Attendance,
    ClosedDay,
    Device,
    Event,
    InHouseUse,
    Item,
    Library,
    Loan,
    LoanRuleRow,
    Patron,
    PatronAlias,
    Stop,
)

#: How each rule concern is reported to the device (None: accepted without a code).
CONCERN_CODES: dict[Code, OutcomeCode | None] = {
    Code.CARD_EXPIRED: OutcomeCode.CARD_EXPIRED,
    Code.FINES_OVER_LIMIT: OutcomeCode.PATRON_BLOCKED_AT_TIME,
    Code.MANUAL_BLOCK: OutcomeCode.PATRON_BLOCKED_AT_TIME,
    Code.TOO_MANY_ITEMS: OutcomeCode.PATRON_BLOCKED_AT_TIME,
    Code.ITEM_ON_LOAN_TO_OTHER: OutcomeCode.OPEN_CIRCULATION_EXISTS,
    Code.ITEM_ALREADY_ON_LOAN_TO_PATRON: None,
    Code.ITEM_ON_HOLD: OutcomeCode.HOLD_TRAP,
    Code.ITEM_NOT_FOR_LOAN: None,
    Code.ITEM_UNAVAILABLE: None,
    Code.MAX_RENEWALS_REACHED: OutcomeCode.MAX_RENEWALS_REACHED,
    Code.ITEM_NOT_ON_LOAN: OutcomeCode.ITEM_NOT_ON_LOAN,
    Code.HOLD_TRAP: OutcomeCode.HOLD_TRAP,
    Code.ROUTE_ITEM: OutcomeCode.ROUTE_ITEM,
}

#: Codes that only inform the device; every other code also opens a staff exception.
NO_EXCEPTION_ROW = frozenset({OutcomeCode.CLOCK_SKEW})

#: A sign-up's stand-in number starts with this (``popup.store.signup.TEMPORARY_PREFIX``; the
#: server does not import the laptop's store). Such cards skip the library's card format.
TEMPORARY_PREFIX = "T"

#: What the exactly-once log keeps of a ``patron_register`` payload: no personal data.
REGISTER_KEPT_FIELDS = frozenset(
    {"patron_card", "temporary", "name", "category", "card_expiry", "home_library", "signed_up_at"}
)

_PERSONAL_FIELDS = (
    "address",
    "phone",
    "email",
    "language",
    "guardian_name",
    "guardian_card",
    "notes",
    "consent_at",
)


class InvalidField(Exception):
    """A payload value the server's rules or columns cannot take; ``str(exc)`` names the field."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        super().__init__(message)


def _size(model: type[Any], column: str) -> int | None:
    """The declared length of ``model.column`` (None: unbounded)."""
    length = getattr(model.__table__.c[column].type, "length", None)
    return length if isinstance(length, int) else None


def _text(
    p: Mapping[str, Any],
    name: str,
    model: type[Any],
    column: str | None = None,
    *,
    required: bool = True,
    value: object = None,
) -> str | None:
    """Field ``name`` checked against the column it is stored in (type, NUL, length)."""
    if value is None:
        value = p.get(name)
    if value is None:
        if required:
            raise InvalidField(name, f"field {name!r} is missing")
        return None
    if not isinstance(value, str):
        raise InvalidField(name, f"field {name!r} must be text")
    if "\x00" in value:
        raise InvalidField(name, f"field {name!r} contains a NUL character")
    limit = _size(model, column or name)
    if limit is not None and len(value) > limit:
        raise InvalidField(name, f"field {name!r} has {len(value)} characters; at most {limit} fit")
    return value


def _date_field(p: Mapping[str, Any], name: str) -> date | None:
    value = p.get(name)
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidField(name, f"field {name!r} is not an ISO date") from None


def stored_payload(kind: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The payload as the exactly-once log keeps it: sign-ups lose their personal fields."""
    if kind == Kind.PATRON_REGISTER.value:
        return {k: v for k, v in payload.items() if k in REGISTER_KEPT_FIELDS}
    return dict(payload)


@dataclass
class Outcome:
    status: Status
    codes: list[OutcomeCode] = field(default_factory=list)
    message: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def rejected(cls, code: OutcomeCode | None, message: str) -> Outcome:
        return cls(Status.REJECTED, [code] if code else [], message)

    def add(self, code: OutcomeCode, message: str = "") -> None:
        if code not in self.codes:
            self.codes.append(code)
        if message:
            self.message = f"{self.message} {message}".strip()
        if self.status is Status.APPLIED:
            self.status = Status.APPLIED_WITH_EXCEPTION

    def to_wire(self, seq: int, mutation_id: str) -> dict[str, Any]:
        return {
            "seq": seq,
            "mutation_id": mutation_id,
            "status": self.status.value,
            "codes": [c.value for c in self.codes],
            "message": self.message or _DEFAULT_MESSAGE[self.status],
            "detail": self.detail,
        }


_DEFAULT_MESSAGE = {
    Status.APPLIED: "Applied.",
    Status.APPLIED_WITH_EXCEPTION: "Applied; staff should review it.",
    Status.REJECTED: "Not applied.",
}


@dataclass(frozen=True)
class Rules:
    """A library's rules as ``popup.domain`` objects, loaded once per push request."""

    rules: RuleBook
    calendar: Calendar
    policy: Policy
    zone: tzinfo | None


def load_rules(session: Session, library: Library) -> Rules:
    settings = library.settings or {}
    zone = zone_named(settings.get("timezone"))
    book = RuleBook.of_rows(
        session.scalars(select(LoanRuleRow).where(LoanRuleRow.library_id == library.id))
    )
    calendar = Calendar.of(
        closed_dates=session.scalars(
            select(ClosedDay.day).where(ClosedDay.library_id == library.id)
        ),
        closed_weekdays=[int(d) for d in settings.get("closed_weekdays", [6]) if 0 <= int(d) <= 6],
    )
    policy = Policy(
        library_code=library.code, fines_limit_cents=int(settings.get("fines_limit_cents", 500))
    )
    return Rules(book, calendar, policy, zone)


class Cache:
    """The rows a chunk of mutations reads, loaded in a handful of queries for the whole chunk.

    Without it a checkout costs a dozen round trips (item, patron, open loans, later loans,
    the patron's loans, ...). The items are locked ``FOR UPDATE`` in id order as they are
    loaded, so no other transaction changes their loans while the chunk runs, and the chunk
    keeps the cached lists up to date as it adds and closes loans. Kinds that touch loans in
    other ways (undo, renew) call :meth:`forget`, and lookups fall back to queries.
    """

    def __init__(self, session: Session, library_id: int) -> None:
        self.session = session
        self.library_id = library_id
        self.items: dict[str, Item | None] = {}
        self.patrons: dict[str, Patron | None] = {}
        #: item id -> (since, its open loans and all its loans out after since).
        self.item_loans: dict[int, tuple[datetime, list[Loan]]] = {}
        #: patron id -> (loan, item type) of open loans known at load time or made since.
        self.patron_loans: dict[int, list[tuple[Loan, str]]] = {}
        self.loan_ids: set[str] = set()
        #: Loan ids looked up at load time: those not in loan_ids do not exist.
        self.checked_ids: set[str] = set()
        self._keep: list[object] = []
        self._visible: list[int] | None = None

    def visible(self) -> list[int]:
        """This library, then the libraries sharing their catalogue (lowest id first)."""
        if self._visible is None:
            # A list of ids, not a subquery: with one PostgreSQL scans every item.
            shared = changes.sharing_libraries(self.session, self.library_id)
            self._visible = [self.library_id, *shared]
        return self._visible

    def forget(self) -> None:
        self.patrons.clear()
        self.item_loans.clear()
        self.patron_loans.clear()
        self.loan_ids.clear()
        self.checked_ids.clear()

    def load(self, payloads: list[Mapping[str, Any]]) -> None:
        session, lib = self.session, self.library_id
        barcodes = sorted({str(p["item_barcode"]) for p in payloads if "item_barcode" in p})
        cards = sorted({str(p["patron_card"]) for p in payloads if p.get("patron_card")})
        loan_ids = sorted({str(p["loan_id"]) for p in payloads if p.get("loan_id")})
        times = []
        for p in payloads:
            for name in ("out_at", "returned_at"):
                try:
                    times.append(parse_time(p[name], name))
                except (KeyError, ValueError):
                    continue
        if barcodes:
            self.items.update({b: None for b in barcodes})
            self.items.update(find_items(session, self.visible(), barcodes))
        if cards:
            self.patrons.update({c: None for c in cards})
            for patron in session.scalars(
                select(Patron).where(
                    Patron.library_id == lib, member(session, Patron.card_number, cards)
                )
            ):
                self.patrons[patron.card_number] = patron
            missing = [c for c in cards if self.patrons[c] is None]
            if missing:
                for alias, patron in session.execute(
                    select(PatronAlias.card_number, Patron)
                    .join(Patron, Patron.id == PatronAlias.patron_id)
                    .where(
                        PatronAlias.library_id == lib,
                        member(session, PatronAlias.card_number, missing),
                    )
                ).all():
                    self.patrons[alias] = patron
        if loan_ids:
            # Loans named by the chunk land in the identity map; session.get finds them there.
            found = session.scalars(select(Loan).where(member(session, Loan.id, loan_ids))).all()
            self._keep += found  # the identity map holds rows weakly
            self.loan_ids = {loan.id for loan in found}
            self.checked_ids = set(loan_ids)
        item_ids = [i.id for i in self.items.values() if i is not None]
        if item_ids and times:
            since = min(times)
            self.item_loans = {i: (since, []) for i in item_ids}
            for loan in session.scalars(
                select(Loan).where(
                    member(session, Loan.item_id, item_ids),
                    (Loan.returned_at.is_(None)) | (Loan.out_at > since),
                )
            ):
                self.item_loans[loan.item_id][1].append(loan)
            # Their borrowers, for the rules' view of each loan (identity map, no query later).
            borrowers = {x.patron_id for _, loans in self.item_loans.values() for x in loans}
            if borrowers:
                self._keep += session.scalars(
                    select(Patron).where(member(session, Patron.id, borrowers))
                ).all()
        patron_ids = [p.id for p in self.patrons.values() if p is not None]
        if patron_ids:
            self.patron_loans = {i: [] for i in patron_ids}
            for loan, item_type in session.execute(
                select(Loan, Item.item_type)
                .join(Item, Item.id == Loan.item_id)
                .where(member(session, Loan.patron_id, patron_ids), Loan.returned_at.is_(None))
            ).all():
                self.patron_loans[loan.patron_id].append((loan, item_type))

    # -- lookups (cached, else queried) ---------------------------------------------------------

    def item(self, barcode: str) -> Item | None:
        if barcode not in self.items:
            found = find_items(self.session, self.visible(), [barcode])
            self.items[barcode] = found.get(barcode)
        return self.items[barcode]

    def patron(self, card: str) -> Patron | None:
        if card not in self.patrons:
            self.patrons[card] = crud.find_patron(
                session=self.session, library_id=self.library_id, card=card
            )
        return self.patrons[card]

    def loan_exists(self, loan_id: str) -> bool:
        if loan_id in self.loan_ids:
            return True
        if loan_id in self.checked_ids:
            return False
        return self.session.get(Loan, loan_id) is not None

    def loans_of_item(self, item: Item, since: datetime) -> list[Loan]:
        """The item's open loans and every loan of it out after ``since``."""
        cached = self.item_loans.get(item.id)
        if cached is not None and since >= cached[0]:
            return cached[1]
        self.session.flush()
        loans = list(
            self.session.scalars(
                select(Loan).where(
                    Loan.item_id == item.id,
                    (Loan.returned_at.is_(None)) | (Loan.out_at > since),
                )
            )
        )
        self.item_loans[item.id] = (since, loans)
        return loans

    def open_loans_of(self, patron: Patron) -> list[tuple[Loan, str]]:
        if patron.id not in self.patron_loans:
            self.session.flush()
            self.patron_loans[patron.id] = [
                (loan, item_type)
                for loan, item_type in self.session.execute(
                    select(Loan, Item.item_type)
                    .join(Item, Item.id == Loan.item_id)
                    .where(Loan.patron_id == patron.id, Loan.returned_at.is_(None))
                ).all()
            ]
        return [(x, t) for x, t in self.patron_loans[patron.id] if x.returned_at is None]

    def added(self, loan: Loan, item: Item) -> None:
        self.loan_ids.add(loan.id)
        if item.id in self.item_loans:
            self.item_loans[item.id][1].append(loan)
        if loan.patron_id in self.patron_loans and loan.returned_at is None:
            self.patron_loans[loan.patron_id].append((loan, item.item_type))


def find_items(session: Session, libraries: list[int], barcodes: list[str]) -> dict[str, Item]:
    """The items a device of ``libraries[0]`` means by these barcodes, locked in id order.

    ``libraries`` lists the libraries it sees in order of precedence (see :meth:`Cache.visible`):
    the first one holding a barcode wins, as in what pull serves, so desk and server agree.
    """
    rows = session.scalars(
        select(Item)
        .where(Item.library_id.in_(libraries), member(session, Item.barcode, barcodes))
        .order_by(Item.id)
        .with_for_update()
    ).all()
    rank = {lib: n for n, lib in enumerate(libraries)}
    found: dict[str, Item] = {}
    for item in sorted(rows, key=lambda i: rank[i.library_id]):
        found.setdefault(item.barcode, item)
    return found


@dataclass
class Context:
    session: Session
    library: Library
    device: Device
    rules: Rules
    seq: int
    mutation_id: str
    cache: Cache

    def changed(self, entity: str, key: str, library_id: int | None = None) -> None:
        """Log a change for ``library_id``: the row's own library, by default the device's.

        Loans and items touched here may belong to another library (a shared item, or an
        item of this library on loan elsewhere); their changes go to that library's log.
        """
        changes.record(self.session, library_id or self.library.id, entity, key)


# -- snapshots for the rules --------------------------------------------------------------------


def _loan_state(session: Session, loan: Loan) -> LoanState:
    patron = session.get(Patron, loan.patron_id)
    item = session.get(Item, loan.item_id)
    return LoanState(
        patron_card=patron.card_number if patron else "",
        patron_name=patron.name if patron else "",
        item_type=item.item_type if item else "",
        out_at=loan.out_at,
        due=loan.due_date,
        renewals=loan.renewals,
    )


def _codes(
    outcome: Outcome, concerns: list[Concern], *, skip: frozenset[Code] = frozenset()
) -> None:
    for concern in concerns:
        if concern.code in skip:
            continue
        code = CONCERN_CODES.get(concern.code)
        if code is not None:
            outcome.add(code, concern.message + ".")


# -- lookups ------------------------------------------------------------------------------------


def _open_loan(session: Session, item: Item) -> Loan | None:
    return session.scalar(select(Loan).where(Loan.item_id == item.id, Loan.returned_at.is_(None)))


def _set_item_status(ctx: Context, item: Item, on_loan: bool) -> None:
    if item.status in (ItemStatus.AVAILABLE.value, ItemStatus.ON_LOAN.value):
        item.status = ItemStatus.ON_LOAN.value if on_loan else ItemStatus.AVAILABLE.value
    ctx.changed("item", item.barcode, item.library_id)


def _refresh_item_status(ctx: Context, item: Item) -> None:
    ctx.session.flush()
    _set_item_status(ctx, item, _open_loan(ctx.session, item) is not None)


def _hhmm(moment: datetime, zone: tzinfo | None) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


# -- the kinds ----------------------------------------------------------------------------------


def checkout(ctx: Context, p: Mapping[str, Any]) -> Outcome:
    session = ctx.session
    item = ctx.cache.item(p["item_barcode"])
    if item is None:
        return Outcome.rejected(
            OutcomeCode.ITEM_NOT_FOUND, f"Item {p['item_barcode']} is not in the catalogue."
        )
    patron = ctx.cache.patron(p["patron_card"])
    if patron is None:
        return Outcome.rejected(
            OutcomeCode.PATRON_NOT_FOUND, f"No patron has the card {p['patron_card']}."
        )
    if ctx.cache.loan_exists(p["loan_id"]):
        return Outcome.rejected(None, f"Loan id {p['loan_id']} is already used by another loan.")
    out_at = parse_time(p["out_at"], "out_at")
    item_loans = ctx.cache.loans_of_item(item, out_at)
    open_loan = next((x for x in item_loans if x.returned_at is None), None)
    later = min((x for x in item_loans if x.out_at > out_at), key=lambda x: x.out_at, default=None)
    earlier_open = open_loan if open_loan is not None and open_loan.out_at <= out_at else None
    patron_loans = ctx.cache.open_loans_of(patron)
    assessment = assess_checkout(
        patron=patron_state(patron),
        item=item_state(item, ItemStatus.AVAILABLE),
        item_open_loan=_loan_state(session, earlier_open) if earlier_open else None,
        patron_open_loans=[
            LoanState(patron.card_number, patron.name, t, x.out_at, x.due_date, x.renewals)
            for x, t in patron_loans
            if earlier_open is None or x.id != earlier_open.id
        ],
        rules=ctx.rules.rules,
        policy=ctx.rules.policy,
        calendar=ctx.rules.calendar,
        now=out_at,
        zone=ctx.rules.zone,
    )
    outcome = Outcome(Status.APPLIED)
    _codes(outcome, assessment.concerns, skip=frozenset({Code.ITEM_ON_LOAN_TO_OTHER}))
    if earlier_open is not None:
        same = earlier_open.patron_id == patron.id
        earlier_open.returned_at = out_at
        earlier_open.closed_reason = "renewed_by_checkout" if same else "closed_by_checkout"
        ctx.changed("loan", earlier_open.id, earlier_open.library_id)
        outcome.detail["closed_loan_id"] = earlier_open.id
        if not same:
            outcome.add(
                OutcomeCode.OPEN_CIRCULATION_EXISTS,
                f"Item {item.barcode} was still on loan to another patron; that loan was closed "
                f"at {_hhmm(out_at, ctx.rules.zone)}.",
            )
        session.flush()  # the one-open-loan index must see the old loan closed first
    loan = Loan(
        id=p["loan_id"],
        library_id=ctx.library.id,
        patron_id=patron.id,
        item_id=item.id,
        out_at=out_at,
        due_date=date.fromisoformat(p["due_date"]),
        renewals=0,
        device_id=ctx.device.id,
        mutation_id=ctx.mutation_id,
    )
    if later is not None:
        # The item was lent again later (that action arrived first): this loan ended then.
        loan.returned_at = later.out_at
        loan.closed_reason = "closed_by_checkout"
        outcome.detail["later_loan_id"] = later.id
        outcome.add(
            OutcomeCode.OPEN_CIRCULATION_EXISTS,
            f"Item {item.barcode} was lent to another patron later, at "
            f"{_hhmm(later.out_at, ctx.rules.zone)}; this loan was closed then.",
        )
    session.add(loan)
    ctx.cache.added(loan, item)
    ctx.changed("loan", loan.id)
    _set_item_status(ctx, item, any(x.returned_at is None for x in item_loans))
    return outcome


def checkin(ctx: Context, p: Mapping[str, Any]) -> Outcome:
    session = ctx.session
    item = ctx.cache.item(p["item_barcode"])
    if item is None:
        return Outcome.rejected(
            OutcomeCode.ITEM_NOT_FOUND, f"Item {p['item_barcode']} is not in the catalogue."
        )
    returned_at = parse_time(p["returned_at"], "returned_at")
    item_loans = ctx.cache.loans_of_item(item, returned_at)
    outcome = Outcome(Status.APPLIED)
    closed: Loan | None = None
    named = (
        session.get(Loan, p["loan_id"])
        if p.get("loan_id") and ctx.cache.loan_exists(p["loan_id"])
        else None
    )
    if named is not None and named.item_id != item.id:
        named = None
    if (
        named is not None
        and named.returned_at is not None
        and named.closed_reason in ("closed_by_checkout", "renewed_by_checkout")
        and named.out_at <= returned_at < named.returned_at
    ):
        # Closed by a checkout elsewhere that reached the server first; the return came earlier.
        named.returned_at = returned_at
        named.closed_reason = "returned"
        ctx.changed("loan", named.id, named.library_id)
        closed = named
    open_loan = next((x for x in item_loans if x.returned_at is None), None)
    if open_loan is not None:
        if open_loan.out_at <= returned_at:
            open_loan.returned_at = returned_at
            open_loan.closed_reason = "returned"
            ctx.changed("loan", open_loan.id, open_loan.library_id)
            closed = open_loan
        else:
            outcome.detail["open_loan_kept"] = open_loan.id
            outcome.message = (
                "The item was lent again after this return (that action arrived first); "
                "the newer loan stays open."
            )
    if closed is not None:
        outcome.detail["closed_loan_id"] = closed.id
    verdict = assess_return(
        item=item_state(item, ItemStatus.AVAILABLE),
        open_loan=_loan_state(session, closed) if closed is not None else None,
        this_library=ctx.library.code,
        now=returned_at,
        zone=ctx.rules.zone,
    )
    _codes(outcome, verdict.concerns)
    if verdict.route_to is not None:
        outcome.detail["route_to"] = verdict.route_to
    _set_item_status(ctx, item, any(x.returned_at is None for x in item_loans))
    return outcome


def renew(ctx: Context, p: Mapping[str, Any]) -> Outcome:
    session = ctx.session
    loan = session.get(Loan, p["loan_id"])
    if loan is None or loan.library_id != ctx.library.id:
        return Outcome.rejected(OutcomeCode.LOAN_NOT_FOUND, f"There is no loan {p['loan_id']}.")
    item = session.scalar(select(Item).where(Item.id == loan.item_id).with_for_update())
    session.refresh(loan)
    patron = session.get(Patron, loan.patron_id)
    assert item is not None and patron is not None
    if loan.returned_at is not None:
        return Outcome.rejected(
            OutcomeCode.ITEM_NOT_ON_LOAN,
            f"The loan of {item.barcode} was already closed ({loan.closed_reason}); "
            "the renewal was not recorded.",
        )
    renewed_at = parse_time(p["renewed_at"], "renewed_at")
    verdict = assess_renewal(
        loan=_loan_state(session, loan),
        patron=patron_state(patron),
        item=item_state(item, ItemStatus.AVAILABLE),
        rules=ctx.rules.rules,
        policy=ctx.rules.policy,
        calendar=ctx.rules.calendar,
        now=renewed_at,
        zone=ctx.rules.zone,
    )
    outcome = Outcome(Status.APPLIED)
    _codes(outcome, verdict.concerns)
    outcome.detail = {
        "previous_due_date": loan.due_date.isoformat(),
        "previous_renewals": loan.renewals,
    }
    loan.due_date = date.fromisoformat(p["due_date"])
    loan.renewals += 1
    ctx.changed("loan", loan.id)
    return outcome


def in_house_use(ctx: Context, p: Mapping[str, Any]) -> Outcome:
    item = ctx.cache.item(p["item_barcode"])
    if item is None:
        return Outcome.rejected(
            OutcomeCode.ITEM_NOT_FOUND, f"Item {p['item_barcode']} is not in the catalogue."
        )
    ctx.session.add(
        InHouseUse(
            library_id=ctx.library.id,
            item_id=item.id,
            count=p["count"],
            used_at=parse_time(p["used_at"], "used_at"),
            mutation_id=ctx.mutation_id,
        )
    )
    return Outcome(Status.APPLIED)


def undo(ctx: Context, p: Mapping[str, Any]) -> Outcome:
    session = ctx.session
    target = session.scalar(
        select(AppliedMutation).where(
            AppliedMutation.device_id == ctx.device.id,
            AppliedMutation.mutation_id == p["target_mutation_id"],
        )
    )
    if target is None:
        return Outcome.rejected(
            None, f"This device uploaded no action {p['target_mutation_id']} to undo."
        )
    if target.status == Status.REJECTED.value:
        return Outcome(Status.APPLIED, message="The undone action had not been applied.")
    when = _maybe_time(p.get("undone_at"), "undone_at")
    detail = dict((target.result or {}).get("detail") or {})
    kind = target.kind
    if kind == Kind.CHECKOUT.value:
        loan = session.get(Loan, target.payload["loan_id"])
        if loan is None or loan.returned_at is not None:
            return Outcome(Status.APPLIED, message="The loan had already ended; nothing undone.")
        item = session.scalar(select(Item).where(Item.id == loan.item_id).with_for_update())
        assert item is not None
        loan.returned_at = when or loan.out_at
        loan.closed_reason = "undone"
        ctx.changed("loan", loan.id)
        session.flush()
        _reopen(ctx, detail.get("closed_loan_id"), item)
        _refresh_item_status(ctx, item)
    elif kind == Kind.CHECKIN.value:
        loan = session.get(Loan, detail["closed_loan_id"]) if detail.get("closed_loan_id") else None
        if loan is not None:
            item = session.scalar(select(Item).where(Item.id == loan.item_id).with_for_update())
            assert item is not None
            _reopen(ctx, loan.id, item)
            _refresh_item_status(ctx, item)
    elif kind == Kind.RENEW.value:
        loan = session.get(Loan, target.payload["loan_id"])
        if loan is not None and loan.returned_at is None and "previous_due_date" in detail:
            loan.due_date = date.fromisoformat(detail["previous_due_date"])
            loan.renewals = int(detail.get("previous_renewals", max(0, loan.renewals - 1)))
            ctx.changed("loan", loan.id)
    elif kind == Kind.IN_HOUSE_USE.value:
        use = session.scalar(select(InHouseUse).where(InHouseUse.mutation_id == target.mutation_id))
        if use is not None:
            use.undone = True
    else:
        return Outcome.rejected(None, f"A {kind} action cannot be undone.")
    return Outcome(Status.APPLIED)


def _reopen(ctx: Context, loan_id: object, item: Item) -> None:
    if not isinstance(loan_id, str):
        return
    loan = ctx.session.get(Loan, loan_id)
    if loan is None or loan.returned_at is None or _open_loan(ctx.session, item) is not None:
        return
    loan.returned_at = None
    loan.closed_reason = None
    ctx.changed("loan", loan.id, loan.library_id)
    ctx.session.flush()


def patron_register(ctx: Context, p: Mapping[str, Any]) -> Outcome:
    session = ctx.session
    card = str(p["patron_card"]).strip()
    if p["temporary"]:
        if not card.startswith(TEMPORARY_PREFIX):
            raise InvalidField(
                "patron_card",
                f"field 'patron_card' is marked temporary but does not start with "
                f"{TEMPORARY_PREFIX}",
            )
        _text(p, "patron_card", Patron, "card_number", value=card)
    else:
        try:
            card = crud.card_format(ctx.library).validate_patron(card)
        except InvalidNumber as exc:
            raise InvalidField(
                "patron_card", f"field 'patron_card' is not a card of this library: {exc}"
            ) from None
    name = str(_text(p, "name", Patron))
    category = str(_text(p, "category", Patron, value=str(p["category"]).upper()))
    home = str(_text(p, "home_library", Patron, value=p.get("home_library") or ctx.library.code))
    born = _date_field(p, "date_of_birth")
    expiry = _date_field(p, "card_expiry")
    outcome = Outcome(Status.APPLIED)
    if crud.find_patron(session=session, library_id=ctx.library.id, card=card) is not None:
        return Outcome.rejected(None, f"The card {card} already belongs to a patron.")
    key = match_key(name, born)
    real = card
    if p["temporary"]:
        real = crud.real_card_number(session=session, library=ctx.library)
    patron = Patron(
        library_id=ctx.library.id,
        card_number=real,
        name=name,
        category=category,
        card_expiry=expiry,
        fines_owed_cents=0,
        manual_block=False,
        home_library=home,
        temporary=False,
        match_key=key,
        date_of_birth=born,
        personal={f: p[f] for f in _PERSONAL_FIELDS if p.get(f) is not None} or None,
        created_at=crud.now_utc(),
    )
    session.add(patron)
    session.flush()
    ctx.changed("patron", real)
    if p["temporary"]:
        session.add(
            PatronAlias(
                library_id=ctx.library.id, card_number=card, patron_id=patron.id, reason="temporary"
            )
        )
        ctx.changed("card_replacement", card)
        ctx.changed("patron", card)
        outcome.detail.update({"temporary_card": card, "card_number": real})
        outcome.add(
            OutcomeCode.TEMPORARY_CARD_REPLACED,
            f"The temporary card {card} was replaced by {real}; give the patron the new card.",
        )
    if key is not None:
        others = list(
            session.scalars(
                select(Patron.card_number).where(
                    Patron.library_id == ctx.library.id,
                    Patron.match_key == key,
                    Patron.id != patron.id,
                )
            )
        )
        if others:
            outcome.detail["possible_duplicates"] = others
            outcome.add(
                OutcomeCode.POSSIBLE_DUPLICATE_PATRON,
                f"Same name and birth date as {len(others)} existing patron(s); "
                "staff should check and merge.",
            )
    return outcome


def stop_open(ctx: Context, p: Mapping[str, Any]) -> Outcome:
    name = _text(p, "name", Stop)
    place = _text(p, "place", Stop, required=False)
    stop = ctx.session.get(Stop, p["stop_id"])
    if stop is not None and stop.library_id != ctx.library.id:
        return Outcome.rejected(None, f"Stop {p['stop_id']} belongs to another library.")
    if stop is None:
        stop = Stop(id=p["stop_id"], library_id=ctx.library.id)
        ctx.session.add(stop)
    stop.name = str(name)
    stop.place = place
    stop.starts_at = _maybe_time(p.get("starts_at"), "starts_at")
    stop.ends_at = _maybe_time(p.get("ends_at"), "ends_at")
    ctx.changed("stop", stop.id)
    return Outcome(Status.APPLIED)


def _maybe_time(value: object, name: str) -> datetime | None:
    return None if value in (None, "") else parse_time(value, name)


def event_create(ctx: Context, p: Mapping[str, Any]) -> Outcome:
    title = _text(p, "title", Event)
    event_type = _text(p, "event_type", Event)
    audience = _text(p, "audience", Event, required=False)
    event = ctx.session.get(Event, p["event_id"])
    if event is not None and event.library_id != ctx.library.id:
        return Outcome.rejected(None, f"Event {p['event_id']} belongs to another library.")
    if event is None:
        event = Event(id=p["event_id"], library_id=ctx.library.id)
        ctx.session.add(event)
    event.stop_id = p["stop_id"]
    event.title = str(title)
    event.event_type = str(event_type)
    event.audience = audience
    event.onsite = bool(p.get("onsite", True))
    ctx.changed("event", event.id)
    return Outcome(Status.APPLIED)


def attendance(ctx: Context, p: Mapping[str, Any]) -> Outcome:
    card = _text(p, "patron_card", Attendance, required=False)
    band = _text(p, "band", Attendance)
    if card:
        seen = ctx.session.scalar(
            select(Attendance.id).where(
                Attendance.event_id == p["event_id"], Attendance.patron_card == card
            )
        )
        if seen is not None:
            return Outcome(Status.APPLIED, message="Already counted at this event.")
    ctx.session.add(
        Attendance(
            library_id=ctx.library.id,
            event_id=p["event_id"],
            band=str(band),
            delta=int(p.get("delta", 1)),
            patron_card=card,
            counted_at=parse_time(p["counted_at"], "counted_at"),
            mutation_id=ctx.mutation_id,
        )
    )
    return Outcome(Status.APPLIED)


def recorded_only(ctx: Context, p: Mapping[str, Any]) -> Outcome:
    """Kinds the server keeps in its applied log without changing shared rows."""
    return Outcome(Status.APPLIED)


APPLIERS: dict[str, Callable[[Context, Mapping[str, Any]], Outcome]] = {
    Kind.CHECKOUT.value: checkout,
    Kind.CHECKIN.value: checkin,
    Kind.RENEW.value: renew,
    Kind.IN_HOUSE_USE.value: in_house_use,
    Kind.UNDO.value: undo,
    Kind.PATRON_REGISTER.value: patron_register,
    Kind.STOP_OPEN.value: stop_open,
    Kind.EVENT_CREATE.value: event_create,
    Kind.ATTENDANCE_COUNT.value: attendance,
    Kind.ATTENDANCE_SCAN.value: attendance,
}


#: Kinds that change loans only through the cache's bookkeeping.
_CACHE_SAFE = frozenset(
    {Kind.CHECKOUT.value, Kind.CHECKIN.value, Kind.IN_HOUSE_USE.value, Kind.STOP_OPEN.value}
)


def apply(ctx: Context, kind: str, payload: Mapping[str, Any]) -> Outcome:
    try:
        return APPLIERS.get(kind, recorded_only)(ctx, payload)
    except InvalidField as exc:
        # Checked before anything is written: reject this action alone, the queue moves on.
        outcome = Outcome.rejected(None, f"The action was not applied: {exc}.")
        outcome.detail.update({"error": "INVALID_FIELD", "field": exc.name})
        return outcome
    finally:
        if kind not in _CACHE_SAFE:
            ctx.cache.forget()
