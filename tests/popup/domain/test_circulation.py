"""The shared circulation verdicts (the server calls the same functions)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from popup.domain.blocks import PatronState, Policy, card_expired, patron_blocks
from popup.domain.circulation import (
    ItemState,
    ItemStatus,
    LoanState,
    assess_checkout,
    assess_renewal,
    assess_return,
    initials,
    renewal_moves,
)
from popup.domain.concerns import Code
from popup.domain.due_dates import Calendar
from popup.domain.loan_rules import LoanRule, RuleBook

NOW = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)  # Monday
TODAY = NOW.date()
RULES = RuleBook(
    [
        LoanRule("*", "*", 21, 2, 3),
        LoanRule("*", "REFERENCE", 0, 0, 0, loanable=False),
    ]
)
POLICY = Policy(library_code="MAIN", fines_limit_cents=500)


def patron(**changes: object) -> PatronState:
    base: dict[str, object] = {
        "card_number": "21112000698132",
        "name": "Ada Lovelace",
        "category": "ADULT",
        "card_expiry": date(2027, 1, 1),
        "fines_owed_cents": 0,
        "manual_block": False,
        "block_reason": None,
        "home_library": "MAIN",
    }
    base.update(changes)
    return PatronState(**base)  # type: ignore[arg-type]


def item(**changes: object) -> ItemState:
    base: dict[str, object] = {
        "barcode": "31120000000017",
        "title": "The Quiet Harbor",
        "item_type": "BOOK",
        "home_library": "MAIN",
        "status": ItemStatus.AVAILABLE,
        "on_hold": False,
    }
    base.update(changes)
    return ItemState(**base)  # type: ignore[arg-type]


def loan(card: str = "21112000698132", name: str = "Ada Lovelace", renewals: int = 0) -> LoanState:
    return LoanState(card, name, "BOOK", NOW, date(2026, 11, 23), renewals)


def checkout(**kw: object):  # type: ignore[no-untyped-def]
    args: dict[str, object] = {
        "patron": patron(),
        "item": item(),
        "item_open_loan": None,
        "patron_open_loans": [],
        "rules": RULES,
        "policy": POLICY,
        "calendar": Calendar.of(closed_weekdays=[6]),
        "now": NOW,
    }
    args.update(kw)
    return assess_checkout(**args)  # type: ignore[arg-type]


def codes(concerns: list) -> list[Code]:  # type: ignore[type-arg]
    return [c.code for c in concerns]


def test_clean_checkout_has_rule_due_date_and_no_concerns() -> None:
    verdict = checkout()
    assert verdict.due == date(2026, 11, 23)
    assert verdict.concerns == []
    assert not verdict.needs_override


def test_card_expiring_on_the_checkout_day_is_still_valid() -> None:
    assert not card_expired(TODAY, TODAY)
    assert card_expired(TODAY, date(2026, 11, 3))
    assert checkout(patron=patron(card_expiry=TODAY)).concerns == []
    expired = checkout(patron=patron(card_expiry=date(2026, 11, 1)))
    assert codes(expired.concerns) == [Code.CARD_EXPIRED]
    assert "2026-11-01" in expired.concerns[0].message


@pytest.mark.parametrize(
    ("changes", "code", "words"),
    [
        ({"card_expiry": date(2026, 10, 1)}, Code.CARD_EXPIRED, "expired on 2026-10-01"),
        ({"fines_owed_cents": 501}, Code.FINES_OVER_LIMIT, "Owes 5.01, over the limit of 5.00"),
        ({"manual_block": True, "block_reason": "Lost card"}, Code.MANUAL_BLOCK, "Lost card"),
    ],
)
def test_each_patron_block_is_named(changes: dict[str, object], code: Code, words: str) -> None:
    blocks = patron_blocks(patron(**changes), POLICY, TODAY)
    assert codes(blocks) == [code]
    assert words in blocks[0].message


def test_fines_at_the_limit_do_not_block() -> None:
    assert patron_blocks(patron(fines_owed_cents=500), POLICY, TODAY) == []


def test_too_many_items() -> None:
    verdict = checkout(patron_open_loans=[loan(), loan(), loan()])
    assert codes(verdict.concerns) == [Code.TOO_MANY_ITEMS]
    assert "limit is 3" in verdict.concerns[0].message


def test_item_out_to_someone_else_closes_their_loan_when_overridden() -> None:
    verdict = checkout(item_open_loan=loan(card="21112000000017", name="Grace Hopper"))
    assert verdict.closes_other_loan
    assert codes(verdict.concerns) == [Code.ITEM_ON_LOAN_TO_OTHER]
    assert "G. H." in verdict.concerns[0].message  # initials only


def test_item_on_hold_and_reference_copy_need_override() -> None:
    assert codes(checkout(item=item(on_hold=True)).concerns) == [Code.ITEM_ON_HOLD]
    ref = checkout(item=item(item_type="REFERENCE"))
    assert Code.ITEM_NOT_FOR_LOAN in codes(ref.concerns)


def test_renewal_limit() -> None:
    args = {
        "patron": patron(),
        "item": item(status=ItemStatus.ON_LOAN),
        "rules": RULES,
        "policy": POLICY,
        "calendar": Calendar(),
        "now": datetime(2026, 11, 20, tzinfo=UTC),
    }
    first = assess_renewal(loan=loan(renewals=1), **args)  # type: ignore[arg-type]
    assert first.concerns == [] and first.renewals == 2
    assert first.due == date(2026, 12, 11)
    over = assess_renewal(loan=loan(renewals=2), **args)  # type: ignore[arg-type]
    assert codes(over.concerns) == [Code.MAX_RENEWALS_REACHED]
    assert "limit is 2" in over.concerns[0].message


def test_a_renewal_that_would_not_move_the_due_date_says_so() -> None:
    args = {
        "patron": patron(),
        "item": item(status=ItemStatus.ON_LOAN),
        "rules": RULES,
        "policy": POLICY,
        "now": NOW,
    }
    # Lent today for 21 days (due 23 Nov): renewing today would end on the same day.
    same_day = assess_renewal(loan=loan(), calendar=Calendar(), **args)  # type: ignore[arg-type]
    assert not same_day.moves and same_day.due == date(2026, 11, 23)
    # A closed day pushes today's renewal back onto the current due date: still no move.
    closed = Calendar.of(closed_dates=[date(2026, 11, 23)])
    shifted = LoanState("21112000698132", "Ada Lovelace", "BOOK", NOW, date(2026, 11, 24), 0)
    held = assess_renewal(loan=shifted, calendar=closed, **args)  # type: ignore[arg-type]
    assert not held.moves and held.due == date(2026, 11, 24)
    # A day later it moves by one day, and that is worth a renewal.
    later = {**args, "now": datetime(2026, 11, 3, 15, 0, tzinfo=UTC)}
    next_day = assess_renewal(loan=loan(), calendar=Calendar(), **later)  # type: ignore[arg-type]
    assert next_day.moves and next_day.due == date(2026, 11, 24)
    assert renewal_moves(date(2026, 11, 24), date(2026, 11, 23))
    assert not renewal_moves(date(2026, 11, 23), date(2026, 11, 23))
    assert not renewal_moves(date(2026, 11, 22), date(2026, 11, 23))


def test_return_reports_borrower_initials_hold_and_route() -> None:
    plain = assess_return(item=item(), open_loan=loan(), this_library="MAIN", now=NOW)
    assert plain.borrower_initials == "A. L." and plain.instruction == "Shelve"
    held = assess_return(item=item(on_hold=True), open_loan=loan(), this_library="MAIN", now=NOW)
    assert held.hold and held.instruction == "Put on the hold shelf"
    elsewhere = assess_return(
        item=item(home_library="EAST"), open_loan=None, this_library="MAIN", now=NOW
    )
    assert elsewhere.route_to == "EAST"
    assert Code.ITEM_NOT_ON_LOAN in codes(elsewhere.concerns)


def test_initials() -> None:
    assert initials("Ada King Lovelace") == "A. K. L."
    assert initials("  ") == "?"
