"""Undo last scan: what a compensating ``undo`` action changes, decided once for both sides.

Nothing is ever deleted. The laptop writes an ``undo`` action naming the action it takes back;
the laptop's store and, later, the server each compensate with :func:`plan_undo`. Each side
says what it knows of the loans involved, and gets back the same plan:

========================  ===================================================================
undone action             compensation
========================  ===================================================================
``checkout``              close the new loan (:attr:`ClosedReason.UNDONE`) and reopen the
                          other patron's loan the checkout had closed, if any
``checkin``               reopen the loan the return closed, unless the item was lent since
``renew``                 put the due date and renewal count back
``in_house_use``          the use no longer counts
========================  ===================================================================

When there is nothing left to undo (the loan was returned since, the item lent again) the plan
says why: the laptop refuses with that reason, while the server, which must accept what was
done at the stop, records the undo as applied with nothing changed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from popup.domain.protocol.actions import Kind

#: The actions Undo last scan may take back.
UNDOABLE = frozenset({Kind.CHECKOUT, Kind.CHECKIN, Kind.RENEW, Kind.IN_HOUSE_USE})


class NothingToUndo(enum.StrEnum):
    RETURNED_SINCE = "RETURNED_SINCE"  # the loan ended after the action
    LENT_AGAIN_SINCE = "LENT_AGAIN_SINCE"  # the returned item went out again
    NOT_APPLIED = "NOT_APPLIED"  # the server had rejected the action itself


@dataclass(frozen=True)
class UndoPlan:
    #: Close this loan as undone.
    close_loan: str | None = None
    #: Reopen this loan (its item has no other open loan).
    reopen_loan: str | None = None
    #: Put this loan's due date and renewal count back (the loan being renewed).
    restore_loan: str | None = None
    restore_due: date | None = None
    restore_renewals: int | None = None
    #: The in-house use no longer counts.
    cancel_in_house_use: bool = False
    #: Why nothing changes; None when the plan changes something (or nothing needed to).
    nothing: NothingToUndo | None = None


@dataclass(frozen=True)
class Target:
    """What a side knows about the action being undone and the loans it touched."""

    kind: Kind
    #: The loan the action made (checkout), closed (checkin) or renewed (renew).
    loan_id: str | None = None
    #: That loan still exists and is open.
    loan_open: bool = False
    #: Checkout: the other loan it closed (a hand-over), if any.
    closed_loan_id: str | None = None
    #: Checkin: the item is out on a loan again.
    item_lent_again: bool = False
    #: Renew: the due date and renewal count before the renewal.
    previous_due: date | None = None
    previous_renewals: int | None = None
    #: The server rejected the action, so it changed nothing.
    rejected: bool = False


def plan_undo(target: Target) -> UndoPlan:
    """The compensation for undoing ``target`` (see the table in the module docstring)."""
    if target.kind not in UNDOABLE:
        raise ValueError(f"a {target.kind.value} action cannot be undone")
    if target.rejected:
        return UndoPlan(nothing=NothingToUndo.NOT_APPLIED)
    if target.kind is Kind.CHECKOUT:
        if not target.loan_open:
            return UndoPlan(nothing=NothingToUndo.RETURNED_SINCE)
        return UndoPlan(close_loan=target.loan_id, reopen_loan=target.closed_loan_id)
    if target.kind is Kind.CHECKIN:
        if target.loan_id is None:
            return UndoPlan()  # the item was not on loan: the return changed no loan
        if target.item_lent_again:
            return UndoPlan(nothing=NothingToUndo.LENT_AGAIN_SINCE)
        return UndoPlan(reopen_loan=target.loan_id)
    if target.kind is Kind.RENEW:
        if not target.loan_open:
            return UndoPlan(nothing=NothingToUndo.RETURNED_SINCE)
        return UndoPlan(
            restore_loan=target.loan_id,
            restore_due=target.previous_due,
            restore_renewals=target.previous_renewals,
        )
    return UndoPlan(cancel_in_house_use=True)
