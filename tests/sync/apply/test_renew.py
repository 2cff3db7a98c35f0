"""Renewals on the server: one that would not move the due date spends no renewal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from popup_sync.core.db import Database
from popup_sync.models import Loan
from tests.helpers import mutations


def _loan(db: Database, loan_id: str) -> Loan:
    with db.read() as session:
        loan = session.get(Loan, loan_id)
        assert loan is not None
        return loan


def test_a_renewal_that_would_not_move_the_due_date_is_refused_and_costs_nothing(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=1, patrons=1)
    device = enroll_device(lib.code)
    out = device.checkout(lib.patrons[0], lib.items[0])
    loan_id = out["payload"]["loan_id"]
    due = date.fromisoformat(out["payload"]["due_date"])
    # An older laptop renewed on the day of checkout: the same due date, one renewal spent.
    same_day = device.mutation(mutations.renew(loan_id, lib.items[0], lib.patrons[0], 1, due=due))
    earlier = device.mutation(
        mutations.renew(loan_id, lib.items[0], lib.patrons[0], 1, due=due - timedelta(days=2))
    )
    later = device.mutation(
        mutations.renew(loan_id, lib.items[0], lib.patrons[0], 1, due=due + timedelta(days=1))
    )
    results = device.push_ok([out, same_day, earlier, later])
    assert [r["status"] for r in results] == ["applied", "rejected", "rejected", "applied"]
    assert results[1]["codes"] == ["RENEWAL_WOULD_NOT_MOVE"]
    assert "would not move its due date" in results[1]["message"]
    assert "no renewal was used" in results[2]["message"]
    loan = _loan(db, loan_id)
    assert (loan.due_date, loan.renewals) == (due + timedelta(days=1), 1)
    # Exactly once: the resend gets the stored answers and changes nothing.
    assert device.push_ok([out, same_day, earlier, later]) == results
    assert _loan(db, loan_id).renewals == 1
    # Undoing the refused renewal changes nothing either.
    undone = device.push_ok([device.mutation(mutations.undo(same_day))])[0]
    assert undone["status"] == "applied"
    loan = _loan(db, loan_id)
    assert (loan.due_date, loan.renewals) == (due + timedelta(days=1), 1)
