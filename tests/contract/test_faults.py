"""Faults between a laptop and the real server: nothing lost, nothing doubled, queue drains."""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from popup.store.models import Item, Patron, SyncState
from popup.sync_client.engine import CRASH_POINTS
from tests.helpers.consortium import SyncServer
from tests.helpers.laptops import DropProxy, Laptop, assert_exactly_once, sync_until_converged


def lend(laptop: Laptop, count: int, start: int = 0) -> list[str]:
    """``count`` checkouts of distinct books; returns the loan ids."""
    books = laptop.available_barcodes()[start : start + count]
    cards = laptop.patron_cards()
    return [
        laptop.desk.checkout(cards[i % len(cards)], book).loan_id for i, book in enumerate(books)
    ]


def test_server_down_then_up(sync_server: SyncServer, laptops: Callable[[str], Laptop]) -> None:
    laptop = laptops("down-up")
    laptop.enroll(sync_server)
    assert laptop.sync().ok
    loans = lend(laptop, 5, start=0)
    sync_server.stop()
    try:
        report = laptop.sync()
        assert not report.ok and report.error_code == "OFFLINE"
        assert "Cannot reach the sync server" in (report.error or "")
        assert laptop.waiting() == 5
        with laptop.store.read() as s:
            state = s.get(SyncState, 1)
            assert state is not None and state.last_error == report.error
    finally:
        sync_server.start()
    report = laptop.sync()
    assert report.ok, report.error
    assert laptop.waiting() == 0 and report.pushed == 5
    assert set(sync_server.loans_by_id(loans)) == set(loans)
    assert_exactly_once(sync_server, laptop)


def test_dropped_push_response_is_resent_and_answered_from_the_stored_result(
    sync_server: SyncServer, proxy: DropProxy, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("dropped")
    laptop.enroll(sync_server)
    assert laptop.sync().ok
    loans = lend(laptop, 4, start=20)
    loans_before = sync_server.loan_count()
    proxy.drop_next("/v1/push", 2)  # the first two answers vanish after the server committed
    report = laptop.sync(proxy.url)
    assert report.ok, report.error
    assert proxy.dropped == ["/v1/push", "/v1/push"]
    assert laptop.waiting() == 0 and report.pushed == 4
    # Applied once: one loan per action, and the outcomes the laptop kept are the stored ones.
    assert sync_server.loan_count() == loans_before + 4
    assert set(sync_server.loans_by_id(loans)) == set(loans)
    assert_exactly_once(sync_server, laptop)
    # A dropped download page is fetched again with the same cursor.
    proxy.drop_next("/v1/pull", 1)
    lend(laptop, 1, start=40)
    report = laptop.sync(proxy.url)
    assert report.ok, report.error
    assert proxy.dropped[-1].startswith("/v1/pull?")  # fetched again with the same cursor
    sync_until_converged(sync_server, [laptop])
    assert_exactly_once(sync_server, laptop)


def local_counts(laptop: Laptop) -> tuple[int, int]:
    with laptop.store.read() as s:
        return (
            int(s.scalar(select(func.count(Item.id))) or 0),
            int(s.scalar(select(func.count(Patron.id))) or 0),
        )


def test_client_killed_at_every_step_loses_and_doubles_nothing(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    """``popup sync`` runs as its own process and SIGKILLs itself at each step in turn."""
    laptop = laptops("killed")
    laptop.enroll(sync_server)
    device = laptop.creds.device_id  # type: ignore[union-attr]
    assert laptop.sync().ok  # the catalogue, so there is something to lend
    loans = lend(laptop, 6, start=60)
    with laptop.store.transaction() as s:
        state = s.get(SyncState, 1)
        assert state is not None
        state.cursor = None  # download the whole snapshot again: several pages to die in
    server_loans = sync_server.loan_count()
    small_pages = ("--page-size", "60")  # 380+ rows: several pages to die in

    def run(crash_at: str | None) -> None:
        proc = laptop.cli("sync", *small_pages, crash_at=crash_at)
        if crash_at:
            assert proc.returncode == -signal.SIGKILL, (crash_at, proc.stdout, proc.stderr)
        else:
            assert proc.returncode == 0, proc.stdout + proc.stderr

    # Outbox read, nothing sent: the server has nothing.
    run("after_read_outbox")
    assert sync_server.last_applied(device) == 0 and laptop.waiting() == 6
    # The server answered (and committed); the laptop died before recording anything.
    run("after_send")
    assert sync_server.last_applied(device) == 6 and laptop.waiting() == 6
    # The resend got the stored results; died inside the transaction marking them done.
    run("after_ack_before_mark")
    assert sync_server.last_applied(device) == 6 and laptop.waiting() == 6
    assert sync_server.loan_count() == server_loans + 6  # nothing doubled by the resends
    # Upload completes; the download dies half-way through its second page...
    run("mid_page:2")
    assert laptop.waiting() == 0
    with laptop.store.read() as s:
        state = s.get(SyncState, 1)
        cursor_after_one_page = state.cursor if state else None
    assert cursor_after_one_page is not None  # page 1 and its cursor were committed together
    # ...then dies with a whole page applied but its cursor not yet written...
    run("before_cursor:1")
    with laptop.store.read() as s:
        state = s.get(SyncState, 1)
        assert state is not None and state.cursor == cursor_after_one_page
    # ...then right after a committed page.
    more = lend(laptop, 2, start=80)
    run("after_cursor:2")
    assert laptop.waiting() == 0
    run(None)  # a clean pass finishes the download
    assert local_counts(laptop) == (300, len(sync_server.patron_cards()))
    assert sync_server.loan_count() == server_loans + 8
    assert set(sync_server.loans_by_id(loans + more)) == set(loans + more)
    sync_until_converged(sync_server, [laptop])
    assert_exactly_once(sync_server, laptop)
    assert set(CRASH_POINTS) == {
        "after_read_outbox",
        "after_send",
        "after_ack_before_mark",
        "mid_page",
        "before_cursor",
        "after_cursor",
    }


def test_compacted_log_resets_the_download_and_keeps_local_work(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    import time
    from datetime import UTC, datetime

    from popup_sync import changes, crud

    laptop, other = laptops("reset-me"), laptops("reset-other")
    laptop.enroll(sync_server)
    other.enroll(sync_server)
    assert laptop.sync().ok and other.sync().ok
    books = other.available_barcodes()
    cards = other.patron_cards()
    mine = laptop.desk.checkout(cards[2], books[-20]).loan_id  # waiting on this laptop
    other.desk.checkout(cards[3], books[-21])
    assert other.sync().ok
    time.sleep(0.05)
    cutoff = datetime.now(UTC)
    time.sleep(0.05)
    other.desk.checkout(cards[3], books[-22])
    assert other.sync().ok
    # The consortium compacts its change log past this laptop's cursor (keeping the newest).
    removed = sync_server.db.run_write(  # type: ignore[union-attr]
        lambda s: changes.compact(s, crud.get_library(session=s, code="MAIN"), cutoff)
    )
    assert removed > 0
    # Download only (the checkout still waiting): a reset, then the whole snapshot again.
    engine = laptop.engine()
    pulled = engine.pull_all()
    engine.client.close()
    assert pulled.reset
    assert laptop.waiting() == 1
    assert laptop.open_loans()[books[-20]] == mine  # the local checkout stayed visible
    assert laptop.item_statuses()[books[-20]] == "on_loan"
    assert len(laptop.item_statuses()) == 300
    report = laptop.sync()
    assert report.ok, report.error
    assert laptop.waiting() == 0
    assert sync_server.loans_by_id([mine])[mine] is None  # the waiting checkout went up
    sync_until_converged(sync_server, [laptop])
    assert_exactly_once(sync_server, laptop)


def test_server_restored_from_backup_gets_the_lost_actions_again(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    """409 SEQ_GAP: the server lost seqs 2-3 (e.g. restored from a backup); the laptop still
    has them and sends them again, then the new one; nothing is skipped."""
    from sqlalchemy import delete, update

    from popup_sync import models as sm

    laptop = laptops("restored")
    creds = laptop.enroll(sync_server)
    assert laptop.sync().ok
    lend(laptop, 3, start=110)
    assert laptop.sync().ok
    assert sync_server.applied_seqs(creds.device_id) == [1, 2, 3]

    def lose(session: Any) -> None:
        session.execute(
            delete(sm.AppliedMutation).where(
                sm.AppliedMutation.device_id == creds.device_id, sm.AppliedMutation.seq > 1
            )
        )
        session.execute(
            update(sm.Device).where(sm.Device.id == creds.device_id).values(last_applied=1)
        )

    sync_server.db.run_write(lose)  # type: ignore[union-attr]
    lend(laptop, 1, start=115)
    report = laptop.sync()
    assert report.ok, report.error
    assert laptop.waiting() == 0
    assert sync_server.applied_seqs(creds.device_id) == [1, 2, 3, 4]
    assert_exactly_once(sync_server, laptop)


def test_503_is_retried_with_backoff_until_the_server_recovers(
    sync_server: SyncServer, proxy: DropProxy, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("busy")
    laptop.enroll(sync_server)
    assert laptop.sync().ok
    loans = lend(laptop, 2, start=120)
    proxy.fail_next("/v1/push", 2)
    proxy.fail_next("/v1/pull", 1)
    waits: list[float] = []
    engine = laptop.engine(proxy.url, sleep=waits.append)
    report = engine.sync()
    engine.client.close()
    assert report.ok, report.error
    assert report.pushed == 2 and laptop.waiting() == 0
    assert len(waits) == 3 and all(0 <= w <= 0.4 for w in waits)  # capped, jittered
    assert set(sync_server.loans_by_id(loans)) == set(loans)
    assert_exactly_once(sync_server, laptop)
    # Past the attempt limit the pass ends with plain words and the actions keep waiting.
    lend(laptop, 1, start=125)
    proxy.fail_next("/v1/push", 10)
    report = laptop.sync(proxy.url)
    proxy.unavailable.clear()
    assert report.error_code == "OFFLINE"
    assert "temporarily unavailable" in (report.error or "")
    assert laptop.waiting() == 1
