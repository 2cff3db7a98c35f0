"""One sync pass: upload the outbox, download changes, keep score.

**Push.** Pending outbox entries go up in seq order, up to 500 per request. Each response's
outcomes are recorded in ONE store transaction: the entries become ``acked`` with the server's
result, codes become rows of the exceptions inbox (``sync_exceptions``), personal data of
acknowledged sign-ups is erased, downloaded rows held back behind those entries are applied,
and returned loans nothing needs any more forget their patron (:mod:`popup.store.forget`;
each downloaded page's transaction does that too). A crash before that commit just means the
batch is sent again; the server returns the stored results for seqs it already applied, so
nothing is doubled. Attendance scans and payments the server has had for a day forget their
card after the download (:meth:`SyncEngine.forget_past`).

**409 SEQ_GAP** (decision, the contract leaves the client's move open): the results that came
with it are recorded; if the server expects an *earlier* seq than the first one sent (it lost
actions, e.g. restored from a backup), the laptop puts its acknowledged entries from that seq
on back to pending and resends them, because it keeps every entry. If the laptop does not
have that entry any more, the sync stops with a message for staff; nothing is skipped.

**Pull.** Each page is applied and its cursor saved in ONE store transaction. After a
``reset`` the fresh snapshot is applied over the rows held (mark and sweep, see
:class:`~popup.store.models.SyncSeen`); downloaded rows it did not list go after its last page.

**Retries.** Connection errors, timeouts and 503 are retried with capped exponential backoff
and full jitter (:class:`~popup.sync_client.backoff.Backoff`); everything else stops the
pass with a plain-words error stored in ``sync_state.last_error``.

**Crash points (tests only).** ``POPUP_SYNC_CRASH_AT=<point>[:<n>]`` makes the process
SIGKILL itself the n-th time (default first) it reaches ``<point>``; see :data:`CRASH_POINTS`.
The fault tests run the client as a subprocess with it and restart it afterwards.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from popup.domain import settings
from popup.domain.concerns import Params, specifics
from popup.domain.protocol.actions import Kind
from popup.domain.protocol.envelopes import (
    QUIET_CODES,
    MutationResult,
    PullPage,
    PushResponse,
    Status,
)
from popup.domain.protocol.wire import WireError
from popup.store import forget, library, outbox, signup
from popup.store.db import Store
from popup.store.library import utcnow
from popup.store.models import CardRange, Device, OutboxEntry, SyncException, SyncState
from popup.store.notify import Topic, note
from popup.sync_client import apply as applying
from popup.sync_client.backoff import Backoff
from popup.sync_client.client import (
    ProtocolError,
    SeqGap,
    SyncClient,
    SyncError,
    TransientError,
)
from popup.sync_client.credentials import CredentialsError

log = logging.getLogger(__name__)

CRASH_ENV = "POPUP_SYNC_CRASH_AT"
CRASH_POINTS = (
    "after_read_outbox",  # a batch was read from the outbox, nothing sent yet
    "after_send",  # the server answered (and committed); nothing recorded here
    "after_ack_before_mark",  # outcomes written in the open transaction, not committed
    "mid_page",  # half of a page applied in the open transaction
    "before_cursor",  # a whole page applied, its cursor not yet written, not committed
    "after_cursor",  # a page and its cursor committed, before the next request
)
_crash_counts: dict[str, int] = {}

T = TypeVar("T")


def crash_point(name: str) -> None:
    """Test hook: SIGKILL this process at ``name`` when POPUP_SYNC_CRASH_AT asks for it."""
    wanted = os.environ.get(CRASH_ENV)
    if not wanted:
        return
    point, _, nth = wanted.partition(":")
    if point != name:
        return
    _crash_counts[name] = _crash_counts.get(name, 0) + 1
    if _crash_counts[name] >= int(nth or 1):
        log.warning("crash point %s reached: killing this process (test hook)", name)
        if hasattr(signal, "SIGKILL"):
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(137)  # pragma: no cover - Windows


class DeviceChanged(SyncError):
    """The store is not the enrolled device's: only ``popup recover`` or enrolling helps."""

    code = "DEVICE_CHANGED"


@contextlib.contextmanager
def sync_lock(store_path: Path) -> Iterator[None]:
    """Hold the laptop's one sync lock (a file next to the store) or raise ``SYNC_RUNNING``.

    Two passes at once (two ``popup sync``, or one beside the window's) would send the same
    batch twice and each record the other's answers; the second is told plainly instead. The
    OS releases the lock when its process ends, however it ends.
    """
    path = store_path.with_name(store_path.name + ".sync-lock")
    try:
        handle = open(path, "a+b")  # noqa: SIM115 - held for the whole pass
    except OSError as exc:  # a read-only folder: the store's own errors will say what is wrong
        log.warning("sync lock %s unavailable (%s); syncing without it", path, exc.strerror)
        yield
        return
    try:
        try:
            if sys.platform == "win32":  # pragma: no cover - Windows
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise SyncError("SYNC_RUNNING") from None
        yield  # closing the file below releases the lock
    finally:
        handle.close()


@dataclass
class SyncReport:
    pushed: int = 0  # outcomes recorded this pass
    exceptions: int = 0  # inbox rows added
    pulled: int = 0  # changes applied
    pages: int = 0
    reset: bool = False
    error: str | None = None
    error_code: str | None = None
    #: The error sentence's key and params (see :class:`SyncError`); "" for the server's words.
    error_key: str = ""
    error_params: Params = ()
    #: Seconds the server asked the laptop to wait (Retry-After on a 429 or 503), or None.
    retry_after: float | None = None
    clock_warning: str | None = None
    waiting: int = 0  # actions still waiting after the pass

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Progress:
    phase: str  # "upload" | "download"
    done: int
    total: int | None = None  # known for upload; None while downloading
    detail: str = ""


def _inbox_rows(result: MutationResult) -> list[tuple[str, str]]:
    """(code, message) pairs staff should see for one mutation's result."""
    codes = [c for c in result.codes if c not in QUIET_CODES]
    if result.status is Status.REJECTED and not codes:
        codes = ["REJECTED"]
    return [(code, result.message) for code in codes]


def _local(results: Sequence[MutationResult], base: int) -> Sequence[MutationResult]:
    """Push results with the device's protocol seqs turned back into outbox seqs."""
    if not base:
        return results
    return [replace(result, seq=result.seq + base) for result in results]


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Python's cycle collector off for a download: a page of rows makes tens of thousands of
    short-lived objects and no cycles, and the collector's passes over them cost about 8 % of
    a first download (``benchmarks/sync_drain.py``). Reference counting still frees them."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@dataclass
class SyncEngine:
    """Runs sync passes for one store and one enrolled device. Not thread-safe."""

    store: Store
    client: SyncClient
    device_id: str
    batch_size: int = 500
    page_size: int = 1000
    #: Rows per page of a laptop's first download (no cursor yet: nothing on it to scan
    #: against, so a page's longer write holds up no one). Five times the pages cost the
    #: server about 40 % and the laptop about 13 % less CPU per row (``sync_drain.py
    #: --page-size``); later pages stay short, so a scan never waits long for a page's write.
    first_page_size: int = 5000
    backoff: Backoff = field(default_factory=Backoff)
    max_attempts: int = 5
    sleep: Callable[[float], None] = time.sleep
    progress: Callable[[Progress], None] | None = None
    should_stop: Callable[[], bool] = lambda: False
    card_range_size: int = 200
    #: The time recorded for acknowledgements, downloads and the last sync (the app's clock).
    clock: Callable[[], datetime] = utcnow
    #: Keeps a rotated token (``CredentialStore.save_token``); None: no rotation this pass.
    save_token: Callable[[str], None] | None = None

    # -- retries -----------------------------------------------------------------------------

    def _retry(self, what: str, call: Callable[[], T]) -> T:
        attempt = 0
        while True:
            try:
                return call()
            except TransientError as exc:
                if attempt + 1 >= self.max_attempts or self.should_stop():
                    raise
                delay = max(self.backoff.delay(attempt), exc.retry_after or 0.0)
                if delay > self.backoff.cap:
                    # The server asked for longer than a pass waits: end the pass, and the
                    # scheduler's next automatic one comes after what the server asked for.
                    raise
                log.info("%s failed (%s); retry %d in %.2fs", what, exc, attempt + 1, delay)
                self.sleep(delay)
                attempt += 1

    def _report(self, progress: Progress) -> None:
        if self.progress is not None:
            self.progress(progress)

    # -- push --------------------------------------------------------------------------------

    def check_identity(self) -> None:
        """Refuse a store that is not the enrolled device's (replaced, or made afresh).

        Its seqs start again at 1: uploaded under the enrolled device they would collide with
        that device's history and stall the upload for good.
        """
        with self.store.read() as session:
            here = session.scalar(select(Device.device_id).where(Device.id == 1))
        if here != self.device_id:
            log.warning("store device %s is not the enrolled device %s", here, self.device_id)
            raise DeviceChanged("DEVICE_CHANGED")

    def push_all(self, report: SyncReport | None = None) -> SyncReport:
        report = report or SyncReport()
        self.check_identity()
        with self.store.read() as session:
            total = outbox.pending_count(session)
        self._report(Progress("upload", 0, total))
        stalls = 0
        while not self.should_stop():
            with self.store.read() as session:
                batch = outbox.pending(session, limit=self.batch_size)
                # Sent with the upload: the server shows the backlog on its fleet page.
                self.client.pending = outbox.pending_count(session)
            crash_point("after_read_outbox")
            if not batch:
                break
            base = self._seq_base()
            try:
                wire = [replace(m, seq=m.seq - base) for m in batch] if base else batch
            except WireError as exc:  # an action from before this enrollment still waiting
                raise SyncError(
                    f"An action waiting to upload cannot be numbered for this enrollment ({exc});"
                    " nothing was sent. Tell the administrator."
                ) from None
            try:
                response = self._retry(
                    "upload", functools.partial(self.client.push, self.device_id, wire)
                )
            except SeqGap as gap:
                crash_point("after_send")
                recorded = self._record(_local(gap.results, base), report)
                self._handle_gap(gap.expected_seq + base, batch[0].seq, base)
                stalls = 0 if recorded else stalls + 1
                if stalls > 2:
                    raise SyncError("SEQ_STALL", specifics(seq=gap.expected_seq)) from gap
                continue
            crash_point("after_send")
            recorded = self._record(_local(response.results, base), report, response)
            if recorded == 0:
                stalls += 1
                if stalls > 2:
                    raise SyncError(
                        "EMPTY_UPLOAD_ANSWER",
                    )
            else:
                stalls = 0
            self._report(Progress("upload", report.pushed, total))
        return report

    def _seq_base(self) -> int:
        with self.store.read() as session:
            state = session.get(SyncState, 1)
            return int(state.seq_base or 0) if state is not None else 0

    def _record(
        self,
        results: Sequence[MutationResult],
        report: SyncReport,
        response: PushResponse | None = None,
    ) -> int:
        """Store the server's outcomes in one transaction; return how many were recorded."""
        by_seq = {result.seq: result for result in results}
        if not by_seq:
            return 0
        now = self.clock()
        with self.store.transaction() as session:
            # What this transaction erases or unlinks must not stay readable in free space.
            forget.zero_freed_space(session)
            rows = session.execute(
                select(OutboxEntry.seq, OutboxEntry.mutation_id, OutboxEntry.kind).where(
                    OutboxEntry.seq.in_(list(by_seq)), OutboxEntry.state == outbox.PENDING
                )
            ).all()
            seqs: list[int] = []
            registers: list[int] = []
            inbox_rows: list[dict[str, Any]] = []
            for seq, mutation_id, kind in rows:
                result = by_seq[seq]
                if result.mutation_id != mutation_id:
                    raise SyncError("OTHER_ACTION", specifics(seq=seq))
                seqs.append(seq)
                if kind == Kind.PATRON_REGISTER:
                    registers.append(seq)
                detail = json.dumps(
                    {
                        "status": result.status.value,
                        "detail": result.detail,
                        "codes": list(result.codes),
                    },
                    sort_keys=True,
                )
                for code, message in _inbox_rows(result):
                    inbox_rows.append(
                        {
                            "seq": seq,
                            "mutation_id": mutation_id,
                            "code": code,
                            "message": message,
                            "detail": detail,
                            "received_at": now,
                            "resolved_synced": False,
                        }
                    )
            report.exceptions += self._add_exceptions(session, inbox_rows)
            touched = applying.keys_of_entries(session, seqs)
            outbox.mark_acked(session, [by_seq[seq] for seq in seqs], now)
            crash_point("after_ack_before_mark")
            self._erase_signups(session, registers, now)
            still = applying.pending_keys(session)
            applying.mark_loans_synced(session, touched, still)
            applying.release_shadows(session, self.device_id, now, still)
            # Returns the server now has: the laptop forgets whose loans they were (#17).
            forgotten = forget.forget_returned(session)
            state = session.get(SyncState, 1)
            if state is not None and self.client.clock_offset is not None:
                state.clock_offset_s = self.client.clock_offset
        if registers or forgotten:
            # The erased values must not linger in the WAL file until SQLite next folds it in.
            signup.checkpoint(self.store)
        report.pushed += len(seqs)
        return len(seqs)

    def _add_exceptions(self, session: Session, rows: list[dict[str, Any]]) -> int:
        """Add inbox rows, skipping (mutation, code) pairs already there (a resend's answer)."""
        if not rows:
            return 0
        have = set(
            session.execute(
                select(SyncException.mutation_id, SyncException.code).where(
                    SyncException.mutation_id.in_({r["mutation_id"] for r in rows})
                )
            ).all()
        )
        fresh = [r for r in rows if (r["mutation_id"], r["code"]) not in have]
        if fresh:
            session.execute(insert(SyncException), fresh)
            note(session, Topic.INBOX)
        return len(fresh)

    def _erase_signups(self, session: Session, seqs: list[int], now: datetime) -> None:
        if seqs:
            signup.erase_acknowledged(session, seqs, now)

    def _handle_gap(self, expected: int, first_sent: int, base: int = 0) -> None:
        if expected >= first_sent:
            return  # the server moved on meanwhile; the next read sends what is pending
        if expected <= base:
            raise SyncError("SEQ_BEFORE_ENROLLMENT", specifics(seq=expected - base))
        with self.store.transaction() as session:
            have = session.scalar(select(OutboxEntry.seq).where(OutboxEntry.seq == expected))
            if have is None:
                raise SyncError("SEQ_MISSING", specifics(seq=expected))
            log.warning(
                "server expects seq %d < %d: resending acknowledged actions", expected, first_sent
            )
            outbox.requeue_from(session, expected)

    # -- pull --------------------------------------------------------------------------------

    def pull_all(self, report: SyncReport | None = None) -> SyncReport:
        report = report or SyncReport()
        with self.store.read() as session:
            state = session.get(SyncState, 1)
            cursor = state.cursor if state is not None else None
            self.client.pending = outbox.pending_count(session)
        self._report(Progress("download", 0, None))
        # The next page is fetched while this one is applied (the server's work, the wire and
        # SQLite's writing overlap; a page's fetch changes nothing on the server, and a page
        # fetched but not applied is fetched again by the next pass). One fetch at a time, so
        # the client is never used by two threads at once.
        size = self.first_page_size if cursor is None else self.page_size
        with (
            self.store.bulk(),
            _no_cyclic_gc(),
            ThreadPoolExecutor(1, thread_name_prefix="popup-download") as fetcher,
        ):
            self._pull_pages(cursor, report, fetcher, size)
        return report

    def _fetch(self, cursor: str | None, size: int) -> PullPage:
        return self._retry("download", functools.partial(self.client.pull, cursor, size))

    def _pull_pages(
        self, cursor: str | None, report: SyncReport, fetcher: Executor, size: int
    ) -> None:
        asked_reset = False
        resets = 0  # a server answering "reset" forever must not loop this pass forever
        ahead: Future[PullPage] | None = None
        while not self.should_stop():
            fetching, ahead = ahead, None
            try:
                page = fetching.result() if fetching is not None else self._fetch(cursor, size)
            except ProtocolError as exc:
                if exc.code != "INVALID_CURSOR" or asked_reset:
                    raise
                # The server does not know this cursor (its database was replaced or
                # restored): ask for a fresh snapshot; local pending work is kept.
                log.warning("server refused the download cursor; asking for a fresh snapshot")
                cursor, asked_reset = "reset", True
                continue
            if page.reset:
                resets += 1
                if resets > 2:
                    raise SyncError(
                        "DOWNLOAD_RESTARTS",
                    )
            # A reset answer carries no changes: the snapshot follows with its cursor.
            more = page.has_more or (page.reset and not page.changes)
            ahead = fetcher.submit(self._fetch, page.cursor, size) if more else None
            self._apply_page(page, report)
            cursor = page.cursor
            report.pages += 1
            self._report(Progress("download", report.pulled, None, f"page {report.pages}"))
            crash_point("after_cursor")
            if not more:
                break

    def _apply_page(self, page: PullPage, report: SyncReport) -> None:
        now = self.clock()
        with self.store.transaction() as session:
            forget.zero_freed_space(session)  # deleted holds, patrons, shadows: no residue
            state = session.get(SyncState, 1)
            if state is None:
                state = SyncState(id=1)
                session.add(state)
            if page.reset:
                # Mark and sweep: the rows held stay usable at the desk until the whole fresh
                # snapshot is in, however many connections that takes.
                log.info("server asked for a reset: downloading a fresh snapshot")
                applying.start_refresh(session, state, now)
                report.reset = True
            if state.refreshing_since is not None:
                applying.note_seen(session, page.changes)
            keys = applying.pending_keys(session)
            half = len(page.changes) // 2
            applier = applying.Applier(session, self.device_id, keys, now)
            stats = applier.apply(page.changes[:half])
            crash_point("mid_page")
            stats.add(applier.apply(page.changes[half:]))
            stats.add(applying.release_shadows(session, self.device_id, now, keys))
            # A loan the server closed, an exception marked done, a later scan at the desk: a
            # returned loan nothing needs any more forgets its patron here too (#17).
            forgotten = forget.forget_returned(session)
            crash_point("before_cursor")
            state.cursor = page.cursor
            if not page.has_more:
                state.blocks_as_of = now
                # (A bare reset answer says "the snapshot follows": it is not the end of it.)
                if state.refreshing_since is not None and (page.changes or not page.reset):
                    applying.sweep_unseen(session, keys)
                    # Returned loans the sweep removed leave records naming their patron.
                    forgotten += forget.forget_orphans(session)
                    state.refreshing_since = None
            if self.client.clock_offset is not None:
                state.clock_offset_s = self.client.clock_offset
        if forgotten:
            signup.checkpoint(self.store)  # the links leave the WAL file too
        report.pulled += stats.applied

    # -- housekeeping ------------------------------------------------------------------------

    def forget_past(self) -> int:
        """Attendance scans and payments the server has had for a day stop naming their card
        (:mod:`popup.store.forget`), a few hundred per transaction so that a scan at the desk
        never waits long for the store (the first pass after an update may have years of
        them); returns how many."""
        forgotten = 0
        while True:
            with self.store.transaction() as session:
                now = self.clock()
                scans = forget.forget_attendees(session, now)
                paid = forget.forget_payments(session, now)
            forgotten += scans + paid
            if scans < forget.BATCH and paid < forget.BATCH:
                break
        if forgotten:
            signup.checkpoint(self.store)  # the cards leave the WAL file too
        return forgotten

    def send_resolutions(self) -> int:
        """Tell the server about exceptions staff marked done here (once each)."""
        with self.store.read() as session:
            ids = session.execute(
                select(SyncException.id, SyncException.server_id).where(
                    SyncException.resolved_at.is_not(None),
                    SyncException.server_id.is_not(None),
                    SyncException.resolved_synced.is_(False),
                )
            ).all()
        sent = 0
        for local_id, server_id in ids:
            assert server_id is not None
            self._retry("resolve", functools.partial(self.client.resolve_exception, server_id))
            with self.store.transaction() as session:
                session.execute(
                    update(SyncException)
                    .where(SyncException.id == local_id)
                    .values(resolved_synced=True)
                )
            sent += 1
        return sent

    def top_up_cards(self) -> bool:
        """Ask for a new card-number block when the server-given ones run low.

        Only blocks from the server count: a local stand-in block (demo, or configured before
        enrolling) is not guaranteed unique across the consortium.
        """
        with self.store.read() as session:
            left = int(
                session.scalar(
                    select(func.coalesce(func.sum(CardRange.last - CardRange.next + 1), 0)).where(
                        CardRange.source == "server", CardRange.next <= CardRange.last
                    )
                )
                or 0
            )
            low = library.values(session)[settings.CARD_RANGE_LOW_WARNING]
        if left >= low:
            return False
        # One attempt per pass, no retry loop: a server that says "not now" (429 past the
        # device's daily quota, 503) is asked again at the next sync, not hammered.
        block = self.client.card_range(self.card_range_size)
        first, last = int(block["first"]), int(block["last"])
        with self.store.transaction() as session:
            exists = session.scalar(
                select(CardRange.id).where(
                    CardRange.source == "server", CardRange.first == first, CardRange.last == last
                )
            )
            if exists is None:
                session.add(
                    CardRange(
                        first=first,
                        last=last,
                        next=first,
                        source="server",
                        allocated_at=self.clock(),
                    )
                )
                note(session, Topic.CARD_RANGES)
        return True

    def rotate_token(self) -> bool:
        """Trade a token the server marked due for a new one; saved before it is used.

        The server keeps the old token working for a grace period, so an answer lost on the
        way (or a save that fails) is no lockout: the next pass rotates again.
        """
        if not self.client.rotate_due or self.save_token is None:
            return False
        token = self._retry("token rotation", self.client.rotate_token)
        self.save_token(token)  # atomically, before the old one is dropped here
        self.client.token = token
        self.client.rotate_due = False
        log.info("device token rotated")
        return True

    # -- the whole pass ----------------------------------------------------------------------

    def sync(self) -> SyncReport:
        """Upload, download, then housekeeping; never raises for network or server trouble."""
        report = SyncReport()
        try:
            with sync_lock(self.store.path):
                self.push_all(report)
                self.pull_all(report)
                self.forget_past()
                self.send_resolutions()
                # A new card block or token is useful but never worth failing the pass for.
                try:
                    self.top_up_cards()
                except TransientError as exc:
                    log.info("card block not requested now: %s", exc)
                except ProtocolError as exc:  # e.g. CARD_NUMBERS_EXHAUSTED: sign-up says so
                    log.warning("card block refused by the server: %s", exc.code)
                try:
                    self.rotate_token()
                except TransientError as exc:
                    log.info("token not rotated now (the current one still works): %s", exc)
                except (ProtocolError, CredentialsError, OSError) as exc:
                    # Refused, or the new token could not be saved: the held one keeps working
                    # for the grace period and the next pass tries again; this pass succeeded.
                    why = exc.code if isinstance(exc, SyncError) else type(exc).__name__
                    log.warning("token not rotated (%s); the current one still works", why)
        except SyncError as exc:
            report.error, report.error_code = str(exc), exc.code
            report.error_key, report.error_params = exc.key, exc.params
            if isinstance(exc, TransientError):
                report.retry_after = exc.retry_after
        report.clock_warning = self.client.clock_warning
        if report.error_key == "SYNC_RUNNING":  # the running pass keeps the score, not this one
            with self.store.read() as session:
                report.waiting = outbox.pending_count(session)
            return report
        with self.store.transaction() as session:
            state = session.get(SyncState, 1)
            if state is None:
                state = SyncState(id=1)
                session.add(state)
            if report.ok:
                state.last_sync_at = self.clock()
                state.last_error = state.last_error_key = state.last_error_params = None
            else:
                state.last_error = report.error
                state.last_error_key = report.error_key or None
                state.last_error_params = (
                    json.dumps(dict(report.error_params)) if report.error_params else None
                )
            if self.client.clock_offset is not None:
                state.clock_offset_s = self.client.clock_offset
            report.waiting = outbox.pending_count(session)
        return report
