"""The payment rules the desk and the server share: amounts, refusals, settling, takings."""

from __future__ import annotations

import pytest

from popup.domain.payments import (
    MAX_AMOUNT_CENTS,
    PaymentMethod,
    PaymentRefused,
    Takings,
    assess_payment,
    parse_amount,
    settle,
    takings,
)


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("6.50", 650),
        ("6", 600),
        (" 6.5 ", 650),
        ("$6.50", 650),
        ("1,234.56", 123456),
        (".75", 75),
        ("7.", 700),
    ],
)
def test_amounts_are_read_as_whole_cents(typed: str, cents: int) -> None:
    assert parse_amount(typed) == cents


def test_a_comma_decimal_point_is_read_as_the_locale_writes_it() -> None:
    spanish = {"decimal_point": ",", "group_separator": "."}
    assert parse_amount("6,50", **spanish) == 650
    assert parse_amount("1.234,50 €", **spanish) == 123450
    assert parse_amount("6,50") != 650  # under a point locale the comma groups thousands


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "AMOUNT_EMPTY"),
        ("   ", "AMOUNT_EMPTY"),
        ("0", "AMOUNT_ZERO"),
        ("0.00", "AMOUNT_ZERO"),
        ("-5", "AMOUNT_NEGATIVE"),
        ("−5.00", "AMOUNT_NEGATIVE"),
        ("five", "AMOUNT_NOT_A_NUMBER"),
        ("6.5.0", "AMOUNT_NOT_A_NUMBER"),
        ("1e3", "AMOUNT_NOT_A_NUMBER"),
        ("٣", "AMOUNT_NOT_A_NUMBER"),
        ("6.505", "AMOUNT_TOO_PRECISE"),
        ("2112000900000", "AMOUNT_TOO_LARGE"),
    ],
)
def test_what_is_not_an_amount_is_refused_with_a_clear_word(typed: str, key: str) -> None:
    with pytest.raises(PaymentRefused) as caught:
        parse_amount(typed)
    assert caught.value.key == key
    assert str(caught.value)  # an English sentence for logs and the server


def test_the_refusals_say_what_is_wrong_in_words() -> None:
    with pytest.raises(PaymentRefused, match="negative"):
        parse_amount("-5")
    with pytest.raises(PaymentRefused, match="zero"):
        parse_amount("0")
    with pytest.raises(PaymentRefused, match="not an amount"):
        parse_amount("abc")


def test_a_payment_reduces_what_is_owed() -> None:
    verdict = assess_payment(owed_cents=900, amount_cents=650, waiver=False)
    assert (verdict.balance_after_cents, verdict.credit_cents) == (250, 0)
    assert assess_payment(owed_cents=900, amount_cents=900, waiver=False).balance_after_cents == 0


def test_more_than_owed_is_refused_unless_recorded_as_a_credit() -> None:
    with pytest.raises(PaymentRefused) as caught:
        assess_payment(owed_cents=900, amount_cents=1000, waiver=False)
    assert caught.value.key == "EXCEEDS_OWED"
    assert "10.00 is more than the 9.00 owed" in str(caught.value)
    verdict = assess_payment(owed_cents=900, amount_cents=1000, waiver=False, as_credit=True)
    assert (verdict.balance_after_cents, verdict.credit_cents) == (-100, 100)
    # A patron who owes nothing may leave a credit too, but only when staff say so.
    with pytest.raises(PaymentRefused):
        assess_payment(owed_cents=0, amount_cents=500, waiver=False)
    topped_up = assess_payment(owed_cents=-200, amount_cents=500, waiver=False, as_credit=True)
    assert (topped_up.balance_after_cents, topped_up.credit_cents) == (-700, 500)


def test_a_waiver_waives_only_what_is_owed_and_never_makes_a_credit() -> None:
    assert assess_payment(owed_cents=900, amount_cents=400, waiver=True).balance_after_cents == 500
    with pytest.raises(PaymentRefused) as caught:
        assess_payment(owed_cents=900, amount_cents=1000, waiver=True, as_credit=True)
    assert caught.value.key == "WAIVER_EXCEEDS_OWED"
    with pytest.raises(PaymentRefused) as nothing:
        assess_payment(owed_cents=0, amount_cents=100, waiver=True)
    assert nothing.value.key == "NOTHING_TO_WAIVE"


@pytest.mark.parametrize("amount", [0, -1, MAX_AMOUNT_CENTS + 1])
def test_the_desk_refuses_impossible_amounts_in_cents_too(amount: int) -> None:
    with pytest.raises(PaymentRefused):
        assess_payment(owed_cents=900, amount_cents=amount, waiver=False, as_credit=True)


def test_the_server_records_the_whole_payment_when_it_knows_less_is_owed() -> None:
    # The desk saw 9.00 owed and took 9.00; meanwhile 5.00 was paid online.
    done = settle(
        owed_cents=400, amount_cents=900, waiver=False, desk_owed_cents=900, as_credit=False
    )
    assert done.balance_after_cents == -500  # 5.00 kept as a credit, never lost
    assert (done.applied_cents, done.credit_cents, done.exceeds) == (400, 500, True)
    # Same balance as at the desk: nothing to flag.
    same = settle(
        owed_cents=900, amount_cents=900, waiver=False, desk_owed_cents=900, as_credit=False
    )
    assert (same.balance_after_cents, same.exceeds) == (0, False)
    # A credit staff agreed to at the desk is not flagged; a bigger one is.
    agreed = settle(
        owed_cents=900, amount_cents=1000, waiver=False, desk_owed_cents=900, as_credit=True
    )
    assert (agreed.credit_cents, agreed.exceeds) == (100, False)
    bigger = settle(
        owed_cents=500, amount_cents=1000, waiver=False, desk_owed_cents=900, as_credit=True
    )
    assert (bigger.credit_cents, bigger.exceeds) == (500, True)


def test_the_server_waives_only_what_it_still_finds_owed() -> None:
    done = settle(
        owed_cents=300, amount_cents=900, waiver=True, desk_owed_cents=900, as_credit=False
    )
    assert (done.balance_after_cents, done.applied_cents, done.unused_cents) == (0, 300, 600)
    assert done.credit_cents == 0 and done.exceeds
    # More owed on the server than at the desk: the waiver applies as typed.
    more = settle(
        owed_cents=1500, amount_cents=900, waiver=True, desk_owed_cents=900, as_credit=False
    )
    assert (more.balance_after_cents, more.exceeds) == (600, False)


def test_takings_are_summed_per_method_with_waivers_apart() -> None:
    got = takings(
        [
            (650, PaymentMethod.CASH, False),
            (200, PaymentMethod.CASH, False),
            (1000, PaymentMethod.CARD, False),
            (75, PaymentMethod.OTHER, False),
            (300, None, True),
        ]
    )
    assert got == Takings(cash_cents=850, card_cents=1000, other_cents=75, waived_cents=300)
    assert got.taken_cents == 1925
    assert (got + got).numbers() == [1700, 2000, 150, 600]
