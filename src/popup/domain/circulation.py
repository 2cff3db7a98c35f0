"""What a checkout, return or renewal means, decided from plain snapshots.

The laptop calls these before it writes an action; the server calls them again when it applies
the uploaded action, so both sides reach the same verdict from the same rules.

Every assessment lists :class:`~popup.domain.concerns.Concern` objects. At the desk a concern
asks staff for an override with a reason; on the server the same concerns become the action's
exception codes (the physical hand-over already happened, so the server accepts and flags).
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Protocol

from popup.domain.blocks import PatronState, Policy, patron_blocks, too_many_items
from popup.domain.concerns import Code, Concern, specifics
from popup.domain.due_dates import Calendar, due_date, local_date
from popup.domain.holds import HoldState, HoldStatus, hold_filled_by, others_waiting
from popup.domain.loan_rules import ANY, LoanRule, NoLoanRule, RuleBook

#: Loan period for an item lent by override where no loanable rule applies (reference copies).
OVERRIDE_LOAN_DAYS = 7


class ItemStatus(enum.StrEnum):
    AVAILABLE = "available"
    ON_LOAN = "on_loan"
    LOST = "lost"
    MISSING = "missing"
    WITHDRAWN = "withdrawn"
    #: Set by the catalogue (Koha's 952 $7, $4, $5): on the shelf but not to be lent.
    NOT_FOR_LOAN = "not_for_loan"
    DAMAGED = "damaged"
    RESTRICTED = "restricted"


@dataclass(frozen=True)
class ItemState:
    barcode: str
    title: str
    item_type: str
    home_library: str
    status: ItemStatus
    on_hold: bool
    #: Where a trapped hold goes (a library code); ``None`` means this library's hold shelf.
    hold_pickup: str | None = None


class ItemRow(Protocol):
    """Any stored item (the laptop's or the server's table) the rules can read."""

    @property
    def barcode(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def item_type(self) -> str: ...
    @property
    def home_library(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def on_hold(self) -> bool: ...
    @property
    def hold_pickup(self) -> str | None: ...


def item_state(row: ItemRow, unknown_status: ItemStatus = ItemStatus.MISSING) -> ItemState:
    """``unknown_status`` stands in for a status string this version does not know."""
    try:
        status = ItemStatus(row.status)
    except ValueError:
        status = unknown_status
    return ItemState(
        barcode=row.barcode,
        title=row.title,
        item_type=row.item_type,
        home_library=row.home_library,
        status=status,
        on_hold=row.on_hold,
        hold_pickup=row.hold_pickup,
    )


class ClosedReason(enum.StrEnum):
    """Why a loan ended (``closed_reason`` on both sides' loan rows; None while it is open)."""

    RETURNED = "returned"
    #: The item was lent to another patron while still on this loan (a hand-over).
    CLOSED_BY_CHECKOUT = "closed_by_checkout"
    #: The item was checked out again to the same patron (a renewal by checkout).
    RENEWED_BY_CHECKOUT = "renewed_by_checkout"
    #: Undo last scan took the checkout back.
    UNDONE = "undone"


#: Reasons that mean a later checkout, not a return, ended the loan.
CLOSED_BY_A_CHECKOUT = frozenset(
    {ClosedReason.CLOSED_BY_CHECKOUT, ClosedReason.RENEWED_BY_CHECKOUT}
)


def handover_reason(same_patron: bool) -> ClosedReason:
    """How a checkout closes the item's open loan: a renewal for its own borrower, else a
    hand-over to the new one."""
    return ClosedReason.RENEWED_BY_CHECKOUT if same_patron else ClosedReason.CLOSED_BY_CHECKOUT


@dataclass(frozen=True)
class LoanState:
    """An open loan as the rules see it."""

    patron_card: str
    patron_name: str
    item_type: str
    out_at: datetime
    due: date
    renewals: int


class LoanRow(Protocol):
    """Any stored open loan (the laptop's or the server's, joined with its patron and item)
    the rules can read."""

    @property
    def patron_card(self) -> str: ...
    @property
    def patron_name(self) -> str: ...
    @property
    def item_type(self) -> str: ...
    @property
    def out_at(self) -> datetime: ...
    @property
    def due_date(self) -> date: ...
    @property
    def renewals(self) -> int: ...


def loan_state(row: LoanRow) -> LoanState:
    return LoanState(
        patron_card=row.patron_card,
        patron_name=row.patron_name,
        item_type=row.item_type,
        out_at=row.out_at,
        due=row.due_date,
        renewals=row.renewals,
    )


@dataclass(frozen=True)
class CheckoutAssessment:
    rule: LoanRule | None
    due: date
    concerns: list[Concern] = field(default_factory=list)
    #: The loan that must be closed first: the item is still out to somebody else.
    closes_other_loan: bool = False
    #: The patron's hold this loan fills (they are picking it up): no override for it.
    fills_hold: HoldState | None = None

    @property
    def needs_override(self) -> bool:
        return bool(self.concerns)


def _count_against(rule: LoanRule, open_loans: Sequence[LoanState]) -> int:
    if rule.item_type == ANY:
        return len(open_loans)
    return sum(1 for loan in open_loans if loan.item_type == rule.item_type)


def assess_checkout(
    *,
    patron: PatronState,
    item: ItemState,
    item_open_loan: LoanState | None,
    patron_open_loans: Sequence[LoanState],
    rules: RuleBook,
    policy: Policy,
    calendar: Calendar,
    now: datetime,
    zone: tzinfo | None = None,
    holds: Sequence[HoldState] = (),
) -> CheckoutAssessment:
    """``holds``: the holds known here that this copy may meet (the patron's own, and others'
    on this copy); lending the copy to a patron whose hold it meets fills that hold."""
    today = local_date(now, zone)
    concerns = patron_blocks(patron, policy, today)
    closes_other = False

    try:
        rule: LoanRule | None = rules.lookup(patron.category, item.item_type)
    except NoLoanRule as exc:
        rule = None
        concerns.append(_no_rule(exc))

    if rule is not None:
        limit = too_many_items(_count_against(rule, patron_open_loans), rule.max_items)
        if limit is not None:
            concerns.append(limit)
        if not rule.loanable:
            concerns.append(
                Concern(
                    Code.ITEM_NOT_FOR_LOAN,
                    specifics(item_type=item.item_type, category=patron.category),
                )
            )

    if item_open_loan is not None:
        if item_open_loan.patron_card == patron.card_number:
            concerns.append(
                Concern(
                    Code.ITEM_ALREADY_ON_LOAN_TO_PATRON,
                    specifics(due=item_open_loan.due.isoformat()),
                )
            )
        else:
            closes_other = True
            who, until = initials(item_open_loan.patron_name), item_open_loan.due.isoformat()
            concerns.append(Concern(Code.ITEM_ON_LOAN_TO_OTHER, specifics(initials=who, due=until)))
    elif item.status not in (ItemStatus.AVAILABLE, ItemStatus.ON_LOAN):
        concerns.append(Concern(Code.ITEM_UNAVAILABLE, specifics(status=item.status.value)))

    fills = hold_filled_by(holds, patron.card_number, item.barcode, item.title, today)
    waiting = others_waiting(holds, patron.card_number, item.barcode, item.title, today)
    if fills is not None:
        # Someone placed earlier waits for this very copy: the patron's own hold does not
        # jump the queue (a copy set aside for them, ready, is theirs).
        ahead = [h for h in waiting if h.placed_on < fills.placed_on]
        if ahead and fills.status is not HoldStatus.READY:
            concerns.append(Concern(Code.ITEM_ON_HOLD))
    elif waiting or item.on_hold:
        concerns.append(Concern(Code.ITEM_ON_HOLD))

    loan_days = rule.loan_days if rule is not None and rule.loanable else OVERRIDE_LOAN_DAYS
    due = due_date(now, loan_days, calendar, zone)
    return CheckoutAssessment(
        rule=rule, due=due, concerns=concerns, closes_other_loan=closes_other, fills_hold=fills
    )


def renewal_moves(new_due: date, current_due: date) -> bool:
    """Whether a renewal is worth one of the loan's renewals: only if it moves the due date
    later. Renewing on the day of checkout (or again the same day) would spend a renewal and
    leave the due date where it was, so the desk refuses it and the server records nothing."""
    return new_due > current_due


@dataclass(frozen=True)
class RenewalAssessment:
    due: date
    renewals: int
    concerns: list[Concern] = field(default_factory=list)
    #: False: the due date would stay where it is (see :func:`renewal_moves`); nothing is
    #: renewed, whatever the concerns (an override cannot make it move).
    moves: bool = True

    @property
    def needs_override(self) -> bool:
        return bool(self.concerns)


def assess_renewal(
    *,
    loan: LoanState,
    patron: PatronState,
    item: ItemState,
    rules: RuleBook,
    policy: Policy,
    calendar: Calendar,
    now: datetime,
    zone: tzinfo | None = None,
) -> RenewalAssessment:
    """Renewal runs from today for the rule's loan days, never earlier than the current due;
    one that would not move the due date later says so in ``moves``."""
    concerns = patron_blocks(patron, policy, local_date(now, zone))
    try:
        rule = rules.lookup(patron.category, loan.item_type)
        loan_days = rule.loan_days if rule.loanable else OVERRIDE_LOAN_DAYS
        max_renewals = rule.max_renewals
    except NoLoanRule as exc:
        concerns.append(_no_rule(exc))
        loan_days, max_renewals = OVERRIDE_LOAN_DAYS, 0
    if loan.renewals >= max_renewals:
        concerns.append(
            Concern(Code.MAX_RENEWALS_REACHED, specifics(count=loan.renewals, limit=max_renewals))
        )
    if item.on_hold:
        concerns.append(Concern(Code.ITEM_ON_HOLD, variant="renewal"))
    from_today = due_date(now, loan_days, calendar, zone)
    return RenewalAssessment(
        due=max(from_today, loan.due),
        renewals=loan.renewals + 1,
        concerns=concerns,
        moves=renewal_moves(from_today, loan.due),
    )


@dataclass(frozen=True)
class ReturnAssessment:
    borrower_initials: str | None
    was_overdue: bool
    concerns: list[Concern] = field(default_factory=list)
    #: What staff do with the item now, in plain words.
    instruction: str = "Shelve"
    #: The hold known here that the copy goes to (who waits for it, and where).
    hold_for: HoldState | None = None

    @property
    def route_to(self) -> str | None:
        for concern in self.concerns:
            if concern.code is Code.ROUTE_ITEM:
                return str(concern.param("library"))
        return None

    @property
    def hold(self) -> bool:
        return any(c.code is Code.HOLD_TRAP for c in self.concerns)


def assess_return(
    *,
    item: ItemState,
    open_loan: LoanState | None,
    this_library: str,
    now: datetime,
    zone: tzinfo | None = None,
    hold: HoldState | None = None,
    here: Collection[str] = (),
) -> ReturnAssessment:
    """``hold``: the hold the copy goes to, when one is known (``holds.waiting_for``); it is
    picked up here when its pickup is this library or one of ``here`` (this branch or vehicle),
    else the copy is routed there. Without one, the item's own hold flag decides (its pickup
    compared the same way)."""
    concerns: list[Concern] = []
    if open_loan is None:
        concerns.append(Concern(Code.ITEM_NOT_ON_LOAN))
    instruction = "Shelve"
    if hold is not None:
        if hold.pickup == this_library or hold.pickup in here:
            instruction = "Put on the hold shelf"
            concerns.append(Concern(Code.HOLD_TRAP))
        else:
            instruction = f"Hold for {hold.pickup}: route it"
            at = specifics(library=hold.pickup)
            concerns.append(Concern(Code.HOLD_TRAP, at, variant="elsewhere"))
            concerns.append(Concern(Code.ROUTE_ITEM, at))
    elif item.on_hold:
        pickup = item.hold_pickup or this_library
        if pickup == this_library or pickup in here:
            instruction = "Put on the hold shelf"
            concerns.append(Concern(Code.HOLD_TRAP))
        else:
            instruction = f"Hold for {pickup}: route it"
            at = specifics(library=pickup)
            concerns.append(Concern(Code.HOLD_TRAP, at, variant="elsewhere"))
            concerns.append(Concern(Code.ROUTE_ITEM, at))
    elif item.home_library != this_library:
        instruction = f"Belongs to {item.home_library}: route it"
        concerns.append(Concern(Code.ROUTE_ITEM, specifics(library=item.home_library)))
    overdue = open_loan is not None and local_date(now, zone) > open_loan.due
    return ReturnAssessment(
        borrower_initials=initials(open_loan.patron_name) if open_loan else None,
        was_overdue=overdue,
        concerns=concerns,
        instruction=instruction,
        hold_for=hold,
    )


def in_house_use_returns_first(open_loan: LoanState | None) -> bool:
    """Whether an item counted as used in the bookmobile must be returned first.

    An item lying on a table at the stop while it is on loan was plainly brought back without
    being checked in: counting the use and leaving the loan open would keep the item charged
    to a patron who returned it. The desk asks, and returns it before it counts the use."""
    return open_loan is not None


def card_tail(card_number: str) -> str:
    """The last four characters of a card: enough to tell two patrons apart at the desk."""
    return card_number[-4:]


def _no_rule(exc: NoLoanRule) -> Concern:
    return Concern(
        Code.ITEM_NOT_FOR_LOAN,
        specifics(category=exc.patron_category, item_type=exc.item_type),
        variant="no_rule",
    )


def initials(name: str) -> str:
    """``"Ada King Lovelace"`` -> ``"A. K. L."``: enough to ask "is this yours?", no more."""
    parts = [p for p in name.replace(",", " ").split() if p]
    return " ".join(f"{p[0].upper()}." for p in parts) if parts else "?"
