"""Sign-ups: a new patron, a real card for a temporary one, and a duplicate warning.

The personal fields (``PatronRegister.PERSONAL_FIELDS``) are kept here only, where staff need
them: the date of birth in its own column (duplicate matching), the rest in ``personal``. They
never travel down to devices, and the exactly-once log keeps the payload without them.
"""

from __future__ import annotations

from popup.domain.cards import InvalidNumber
from popup.domain.protocol.actions import PatronRegister
from popup.domain.protocol.entities import Entity
from popup.domain.protocol.envelopes import OutcomeCode, Status
from popup.domain.signup import TEMPORARY_PREFIX, is_temporary, match_key
from popup_sync import crud
from popup_sync.apply.context import Context
from popup_sync.apply.outcome import InvalidField, Outcome, fits
from popup_sync.models import Patron, PatronAlias

#: Personal fields kept in ``Patron.personal`` (the date of birth has its own column).
IN_PERSONAL = tuple(f for f in PatronRegister.PERSONAL_FIELDS if f != "date_of_birth")


def patron_register(ctx: Context, p: PatronRegister) -> Outcome:
    session = ctx.session
    card = p.patron_card.strip()
    if p.temporary:
        if not is_temporary(card):
            raise InvalidField(
                "patron_card",
                f"field 'patron_card' is marked temporary but does not start with "
                f"{TEMPORARY_PREFIX}",
            )
        fits(card, "patron_card", Patron, "card_number")
    else:
        try:
            card = crud.card_format(ctx.library).validate_patron(card)
        except InvalidNumber as exc:
            raise InvalidField(
                "patron_card", f"field 'patron_card' is not a card of this library: {exc}"
            ) from None
    name = fits(p.name, "name", Patron)
    category = fits(p.category.upper(), "category", Patron)
    home = fits(p.home_library or ctx.library.code, "home_library", Patron)
    outcome = Outcome(Status.APPLIED)
    if ctx.scope.patron(card) is not None:
        return Outcome.rejected(None, f"The card {card} already belongs to a patron.")
    key = match_key(name, p.date_of_birth)
    real = card
    if p.temporary:
        try:
            real = crud.real_card_number(session=session, library=ctx.library)
        except crud.CardNumbersExhausted as exc:  # before any write: nothing to undo
            return Outcome.rejected(None, f"No permanent card number could be given: {exc}.")
    wire = p.to_wire()
    patron = Patron(
        library_id=ctx.library.id,
        card_number=real,
        name=name,
        category=category,
        card_expiry=p.card_expiry,
        fines_owed_cents=0,
        manual_block=False,
        home_library=home,
        temporary=False,
        match_key=key,
        date_of_birth=p.date_of_birth,
        personal={f: wire[f] for f in IN_PERSONAL if wire.get(f) is not None} or None,
        created_at=crud.now_utc(),
    )
    session.add(patron)
    session.flush()
    ctx.changed(Entity.PATRON, real)
    if p.temporary:
        session.add(
            PatronAlias(
                library_id=ctx.library.id, card_number=card, patron_id=patron.id, reason="temporary"
            )
        )
        ctx.changed(Entity.CARD_REPLACEMENT, card)
        ctx.changed(Entity.PATRON, card)
        outcome.detail.update({"temporary_card": card, "card_number": real})
        outcome.add(
            OutcomeCode.TEMPORARY_CARD_REPLACED,
            f"The temporary card {card} was replaced by {real}; give the patron the new card.",
        )
    if key is not None:
        others = ctx.scope.same_person(key, patron)
        if others:
            outcome.detail["possible_duplicates"] = others
            outcome.add(
                OutcomeCode.POSSIBLE_DUPLICATE_PATRON,
                f"Same name and birth date as {len(others)} existing patron(s); "
                "staff should check and merge.",
            )
    return outcome
