"""Payments on the server (SQLite and PostgreSQL): settled against the server's balance, a
payment never lost when less is owed by then, and the new balance sent back down."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from popup.domain.payments import PaymentMethod
from popup.domain.protocol import actions
from popup_sync.core.db import Database
from popup_sync.models import Patron
from tests.helpers import mutations


def _paid(
    card: str,
    amount: int,
    before: int,
    *,
    waiver: bool = False,
    credit: bool = False,
    method: PaymentMethod | None = PaymentMethod.CASH,
) -> actions.Payment:
    return actions.Payment(
        payment_id=str(uuid.uuid4()),
        patron_card=card,
        amount_cents=amount,
        waiver=waiver,
        method=None if waiver else method,
        credit=credit,
        paid_at=mutations.now(),
        balance_before_cents=before,
        balance_after_cents=before - amount,
    )


def _balance(db: Database, lib: Any) -> int:
    """The balance of ``lib``'s first patron (every test library numbers its cards alike)."""
    with db.read() as session:
        patron = (
            session.query(Patron).filter_by(library_id=lib.id, card_number=lib.patrons[0]).one()
        )
        return int(patron.fines_owed_cents)


def test_a_payment_reduces_the_servers_balance_and_comes_back_down(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=1, patrons=2, patron_overrides={1: {"fines_owed_cents": 1275}})
    device = enroll_device(lib.code)
    _, cursor = device.pull_all()
    paid = device.mutation(_paid(lib.patrons[0], 1000, 1275, method=PaymentMethod.CARD))
    [result] = device.push_ok([paid])
    assert (result["status"], result["codes"]) == ("applied", [])
    assert result["detail"]["balance_after_cents"] == 275
    assert _balance(db, lib) == 275
    # Exactly once: the resend gets the stored answer and takes nothing twice.
    assert device.push_ok([paid]) == [result]
    assert _balance(db, lib) == 275
    # Another laptop learns the new balance by its next pull.
    changes, _ = device.pull_all(
        cursor,
        until=lambda got: any(
            c["entity"] == "patron" and c["data"]["fines_owed_cents"] == 275 for c in got
        ),
    )
    [row] = [c for c in changes if c["entity"] == "patron" and c["key"] == lib.patrons[0]]
    assert row["data"]["fines_owed_cents"] == 275


def test_a_payment_above_the_servers_balance_is_kept_whole_as_a_credit_and_flagged(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    # The desk saw 12.75 owed and took it all; meanwhile 10.00 was paid online.
    lib = make_library(items=1, patrons=1, patron_overrides={1: {"fines_owed_cents": 275}})
    device = enroll_device(lib.code)
    [result] = device.push_ok([device.mutation(_paid(lib.patrons[0], 1275, 1275))])
    assert result["status"] == "applied_with_exception"
    assert result["codes"] == ["PAYMENT_EXCEEDS_BALANCE"]
    assert "10.00 is kept as a credit" in result["message"]
    assert result["detail"]["credit_cents"] == 1000
    assert _balance(db, lib) == -1000  # the money is on the patron's account


def test_a_credit_agreed_at_the_desk_is_not_flagged(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=1, patrons=1, patron_overrides={1: {"fines_owed_cents": 300}})
    device = enroll_device(lib.code)
    [result] = device.push_ok([device.mutation(_paid(lib.patrons[0], 500, 300, credit=True))])
    assert (result["status"], result["codes"]) == ("applied", [])
    assert _balance(db, lib) == -200


def test_a_waiver_above_the_servers_balance_waives_only_what_is_owed(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=1, patrons=1, patron_overrides={1: {"fines_owed_cents": 300}})
    device = enroll_device(lib.code)
    [result] = device.push_ok([device.mutation(_paid(lib.patrons[0], 900, 900, waiver=True))])
    assert result["codes"] == ["PAYMENT_EXCEEDS_BALANCE"]
    assert "only 3.00 was waived" in result["message"]
    assert _balance(db, lib) == 0  # never a credit from a waiver


def test_a_payment_for_an_unknown_card_is_rejected(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=1, patrons=1)
    device = enroll_device(lib.code)
    unknown = lib.patrons[0][:-3] + "999"
    [result] = device.push_ok([device.mutation(_paid(unknown, 100, 0, credit=True))])
    assert (result["status"], result["codes"]) == ("rejected", ["PATRON_NOT_FOUND"])
