"""Undo last scan, as the server compensates it (the plan is ``popup.domain.undo``'s).

The server knows the undone action from its exactly-once log: the stored payload names the
loan, the stored result's detail what the action changed (the loan a checkout closed, a
renewal's previous due date). What was done at the stop must be accepted, so when there is
nothing left to undo the undo is still applied, with a message saying why nothing changed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from popup.domain.circulation import ClosedReason
from popup.domain.holds import HoldStatus
from popup.domain.protocol import actions
from popup.domain.protocol.actions import Kind
from popup.domain.protocol.entities import Entity
from popup.domain.protocol.envelopes import Status
from popup.domain.undo import UNDOABLE, NothingToUndo, Target, UndoPlan, plan_undo
from popup_sync.apply.context import Context, refresh_hold_flags, refresh_item_status
from popup_sync.apply.outcome import Outcome
from popup_sync.models import AppliedMutation, Item

_NOTHING = {
    NothingToUndo.NOT_APPLIED: "The undone action had not been applied.",
    NothingToUndo.RETURNED_SINCE: "The loan had already ended; nothing undone.",
    NothingToUndo.LENT_AGAIN_SINCE: "The item was lent again since; nothing undone.",
}


def undo(ctx: Context, p: actions.Undo) -> Outcome:
    target = ctx.scope.applied(ctx.device.id, p.target_mutation_id)
    if target is None:
        return Outcome.rejected(
            None, f"This device uploaded no action {p.target_mutation_id} to undo."
        )
    if target.kind not in UNDOABLE:
        return Outcome.rejected(None, f"A {target.kind} action cannot be undone.")
    plan = plan_undo(_target(ctx, target))
    if plan.nothing is not None:
        return Outcome(Status.APPLIED, message=_NOTHING[plan.nothing])
    _carry_out(ctx, plan, target, p)
    return Outcome(Status.APPLIED)


def _target(ctx: Context, row: AppliedMutation) -> Target:
    """What the server knows of the undone action: its stored payload, result and loans."""
    kind = Kind(row.kind)
    if row.status == Status.REJECTED:
        return Target(kind, rejected=True)
    detail = dict((row.result or {}).get("detail") or {})
    if kind is Kind.CHECKOUT or kind is Kind.RENEW:
        loan = ctx.scope.loan(row.payload.get("loan_id"))
        previous_due = detail.get("previous_due_date")
        return Target(
            kind,
            loan_id=loan.id if loan is not None else None,
            loan_open=loan is not None and loan.returned_at is None,
            closed_loan_id=_text(detail.get("closed_loan_id")),
            previous_due=date.fromisoformat(previous_due) if previous_due else None,
            previous_renewals=detail.get("previous_renewals"),
        )
    if kind is Kind.CHECKIN:
        closed = ctx.scope.loan(detail.get("closed_loan_id"))
        if closed is None:
            return Target(kind)  # the return closed no loan (or it is gone)
        item = ctx.scope.item_of(closed)
        other = ctx.scope.open_loan(item)
        return Target(
            kind, loan_id=closed.id, item_lent_again=other is not None and other.id != closed.id
        )
    return Target(kind)


def _carry_out(ctx: Context, plan: UndoPlan, target: AppliedMutation, p: actions.Undo) -> None:
    session = ctx.session
    touched: Item | None = None
    if plan.close_loan is not None:
        loan = ctx.scope.loan(plan.close_loan)
        assert loan is not None  # the plan closes a loan only when it is open
        touched = ctx.scope.item_of(loan)
        loan.returned_at = p.undone_at or loan.out_at
        loan.closed_reason = ClosedReason.UNDONE
        ctx.changed(Entity.LOAN, loan.id)
        session.flush()
    if plan.reopen_loan is not None:
        touched = _reopen(ctx, plan.reopen_loan) or touched
    if plan.restore_loan is not None and plan.restore_due is not None:
        loan = ctx.scope.loan(plan.restore_loan)
        assert loan is not None
        loan.due_date = plan.restore_due
        loan.renewals = (
            plan.restore_renewals
            if plan.restore_renewals is not None
            else max(0, loan.renewals - 1)
        )
        ctx.changed(Entity.LOAN, loan.id)
    if plan.cancel_in_house_use:
        use = ctx.scope.in_house_use(target.mutation_id)
        if use is not None:
            use.undone = True
    _put_hold_back(ctx, target)
    if touched is not None:
        refresh_item_status(ctx, touched)


def _put_hold_back(ctx: Context, target: AppliedMutation) -> None:
    """An undone pickup puts the copy back on the hold shelf (the hold ready again); an undone
    return that set a copy aside puts the hold back as it was (the laptop does the same)."""
    detail = dict((target.result or {}).get("detail") or {})
    hold_id = _text(detail.get("hold_id"))
    hold = ctx.scope.hold(hold_id) if hold_id else None
    if hold is None:
        return
    if target.kind == Kind.CHECKOUT and hold.status == HoldStatus.FILLED.value:
        if hold.filled_loan_id != target.payload.get("loan_id"):
            return  # filled again since, by another loan
        hold.status, hold.filled_loan_id = HoldStatus.READY.value, None
    elif target.kind == Kind.CHECKIN and hold.status in (
        HoldStatus.READY.value,
        HoldStatus.IN_TRANSIT.value,
    ):
        hold.status = _text(detail.get("hold_previous_status")) or HoldStatus.WAITING.value
    else:
        return
    hold.updated_at = datetime.now(UTC)
    ctx.changed(Entity.HOLD, hold.hold_id)
    item = ctx.scope.held_item(hold)
    if item is not None and refresh_hold_flags(ctx.scope, item):
        ctx.changed(Entity.ITEM, item.barcode, item.library_id)


def _reopen(ctx: Context, loan_id: str) -> Item | None:
    """Reopen a closed loan unless its item is out on another loan; returns its item."""
    loan = ctx.scope.loan(loan_id)
    if loan is None:
        return None  # gone, or another library's (an undo never reopens those)
    item = ctx.scope.item_of(loan)
    if loan.returned_at is None or ctx.scope.open_loan(item) is not None:
        return item
    loan.returned_at = None
    loan.closed_reason = None
    ctx.changed(Entity.LOAN, loan.id, loan.library_id)
    ctx.session.flush()
    return item


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
