"""Status words and the exceptions inbox on a real store file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from popup.domain.protocol import OutcomeCode
from popup.store.db import Store
from popup.store.models import SyncException, SyncState
from popup.sync_client.status import UNKNOWN_CODE, explanation, inbox, mark_done, read_status


def test_every_outcome_code_is_explained_with_something_to_do() -> None:
    for code in [*OutcomeCode, "REJECTED"]:
        happened, todo = explanation(code)
        assert happened.key == todo.key == code, code
        assert happened.text.endswith(".") and todo.text.endswith(".")
    happened, todo = explanation("SOMETHING_NEW")
    assert happened.key == todo.key == UNKNOWN_CODE
    assert "SOMETHING_NEW" in happened.text and "administrator" in todo.text


def test_status_summary_in_plain_words(store: Store) -> None:
    now = datetime.now(UTC)
    status = read_status(store, enrolled=False, online=None)
    assert status.summary(now) == "Not connected to a sync server · 0 waiting to upload"
    with store.transaction() as s:
        state = s.get(SyncState, 1)
        assert state is not None
        state.last_sync_at = now - timedelta(minutes=12)
        state.last_error = "Cannot reach the sync server at http://x (no network, or it is down)."
        s.add(SyncException(code="ROUTE_ITEM", message="Send to EAST.", received_at=now, seq=4))
    status = read_status(store, enrolled=True, online=False)
    assert status.summary(now) == (
        "Offline · 0 waiting to upload · last sync 12 min ago · 1 to review · "
        "Cannot reach the sync server at http://x (no network, or it is down)."
    )


def test_inbox_lists_open_entries_and_done_hides_them(store: Store) -> None:
    now = datetime.now(UTC)
    with store.transaction() as s:
        s.add(SyncException(code="HOLD_TRAP", message="Hold for 2112…", received_at=now, seq=7))
        s.add(
            SyncException(
                code="CARD_EXPIRED", message="Expired.", received_at=now - timedelta(hours=1)
            )
        )
    entries = inbox(store)
    assert [e.code for e in entries] == ["HOLD_TRAP", "CARD_EXPIRED"]
    assert entries[0].what_to_do.startswith("Set it aside")
    assert mark_done(store, entries[0].id)
    assert not mark_done(store, entries[0].id)  # already done
    assert [e.code for e in inbox(store)] == ["CARD_EXPIRED"]
    assert len(inbox(store, include_done=True)) == 2
    assert read_status(store, True, True).open_exceptions == 1
