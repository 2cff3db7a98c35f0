"""Checkouts, returns, renewals and in-house uses, replayed at their offline times.

The verdicts come from the same rules the laptop used (``popup.domain.circulation``), given the
server's newer view of the patron and the item. Out-of-order arrivals are settled by time: a
loan closed by a later checkout that reached the server first ends when that checkout began.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from popup.domain.blocks import patron_state
from popup.domain.circulation import (
    CLOSED_BY_A_CHECKOUT,
    ClosedReason,
    ItemStatus,
    assess_checkout,
    assess_renewal,
    assess_return,
    handover_reason,
    item_state,
    loan_state,
    renewal_moves,
)
from popup.domain.concerns import Code
from popup.domain.due_dates import local_date
from popup.domain.holds import ACTIVE, HoldStatus, others_waiting, waiting_for
from popup.domain.protocol import actions
from popup.domain.protocol.entities import Entity
from popup.domain.protocol.envelopes import OutcomeCode, Status
from popup_sync.apply import cards
from popup_sync.apply.context import (
    Context,
    LoanView,
    hhmm,
    hold_states,
    loan_of,
    refresh_hold_flags,
    set_item_status,
)
from popup_sync.apply.outcome import Outcome
from popup_sync.models import Hold, InHouseUse, Item, Loan


def _not_in_catalogue(barcode: str) -> Outcome:
    return Outcome.rejected(OutcomeCode.ITEM_NOT_FOUND, f"Item {barcode} is not in the catalogue.")


def checkout(ctx: Context, p: actions.Checkout) -> Outcome:
    session = ctx.session
    item = ctx.cache.item(p.item_barcode)
    if item is None:
        return _not_in_catalogue(p.item_barcode)
    patron = ctx.cache.patron(p.patron_card)
    if patron is None:
        return Outcome.rejected(
            OutcomeCode.PATRON_NOT_FOUND, f"No patron has the card {p.patron_card}."
        )
    if ctx.cache.loan_exists(p.loan_id):
        return Outcome.rejected(None, f"Loan id {p.loan_id} is already used by another loan.")
    if patron.card_number != p.patron_card:  # an old number: lost before the checkout?
        refused = cards.refused_lost_card(ctx, p.patron_card, p.out_at)
        if refused is not None:
            return refused
    out_at = p.out_at
    item_loans = ctx.cache.loans_of_item(item, out_at)
    still_open = next((x for x in item_loans if x.returned_at is None), None)
    later = min((x for x in item_loans if x.out_at > out_at), key=lambda x: x.out_at, default=None)
    earlier_open = still_open if still_open is not None and still_open.out_at <= out_at else None
    patron_loans = ctx.cache.open_loans_of(patron)
    hold_rows = ctx.scope.holds_meeting(item, patron.id)
    holds = hold_states(ctx.scope, hold_rows)
    assessment = assess_checkout(
        holds=holds,
        patron=patron_state(patron),
        item=item_state(item, ItemStatus.AVAILABLE),
        item_open_loan=loan_of(ctx.scope, earlier_open) if earlier_open else None,
        patron_open_loans=[
            loan_state(LoanView(x, patron.card_number, patron.name, t))
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
    named = ctx.scope.hold(p.hold_id) if p.hold_id else None
    if named is not None and named.patron_id != patron.id:
        named = None  # not this patron's: as unknown as a missing one
    skip = {Code.ITEM_ON_LOAN_TO_OTHER}
    today = local_date(out_at, ctx.rules.zone)
    if named is not None and not others_waiting(
        holds, patron.card_number, item.barcode, item.title, today
    ):
        # The desk filled the patron's own hold; whatever became of it, nobody else waits.
        skip.add(Code.ITEM_ON_HOLD)
    outcome.add_concerns(assessment.concerns, skip=frozenset(skip))
    if earlier_open is not None:
        same = earlier_open.patron_id == patron.id
        earlier_open.returned_at = out_at
        earlier_open.closed_reason = handover_reason(same)
        ctx.changed(Entity.LOAN, earlier_open.id, earlier_open.library_id)
        if ctx.scope.shows(earlier_open):  # another library's loan id stays with it
            outcome.detail["closed_loan_id"] = earlier_open.id
        if not same:
            outcome.add(
                OutcomeCode.OPEN_CIRCULATION_EXISTS,
                f"Item {item.barcode} was still on loan to another patron; that loan was closed "
                f"at {hhmm(out_at, ctx.rules.zone)}.",
            )
        session.flush()  # the one-open-loan index must see the old loan closed first
    loan = Loan(
        id=p.loan_id,
        library_id=ctx.library.id,
        patron_id=patron.id,
        item_id=item.id,
        out_at=out_at,
        due_date=p.due_date,
        renewals=0,
        device_id=ctx.device.id,
        mutation_id=ctx.mutation_id,
    )
    if later is not None:
        # The item was lent again later (that action arrived first): this loan ended then.
        loan.returned_at = later.out_at
        loan.closed_reason = ClosedReason.CLOSED_BY_CHECKOUT
        if ctx.scope.shows(later):
            outcome.detail["later_loan_id"] = later.id
        outcome.add(
            OutcomeCode.OPEN_CIRCULATION_EXISTS,
            f"Item {item.barcode} was lent to another patron later, at "
            f"{hhmm(later.out_at, ctx.rules.zone)}; this loan was closed then.",
        )
    session.add(loan)
    ctx.cache.added(loan, item)
    ctx.changed(Entity.LOAN, loan.id)
    fills = assessment.fills_hold
    if named is None and fills is not None:
        named = next((h for h in hold_rows if h.hold_id == fills.id), None)
    if named is not None:
        _fill(ctx, outcome, named, loan, today)
    if refresh_hold_flags(ctx.scope, item):
        ctx.changed(Entity.ITEM, item.barcode, item.library_id)
    set_item_status(ctx, item, any(x.returned_at is None for x in item_loans))
    return outcome


def _fill(ctx: Context, outcome: Outcome, hold: Hold, loan: Loan, today: date) -> None:
    """The checkout of ``loan`` fills the patron's ``hold``, or says why it could not."""
    set_aside = ctx.scope.held_item(hold)  # a copy set aside for it may be another one
    if hold.status in ACTIVE and today <= hold.expires_on:
        hold.status = HoldStatus.FILLED.value
        hold.filled_loan_id = loan.id
        hold.item_id = loan.item_id
        hold.updated_at = datetime.now(UTC)
        outcome.note(OutcomeCode.HOLD_FILLED, f"Hold {hold.hold_id} was filled.")
        outcome.detail["hold_id"] = hold.hold_id
    elif hold.status == HoldStatus.FILLED.value:
        if hold.filled_loan_id == loan.id:
            return
        outcome.add(
            OutcomeCode.HOLD_FILLED_ELSEWHERE,
            f"Hold {hold.hold_id} had already been filled by another copy; this loan stands.",
        )
    else:
        if hold.status in ACTIVE:  # past its date: it expires now
            hold.status = HoldStatus.EXPIRED.value
            hold.updated_at = datetime.now(UTC)
        outcome.add(
            OutcomeCode.HOLD_EXPIRED,
            f"Hold {hold.hold_id} had expired on {hold.expires_on.isoformat()} "
            f"({hold.status}); this loan stands.",
        )
    ctx.changed(Entity.HOLD, hold.hold_id)
    other = set_aside
    if other is not None and other.id != loan.item_id and refresh_hold_flags(ctx.scope, other):
        ctx.changed(Entity.ITEM, other.barcode, other.library_id)


def checkin(ctx: Context, p: actions.Checkin) -> Outcome:
    item = ctx.cache.item(p.item_barcode)
    if item is None:
        return _not_in_catalogue(p.item_barcode)
    returned_at = p.returned_at
    item_loans = ctx.cache.loans_of_item(item, returned_at)
    outcome = Outcome(Status.APPLIED)
    closed: Loan | None = None
    # Only this library's loan: another library's id is as unknown as a missing one.
    named = ctx.scope.loan(p.loan_id)
    if named is not None and named.item_id != item.id:
        named = None
    if (
        named is not None
        and named.returned_at is not None
        and named.closed_reason in CLOSED_BY_A_CHECKOUT
        and named.out_at <= returned_at < named.returned_at
    ):
        # Closed by a checkout elsewhere that reached the server first; the return came earlier.
        named.returned_at = returned_at
        named.closed_reason = ClosedReason.RETURNED
        ctx.changed(Entity.LOAN, named.id, named.library_id)
        closed = named
    still_open = next((x for x in item_loans if x.returned_at is None), None)
    if still_open is not None:
        if still_open.out_at <= returned_at:
            still_open.returned_at = returned_at
            still_open.closed_reason = ClosedReason.RETURNED
            ctx.changed(Entity.LOAN, still_open.id, still_open.library_id)
            closed = still_open
        else:
            if ctx.scope.shows(still_open):
                outcome.detail["open_loan_kept"] = still_open.id
            outcome.message = (
                "The item was lent again after this return (that action arrived first); "
                "the newer loan stays open."
            )
    if closed is not None and ctx.scope.shows(closed):
        outcome.detail["closed_loan_id"] = closed.id
    here = ctx.scope.branch_code(ctx.device.branch_id)
    hold = _set_aside(ctx, outcome, item, p.hold_id, local_date(returned_at, ctx.rules.zone), here)
    verdict = assess_return(
        item=item_state(item, ItemStatus.AVAILABLE),
        open_loan=loan_of(ctx.scope, closed) if closed is not None else None,
        this_library=ctx.library.code,
        now=returned_at,
        zone=ctx.rules.zone,
        hold=hold_states(ctx.scope, [hold])[0] if hold is not None else None,
        here=(here,) if here else (),
    )
    outcome.add_concerns(verdict.concerns)
    if verdict.route_to is not None:
        outcome.detail["route_to"] = verdict.route_to
    set_item_status(ctx, item, any(x.returned_at is None for x in item_loans))
    return outcome


def _set_aside(
    ctx: Context, outcome: Outcome, item: Item, hold_id: str | None, today: date, here: str | None
) -> Hold | None:
    """The hold a returned copy goes to (the one the desk named, else the first waiting), now
    ready at its pickup if that is here, else in transit there."""
    rows = ctx.scope.holds_meeting(item, None)
    named = ctx.scope.hold(hold_id) if hold_id else None
    if named is not None and (named.status not in ACTIVE or today > named.expires_on):
        outcome.add(
            OutcomeCode.HOLD_EXPIRED,
            f"Hold {named.hold_id} had expired on {named.expires_on.isoformat()} or was "
            "cancelled; the copy was not set aside for it.",
        )
        named = None
    if named is None:
        first = waiting_for(hold_states(ctx.scope, rows), item.barcode, item.title, today)
        named = next((h for h in rows if first is not None and h.hold_id == first.id), None)
    if named is None:
        return None
    at_pickup = named.pickup in (ctx.library.code, here)
    # What an undo of this return puts back.
    outcome.detail.update(hold_id=named.hold_id, hold_previous_status=named.status)
    named.status = (HoldStatus.READY if at_pickup else HoldStatus.IN_TRANSIT).value
    named.item_id = item.id
    named.updated_at = datetime.now(UTC)
    ctx.changed(Entity.HOLD, named.hold_id)
    refresh_hold_flags(ctx.scope, item)  # logged with the item's status below
    return named


def renew(ctx: Context, p: actions.Renew) -> Outcome:
    session = ctx.session
    loan = ctx.scope.loan(p.loan_id)
    if loan is None:
        return Outcome.rejected(OutcomeCode.LOAN_NOT_FOUND, f"There is no loan {p.loan_id}.")
    item = ctx.scope.item_of(loan)
    session.refresh(loan)
    patron = ctx.scope.borrower(loan)
    assert patron is not None  # this library's loan, of this library's patron
    if loan.returned_at is not None:
        return Outcome.rejected(
            OutcomeCode.ITEM_NOT_ON_LOAN,
            f"The loan of {item.barcode} was already closed ({loan.closed_reason}); "
            "the renewal was not recorded.",
        )
    if not renewal_moves(p.due_date, loan.due_date):
        # The laptop's rule refuses these; an older laptop, or a second renewal of the same
        # loan the same day from another laptop, must not spend a renewal for nothing here.
        return Outcome.rejected(
            OutcomeCode.RENEWAL_WOULD_NOT_MOVE,
            f"The renewal of {item.barcode} would not move its due date "
            f"({loan.due_date.isoformat()}); no renewal was used.",
        )
    verdict = assess_renewal(
        loan=loan_of(ctx.scope, loan),
        patron=patron_state(patron),
        item=item_state(item, ItemStatus.AVAILABLE),
        rules=ctx.rules.rules,
        policy=ctx.rules.policy,
        calendar=ctx.rules.calendar,
        now=p.renewed_at,
        zone=ctx.rules.zone,
    )
    outcome = Outcome(Status.APPLIED)
    outcome.add_concerns(verdict.concerns)
    # What an undo puts back (popup.domain.undo.Target's previous_due / previous_renewals).
    outcome.detail.update(
        previous_due_date=loan.due_date.isoformat(), previous_renewals=loan.renewals
    )
    loan.due_date = p.due_date
    loan.renewals += 1
    ctx.changed(Entity.LOAN, loan.id)
    return outcome


def in_house_use(ctx: Context, p: actions.InHouseUse) -> Outcome:
    item: Item | None = ctx.cache.item(p.item_barcode)
    if item is None:
        return _not_in_catalogue(p.item_barcode)
    ctx.session.add(
        InHouseUse(
            library_id=ctx.library.id,
            item_id=item.id,
            count=p.count,
            used_at=p.used_at,
            mutation_id=ctx.mutation_id,
        )
    )
    return Outcome(Status.APPLIED)
