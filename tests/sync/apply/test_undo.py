"""Undo last scan on the server: each compensation of ``popup.domain.undo.plan_undo``, and
why nothing changed when there was nothing left to undo (the undo is still applied)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from popup.domain.protocol.actions import Kind, Undo
from popup_sync.core.db import Database
from popup_sync.models import InHouseUse, Item, Loan
from tests.helpers import mutations


def _loan(db: Database, loan_id: str) -> Loan:
    with db.read() as session:
        loan = session.get(Loan, loan_id)
        assert loan is not None
        return loan


def test_undoing_a_renewal_puts_the_due_date_and_count_back(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=1, patrons=1)
    device = enroll_device(lib.code)
    out = device.checkout(lib.patrons[0], lib.items[0])
    loan_id = out["payload"]["loan_id"]
    due = date.fromisoformat(out["payload"]["due_date"])
    later = due + timedelta(days=21)
    renewal = device.mutation(mutations.renew(loan_id, lib.items[0], lib.patrons[0], 1, due=later))
    device.push_ok([out, renewal])
    assert _loan(db, loan_id).due_date == later
    result = device.push_ok([device.mutation(mutations.undo(renewal))])[0]
    assert result["status"] == "applied"
    loan = _loan(db, loan_id)
    assert loan.due_date == due and loan.renewals == 0


def test_undoing_a_return_reopens_the_loan_unless_the_item_was_lent_again(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=2, patrons=2)
    device = enroll_device(lib.code)
    out = device.checkout(lib.patrons[0], lib.items[0])
    back = device.checkin(lib.items[0], loan_id=out["payload"]["loan_id"])
    device.push_ok([out, back])
    assert device.push_ok([device.mutation(mutations.undo(back))])[0]["status"] == "applied"
    reopened = _loan(db, out["payload"]["loan_id"])
    assert reopened.returned_at is None and reopened.closed_reason is None
    with db.read() as session:
        item = session.scalar(
            select(Item).where(Item.library_id == lib.id, Item.barcode == lib.items[0])
        )
        assert item is not None and item.status == "on_loan"

    # Returned, then lent to someone else: undoing the return changes nothing, and says why.
    first = device.checkout(lib.patrons[0], lib.items[1])
    returned = device.checkin(lib.items[1], loan_id=first["payload"]["loan_id"])
    again = device.checkout(lib.patrons[1], lib.items[1])
    device.push_ok([first, returned, again])
    result = device.push_ok([device.mutation(mutations.undo(returned))])[0]
    assert result["status"] == "applied"
    assert "lent again" in result["message"]
    assert _loan(db, first["payload"]["loan_id"]).closed_reason == "returned"
    assert _loan(db, again["payload"]["loan_id"]).returned_at is None


def test_undoing_a_checkout_returned_since_changes_nothing(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=1, patrons=1)
    device = enroll_device(lib.code)
    out = device.checkout(lib.patrons[0], lib.items[0])
    device.push_ok([out, device.checkin(lib.items[0], loan_id=out["payload"]["loan_id"])])
    result = device.push_ok([device.mutation(mutations.undo(out))])[0]
    assert result["status"] == "applied"
    assert result["message"] == "The loan had already ended; nothing undone."
    assert _loan(db, out["payload"]["loan_id"]).closed_reason == "returned"


def test_undoing_an_in_house_use_stops_it_counting(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=1, patrons=0)
    device = enroll_device(lib.code)
    use = device.mutation(mutations.in_house_use(lib.items[0], 3))
    device.push_ok([use, device.mutation(mutations.undo(use))])
    with db.read() as session:
        row = session.scalar(select(InHouseUse).where(InHouseUse.mutation_id == use["mutation_id"]))
        assert row is not None and row.undone is True


def test_undo_of_what_the_server_did_not_apply_or_cannot_undo(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any], kit: Any
) -> None:
    lib = make_library(items=1, patrons=1)
    device = enroll_device(lib.code)
    unknown_item = device.checkout(lib.patrons[0], kit.item_barcode(99_998))
    signup = device.mutation(mutations.register(kit.patron_card(900_301)))
    nowhere = Undo(target_mutation_id=str(uuid.uuid4()), target_kind=Kind.CHECKOUT)
    results = device.push_ok(
        [
            unknown_item,
            signup,
            device.mutation(mutations.undo(unknown_item)),
            device.mutation(mutations.undo(signup)),
            device.mutation(nowhere),
        ]
    )
    assert results[0]["status"] == "rejected"
    assert results[2]["status"] == "applied"
    assert results[2]["message"] == "The undone action had not been applied."
    assert results[3]["status"] == "rejected"
    assert "patron_register action cannot be undone" in results[3]["message"]
    assert results[4]["status"] == "rejected"
    assert "uploaded no action" in results[4]["message"]
