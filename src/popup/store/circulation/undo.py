"""Undo last scan at the desk: a compensating ``undo`` action, never a deletion.

What the compensation changes is decided by :func:`popup.domain.undo.plan_undo`, the rule the
server applies to the same action later; when there is nothing left to undo (the loan was
returned since, the item lent again) the desk refuses with the plan's reason.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from popup.domain.circulation import ClosedReason, ItemStatus
from popup.domain.concerns import specifics
from popup.domain.holds import HoldStatus
from popup.domain.messages import UNDONE
from popup.domain.protocol.actions import Checkin, Checkout, Kind, Payload, Renew
from popup.domain.protocol.actions import Undo as UndoPayload
from popup.domain.staff import Capability, Role
from popup.domain.undo import UNDOABLE, NothingToUndo, Target, UndoPlan, plan_undo
from popup.store import outbox
from popup.store.circulation import lookups
from popup.store.circulation.errors import CannotUndo, Problem, UndoResult
from popup.store.models import Item, Loan, OutboxEntry
from popup.store.staff import NotAllowed


def last_undoable(session: Session, own: str | None = None) -> tuple[int, str] | None:
    """``(seq, kind)`` of the newest circulation action (of staff member ``own``, when given),
    unless it was already undone."""
    query = select(OutboxEntry.seq, OutboxEntry.kind, OutboxEntry.undone_by).where(
        OutboxEntry.kind.in_([k.value for k in UNDOABLE])
    )
    if own is not None:
        query = query.where(OutboxEntry.staff_id == own)
    row = session.execute(query.order_by(OutboxEntry.seq.desc()).limit(1)).first()
    if row is None or row.undone_by is not None:
        return None
    return int(row.seq), str(row.kind)


def undo(
    session: Session, seq: int, reason: str, now: datetime, *, own: str | None = None
) -> UndoResult:
    """Compensate action ``seq`` and append the ``undo`` action, in the caller's transaction.
    ``own``: only an action of that staff member may be undone (a volunteer's own)."""
    target = session.get(OutboxEntry, seq)
    if target is None:
        raise CannotUndo(
            Problem.UNDO_NO_SUCH_ACTION,
            specifics(seq=seq),
        )
    if own is not None and target.staff_id != own:
        raise NotAllowed(Capability.UNDO_ANY, Role.VOLUNTEER)
    if target.undone_by is not None:
        raise CannotUndo(Problem.UNDO_ALREADY_UNDONE, specifics(seq=seq))
    kind = Kind(target.kind)
    if kind not in UNDOABLE:
        raise CannotUndo(
            Problem.UNDO_NOT_UNDOABLE,
            specifics(kind=kind.value),
        )
    payload = outbox.load_payload(target)
    barcode = getattr(payload, "item_barcode", None)  # every undoable kind names its item
    item = session.scalar(select(Item).where(Item.barcode == barcode))
    if item is None:
        raise CannotUndo(Problem.UNDO_ITEM_GONE)
    plan = plan_undo(_target(session, kind, payload, item))
    if plan.nothing is not None:
        raise _nothing_left(plan.nothing, item.title)
    if _forgotten(session, plan.reopen_loan):
        # The laptop no longer knows whose loan it was (popup.store.forget: the server had
        # the return, and a later scan came after it): only the library system can put it back.
        raise CannotUndo(Problem.UNDO_NOT_UNDOABLE, specifics(kind=kind.value))
    _compensate(session, plan, item, now)
    _put_hold_back(session, payload)
    entry = outbox.append(
        session,
        UndoPayload(
            target_mutation_id=target.mutation_id,
            target_kind=kind,
            target_seq=target.seq,
            reason=reason,
            undone_at=now,
        ),
        now,
    )
    outbox.mark_undone(session, target.seq, by=entry.seq)
    return UndoResult(
        seq=entry.seq,
        target_seq=seq,
        target_kind=kind.value,
        description=UNDONE.english(kind.value, specifics(title=item.title)),
        title=item.title,
    )


def _forgotten(session: Session, loan_id: str | None) -> bool:
    loan = session.get(Loan, loan_id) if loan_id else None
    return loan is not None and loan.patron_id is None


def _open(session: Session, loan_id: str | None) -> bool:
    loan = session.get(Loan, loan_id) if loan_id else None
    return loan is not None and loan.returned_at is None


def _target(session: Session, kind: Kind, payload: Payload, item: Item) -> Target:
    """What this laptop knows about the action and its loans, as the undo rule reads it."""
    if isinstance(payload, Checkout):
        return Target(
            kind,
            loan_id=payload.loan_id,
            loan_open=_open(session, payload.loan_id),
            closed_loan_id=payload.closed_loan_id,
        )
    if isinstance(payload, Checkin):
        lent = payload.loan_id is not None and lookups.open_loan_of_item(session, item.id)
        return Target(kind, loan_id=payload.loan_id, item_lent_again=bool(lent))
    if isinstance(payload, Renew):
        return Target(
            kind,
            loan_id=payload.loan_id,
            loan_open=_open(session, payload.loan_id),
            previous_due=payload.previous_due_date,
            previous_renewals=max(0, payload.renewals - 1),
        )
    return Target(kind)


def _nothing_left(why: NothingToUndo, title: str) -> CannotUndo:
    if why is NothingToUndo.LENT_AGAIN_SINCE:
        return CannotUndo(
            Problem.UNDO_LENT_AGAIN_SINCE,
            specifics(title=title),
        )
    # RETURNED_SINCE (NOT_APPLIED is the server's: the laptop compensates what it did itself).
    return CannotUndo(
        Problem.UNDO_RETURNED_SINCE,
        specifics(title=title),
    )


def _put_hold_back(session: Session, payload: Payload) -> None:
    """An undone pickup puts the copy back on the hold shelf (ready); an undone return that set
    a copy aside leaves the hold waiting again (the server does the same with its copy)."""
    hold_id = getattr(payload, "hold_id", None)
    if hold_id is None:
        return
    if isinstance(payload, Checkout):
        lookups.set_hold(session, hold_id, HoldStatus.READY)
    elif isinstance(payload, Checkin):
        lookups.set_hold(session, hold_id, HoldStatus.WAITING)


def _compensate(session: Session, plan: UndoPlan, item: Item, now: datetime) -> None:
    if plan.close_loan is not None:
        loan = session.get(Loan, plan.close_loan)
        assert loan is not None  # the plan closes only a loan that is open here
        loan.returned_at = now
        loan.closed_reason = ClosedReason.UNDONE.value
        loan.synced = False
        item.status = ItemStatus.AVAILABLE.value
        session.flush()  # closed before the reopen: one open loan per item
    if plan.reopen_loan is not None:
        loan = session.get(Loan, plan.reopen_loan)
        if loan is not None:
            loan.returned_at = None
            loan.closed_reason = None
            loan.synced = False
            item.status = ItemStatus.ON_LOAN.value
    if plan.restore_loan is not None:
        loan = session.get(Loan, plan.restore_loan)
        assert loan is not None  # the plan restores only a loan that is open here
        if plan.restore_due is not None:
            loan.due_date = plan.restore_due
        if plan.restore_renewals is not None:
            loan.renewals = plan.restore_renewals
        loan.synced = False
    session.flush()
