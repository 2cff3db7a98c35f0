"""Lost cards and card renewals on the server (#15), on SQLite and PostgreSQL: a replacement
keeps the old number as a lost alias that refuses later actions, a renewal moves the expiry, a
lookup's checkout keeps its mark."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from popup.domain.protocol import actions
from popup_sync.core.db import Database
from popup_sync.models import AppliedMutation, Patron, PatronAlias
from tests.helpers import mutations


def _patron(db: Database, library_id: int, card: str) -> Patron | None:
    with db.read() as session:
        return session.scalar(
            select(Patron).where(Patron.library_id == library_id, Patron.card_number == card)
        )


def test_a_replaced_card_is_a_lost_alias_that_refuses_later_actions_and_travels_down(
    db: Database,
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    kit: Any,
) -> None:
    lib = make_library(items=3, patrons=2)
    device = enroll_device(lib.code)
    old, new = lib.patrons[0], kit.patron_card(900_001)
    at = mutations.now()
    replace = device.mutation(
        actions.CardReplace(old_card=old, new_card=new, replaced_at=at, found_by_lookup=True),
        client_time=at,
    )
    # Made with the old card before it was reported lost (another laptop, offline): the
    # patron's own doing, applied to them.
    before = device.checkout(old, lib.items[0], out_at=at - timedelta(minutes=5))
    # Made with the old card afterwards: refused, with the word and the day.
    after = device.checkout(old, lib.items[1], out_at=at + timedelta(minutes=5))
    renew_after = device.mutation(
        actions.CardRenew(
            patron_card=old, renewed_at=at + timedelta(minutes=6), new_expiry=date(2031, 1, 1)
        )
    )
    results = device.push_ok([replace, before, after, renew_after])
    assert [r["status"] for r in results] == ["applied", "applied", "rejected", "rejected"]
    assert results[0]["detail"]["lost_card"] == old
    assert results[2]["codes"] == ["CARD_REPORTED_LOST"]
    assert f"The card {old} was reported lost on" in results[2]["message"]
    assert results[2]["detail"]["lost_on"] == at.date().isoformat()
    assert results[3]["codes"] == ["CARD_REPORTED_LOST"]

    patron = _patron(db, lib.id, new)
    assert patron is not None and _patron(db, lib.id, old) is None
    with db.read() as session:
        alias = session.get(PatronAlias, (lib.id, old))
        assert alias is not None and alias.reason == "lost" and alias.patron_id == patron.id
        assert alias.lost_at is not None and abs(alias.lost_at - at) < timedelta(seconds=1)
        kept = session.scalar(
            select(AppliedMutation.payload).where(
                AppliedMutation.device_id == device.device_id,
                AppliedMutation.mutation_id == replace["mutation_id"],
            )
        )
        assert kept is not None and kept["found_by_lookup"] is True

    # Every laptop of the library learns the new card and the lost one.
    changes, _ = device.pull_all(until=kit.has("patron", new))
    data = kit.latest(changes, "patron", new)
    assert data is not None
    assert old in data["aliases"]
    assert [x["card_number"] for x in data["lost_cards"]] == [old]
    # Exactly once: the resend gets the stored answers.
    assert device.push_ok([replace, before, after, renew_after]) == results


def test_a_replacement_with_a_temporary_number_gets_a_permanent_one(
    db: Database,
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    kit: Any,
) -> None:
    lib = make_library(items=1, patrons=1)
    device = enroll_device(lib.code)
    old = lib.patrons[0]
    result = device.push_ok(
        [
            device.mutation(
                actions.CardReplace(
                    old_card=old,
                    new_card="TABCDEF01-000007",
                    temporary=True,
                    replaced_at=mutations.now(),
                )
            )
        ]
    )[0]
    assert result["status"] == "applied_with_exception"
    assert result["codes"] == ["TEMPORARY_CARD_REPLACED"]
    real = result["detail"]["card_number"]
    assert result["detail"]["temporary_card"] == "TABCDEF01-000007"
    patron = _patron(db, lib.id, real)
    assert patron is not None and not patron.temporary
    with db.read() as session:
        reasons = {
            a.card_number: a.reason
            for a in session.scalars(select(PatronAlias).where(PatronAlias.patron_id == patron.id))
        }
    assert reasons == {old: "lost", "TABCDEF01-000007": "temporary"}


def test_a_card_already_in_use_or_an_unknown_card_is_refused_and_nothing_changes(
    db: Database,
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    kit: Any,
) -> None:
    lib = make_library(items=1, patrons=2)
    device = enroll_device(lib.code)
    first, second = lib.patrons
    results = device.push_ok(
        [
            device.mutation(
                actions.CardReplace(old_card=first, new_card=second, replaced_at=mutations.now())
            ),
            device.mutation(
                actions.CardReplace(
                    old_card=kit.patron_card(4242),
                    new_card=kit.patron_card(4243),
                    replaced_at=mutations.now(),
                )
            ),
        ]
    )
    assert [r["status"] for r in results] == ["rejected", "rejected"]
    assert f"The card {second} already belongs to a patron" in results[0]["message"]
    assert results[1]["codes"] == ["PATRON_NOT_FOUND"]
    assert _patron(db, lib.id, first) is not None and _patron(db, lib.id, second) is not None


def test_a_renewal_clears_the_expired_block_for_later_checkouts_and_keeps_a_later_expiry(
    db: Database,
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    kit: Any,
) -> None:
    expired = date.today() - timedelta(days=3)
    lib = make_library(items=3, patrons=2, patron_overrides={1: {"card_expiry": expired}})
    device = enroll_device(lib.code)
    card = lib.patrons[0]
    blocked = device.checkout(card, lib.items[0])
    new_expiry = date.today() + timedelta(days=3 * 365)
    at = mutations.now()
    renew = device.mutation(
        actions.CardRenew(
            patron_card=card, renewed_at=at, new_expiry=new_expiry, previous_expiry=expired
        ),
        client_time=at,
    )
    lent = device.checkout(card, lib.items[1], out_at=at + timedelta(minutes=1))
    # Another laptop renewed it for less, later: the longer validity stays.
    shorter = device.mutation(
        actions.CardRenew(
            patron_card=card, renewed_at=at, new_expiry=new_expiry - timedelta(days=365)
        )
    )
    results = device.push_ok([blocked, renew, lent, shorter])
    assert results[0]["codes"] == ["CARD_EXPIRED"]
    assert [r["status"] for r in results[1:]] == ["applied", "applied", "applied"]
    assert results[2]["codes"] == []  # no CARD_EXPIRED any more
    assert "already valid to" in results[3]["message"]
    patron = _patron(db, lib.id, card)
    assert patron is not None and patron.card_expiry == new_expiry
    changes, _ = device.pull_all(
        until=lambda ch: (
            (kit.latest(ch, "patron", card) or {}).get("card_expiry") == new_expiry.isoformat()
        )
    )
    data = kit.latest(changes, "patron", card)
    assert data is not None and data["card_expiry"] == new_expiry.isoformat()
