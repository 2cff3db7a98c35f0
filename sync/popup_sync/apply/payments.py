"""Payments and waivers, settled against the server's own balance of the patron's fines.

The money changed hands at the stop, so a payment is never refused for the amount: the server
applies the same rule as the desk (:func:`popup.domain.payments.settle`). When its balance is
lower by then, the whole payment is still recorded and the excess becomes a credit (the balance
goes below zero), flagged ``PAYMENT_EXCEEDS_BALANCE`` for staff to refund or keep; a waiver
then waives only what is still owed. The action itself is the record of the payment (the
applied log keeps its payload: amount, method, note, time, device).
"""

from __future__ import annotations

from popup.domain.messages import format_money
from popup.domain.payments import settle
from popup.domain.protocol.actions import Payment
from popup.domain.protocol.entities import Entity
from popup.domain.protocol.envelopes import OutcomeCode, Status
from popup_sync.apply.context import Context
from popup_sync.apply.outcome import Outcome


def payment(ctx: Context, p: Payment) -> Outcome:
    patron = ctx.cache.patron(p.patron_card)
    if patron is None:
        return Outcome.rejected(
            OutcomeCode.PATRON_NOT_FOUND, f"No patron has the card {p.patron_card}."
        )
    # Two laptops paying the same fines at once settle one after the other (PostgreSQL).
    ctx.session.refresh(patron, with_for_update=True)
    done = settle(
        owed_cents=patron.fines_owed_cents,
        amount_cents=p.amount_cents,
        waiver=p.waiver,
        desk_owed_cents=p.balance_before_cents,
        as_credit=p.credit,
    )
    patron.fines_owed_cents = done.balance_after_cents
    ctx.changed(Entity.PATRON, patron.card_number)
    outcome = Outcome(Status.APPLIED)
    outcome.detail.update(
        balance_before_cents=done.balance_before_cents,
        balance_after_cents=done.balance_after_cents,
        applied_cents=done.applied_cents,
        credit_cents=done.credit_cents,
        unused_cents=done.unused_cents,
    )
    if done.exceeds:
        owed = format_money(max(done.balance_before_cents, 0))
        if p.waiver:
            said = (
                f"The patron owed {owed} here, less than the {format_money(p.amount_cents)} "
                f"waived at the desk; only {format_money(done.applied_cents)} was waived."
            )
        else:
            said = (
                f"The patron owed {owed} here, less than the {format_money(p.amount_cents)} "
                f"paid at the desk; the whole payment was recorded and "
                f"{format_money(done.credit_cents)} is kept as a credit."
            )
        outcome.add(OutcomeCode.PAYMENT_EXCEEDS_BALANCE, said)
    return outcome
