"""Lost cards replaced and cards renewed at the desk (#15).

A replacement moves the patron to the new number (a real one from the device's block, or a
permanent one the server gives for a temporary number, as for a sign-up) and keeps the old
number as a *lost* alias from the replacement's time: an action made with it after that is
refused with ``CARD_REPORTED_LOST`` (:func:`refused_lost_card`, used by the checkout applier),
one made before is the patron's own and applies. A renewal sets the expiry the desk computed
from the ``card_renewal_years`` setting; a later expiry already at the server is kept.
"""

from __future__ import annotations

from datetime import datetime

from popup.domain.cards import InvalidNumber
from popup.domain.patron_cards import lost_card_refused
from popup.domain.protocol.actions import CardRenew, CardReplace
from popup.domain.protocol.entities import Entity
from popup.domain.protocol.envelopes import OutcomeCode, Status
from popup.domain.signup import TEMPORARY_PREFIX, is_temporary
from popup_sync import crud
from popup_sync.apply.context import Context, hhmm
from popup_sync.apply.outcome import InvalidField, Outcome, fits
from popup_sync.models import Patron


def refused_lost_card(ctx: Context, card: str, acted_at: datetime) -> Outcome | None:
    """The rejection of an action made with ``card`` after it was reported lost, else None."""
    lost_at = ctx.scope.lost_at(card)
    if lost_at is None or not lost_card_refused(lost_at, acted_at):
        return None
    outcome = Outcome.rejected(
        OutcomeCode.CARD_REPORTED_LOST,
        f"The card {card} was reported lost on {hhmm(lost_at, ctx.rules.zone)[:10]}; the action"
        " was not recorded.",
    )
    outcome.detail["lost_on"] = lost_at.astimezone(ctx.rules.zone).date().isoformat()
    return outcome


def card_replace(ctx: Context, p: CardReplace) -> Outcome:
    old = p.old_card.strip()
    new = p.new_card.strip()
    if p.temporary:
        if not is_temporary(new):
            raise InvalidField(
                "new_card",
                f"field 'new_card' is marked temporary but does not start with {TEMPORARY_PREFIX}",
            )
        fits(new, "new_card", Patron, "card_number")
    else:
        try:
            new = crud.card_format(ctx.library).validate_patron(new)
        except InvalidNumber as exc:
            raise InvalidField(
                "new_card", f"field 'new_card' is not a card of this library: {exc}"
            ) from None
    patron = ctx.scope.patron(old)
    if patron is None:
        return Outcome.rejected(OutcomeCode.PATRON_NOT_FOUND, f"No patron has the card {old}.")
    if ctx.scope.card_taken(new):
        return Outcome.rejected(None, f"The card {new} already belongs to a patron.")
    real = new
    if p.temporary:
        try:
            real = crud.real_card_number(session=ctx.session, library=ctx.library)
        except crud.CardNumbersExhausted as exc:  # before any write: nothing to undo
            return Outcome.rejected(None, f"No permanent card number could be given: {exc}.")
    outcome = Outcome(Status.APPLIED)
    current = patron.card_number
    patron.card_number = real
    patron.temporary = False
    ctx.session.flush()
    # The number the desk replaced, and the one the patron had here if another desk replaced
    # it meanwhile: both are lost from now on.
    for lost in dict.fromkeys((old, current)):
        if lost != real:
            ctx.scope.lose_card(patron, lost, p.replaced_at)
    ctx.changed(Entity.PATRON, real)
    if p.temporary:
        ctx.scope.keep_alias(patron, new, "temporary")
        ctx.changed(Entity.CARD_REPLACEMENT, new)
        outcome.detail.update({"temporary_card": new, "card_number": real})
        outcome.add(
            OutcomeCode.TEMPORARY_CARD_REPLACED,
            f"The temporary card {new} was replaced by {real}; give the patron the new card.",
        )
    outcome.detail["lost_card"] = old
    if not outcome.message:
        outcome.message = f"Card {old} is kept as lost; the patron's card is now {real}."
    return outcome


def card_renew(ctx: Context, p: CardRenew) -> Outcome:
    patron = ctx.scope.patron(p.patron_card)
    if patron is None:
        return Outcome.rejected(
            OutcomeCode.PATRON_NOT_FOUND, f"No patron has the card {p.patron_card}."
        )
    refused = refused_lost_card(ctx, p.patron_card, p.renewed_at)
    if refused is not None:
        return refused
    if patron.card_expiry is not None and patron.card_expiry > p.new_expiry:
        return Outcome(
            Status.APPLIED,
            message=f"The card was already valid to {patron.card_expiry.isoformat()}; kept.",
        )
    patron.card_expiry = p.new_expiry
    ctx.changed(Entity.PATRON, patron.card_number)
    return Outcome(Status.APPLIED, message=f"Card valid to {p.new_expiry.isoformat()}.")
