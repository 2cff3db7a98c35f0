"""Forgotten, lost and expired cards: the rules the desk and the server share.

* A patron who forgot their card is found by name (``popup.store.cards`` searches); the list
  shows the card masked to its last four characters (:func:`masked_card`), enough to ask "is
  this yours?" and no more.
* A lost card is replaced by a new number; the old one stays as a *lost alias*: a scan of it
  is refused with the day it was reported lost (:func:`lost_card_refused`), at every desk
  that has heard of it and at the server.
* A card is renewed by the ``card_renewal_years`` setting for the patron's category
  (:func:`renewed_expiry`): counted from the later of today and the current expiry, so
  renewing early loses no time and renewing late does not backdate the card.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from popup.domain.signup import card_expiry


def masked_card(number: str) -> str:
    """``"21120000006132"`` -> ``"•••• 6132"``: the last four characters only."""
    return f"\u2022\u2022\u2022\u2022 {number[-4:]}"


#: "card X" in a sentence, whatever the card's format (letters, dashes: a library's own).
_CARD_WORD = re.compile(r"\b([Cc]ard )([0-9A-Za-z][0-9A-Za-z-]{4,})")
#: A number long enough to be a card, standing alone.
_LONG_NUMBER = re.compile(r"(?<![\w-])[0-9]{8,}(?![\w-])")


def masked_text(message: str, cards: Iterable[str | None] = (), keep: Iterable[str] = ()) -> str:
    """``message`` with every patron card in it masked (:func:`masked_card`): the ``cards`` it
    is known to name, any word after "card ", and any other long number but those in ``keep``
    (item barcodes a reader needs whole). Servers, ILSs and importers quote cards in their own
    sentences; everything shown to a coordinator or written to a log goes through here."""
    for card in sorted({c for c in cards if c and len(c) > 4}, key=len, reverse=True):
        message = message.replace(card, masked_card(card))
    kept = set(keep)

    def word(m: re.Match[str]) -> str:
        return m[0] if m[2] in kept else m[1] + masked_card(m[2])

    message = _CARD_WORD.sub(word, message)
    return _LONG_NUMBER.sub(lambda m: m[0] if m[0] in kept else masked_card(m[0]), message)


def renewal_years(category: str, by_category: Mapping[str, int], default_years: int) -> int:
    """Years a renewal adds for ``category`` (case ignored); ``default_years`` (the
    ``card_expiry_years`` setting) for a category the setting does not name."""
    wanted = category.strip().upper()
    for name, years in by_category.items():
        if name.upper() == wanted:
            return years
    return default_years


def renewed_expiry(current: date | None, today: date, years: int) -> date:
    """The new expiry: ``years`` after the later of today and the current expiry."""
    start = today if current is None or current < today else current
    return card_expiry(start, years)


def lost_card_refused(lost_at: datetime | None, acted_at: datetime) -> bool:
    """Is an action with a card refused because the card was reported lost? Only one made at
    or after the report: what was done with it before was the patron's own doing."""
    return lost_at is not None and acted_at >= lost_at


__all__ = ["lost_card_refused", "masked_card", "renewal_years", "renewed_expiry"]
