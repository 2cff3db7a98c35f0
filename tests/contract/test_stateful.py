"""Randomized: several laptops, random desk actions and syncs through random network faults.

Invariants after every step:
- the server's applied (device, seq) set is each laptop's outbox prefix, with no gaps, and
  nothing the laptop marked done is missing there;
- exactly one server loan per acknowledged checkout's loan UUID.
When the faults stop, every laptop drains its queue and converges with the server.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from popup.store.circulation import DeskError
from popup.store.events import Events
from popup.store.models import OutboxEntry
from tests.helpers.consortium import SyncServer
from tests.helpers.laptops import DropProxy, Laptop, assert_exactly_once, sync_until_converged

DEVICES = 3
FAULTS = ("none", "drop_push", "drop_pull", "down")


def acked_checkout_loans(laptop: Laptop) -> set[str]:
    import json

    with laptop.store.read() as s:
        rows = s.scalars(
            select(OutboxEntry.payload).where(
                OutboxEntry.kind == "checkout", OutboxEntry.state == "acked"
            )
        ).all()
    return {json.loads(p)["loan_id"] for p in rows}


def test_random_actions_and_faults_keep_exactly_once_and_converge(
    sync_server: SyncServer, proxy: DropProxy, tmp_path: Path
) -> None:
    counter = itertools.count()

    class Machine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.laptops: list[Laptop] = []
            self.events: list[str] = []
            self.books: list[str] = []
            self.cards: list[str] = []

        @initialize()
        def enroll_all(self) -> None:
            run = next(counter)
            for n in range(DEVICES):
                laptop = Laptop(tmp_path / f"run{run}", f"laptop{n}")
                laptop.enroll(sync_server)
                assert laptop.sync(page_size=500).ok
                self.laptops.append(laptop)
                events = Events(laptop.store)
                stop = events.open_stop(f"Stop {n}")
                self.events.append(events.create_event(stop.id, "Story time", "storytime").id)
            # A small shared shelf makes conflicts between laptops likely.
            self.books = self.laptops[0].available_barcodes()[100:106]
            self.cards = self.laptops[0].patron_cards()[:4]

        @rule(device=st.integers(0, DEVICES - 1), book=st.integers(0, 5), card=st.integers(0, 3))
        def checkout(self, device: int, book: int, card: int) -> None:
            # A refusal (e.g. a downloaded block) is a valid outcome too.
            with contextlib.suppress(DeskError):
                self.laptops[device].desk.checkout(
                    self.cards[card], self.books[book], override_reason="stateful test"
                )

        @rule(device=st.integers(0, DEVICES - 1), book=st.integers(0, 5))
        def checkin(self, device: int, book: int) -> None:
            self.laptops[device].desk.checkin(self.books[book])

        @rule(device=st.integers(0, DEVICES - 1))
        def undo_last(self, device: int) -> None:
            desk = self.laptops[device].desk
            last = desk.last_undoable()
            if last is not None:
                with contextlib.suppress(DeskError):  # e.g. lent again since
                    desk.undo(last[0])

        @rule(device=st.integers(0, DEVICES - 1), band=st.sampled_from(["0-5", "19-64"]))
        def count(self, device: int, band: str) -> None:
            Events(self.laptops[device].store).count(self.events[device], band, 1)

        @rule(device=st.integers(0, DEVICES - 1), fault=st.sampled_from(FAULTS))
        def sync(self, device: int, fault: str) -> None:
            laptop = self.laptops[device]
            proxy.down = fault == "down"
            if fault == "drop_push":
                proxy.drop_next("/v1/push", 1)
            elif fault == "drop_pull":
                proxy.drop_next("/v1/pull", 1)
            try:
                report = laptop.sync(proxy.url, max_attempts=2)
            finally:
                proxy.down = False
                proxy.drops.clear()
            if fault == "none":
                assert report.ok, report.error
            else:
                assert report.ok or report.error_code == "OFFLINE", report.error

        @invariant()
        def exactly_once(self) -> None:
            for laptop in self.laptops:
                assert_exactly_once(sync_server, laptop)
                loans = acked_checkout_loans(laptop)
                assert set(sync_server.loans_by_id(sorted(loans))) == loans

        def teardown(self) -> None:
            try:
                if not self.laptops:
                    return
                proxy.down = False
                proxy.drops.clear()
                sync_until_converged(sync_server, self.laptops)
                for laptop in self.laptops:
                    assert laptop.waiting() == 0
                    assert_exactly_once(sync_server, laptop)
            finally:
                for laptop in self.laptops:
                    laptop.close()

    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=int(os.environ.get("POPUP_STATEFUL_EXAMPLES", "4")),
            stateful_step_count=14,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        ),
    )
