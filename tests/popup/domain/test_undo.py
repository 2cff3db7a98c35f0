"""Undo's compensation, decided once for the laptop and the server."""

from __future__ import annotations

from datetime import date

import pytest

from popup.domain.protocol import Kind
from popup.domain.undo import NothingToUndo, Target, UndoPlan, plan_undo


def test_a_checkout_closes_its_loan_and_reopens_the_one_it_handed_over() -> None:
    plan = plan_undo(Target(Kind.CHECKOUT, loan_id="new", loan_open=True, closed_loan_id="old"))
    assert plan == UndoPlan(close_loan="new", reopen_loan="old")


def test_a_checkout_returned_since_has_nothing_to_undo() -> None:
    plan = plan_undo(Target(Kind.CHECKOUT, loan_id="new", loan_open=False))
    assert plan.nothing is NothingToUndo.RETURNED_SINCE and plan.close_loan is None


def test_a_return_reopens_its_loan_unless_the_item_went_out_again() -> None:
    assert plan_undo(Target(Kind.CHECKIN, loan_id="L")) == UndoPlan(reopen_loan="L")
    lent = plan_undo(Target(Kind.CHECKIN, loan_id="L", item_lent_again=True))
    assert lent.nothing is NothingToUndo.LENT_AGAIN_SINCE
    assert plan_undo(Target(Kind.CHECKIN, loan_id=None)) == UndoPlan()


def test_a_renewal_puts_due_date_and_count_back() -> None:
    plan = plan_undo(
        Target(
            Kind.RENEW,
            loan_id="L",
            loan_open=True,
            previous_due=date(2026, 7, 1),
            previous_renewals=0,
        )
    )
    assert (plan.restore_loan, plan.restore_due, plan.restore_renewals) == (
        "L",
        date(2026, 7, 1),
        0,
    )
    assert plan_undo(Target(Kind.RENEW, loan_id="L")).nothing is NothingToUndo.RETURNED_SINCE


def test_in_house_use_stops_counting_and_rejected_actions_change_nothing() -> None:
    assert plan_undo(Target(Kind.IN_HOUSE_USE)).cancel_in_house_use
    assert plan_undo(Target(Kind.CHECKOUT, rejected=True)).nothing is NothingToUndo.NOT_APPLIED


def test_only_circulation_can_be_undone() -> None:
    with pytest.raises(ValueError, match="patron_register action cannot be undone"):
        plan_undo(Target(Kind.PATRON_REGISTER))
