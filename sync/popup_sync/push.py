"""Push: applying a device's outbox exactly once.

For each mutation, inside a write transaction that holds the device row locked:

* ``seq <= last_applied``: nothing is applied; the stored result is returned;
* ``seq == last_applied + 1``: apply it, store ``(device_id, seq, mutation_id)`` with its
  result, advance ``last_applied``, and log the changed rows — all in that transaction;
* ``seq > last_applied + 1``: a gap; stop and tell the device which seq comes next.

Mutations are applied in chunks of ``Settings.push_chunk`` per transaction (one commit, one
fsync, per chunk). When a mutation fails in a way the rules did not foresee (a constraint
violation, a value the database refuses), the chunk is run again with each mutation inside a
savepoint, so that mutation alone is rejected and the queue moves on; only a transient fault
answers 503 (the device retries). A chunk that hits a serialization failure or deadlock is
run again from the start (nothing of it was committed); the device never sees those conflicts.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from popup.domain.protocol.actions import (
    PAYLOADS,
    Kind,
    PatronRegister,
    Payload,
    PayloadError,
    parse_kind,
    parse_payload,
)
from popup.domain.protocol.envelopes import Mutation, OutcomeCode, Status
from popup.domain.protocol.wire import required_names
from popup_sync import apply as applying
from popup_sync import crud
from popup_sync.core.db import Database, is_retryable, is_transient
from popup_sync.models import AppliedMutation, Device, Library

log = logging.getLogger(__name__)

_APPLIED = cast(Table, AppliedMutation.__table__)


@dataclass(frozen=True)
class Incoming:
    """One uploaded action with its payload parsed (``popup.domain.protocol.actions``)."""

    seq: int
    mutation_id: str
    client_time: datetime
    kind: Kind
    #: None when an optional field did not parse (``problem``): that action alone is rejected.
    payload: Payload | None
    problem: PayloadError | None = None
    #: The payload as sent.
    raw: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def read(cls, m: Mutation) -> Incoming:
        """The action, or :class:`PayloadError` when it cannot be parsed at all: an unknown
        kind, or a required field missing or malformed (the push is refused, nothing after it
        applied). A malformed optional field only rejects the action itself."""
        kind = parse_kind(m.kind)
        try:
            payload = parse_payload(kind, m.payload)
        except PayloadError as exc:
            top = exc.field.split(".", 1)[0].split("[", 1)[0]
            if not top or top in required_names(PAYLOADS[kind]):
                raise
            return cls(m.seq, m.mutation_id, m.client_time, kind, None, exc, m.payload)
        return cls(m.seq, m.mutation_id, m.client_time, kind, payload, None, m.payload)

    def logged_payload(self) -> dict[str, Any]:
        """What the exactly-once log keeps: the payload's wire form as the device sent it
        (it parsed, so it is its class's; re-encoding each one would cost more than storing
        it); a sign-up's without its personal fields (``PatronRegister.without_personal``)."""
        if isinstance(self.payload, PatronRegister):
            return self.payload.without_personal().to_wire()
        if self.payload is None:  # it did not parse: what it said, minus anything personal
            personal = PatronRegister.PERSONAL_FIELDS
            return {k: v for k, v in self.raw.items() if k not in personal}
        return dict(self.raw)


class DeviceGone(Exception):
    """The device was revoked (or removed) while its push was under way."""


@dataclass
class PushResult:
    results: list[dict[str, Any]] = field(default_factory=list)
    last_applied: int = 0
    expected_seq: int | None = None  # set when a gap stopped the push


def _stored(session: Session, device_id: str, seqs: list[int]) -> dict[int, dict[str, Any]]:
    if not seqs:
        return {}
    rows = session.execute(
        select(AppliedMutation.seq, AppliedMutation.result).where(
            AppliedMutation.device_id == device_id, AppliedMutation.seq.in_(seqs)
        )
    ).all()
    return {int(seq): dict(result) for seq, result in rows}


class _NeedsSavepoints(Exception):
    """A constraint violation in a chunk applied without savepoints: rerun it with them."""


def _record(session: Session, applied: list[dict[str, Any]], safe: bool) -> None:
    """Insert the (device, seq) records; also flushes the chunk's pending rows."""
    try:
        session.flush()
        if applied:
            # A Core insert of the table: the ORM's bulk path costs more than the statement.
            session.execute(insert(_APPLIED), applied)
            applied.clear()
    except DBAPIError as exc:
        # Without savepoints a refused row surfaces at the flush, away from its mutation.
        if safe or is_transient(exc):
            raise
        raise _NeedsSavepoints from exc


def _run_chunk(
    session: Session,
    device_id: str,
    chunk: list[Incoming],
    offset_s: float,
    skew_limit_s: float,
    now: datetime,
    safe: bool = False,
) -> tuple[list[dict[str, Any]], int, int | None]:
    device = session.scalar(select(Device).where(Device.id == device_id).with_for_update())
    if device is None or device.revoked_at is not None:
        raise DeviceGone(device_id)
    library = session.get(Library, device.library_id)
    assert library is not None
    last = device.last_applied
    # Items are locked in id order up front: concurrent chunks wait, they never deadlock.
    cache = applying.Cache(session, library.id)
    cache.load([m.payload for m in chunk if m.seq > last and m.payload is not None])
    stored = _stored(session, device_id, [m.seq for m in chunk if m.seq <= last])
    rules: applying.Rules | None = None
    results: list[dict[str, Any]] = []
    gap: int | None = None
    applied: list[dict[str, Any]] = []  # (device, seq) records, inserted in one statement
    for mutation in chunk:
        if mutation.seq <= last:
            previous = stored.get(mutation.seq)
            if previous is None:  # applied before this server kept results (cannot happen)
                previous = applying.Outcome(Status.APPLIED).to_wire(
                    mutation.seq, mutation.mutation_id
                )
            results.append(previous)
            continue
        if mutation.seq != last + 1:
            gap = last + 1
            break
        if rules is None:
            rules = applying.load_rules(session, library)
        if mutation.kind is Kind.UNDO:
            _record(session, applied, safe)  # its target may be earlier in this chunk
        ctx = applying.Context(
            session, library, device, rules, mutation.seq, mutation.mutation_id, cache
        )
        try:
            if mutation.payload is None:
                assert mutation.problem is not None
                outcome = applying.Outcome.invalid(mutation.problem.field, mutation.problem)
            elif safe:
                with session.begin_nested():
                    outcome = applying.apply(ctx, mutation.payload)
            else:
                outcome = applying.apply(ctx, mutation.payload)
        except DBAPIError as exc:
            if is_transient(exc):
                raise  # retried here, or 503 and the device retries
            if not safe:
                raise _NeedsSavepoints from exc
            # Refused by the database for good: resending would fail forever, so reject it.
            cache.forget()
            if isinstance(exc, IntegrityError):
                outcome = applying.Outcome.rejected(
                    None, "The action conflicts with data already on the server; not applied."
                )
                outcome.detail["error"] = "CONFLICT"
            else:
                problem = type(exc.orig).__name__ if exc.orig is not None else type(exc).__name__
                log.warning("database refused %s seq %d: %s", mutation.kind, mutation.seq, problem)
                outcome = applying.Outcome.rejected(
                    None, f"The server's database refused the action ({problem}); not applied."
                )
                outcome.detail["error"] = "DATABASE_REFUSED"
        except Exception as exc:
            if not safe:
                raise _NeedsSavepoints from exc  # the mutation may have half-written rows
            # The rules cannot use this action: reject it and move on, never block the queue.
            cache.forget()
            log.exception("could not apply %s seq %d", mutation.kind, mutation.seq)
            reason = f"the server could not apply it ({type(exc).__name__}; logged)"
            outcome = applying.Outcome.rejected(None, f"The action was not applied: {reason}")
        if abs(offset_s) > skew_limit_s:
            outcome.add(
                OutcomeCode.CLOCK_SKEW,
                f"The device clock is {offset_s:+.0f} s off the server's.",
            )
        outcome.detail.setdefault("clock_offset_s", round(offset_s, 3))
        for code in outcome.codes:
            if code not in applying.NO_EXCEPTION_ROW:
                crud.add_exception(
                    session=session,
                    library_id=library.id,
                    code=code.value,
                    message=outcome.message or code.value,
                    detail={**outcome.detail, "kind": mutation.kind.value},
                    device_id=device_id,
                    seq=mutation.seq,
                    mutation_id=mutation.mutation_id,
                )
        wire = outcome.to_wire(mutation.seq, mutation.mutation_id)
        applied.append(
            {
                "device_id": device_id,
                "seq": mutation.seq,
                "mutation_id": mutation.mutation_id,
                "library_id": library.id,
                "kind": mutation.kind.value,
                "payload": mutation.logged_payload(),
                "client_time": mutation.client_time,
                "clock_offset_s": offset_s,
                "received_at": now,
                "status": outcome.status.value,
                "result": wire,
            }
        )
        results.append(wire)
        last = mutation.seq
    _record(session, applied, safe)
    device.last_applied = last
    device.clock_offset_s = offset_s
    device.last_push_at = now
    return results, last, gap


def push(
    db: Database,
    *,
    device_id: str,
    mutations: list[Incoming],
    sent_at: datetime | None,
    chunk_size: int,
    retries: int,
    skew_limit_s: float,
) -> PushResult:
    now = datetime.now(UTC)
    reference = sent_at or (mutations[-1].client_time if mutations else now)
    offset_s = (now - reference).total_seconds()
    out = PushResult()
    index, size = 0, chunk_size
    while index < len(mutations) or not mutations:
        chunk = mutations[index : index + size]
        attempt = 0
        safe = False
        while True:
            try:
                with db.write() as session:
                    results, last, gap = _run_chunk(
                        session, device_id, chunk, offset_s, skew_limit_s, now, safe
                    )
                break
            except _NeedsSavepoints:
                safe = True  # nothing was committed; apply each mutation in a savepoint
            except DBAPIError as exc:
                if not is_retryable(exc) or attempt >= retries:
                    raise
                attempt += 1
                # Smaller transactions collide less; jitter keeps retries from colliding again.
                size = max(1, size // 2)
                chunk = mutations[index : index + size]
                time.sleep(random.uniform(0, min(0.004 * 2**attempt, 0.3)))
        out.results += results
        out.last_applied = last
        if gap is not None:
            out.expected_seq = gap
            return out
        index += len(chunk)
        if not mutations:
            break
    return out
