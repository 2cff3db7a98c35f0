"""Payments and waivers against a patron's fines: THE rules the desk and the server share.

Money is whole cents everywhere; a balance below zero is a credit the library holds for the
patron. The desk reads what staff typed with :func:`parse_amount` (the UI passes its locale's
separators), decides with :func:`assess_payment`, and the server settles the same action
against its own, perhaps newer, balance with :func:`settle`.

Why the server never refuses a payment: the money has already changed hands at the stop. If
the server's balance is lower by the time the action arrives (the fine was paid online, or
written off at a branch), the whole payment is still recorded; the part the patron no longer
owed becomes a credit on their account and the action is flagged
``PAYMENT_EXCEEDS_BALANCE`` so that staff refund it or keep it as a credit, as the patron
prefers. A waiver is different: no money changed hands, so only what is still owed is waived
and the rest of the waiver is dropped (and flagged the same way); a waiver never makes a
credit.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from popup.domain.messages import PAYMENTS, format_money, specifics
from popup.domain.refusals import Refusal

#: The largest amount one payment may record (100,000.00 in the library's currency): a typo
#: such as a card number typed into the amount is refused, not recorded.
MAX_AMOUNT_CENTS = 10_000_000
#: Characters kept for a note.
MAX_NOTE = 200


class PaymentMethod(enum.StrEnum):
    CASH = "cash"
    CARD = "card"
    OTHER = "other"


class PaymentRefused(Refusal):
    """What staff typed or chose cannot be recorded; the key says why."""

    CATALOGUE = PAYMENTS


def parse_amount(text: str, *, decimal_point: str = ".", group_separator: str = ",") -> int:
    """What staff typed, as whole cents: ``"6.50"`` -> ``650``; ``"6,50"`` with a comma as the
    decimal point; ``"1,234.5"`` -> ``123450``. A currency sign and spaces around are ignored.
    Zero, negative amounts, more than two decimals and anything not a number are refused."""
    typed = text.strip()
    if not typed:
        raise PaymentRefused("AMOUNT_EMPTY")
    cleaned = typed.strip("$€£¥ \u00a0").replace("\u00a0", "").replace(" ", "")
    for sign in ("US$", "MX$", "USD", "EUR", "MXN"):
        cleaned = cleaned.replace(sign, "")
    negative = cleaned.startswith("-") or cleaned.startswith("\u2212")
    if negative:
        cleaned = cleaned[1:]
    if group_separator and group_separator != decimal_point:
        whole_part, _, _ = cleaned.partition(decimal_point)
        if group_separator in whole_part:
            cleaned = cleaned.replace(group_separator, "", whole_part.count(group_separator))
    units, point, fraction = cleaned.partition(decimal_point)
    if (
        not (units or fraction)
        or not (units == "" or (units.isascii() and units.isdigit()))
        or not (fraction == "" or (fraction.isascii() and fraction.isdigit()))
        or (point and not fraction and not units)
    ):
        raise PaymentRefused("AMOUNT_NOT_A_NUMBER", specifics(text=typed))
    if len(fraction) > 2:
        raise PaymentRefused("AMOUNT_TOO_PRECISE", specifics(text=typed))
    cents = int(units or "0") * 100 + int(fraction.ljust(2, "0") or "0")
    if negative and cents:
        raise PaymentRefused("AMOUNT_NEGATIVE", specifics(text=typed))
    if cents == 0:
        raise PaymentRefused("AMOUNT_ZERO")
    if cents > MAX_AMOUNT_CENTS:
        raise PaymentRefused("AMOUNT_TOO_LARGE", specifics(limit_cents=MAX_AMOUNT_CENTS))
    return cents


@dataclass(frozen=True)
class PaymentVerdict:
    """What a payment or waiver does to the balance at the desk."""

    balance_after_cents: int
    #: The part of a payment kept as a credit (0 unless staff recorded one).
    credit_cents: int


def assess_payment(
    *, owed_cents: int, amount_cents: int, waiver: bool, as_credit: bool = False
) -> PaymentVerdict:
    """The desk's verdict, or :class:`PaymentRefused`: an amount above zero; a waiver only of
    what is owed; a payment above what is owed only when staff record the rest as a credit."""
    if amount_cents <= 0:
        if amount_cents == 0:
            raise PaymentRefused("AMOUNT_ZERO")
        raise PaymentRefused("AMOUNT_NEGATIVE", specifics(text=format_money(amount_cents)))
    if amount_cents > MAX_AMOUNT_CENTS:
        raise PaymentRefused("AMOUNT_TOO_LARGE", specifics(limit_cents=MAX_AMOUNT_CENTS))
    owed = max(owed_cents, 0)
    if waiver:
        if owed == 0:
            raise PaymentRefused("NOTHING_TO_WAIVE")
        if amount_cents > owed:
            raise PaymentRefused(
                "WAIVER_EXCEEDS_OWED", specifics(amount_cents=amount_cents, owed_cents=owed)
            )
        return PaymentVerdict(owed_cents - amount_cents, 0)
    if amount_cents > owed and not as_credit:
        raise PaymentRefused("EXCEEDS_OWED", specifics(amount_cents=amount_cents, owed_cents=owed))
    return PaymentVerdict(owed_cents - amount_cents, max(0, amount_cents - owed))


@dataclass(frozen=True)
class Settlement:
    """How the server applied a payment or waiver to its own balance."""

    balance_before_cents: int
    balance_after_cents: int
    #: What reduced the fines (for a waiver, at most what was owed).
    applied_cents: int
    #: The part of a payment that became a credit.
    credit_cents: int
    #: The part of a waiver that had nothing left to waive (dropped).
    unused_cents: int
    #: More became credit (or was dropped) than the desk agreed to: PAYMENT_EXCEEDS_BALANCE.
    exceeds: bool


def settle(
    *,
    owed_cents: int,
    amount_cents: int,
    waiver: bool,
    desk_owed_cents: int,
    as_credit: bool,
) -> Settlement:
    """Apply an action from the desk to the server's balance ``owed_cents``; ``desk_owed_cents``
    is what the desk saw. Never refuses (see the module's note)."""
    owed = max(owed_cents, 0)
    if waiver:
        applied = min(amount_cents, owed)
        unused = amount_cents - applied
        return Settlement(owed_cents, owed_cents - applied, applied, 0, unused, unused > 0)
    credit = max(0, amount_cents - owed)
    agreed = max(0, amount_cents - max(desk_owed_cents, 0)) if as_credit else 0
    return Settlement(
        owed_cents, owed_cents - amount_cents, amount_cents - credit, credit, 0, credit > agreed
    )


@dataclass(frozen=True)
class Takings:
    """Money taken at a stop per method, and what was waived: for the cash box."""

    cash_cents: int = 0
    card_cents: int = 0
    other_cents: int = 0
    waived_cents: int = 0

    @property
    def taken_cents(self) -> int:
        return self.cash_cents + self.card_cents + self.other_cents

    def numbers(self) -> list[int]:
        """In :data:`TAKINGS_COLUMNS` order."""
        return [self.cash_cents, self.card_cents, self.other_cents, self.waived_cents]

    def __add__(self, other: Takings) -> Takings:
        return Takings(*(a + b for a, b in zip(self.numbers(), other.numbers(), strict=True)))


#: The takings' columns in the survey CSV (amounts such as 6.50).
TAKINGS_COLUMNS = ("taken_cash", "taken_card", "taken_other", "waived")


def takings(entries: Iterable[tuple[int, PaymentMethod | None, bool]]) -> Takings:
    """Sum ``(amount_cents, method, waiver)`` entries per method."""
    cash = card = other = waived = 0
    for amount, method, waiver in entries:
        if waiver:
            waived += amount
        elif method is PaymentMethod.CASH:
            cash += amount
        elif method is PaymentMethod.CARD:
            card += amount
        else:
            other += amount
    return Takings(cash, card, other, waived)
