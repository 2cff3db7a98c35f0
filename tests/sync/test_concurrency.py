"""20 laptops pushing at once: no lost or doubled loans, no conflict surfacing as a failure."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from popup_sync.core.db import Database
from popup_sync.models import AppliedMutation, Loan

DEVICES = 20
ACTIONS = 24


def test_twenty_devices_push_concurrently_exactly_once(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any], kit: Any
) -> None:
    # Few items for many devices: the same items are lent at several stops at once.
    lib = make_library(items=12, patrons=DEVICES)
    devices = [enroll_device(lib.code, f"bus {n}") for n in range(DEVICES)]
    outboxes: dict[str, list[dict[str, Any]]] = {}
    for n, device in enumerate(devices):
        rng = random.Random(n)
        box = []
        for _ in range(ACTIONS):
            barcode = rng.choice(lib.items)
            if rng.random() < 0.7:
                box.append(device.checkout(lib.patrons[n], barcode))
            else:
                box.append(device.checkin(barcode))
        outboxes[device.device_id] = box
    problems: list[str] = []
    start = threading.Barrier(DEVICES)

    def run(device: Any) -> None:
        rng = random.Random(device.device_id)
        box = outboxes[device.device_id]
        start.wait()
        sent = 0
        while sent < len(box):
            batch = box[sent : sent + rng.randint(1, 6)]
            response = device.push(batch)
            if response.status_code != 200:
                problems.append(f"{response.status_code}: {response.text[:200]}")
                return
            if rng.random() < 0.3:  # the response was "lost": deliver the same batch again
                again = device.push(batch)
                if (
                    again.status_code != 200
                    or again.json()["results"] != response.json()["results"]
                ):
                    problems.append(f"resend differed: {again.status_code} {again.text[:200]}")
                    return
            sent += len(batch)

    threads = [threading.Thread(target=run, args=(d,)) for d in devices]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert problems == []
    with db.read() as session:
        for device in devices:
            seqs = session.scalars(
                select(AppliedMutation.seq)
                .where(AppliedMutation.device_id == device.device_id)
                .order_by(AppliedMutation.seq)
            ).all()
            assert list(seqs) == list(range(1, ACTIONS + 1))
        checkouts = [
            m["payload"]["loan_id"]
            for box in outboxes.values()
            for m in box
            if m["kind"] == "checkout"
        ]
        loans = session.scalars(select(Loan.id).where(Loan.library_id == lib.id)).all()
        assert sorted(loans) == sorted(checkouts)  # one loan per checkout, none lost or doubled
        open_per_item = session.execute(
            select(Loan.item_id, func.count())
            .where(Loan.library_id == lib.id, Loan.returned_at.is_(None))
            .group_by(Loan.item_id)
        ).all()
        assert all(count == 1 for _, count in open_per_item)
        # Every closed loan ended no earlier than it began.
        for loan in session.scalars(select(Loan).where(Loan.library_id == lib.id)):
            assert loan.returned_at is None or loan.returned_at >= loan.out_at
