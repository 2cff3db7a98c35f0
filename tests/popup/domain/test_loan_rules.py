from __future__ import annotations

import pytest

from popup.domain.loan_rules import LoanRule, NoLoanRule, RuleBook


def test_most_specific_rule_wins() -> None:
    book = RuleBook(
        [
            LoanRule("*", "*", 21, 2, 30),
            LoanRule("CHILD", "*", 14, 2, 10),
            LoanRule("*", "DVD", 7, 1, 5),
            LoanRule("CHILD", "DVD", 3, 0, 2),
        ]
    )
    assert book.lookup("CHILD", "DVD").loan_days == 3
    assert book.lookup("CHILD", "BOOK").loan_days == 14
    assert book.lookup("ADULT", "DVD").loan_days == 7
    assert book.lookup("ADULT", "BOOK").loan_days == 21
    assert book.max_items("CHILD") == 10


def test_missing_rule_names_category_and_type() -> None:
    with pytest.raises(NoLoanRule, match=r"TEEN.*GAME"):
        RuleBook([LoanRule("ADULT", "BOOK", 21, 2, 30)]).lookup("TEEN", "GAME")


def test_loanable_rule_needs_loan_days() -> None:
    with pytest.raises(ValueError):
        LoanRule("*", "*", 0, 0, 1)
    assert not LoanRule("*", "REFERENCE", 0, 0, 0, loanable=False).loanable
