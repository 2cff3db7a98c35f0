"""Checkouts, returns, renewals and in-house uses, replayed at their offline times.

The verdicts come from the same rules the laptop used (``popup.domain.circulation``), given the
server's newer view of the patron and the item. Out-of-order arrivals are settled by time: a
loan closed by a later checkout that reached the server first ends when that checkout began.
"""

from __future__ import annotations

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
from popup.domain.protocol import actions
from popup.domain.protocol.entities import Entity
from popup.domain.protocol.envelopes import OutcomeCode, Status
from popup_sync.apply import cards
from popup_sync.apply.context import (
    Context,
    LoanView,
    hhmm,
    loan_of,
    set_item_status,
)
from popup_sync.apply.outcome import Outcome
from popup_sync.models import InHouseUse, Item, Loan


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
    assessment = assess_checkout(
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
    outcome.add_concerns(assessment.concerns, skip=frozenset({Code.ITEM_ON_LOAN_TO_OTHER}))
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
    set_item_status(ctx, item, any(x.returned_at is None for x in item_loans))
    return outcome


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
    verdict = assess_return(
        item=item_state(item, ItemStatus.AVAILABLE),
        open_loan=loan_of(ctx.scope, closed) if closed is not None else None,
        this_library=ctx.library.code,
        now=returned_at,
        zone=ctx.rules.zone,
    )
    outcome.add_concerns(verdict.concerns)
    if verdict.route_to is not None:
        outcome.detail["route_to"] = verdict.route_to
    set_item_status(ctx, item, any(x.returned_at is None for x in item_loans))
    return outcome


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
