"""kill -9 in the middle of an event: every count the screen confirmed is still on disk."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from popup import paths
from popup.store import outbox
from popup.store.db import Store
from popup.store.events import Events
from popup.store.models import Attendance

# Counts in a loop and prints each action only after its transaction has committed, the way the
# event screen shows a new number only after the store returns.
COUNTER = r"""
import sys
from popup import paths
from popup.store.db import Store
from popup.store.events import Events

home = paths.home()
store = Store.open(paths.store_file(home), paths.backups_dir(home))
events = Events(store)
stop = events.open_stop("Crash park")
event = events.create_event(stop.id, "Story time", "story time")
print("EVENT", event.id, flush=True)
bands = [b.code for b in events.bands]
i = 0
while True:
    band = bands[i % len(bands)]
    delta = -1 if i % 7 == 6 else 1
    result = events.count(event.id, band, delta)
    print("COUNTED", result.seq, band, delta, flush=True)
    i += 1
"""


def test_kill_9_mid_event_keeps_every_confirmed_count(home: Path) -> None:
    env = {**os.environ, paths.ENV_HOME: str(home)}
    proc = subprocess.Popen(
        [sys.executable, "-c", COUNTER],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    confirmed: list[tuple[int, str, int]] = []
    event_id = None
    deadline = time.monotonic() + 60
    try:
        while len(confirmed) < 60 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            parts = line.split()
            if parts[0] == "EVENT":
                event_id = parts[1]
            elif parts[0] == "COUNTED":
                confirmed.append((int(parts[1]), parts[2], int(parts[3])))
    finally:
        os.kill(proc.pid, signal.SIGKILL)  # mid-loop, possibly mid-transaction
        proc.wait(timeout=30)
        stderr = proc.stderr.read() if proc.stderr else ""
        proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert event_id is not None and len(confirmed) >= 60, stderr

    store = Store.open(paths.store_file(home), paths.backups_dir(home))
    try:
        with store.read() as session:
            mutations = outbox.pending(session, limit=100_000)
            rows = list(
                session.execute(
                    select(Attendance.mutation_id, Attendance.band, Attendance.delta).where(
                        Attendance.event_id == event_id
                    )
                )
            )
        by_seq = {m.seq: m for m in mutations}
        # Outbox seqs are contiguous from 1: nothing half-written, no gap.
        assert sorted(by_seq) == list(range(1, len(by_seq) + 1))
        attendance_by_mutation = {r.mutation_id: (r.band, r.delta) for r in rows}
        for seq, band, delta in confirmed:  # every confirmed count is there, exactly once
            m = by_seq[seq]
            assert (m.payload["band"], m.payload["delta"]) == (band, delta)
            assert attendance_by_mutation[m.mutation_id] == (band, delta)
        # At most the one count in flight at the kill committed without being printed.
        recorded = [m for m in mutations if m.kind == "attendance_count"]
        assert len(rows) == len(recorded)
        assert len(confirmed) <= len(recorded) <= len(confirmed) + 1
        # The count rebuilt on reopening includes every confirmed action.
        counts = Events(store).counts(event_id)
        expected: dict[str, int] = {}
        for _, band, delta in confirmed:
            expected[band] = expected.get(band, 0) + delta
        extra = len(recorded) - len(confirmed)
        assert sum(expected.values()) <= counts.total <= sum(expected.values()) + extra
        for band, n in expected.items():
            assert n <= counts.get(band) <= n + extra
    finally:
        store.close()
