"""#14 server 2: a laptop whose store no longer matches the server (restored from an older
copy, its seqs reused by other actions) is told so; the server answers 409 SEQ_CONFLICT and
the client stops with its own sentence instead of retrying or taking another action's result."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import update

from popup.store import outbox
from popup.store.models import OutboxEntry
from tests.contract.test_faults import lend
from tests.helpers.consortium import SyncServer
from tests.helpers.laptops import Laptop


def test_a_reused_seq_stops_the_upload_with_the_seq_conflict_sentence(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("restored-older")
    creds = laptop.enroll(sync_server)
    assert laptop.sync().ok  # the catalogue comes down first
    lend(laptop, 2, start=130)
    assert laptop.sync().ok
    assert sync_server.applied_seqs(creds.device_id) == [1, 2]
    # What an older copy of the store looks like to the server: seq 2 is waiting again, but
    # it is another action (another mutation_id) than the one the server applied as seq 2.
    with laptop.store.transaction() as session:
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.seq == 2)
            .values(state=outbox.PENDING, mutation_id=str(uuid.uuid4()))
        )
    report = laptop.sync()
    assert not report.ok
    assert report.error_key == "SEQ_CONFLICT", report.error
    assert "enroll this laptop again" in report.error
    assert laptop.outbox_states()[2] == outbox.PENDING  # nothing was taken for it
    assert sync_server.applied_seqs(creds.device_id) == [1, 2]
