"""kill -9 in the middle of a burst of checkouts and returns loses nothing the screen confirmed."""

from __future__ import annotations

import json
from pathlib import Path

from popup.store import demo
from popup.store.db import Store
from tests.helpers import raw
from tests.popup.store.faults import run_and_kill


def test_sigkill_mid_burst_keeps_every_confirmed_action(tmp_path: Path) -> None:
    path = tmp_path / "popup.sqlite3"
    store = Store.open(path)
    demo.seed(store, items=200, patrons=40)
    store.close()

    reported = run_and_kill(path, 150) + run_and_kill(path, 60)  # twice: restart continues
    assert len(reported) >= 210

    con = raw.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        seqs = [r[0] for r in con.execute("SELECT seq FROM outbox ORDER BY seq")]
        assert seqs == list(range(1, len(seqs) + 1)), "outbox seqs must have no gaps"
        assert con.execute("SELECT last_seq FROM device").fetchone() == (len(seqs),)
        outbox = {
            seq: (kind, json.loads(payload))
            for seq, kind, payload in con.execute("SELECT seq, kind, payload FROM outbox")
        }
        for seq, kind, barcode, loan_id in reported:
            stored_kind, payload = outbox[int(seq)]
            assert stored_kind == kind and payload["item_barcode"] == barcode
            assert payload.get("loan_id") == loan_id
            loan = con.execute("SELECT returned_at FROM loans WHERE id = ?", (loan_id,)).fetchone()
            assert loan is not None, f"loan {loan_id} confirmed by seq {seq} is missing"
            if kind == "checkin":
                assert loan[0] is not None
        # Never two open loans for one item, whatever the kill interrupted.
        assert con.execute(
            "SELECT count(*) FROM (SELECT item_id FROM loans WHERE returned_at IS NULL"
            " GROUP BY item_id HAVING count(*) > 1)"
        ).fetchone() == (0,)
    finally:
        con.close()
