"""Patron blocks: expired card, fines over the limit, a manual block, too many items.

A block does not forbid a checkout outright: staff may override it, and the override's reason
is recorded in the action (see :mod:`popup.domain.circulation`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from popup.domain.concerns import Code, Concern, specifics


@dataclass(frozen=True)
class PatronState:
    """What the rules need to know about a patron."""

    card_number: str
    name: str
    category: str
    card_expiry: date | None
    fines_owed_cents: int
    manual_block: bool
    block_reason: str | None
    home_library: str


class PatronRow(Protocol):
    """Any stored patron (the laptop's or the server's table) the rules can read."""

    @property
    def card_number(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def card_expiry(self) -> date | None: ...
    @property
    def fines_owed_cents(self) -> int: ...
    @property
    def manual_block(self) -> bool: ...
    @property
    def block_reason(self) -> str | None: ...
    @property
    def home_library(self) -> str: ...


def patron_state(row: PatronRow) -> PatronState:
    return PatronState(
        card_number=row.card_number,
        name=row.name,
        category=row.category,
        card_expiry=row.card_expiry,
        fines_owed_cents=row.fines_owed_cents,
        manual_block=row.manual_block,
        block_reason=row.block_reason,
        home_library=row.home_library,
    )


@dataclass(frozen=True)
class Policy:
    """Library-wide settings the rules read."""

    library_code: str
    #: The ``fines_limit_cents`` setting (``popup.domain.settings``).
    fines_limit_cents: int


def card_expired(expiry: date | None, today: date) -> bool:
    """A card is valid through its expiry date and expired from the day after."""
    return expiry is not None and today > expiry


def patron_blocks(patron: PatronState, policy: Policy, today: date) -> list[Concern]:
    """Blocks that hold whatever is being borrowed (item limits are checked per checkout)."""
    blocks: list[Concern] = []
    if card_expired(patron.card_expiry, today):
        assert patron.card_expiry is not None
        expiry = patron.card_expiry.isoformat()
        blocks.append(Concern(Code.CARD_EXPIRED, specifics(expiry=expiry)))
    if patron.fines_owed_cents > policy.fines_limit_cents:
        blocks.append(
            Concern(
                Code.FINES_OVER_LIMIT,
                specifics(owed_cents=patron.fines_owed_cents, limit_cents=policy.fines_limit_cents),
            )
        )
    if patron.manual_block:
        reason = (patron.block_reason or "").strip()
        if reason:
            blocks.append(Concern(Code.MANUAL_BLOCK, specifics(reason=reason)))
        else:
            blocks.append(Concern(Code.MANUAL_BLOCK, variant="no_reason"))
    return blocks


def too_many_items(loans_counted: int, max_items: int) -> Concern | None:
    if loans_counted >= max_items:
        return Concern(Code.TOO_MANY_ITEMS, specifics(count=loans_counted, limit=max_items))
    return None
