"""Loan rules: how long, how many renewals and how many items, by patron category and item type.

A rule may use ``*`` for either key. The most specific rule wins: (category, type), then
(category, *), then (*, type), then (*, *).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

ANY = "*"


@dataclass(frozen=True)
class LoanRule:
    patron_category: str
    item_type: str
    loan_days: int
    max_renewals: int
    max_items: int
    #: False for reference copies and the like: scanning one for checkout asks for an override.
    loanable: bool = True

    def __post_init__(self) -> None:
        if self.loanable and self.loan_days < 1:
            raise ValueError("a loanable rule needs at least one loan day")
        if self.max_renewals < 0 or self.max_items < 0:
            raise ValueError("renewal and item limits cannot be negative")


class LoanRuleRow(Protocol):
    """Any stored loan rule (the laptop's or the server's table)."""

    @property
    def patron_category(self) -> str: ...
    @property
    def item_type(self) -> str: ...
    @property
    def loan_days(self) -> int: ...
    @property
    def max_renewals(self) -> int: ...
    @property
    def max_items(self) -> int: ...
    @property
    def loanable(self) -> bool: ...


class NoLoanRule(LookupError):
    def __init__(self, patron_category: str, item_type: str) -> None:
        self.patron_category = patron_category
        self.item_type = item_type
        super().__init__(
            f"No loan rule covers patron category {patron_category} with item type {item_type}"
        )


class RuleBook:
    """The loan rules of one library."""

    def __init__(self, rules: Iterable[LoanRule]) -> None:
        self._rules = {(r.patron_category, r.item_type): r for r in rules}

    @classmethod
    def of_rows(cls, rows: Iterable[LoanRuleRow]) -> RuleBook:
        return cls(
            LoanRule(
                patron_category=r.patron_category,
                item_type=r.item_type,
                loan_days=r.loan_days,
                max_renewals=r.max_renewals,
                max_items=r.max_items,
                loanable=r.loanable,
            )
            for r in rows
        )

    def __len__(self) -> int:
        return len(self._rules)

    def lookup(self, patron_category: str, item_type: str) -> LoanRule:
        for key in (
            (patron_category, item_type),
            (patron_category, ANY),
            (ANY, item_type),
            (ANY, ANY),
        ):
            rule = self._rules.get(key)
            if rule is not None:
                return rule
        raise NoLoanRule(patron_category, item_type)

    def max_items(self, patron_category: str) -> int | None:
        """The patron category's overall item limit: the category's wildcard rule, if any."""
        for key in ((patron_category, ANY), (ANY, ANY)):
            rule = self._rules.get(key)
            if rule is not None:
                return rule.max_items
        return None
