"""Every concern carries its specifics apart from the English, for a UI that words it itself."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest

from popup.domain.blocks import PatronState, Policy, patron_blocks
from popup.domain.circulation import (
    ItemState,
    ItemStatus,
    LoanState,
    assess_checkout,
    assess_renewal,
    assess_return,
)
from popup.domain.concerns import Code, Concern, specifics
from popup.domain.due_dates import Calendar
from popup.domain.loan_rules import LoanRule, RuleBook

NOW = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
TODAY = NOW.date()
POLICY = Policy(library_code="MAIN", fines_limit_cents=500)
RULES = RuleBook(
    [
        LoanRule("ADULT", "*", 21, 2, 3),
        LoanRule("ADULT", "REFERENCE", 0, 0, 1, loanable=False),
    ]
)


def patron(**changes: Any) -> PatronState:
    base: dict[str, Any] = {
        "card_number": "21112000698132",
        "name": "Ada Lovelace",
        "category": "ADULT",
        "card_expiry": date(2027, 1, 1),
        "fines_owed_cents": 0,
        "manual_block": False,
        "block_reason": None,
        "home_library": "MAIN",
    }
    return PatronState(**{**base, **changes})


def item(**changes: Any) -> ItemState:
    base: dict[str, Any] = {
        "barcode": "31120000000017",
        "title": "The Quiet Harbor",
        "item_type": "BOOK",
        "home_library": "MAIN",
        "status": ItemStatus.AVAILABLE,
        "on_hold": False,
    }
    return ItemState(**{**base, **changes})


def loan(card: str = "21112000698132", name: str = "Ada Lovelace", renewals: int = 0) -> LoanState:
    return LoanState(card, name, "BOOK", NOW, date(2026, 11, 23), renewals)


def checkout(**changes: Any) -> list[Concern]:
    args: dict[str, Any] = {
        "patron": patron(),
        "item": item(),
        "item_open_loan": None,
        "patron_open_loans": [],
        "rules": RULES,
        "policy": POLICY,
        "calendar": Calendar(),
        "now": NOW,
    }
    return assess_checkout(**{**args, **changes}).concerns


def renewal(**changes: Any) -> list[Concern]:
    args: dict[str, Any] = {
        "loan": loan(),
        "patron": patron(),
        "item": item(status=ItemStatus.ON_LOAN),
        "rules": RULES,
        "policy": POLICY,
        "calendar": Calendar(),
        "now": NOW,
    }
    return assess_renewal(**{**args, **changes}).concerns


def only(concerns: list[Concern]) -> Concern:
    assert len(concerns) == 1, concerns
    return concerns[0]


def test_patron_blocks_carry_date_money_and_reason() -> None:
    expired = only(patron_blocks(patron(card_expiry=date(2026, 1, 3)), POLICY, TODAY))
    assert (expired.key, expired.params) == ("CARD_EXPIRED", (("expiry", "2026-01-03"),))
    assert expired.message == "Card expired on 2026-01-03"  # the English is unchanged

    fines = only(patron_blocks(patron(fines_owed_cents=1250), POLICY, TODAY))
    assert fines.key == "FINES_OVER_LIMIT"
    assert dict(fines.params) == {"owed_cents": 1250, "limit_cents": 500}
    assert fines.message == "Owes 12.50, over the limit of 5.00"

    staff = only(
        patron_blocks(patron(manual_block=True, block_reason=" Lost card "), POLICY, TODAY)
    )
    assert (staff.key, staff.params) == ("MANUAL_BLOCK", (("reason", "Lost card"),))
    bare = only(patron_blocks(patron(manual_block=True, block_reason="  "), POLICY, TODAY))
    assert (bare.key, bare.params) == ("MANUAL_BLOCK.no_reason", ())
    assert bare.message == "Blocked by staff: no reason given"


def test_checkout_concerns_carry_counts_dates_initials_and_types() -> None:
    many = only(checkout(patron_open_loans=[loan(), loan(), loan()]))
    assert (many.key, dict(many.params)) == ("TOO_MANY_ITEMS", {"count": 3, "limit": 3})

    other = only(checkout(item_open_loan=loan(card="21112000000017", name="Grace Hopper")))
    assert other.key == "ITEM_ON_LOAN_TO_OTHER"
    assert dict(other.params) == {"initials": "G. H.", "due": "2026-11-23"}
    assert other.message == "Still on loan to G. H., due 2026-11-23; that loan will be closed"

    mine = only(checkout(item_open_loan=loan()))
    assert (mine.key, mine.params) == ("ITEM_ALREADY_ON_LOAN_TO_PATRON", (("due", "2026-11-23"),))

    reference = only(checkout(item=item(item_type="REFERENCE")))
    assert reference.key == "ITEM_NOT_FOR_LOAN"
    assert dict(reference.params) == {"item_type": "REFERENCE", "category": "ADULT"}

    no_rule = only(checkout(patron=patron(category="CHILD")))
    assert no_rule.key == "ITEM_NOT_FOR_LOAN.no_rule"
    assert dict(no_rule.params) == {"category": "CHILD", "item_type": "BOOK"}
    assert no_rule.message == "No loan rule covers patron category CHILD with item type BOOK"

    lost = only(checkout(item=item(status=ItemStatus.LOST)))
    assert (lost.key, lost.params) == ("ITEM_UNAVAILABLE", (("status", "lost"),))

    held = only(checkout(item=item(on_hold=True)))
    assert (held.key, held.params) == ("ITEM_ON_HOLD", ())


def test_renewal_concerns_carry_counts_and_their_own_hold_sentence() -> None:
    over = only(renewal(loan=loan(renewals=2)))
    assert (over.key, dict(over.params)) == ("MAX_RENEWALS_REACHED", {"count": 2, "limit": 2})
    held = only(renewal(item=item(status=ItemStatus.ON_LOAN, on_hold=True)))
    assert (held.key, held.params) == ("ITEM_ON_HOLD.renewal", ())
    assert held.message == "Another patron is waiting for this item"
    keys = [c.key for c in renewal(patron=patron(category="CHILD"))]
    assert keys == ["ITEM_NOT_FOR_LOAN.no_rule", "MAX_RENEWALS_REACHED"]


def test_return_concerns_carry_the_library_to_route_to() -> None:
    def back(**changes: Any) -> list[Concern]:
        verdict = assess_return(item=item(**changes), open_loan=None, this_library="MAIN", now=NOW)
        return verdict.concerns

    assert [(c.key, c.params) for c in back()] == [("ITEM_NOT_ON_LOAN", ())]
    here = back(on_hold=True)
    assert [(c.key, c.params) for c in here[1:]] == [("HOLD_TRAP", ())]
    there = back(on_hold=True, hold_pickup="EAST")[1:]
    assert [(c.key, c.params) for c in there] == [
        ("HOLD_TRAP.elsewhere", (("library", "EAST"),)),
        ("ROUTE_ITEM", (("library", "EAST"),)),
    ]
    assert there[1].message == "Send to EAST"
    home = back(home_library="WEST")[1:]
    assert [(c.key, c.params, c.message) for c in home] == [
        ("ROUTE_ITEM", (("library", "WEST"),), "Send to WEST")
    ]


@pytest.mark.parametrize("keyword_order", [("limit", "count"), ("count", "limit")])
def test_concerns_stay_hashable_and_serialise_their_params(keyword_order: tuple[str, str]) -> None:
    values = {name: (3 if name == "count" else 2) for name in keyword_order}
    concern = Concern(Code.TOO_MANY_ITEMS, specifics(**values))
    assert concern.params == (("count", 3), ("limit", 2))  # one order whatever the call's
    assert hash(concern) == hash(Concern(Code.TOO_MANY_ITEMS, (("count", 3), ("limit", 2))))
    assert concern.param("count") == 3 and concern.param("other") is None
    assert json.loads(json.dumps(concern.to_dict())) == {
        "code": "TOO_MANY_ITEMS",
        "message": "Already has 3 item(s) out; the limit is 2",
        "variant": "",
        "params": {"count": 3, "limit": 2},
    }
    assert Concern(Code.ITEM_NOT_ON_LOAN).params == ()
