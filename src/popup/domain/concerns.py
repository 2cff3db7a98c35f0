"""Named reasons staff read: blocks on a patron and problems with an item.

Each concern has a stable ``code`` (used in outbox payloads, on the server and for translation
in the UI) and an English ``message`` naming the specifics. The same specifics are also kept
apart in ``params`` so a UI can word the whole sentence in its own language: the core stays
free of Qt and gettext, and the server, payloads and logs keep using the English.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

#: Specifics of a message as ``(name, value)`` pairs, sorted by name: hashable and frozen.
#: Conventions a UI relies on: dates are ISO text (``expiry``, ``due``), money is whole cents
#: under a name ending in ``_cents``, counts are ``int``; everything else (library codes, item
#: types, patron categories, initials, scanned numbers) is shown as it is.
Params = tuple[tuple[str, str | int], ...]


def specifics(**values: str | int) -> Params:
    """``Params`` from keyword arguments, in a stable order."""
    return tuple(sorted(values.items()))


class Code(enum.StrEnum):
    # Patron blocks
    CARD_EXPIRED = "CARD_EXPIRED"
    FINES_OVER_LIMIT = "FINES_OVER_LIMIT"
    MANUAL_BLOCK = "MANUAL_BLOCK"
    TOO_MANY_ITEMS = "TOO_MANY_ITEMS"
    # Item problems at checkout
    ITEM_ON_LOAN_TO_OTHER = "ITEM_ON_LOAN_TO_OTHER"
    ITEM_ALREADY_ON_LOAN_TO_PATRON = "ITEM_ALREADY_ON_LOAN_TO_PATRON"
    ITEM_ON_HOLD = "ITEM_ON_HOLD"
    ITEM_NOT_FOR_LOAN = "ITEM_NOT_FOR_LOAN"
    ITEM_UNAVAILABLE = "ITEM_UNAVAILABLE"
    # Renewal
    MAX_RENEWALS_REACHED = "MAX_RENEWALS_REACHED"
    # Return
    ITEM_NOT_ON_LOAN = "ITEM_NOT_ON_LOAN"
    HOLD_TRAP = "HOLD_TRAP"
    ROUTE_ITEM = "ROUTE_ITEM"


PATRON_BLOCK_CODES = frozenset(
    {Code.CARD_EXPIRED, Code.FINES_OVER_LIMIT, Code.MANUAL_BLOCK, Code.TOO_MANY_ITEMS}
)


@dataclass(frozen=True)
class Concern:
    code: Code
    message: str
    params: Params = ()
    #: Which of the code's sentences this is where a code has more than one ("no_rule" for
    #: ITEM_NOT_FOR_LOAN when no loan rule applies at all); empty for the usual one.
    variant: str = ""

    @property
    def key(self) -> str:
        """The sentence's stable key: the code, or ``CODE.variant``."""
        return f"{self.code.value}.{self.variant}" if self.variant else self.code.value

    def param(self, name: str) -> str | int | None:
        return dict(self.params).get(name)

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code.value,
            "message": self.message,
            "variant": self.variant,
            "params": dict(self.params),
        }
