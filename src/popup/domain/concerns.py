"""Named reasons staff read: blocks on a patron and problems with an item.

Each concern has a stable ``code`` (used in outbox payloads, on the server and for translation
in the UI) and its specifics as ``params``; its English ``message`` is rendered from the one
sentence per key in :data:`popup.domain.messages.CONCERNS`, which the UI translates.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from popup.domain.messages import CONCERNS, Params, specifics


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
    """A block or item problem: its ``code``, the specifics as ``params``, and which of the
    code's sentences it is (``variant``: "no_rule" for ITEM_NOT_FOR_LOAN when no loan rule
    applies at all; empty for the usual one). ``message`` is the English sentence."""

    code: Code
    params: Params = ()
    variant: str = ""

    @property
    def key(self) -> str:
        """The sentence's stable key in :data:`popup.domain.messages.CONCERNS`: the code, or
        ``CODE.variant``."""
        return f"{self.code.value}.{self.variant}" if self.variant else self.code.value

    @property
    def message(self) -> str:
        return CONCERNS.english(self.key, self.params)

    def param(self, name: str) -> str | int | None:
        return dict(self.params).get(name)

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code.value,
            "message": self.message,
            "variant": self.variant,
            "params": dict(self.params),
        }


__all__ = ["PATRON_BLOCK_CODES", "Code", "Concern", "Params", "specifics"]
