"""Named reasons staff read: blocks on a patron and problems with an item.

Each concern has a stable ``code`` (used in outbox payloads, on the server and for translation
in the UI) and an English ``message`` naming the specifics.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


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

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code.value, "message": self.message}
