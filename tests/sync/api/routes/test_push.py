"""Push: exactly once under resend, duplicates and reordering; outcomes per mutation."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from popup_sync.core.db import Database
from popup_sync.models import AppliedMutation, Loan, Patron, SyncException
from popup_sync.models import Device as DeviceRow
from tests.helpers import mutations


def _loans(db: Database, barcode_item_ids: Any = None) -> list[Loan]:
    with db.read() as session:
        return list(session.scalars(select(Loan).order_by(Loan.out_at)))


def _loans_of_device(db: Database, device_id: str) -> list[Loan]:
    with db.read() as session:
        return list(
            session.scalars(select(Loan).where(Loan.device_id == device_id).order_by(Loan.out_at))
        )


def test_resend_and_duplicate_delivery_apply_once_with_the_stored_result(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=3, patrons=2)
    device = enroll_device(lib.code)
    batch = [device.checkout(lib.patrons[0], barcode) for barcode in lib.items]
    first = device.push_ok(batch)
    assert [r["seq"] for r in first] == [1, 2, 3]
    assert all(r["status"] == "applied" for r in first), first
    # The response was lost: the device sends the same batch again, twice, and a prefix.
    assert device.push_ok(batch) == first
    assert device.push_ok(batch[:2]) == first[:2]
    # A duplicate inside one request is refused as out of order, not applied twice.
    doubled = device.push([batch[0], batch[0]])
    assert doubled.status_code == 400
    assert doubled.json()["error"] == "SEQ_ORDER"
    loans = _loans_of_device(db, device.device_id)
    assert len(loans) == 3
    assert {loan.id for loan in loans} == {m["payload"]["loan_id"] for m in batch}
    with db.read() as session:
        applied = session.scalars(
            select(AppliedMutation.seq).where(AppliedMutation.device_id == device.device_id)
        ).all()
        assert sorted(applied) == [1, 2, 3]
        row = session.get(DeviceRow, device.device_id)
        assert row is not None and row.last_applied == 3


def test_gap_is_answered_409_with_the_expected_seq_and_nothing_after_it(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=4, patrons=1)
    device = enroll_device(lib.code)
    m1, m2, m3, m4 = (device.checkout(lib.patrons[0], b) for b in lib.items)
    # Out of order: 3 and 4 arrive before 1 and 2.
    response = device.push([m3, m4])
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "SEQ_GAP"
    assert body["expected_seq"] == 1
    assert body["results"] == []
    assert _loans_of_device(db, device.device_id) == []
    # 1 arrives, then a request holding 2 (ok) and 4 (gap): 2 is applied, 4 is not.
    assert device.push_ok([m1])[0]["seq"] == 1
    partial = device.push([m2, m4])
    assert partial.status_code == 409
    assert partial.json()["expected_seq"] == 3
    assert [r["seq"] for r in partial.json()["results"]] == [2]
    assert device.push_ok([m3, m4])[-1]["seq"] == 4
    assert len(_loans_of_device(db, device.device_id)) == 4


def test_a_malformed_mutation_is_rejected_alone_naming_the_field_and_the_queue_moves_on(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    # #14: a required field missing, or an unknown kind, was 400 for the whole push; every
    # resend got the same 400 and the device's queue was stuck for good.
    lib = make_library(items=3, patrons=1)
    device = enroll_device(lib.code)
    good = device.checkout(lib.patrons[0], lib.items[0])
    bad = device.checkout(lib.patrons[0], lib.items[1])
    del bad["payload"]["due_date"]
    unknown = device.checkout(lib.patrons[0], lib.items[2])
    unknown["kind"] = "teleport"
    results = device.push_ok([good, bad, unknown])
    assert [r["status"] for r in results] == ["applied", "rejected", "rejected"]
    assert results[1]["detail"] == {"error": "INVALID_FIELD", "field": "due_date"} | {
        "clock_offset_s": results[1]["detail"]["clock_offset_s"]
    }
    assert "due_date" in results[1]["message"]
    assert results[2]["detail"]["field"] == "kind"
    assert "teleport" in results[2]["message"]
    assert len(_loans_of_device(db, device.device_id)) == 1
    after = device.checkout(lib.patrons[0], lib.items[1])
    assert device.push_ok([after])[0]["status"] == "applied"


def test_an_envelope_without_a_usable_seq_is_400_the_rest_rejects_the_mutation_alone(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=1, patrons=1)
    device = enroll_device(lib.code)
    good = device.checkout(lib.patrons[0], lib.items[0])
    response = device.push([{**good, "seq": 0}])
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] == "INVALID_REQUEST"
    assert body["field"] == "mutations.0.seq"
    assert body["message"].startswith("mutations.0.seq: ")
    for seq, (broken, field, problem) in enumerate(
        [
            ({"mutation_id": "not-a-uuid"}, "mutation_id", "is not a UUID"),
            ({"client_time": "2030-01-01T10:00:00"}, "client_time", "UTC offset"),
            ({"kind": " "}, "kind", "unknown action kind"),
        ],
        start=1,
    ):
        result = device.push_ok([{**good, "seq": seq, **broken}])[0]
        assert result["status"] == "rejected", result
        assert result["detail"]["field"] == field, result
        assert problem in result["message"], result
    assert device.push([]).status_code == 200  # nothing was applied, and nothing is wrong


def test_device_id_must_match_the_token(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=1, patrons=1)
    device = enroll_device(lib.code)
    response = device.http.post(
        f"{device.base}/v1/push",
        json={"device_id": str(uuid.uuid4()), "mutations": []},
        headers=device.headers,
        timeout=10,
    )
    assert response.status_code == 403
    assert response.json()["error"] == "DEVICE_MISMATCH"


def test_item_checked_out_at_two_stops_closes_the_earlier_loan_at_the_offline_time(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=1, patrons=2)
    bus_a, bus_b = enroll_device(lib.code, "A"), enroll_device(lib.code, "B")
    ten = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=6)
    two = ten + timedelta(hours=4)
    first = bus_a.checkout(lib.patrons[0], lib.items[0], out_at=ten)
    second = bus_b.checkout(lib.patrons[1], lib.items[0], out_at=two)
    assert bus_a.push_ok([first])[0]["status"] == "applied"
    result = bus_b.push_ok([second])[0]
    assert result["status"] == "applied_with_exception"
    assert "OPEN_CIRCULATION_EXISTS" in result["codes"]
    assert result["detail"]["closed_loan_id"] == first["payload"]["loan_id"]
    with db.read() as session:
        earlier = session.get(Loan, first["payload"]["loan_id"])
        later = session.get(Loan, second["payload"]["loan_id"])
        assert earlier is not None and later is not None
        assert earlier.returned_at == two and earlier.closed_reason == "closed_by_checkout"
        assert later.returned_at is None
        exceptions = session.scalars(
            select(SyncException.code).where(SyncException.library_id == lib.id)
        ).all()
        assert "OPEN_CIRCULATION_EXISTS" in exceptions


def test_two_stops_in_reverse_arrival_order_give_the_same_loans(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=1, patrons=2)
    bus_a, bus_b = enroll_device(lib.code, "A"), enroll_device(lib.code, "B")
    ten = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=6)
    two = ten + timedelta(hours=4)
    first = bus_a.checkout(lib.patrons[0], lib.items[0], out_at=ten)
    second = bus_b.checkout(lib.patrons[1], lib.items[0], out_at=two)
    assert bus_b.push_ok([second])[0]["status"] == "applied"
    late = bus_a.push_ok([first])[0]
    assert late["status"] == "applied_with_exception"
    assert "OPEN_CIRCULATION_EXISTS" in late["codes"]
    with db.read() as session:
        earlier = session.get(Loan, first["payload"]["loan_id"])
        later = session.get(Loan, second["payload"]["loan_id"])
        assert earlier is not None and later is not None
        assert earlier.returned_at == two
        assert later.returned_at is None
        assert (
            session.scalar(
                select(func.count())
                .select_from(Loan)
                .where(Loan.item_id == later.item_id, Loan.returned_at.is_(None))
            )
            == 1
        )


def test_checkin_closes_the_loan_and_reports_routing(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=2, patrons=1, item_overrides={2: {"home_library": "ELSEWHERE"}})
    device = enroll_device(lib.code)
    out = device.checkout(lib.patrons[0], lib.items[0])
    device.push_ok([out])
    back = device.push_ok([device.checkin(lib.items[0], loan_id=out["payload"]["loan_id"])])[0]
    assert back["status"] == "applied"
    assert back["detail"]["closed_loan_id"] == out["payload"]["loan_id"]
    routed = device.push_ok([device.checkin(lib.items[1])])[0]
    assert routed["status"] == "applied_with_exception"
    assert set(routed["codes"]) == {"ITEM_NOT_ON_LOAN", "ROUTE_ITEM"}
    with db.read() as session:
        loan = session.get(Loan, out["payload"]["loan_id"])
        assert loan is not None and loan.closed_reason == "returned"


def test_blocked_and_expired_patrons_are_accepted_and_flagged(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(
        items=2,
        patrons=2,
        patron_overrides={
            1: {"manual_block": True, "block_reason": "Card reported stolen"},
            2: {"card_expiry": datetime.now(UTC).date() - timedelta(days=10)},
        },
    )
    device = enroll_device(lib.code)
    blocked, expired = device.push_ok(
        [
            device.checkout(lib.patrons[0], lib.items[0]),
            device.checkout(lib.patrons[1], lib.items[1]),
        ]
    )
    assert blocked["status"] == "applied_with_exception"
    assert blocked["codes"] == ["PATRON_BLOCKED_AT_TIME"]
    assert expired["codes"] == ["CARD_EXPIRED"]


def test_unknown_item_patron_and_loan_are_rejected_without_blocking_the_queue(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any], kit: Any
) -> None:
    lib = make_library(items=1, patrons=1)
    device = enroll_device(lib.code)
    no_item = device.checkout(lib.patrons[0], kit.item_barcode(99_999))
    no_patron = device.checkout(kit.patron_card(99_999), lib.items[0])
    no_loan = device.mutation(
        mutations.renew(str(uuid.uuid4()), lib.items[0], lib.patrons[0], 1, due=date(2030, 1, 1))
    )
    fine = device.checkout(lib.patrons[0], lib.items[0])
    results = device.push_ok([no_item, no_patron, no_loan, fine])
    assert [r["status"] for r in results] == ["rejected", "rejected", "rejected", "applied"]
    assert results[0]["codes"] == ["ITEM_NOT_FOUND"]
    assert results[1]["codes"] == ["PATRON_NOT_FOUND"]
    assert results[2]["codes"] == ["LOAN_NOT_FOUND"]


def test_renewal_past_the_limit_is_applied_and_flagged(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any], kit: Any
) -> None:
    lib = make_library(items=1, patrons=1, item_overrides={1: {"item_type": "DVD"}})
    device = enroll_device(lib.code)
    out = device.checkout(lib.patrons[0], lib.items[0])

    def renewal(n: int) -> dict[str, Any]:
        loan_id = out["payload"]["loan_id"]
        return device.mutation(
            mutations.renew(loan_id, lib.items[0], lib.patrons[0], n, due=date(2030, 1, n))
        )

    results = device.push_ok([out, renewal(1), renewal(2)])
    assert results[1]["status"] == "applied"
    assert results[2]["status"] == "applied_with_exception"
    assert results[2]["codes"] == ["MAX_RENEWALS_REACHED"]
    with db.read() as session:
        loan = session.get(Loan, out["payload"]["loan_id"])
        assert loan is not None and loan.renewals == 2


def test_patron_of_another_library_is_not_found(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any], kit: Any
) -> None:
    lib_a = make_library(items=1, patrons=0)
    lib_b = make_library(items=0, patrons=1)
    device = enroll_device(lib_a.code)
    result = device.push_ok([device.checkout(lib_b.patrons[0], lib_a.items[0])])[0]
    assert result["status"] == "rejected"
    assert result["codes"] == ["PATRON_NOT_FOUND"]


def test_clock_skew_is_flagged_and_client_time_kept_with_the_offset(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any], kit: Any
) -> None:
    lib = make_library(items=1, patrons=1)
    device = enroll_device(lib.code)
    skewed = datetime.now(UTC) - timedelta(hours=2)
    mutation = device.checkout(lib.patrons[0], lib.items[0], out_at=skewed)
    result = device.push_ok([mutation], sent_at=skewed.isoformat())[0]
    assert "CLOCK_SKEW" in result["codes"]
    assert result["status"] == "applied_with_exception"
    with db.read() as session:
        row = session.get(AppliedMutation, (device.device_id, 1))
        assert row is not None
        assert row.client_time == datetime.fromisoformat(mutation["client_time"])
        assert 7100 < row.clock_offset_s < 7300
    # Without skew, a backlog of old actions is not flagged when sent_at is given.
    old = device.mutation(mutations.in_house_use(lib.items[0], 2, at=skewed), client_time=skewed)
    assert device.push_ok([old], sent_at=kit.now_iso())[0]["codes"] == []


def test_temporary_card_is_replaced_and_the_replacement_flows_back(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any], kit: Any
) -> None:
    lib = make_library(items=1, patrons=0)
    device = enroll_device(lib.code)
    temporary = "T-" + uuid.uuid4().hex[:8]
    signup = device.mutation(
        mutations.register(
            temporary,
            temporary=True,
            name="Ada Lovelace",
            card_expiry=date(2029, 11, 27),
            home_library=lib.code,
            date_of_birth=date(1990, 12, 10),
            email="ada@example.org",
        )
    )
    # A checkout made offline with the temporary card still finds the patron.
    out = device.checkout(temporary, lib.items[0])
    registered, lent = device.push_ok([signup, out])
    assert "TEMPORARY_CARD_REPLACED" in registered["codes"]
    real = registered["detail"]["card_number"]
    assert real != temporary and real.startswith("2")
    assert lent["status"] == "applied"
    changes, _ = device.pull_all()
    assert kit.latest(changes, "card_replacement", temporary) == {
        "temporary_card": temporary,
        "card_number": real,
    }
    patron = kit.latest(changes, "patron", real)
    assert patron is not None and temporary in patron["aliases"]
    assert "email" not in patron and "date_of_birth" not in patron
    loan = kit.latest(changes, "loan", out["payload"]["loan_id"])
    assert loan is not None and loan["patron_card"] == real


def test_possible_duplicate_patron_is_flagged_and_merge_keeps_the_alias(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any], kit: Any
) -> None:
    from popup_sync import crud

    lib = make_library(items=0, patrons=0)
    device = enroll_device(lib.code)

    def register(card: str, name: str) -> dict[str, Any]:
        return device.mutation(
            mutations.register(card, name=name, category="CHILD", date_of_birth=date(2015, 3, 4))
        )

    first_card, second_card = kit.patron_card(700_001), kit.patron_card(700_002)
    one, two = device.push_ok(
        [register(first_card, "José O'Brien"), register(second_card, "jose obrien")]
    )
    assert one["status"] == "applied"
    assert two["codes"] == ["POSSIBLE_DUPLICATE_PATRON"]
    assert two["detail"]["possible_duplicates"] == [first_card]
    before, cursor = device.pull_all()
    assert kit.latest(before, "patron", second_card) is not None

    def merge(session: Any) -> None:
        library = crud.get_library(session=session, code=lib.code)
        crud.merge_patrons(session=session, library=library, keep=first_card, merge=second_card)

    db.run_write(merge)
    with db.read() as session:
        found = crud.find_patron(session=session, library_id=lib.id, card=second_card)
        assert found is not None and found.card_number == first_card
        assert (
            session.scalar(
                select(func.count()).select_from(Patron).where(Patron.library_id == lib.id)
            )
            == 1
        )
    changes, _ = device.pull_all(cursor, until=kit.has("patron", second_card))
    assert kit.latest(changes, "patron", second_card) is None  # deleted on the laptop
    kept = kit.latest(changes, "patron", first_card)
    assert kept is not None and kept["aliases"] == [second_card]


def test_undo_of_a_checkout_reopens_the_loan_it_closed(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any], kit: Any
) -> None:
    lib = make_library(items=1, patrons=2)
    device = enroll_device(lib.code)
    first = device.checkout(lib.patrons[0], lib.items[0])
    second = device.checkout(lib.patrons[1], lib.items[0])
    undo = device.mutation(mutations.undo(second))
    results = device.push_ok([first, second, undo])
    assert results[2]["status"] == "applied"
    with db.read() as session:
        reopened = session.get(Loan, first["payload"]["loan_id"])
        undone = session.get(Loan, second["payload"]["loan_id"])
        assert reopened is not None and reopened.returned_at is None
        assert undone is not None and undone.closed_reason == "undone"


def test_action_the_rules_cannot_use_is_rejected_and_the_queue_moves_on(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any], kit: Any
) -> None:
    lib = make_library(items=2, patrons=1)
    device = enroll_device(lib.code)
    out = device.checkout(lib.patrons[0], lib.items[0])
    broken_undo = device.malformed(
        "undo",
        {
            "target_mutation_id": out["mutation_id"],
            "target_kind": "checkout",
            "reason": "oops",
            "undone_at": "yesterday-ish",
        },
    )
    after = device.checkout(lib.patrons[0], lib.items[1])
    results = device.push_ok([out, broken_undo, after])
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"]
    assert "undone_at" in results[1]["message"]
    with db.read() as session:
        loan = session.get(Loan, out["payload"]["loan_id"])
        assert loan is not None and loan.returned_at is None  # the undo left nothing behind
        assert session.get(Loan, after["payload"]["loan_id"]) is not None
