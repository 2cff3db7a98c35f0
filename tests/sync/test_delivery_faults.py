"""Randomized delivery: batches resent, duplicated, reordered and overlapping; applied once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from popup_sync.core.db import Database
from popup_sync.models import AppliedMutation, Loan

N = 12

#: A delivery: (start, length) slices of the outbox, sent in the drawn order.
deliveries = st.lists(st.tuples(st.integers(0, N - 1), st.integers(1, 5)), min_size=1, max_size=10)


def test_any_delivery_order_applies_each_mutation_exactly_once(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=4, patrons=2)

    @settings(
        max_examples=12,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(schedule=deliveries, kinds=st.lists(st.booleans(), min_size=N, max_size=N))
    def run(schedule: list[tuple[int, int]], kinds: list[bool]) -> None:
        device = enroll_device(lib.code)
        outbox = [
            device.checkout(lib.patrons[n % 2], lib.items[n % 4])
            if lend
            else device.checkin(lib.items[n % 4])
            for n, lend in enumerate(kinds)
        ]
        seen: dict[int, dict[str, Any]] = {}

        def deliver(batch: list[dict[str, Any]]) -> None:
            response = device.push(batch)
            assert response.status_code in (200, 409), response.text
            body = response.json()
            for result in body["results"]:
                # A seq's result never changes, however often it is delivered.
                assert seen.setdefault(result["seq"], result) == result
            if response.status_code == 409:
                assert body["expected_seq"] == len(seen) + 1

        for start, length in schedule:
            deliver(outbox[start : start + length])
        # The laptop then sends from the expected seq to the end, as after any gap.
        deliver(outbox[len(seen) :])
        assert sorted(seen) == list(range(1, N + 1))
        with db.read() as session:
            applied = session.scalars(
                select(AppliedMutation.seq).where(AppliedMutation.device_id == device.device_id)
            ).all()
            assert sorted(applied) == list(range(1, N + 1))
            loans = session.scalars(select(Loan.id).where(Loan.device_id == device.device_id)).all()
            lent = [m["payload"]["loan_id"] for m in outbox if m["kind"] == "checkout"]
            assert sorted(loans) == sorted(lent)

    run()
