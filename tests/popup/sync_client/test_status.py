"""Status words and the exceptions inbox on a real store file."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from popup.domain.circulation import initials
from popup.domain.protocol import OutcomeCode
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.models import OutboxEntry, Patron, SyncException, SyncState
from popup.sync_client.status import UNKNOWN_CODE, explanation, inbox, mark_done, read_status
from tests.helpers.desk import available_items


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


def _expired_checkout(store: Store, reason: str) -> str:
    """A checkout at the desk for an expired card, overridden with ``reason``; its mutation id."""
    with store.read() as s:
        card = s.scalar(
            select(Patron.card_number)
            .where(Patron.card_expiry < datetime.now(UTC).date(), Patron.manual_block.is_(False))
            .limit(1)
        )
    assert card is not None
    book = available_items(store, 1)[0]
    seq = Desk(store).checkout(card, book, override_reason=reason).seq
    with store.read() as s:
        found = s.scalar(select(OutboxEntry.mutation_id).where(OutboxEntry.seq == seq))
    assert found is not None
    return found


def test_an_override_is_said_only_for_the_warnings_staff_overrode(demo_store: Store) -> None:
    mutation_id = _expired_checkout(demo_store, "Renewed at the branch")
    now = datetime.now(UTC)

    def answer(code: str, concerns: list[str]) -> str:
        # As the sync client keeps a push answer: the server's detail nested in it.
        return json.dumps(
            {
                "status": "applied_with_exception",
                "codes": [code],
                "detail": {"concerns": {code: concerns}},
            }
        )

    with demo_store.transaction() as s:
        for code, concerns in (
            ("CARD_EXPIRED", ["CARD_EXPIRED"]),  # what staff overrode at the desk
            ("PATRON_BLOCKED_AT_TIME", ["FINES_OVER_LIMIT"]),  # what the desk did not know of
        ):
            s.add(
                SyncException(
                    code=code,
                    message="…",
                    mutation_id=mutation_id,
                    detail=answer(code, concerns),
                    received_at=now,
                )
            )
    entries = {e.code: e for e in inbox(demo_store)}
    expired, blocked = entries["CARD_EXPIRED"], entries["PATRON_BLOCKED_AT_TIME"]
    assert expired.override is not None
    assert expired.what_happened.endswith(
        "Staff overrode this at the desk; the reason given was “Renewed at the branch”."
    )
    assert blocked.override is None
    assert blocked.what_happened == (
        "The patron was blocked at the consortium when this was done. It was accepted."
    )
    assert expired.subject.kind == "checkout" and expired.subject.card_tail is not None
    assert expired.subject.item_title and expired.subject.made_at is not None


def test_a_replaced_temporary_card_names_the_new_card(demo_store: Store) -> None:
    with demo_store.read() as s:
        card, name = s.execute(select(Patron.card_number, Patron.name).limit(1)).one()
    with demo_store.transaction() as s:
        s.add(
            SyncException(
                code="TEMPORARY_CARD_REPLACED",
                message="The temporary card T-1 was replaced.",
                detail=json.dumps({"temporary_card": "T-1", "card_number": card}),  # pulled
                received_at=datetime.now(UTC),
            )
        )
    (entry,) = inbox(demo_store)
    assert entry.subject.card_tail == card[-4:]
    assert entry.subject.patron_initials == initials(name)
