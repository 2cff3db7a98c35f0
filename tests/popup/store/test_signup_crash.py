"""A sign-up burst killed with SIGKILL: no card number repeated, none lost from the sequence."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from popup.domain import signup as rules
from popup.domain.age_bands import DEFAULT_CATEGORY_BANDS
from popup.domain.cards import DEFAULT_FORMAT, ScanKind
from popup.store import signup as store_signup
from popup.store.db import Store
from popup.store.demo import DEMO_INSTITUTION
from popup.store.models import CardRange, OutboxEntry, Patron

HELPER = Path(__file__).with_name("signup_burst.py")
FIRST = 7000


def _number(seq: int) -> str:
    return DEFAULT_FORMAT.make(ScanKind.PATRON, seq, DEMO_INSTITUTION)


def test_sigkill_mid_burst_loses_and_repeats_no_card_number(store: Store) -> None:
    with store.transaction() as session:
        store_signup.add_card_range(session, FIRST, FIRST + 9999)
    path = store.path
    store.close()

    child = subprocess.Popen(
        [sys.executable, str(HELPER), str(path), "100000"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdout is not None
    printed: list[str] = []
    try:
        while len(printed) < 40:
            line = child.stdout.readline()
            assert line, f"the helper stopped early (exit {child.poll()})"
            printed.append(line.strip())
        # Mid-burst, at a varying point inside the next sign-ups' transactions.
        time.sleep(random.uniform(0, 0.03))
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    printed += [line.strip() for line in rest.splitlines() if line.strip()]

    reopened = Store.open(path)
    try:
        with reopened.read() as session:
            stored = session.scalars(
                select(Patron.card_number).where(Patron.origin == "local").order_by(Patron.id)
            ).all()
            block_next = session.scalar(select(CardRange.next))
            seqs = session.scalars(select(OutboxEntry.seq).order_by(OutboxEntry.seq)).all()
        # Every number printed (committed) is stored, none twice, none skipped.
        assert len(stored) == len(set(stored))
        assert set(printed) <= set(stored)
        assert stored == [_number(FIRST + i) for i in range(len(stored))]
        # The block continues exactly after the last committed number...
        assert block_next == FIRST + len(stored)
        # ...and each patron has exactly one outbox record, seqs without gaps.
        assert list(seqs) == list(range(1, len(stored) + 1))
        # After the restart the next sign-up takes the very next number.
        form = rules.SignupForm(name="After Crash", email="after@example.org", consent=True)
        clean = rules.validate(
            form,
            today=datetime.now(UTC).date(),
            bands=DEFAULT_CATEGORY_BANDS,
            required=["name", "contact"],
        )
        after = store_signup.register(reopened, clean)
        assert after.card_number == _number(FIRST + len(stored))
        assert after.card_number not in stored
    finally:
        reopened.close()
