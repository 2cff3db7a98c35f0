"""Push: applying a device's outbox exactly once.

For each mutation, inside a write transaction that holds the device row locked:

* ``seq <= last_applied``: nothing is applied; the stored result is returned;
* ``seq == last_applied + 1``: apply it, store ``(device_id, seq, mutation_id)`` with its
  result, advance ``last_applied``, and log the changed rows — all in that transaction;
* ``seq > last_applied + 1``: a gap; stop and tell the device which seq comes next.

Mutations are applied in chunks of ``Settings.push_chunk`` per transaction (one commit, one
fsync, per chunk). A mutation that cannot be read (anything but its seq: see
:meth:`Incoming.read`) is rejected naming the field. When a mutation fails in a way the rules
did not foresee (a constraint violation, a value the database refuses), the chunk is run again
with each mutation inside a savepoint, so that mutation alone is rejected and the queue moves
on; if that fails too, one mutation per transaction, and at last that mutation is rejected as
``UNAPPLICABLE`` without being applied. Only a transient fault answers 503 (the device
retries); a seq already applied under another ``mutation_id`` is :class:`SeqConflict` (409).
A chunk that hits a serialization failure or deadlock is run again from the start (nothing of
it was committed); the device never sees those conflicts.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from popup.domain.protocol.actions import (
    Kind,
    PatronRegister,
    Payload,
    PayloadError,
    parse_kind,
    parse_payload,
)
from popup.domain.protocol.envelopes import MAX_PUSH, MAX_SEQ, OutcomeCode, Status
from popup.domain.protocol.wire import WireError, moment, storable, text, uuid_text
from popup.domain.settings import VOLUNTEERS_MAY_SIGN_UP
from popup.domain.staff import (
    LOCAL_PREFIX,
    Capability,
    StaffRecord,
    action_refusal,
    may,
)
from popup_sync import apply as applying
from popup_sync import crud, library_settings, staff_accounts, telemetry
from popup_sync.core.db import Database, is_retryable, is_transient
from popup_sync.models import AppliedMutation, Device, Library

log = logging.getLogger(__name__)

_APPLIED = cast(Table, AppliedMutation.__table__)
#: The longest staff id an action may name (``Mutation.staff_id``; the column's length).
MAX_STAFF_ID = 80


class EnvelopeError(Exception):
    """A push body that cannot be read at all (no JSON object, no seq to place a mutation):
    refused whole (400); nothing in it can be applied or rejected in its place."""

    def __init__(self, field: str, problem: str, code: str = "INVALID_REQUEST") -> None:
        self.field = field
        self.code = code
        super().__init__(f"{field}: {problem}" if field else problem)


def _safe_text(value: object, limit: int) -> str:
    """A printable, storable stand-in for an unreadable envelope value (at most ``limit``)."""
    if isinstance(value, str):
        try:
            return text(value)[:limit] if value.isprintable() else ascii(value)[:limit]
        except WireError:
            return ascii(value)[:limit]
    return ascii(value)[:limit] if value is not None else "?"


@dataclass(frozen=True)
class Incoming:
    """One uploaded action, read as far as it can be (``popup.domain.protocol.actions``).

    Only the seq must be readable (it says where the action goes in the device's queue); any
    other problem — an unusable ``client_time``, a bad ``mutation_id``, an unknown kind, a
    payload that does not parse or could not be stored — is ``problem``: that action alone is
    rejected, its seq recorded with a storable stand-in of what it said, and the queue moves on.
    """

    seq: int
    mutation_id: str
    client_time: datetime
    kind: Kind | None
    #: None when it did not parse (``problem``): that action alone is rejected.
    payload: Payload | None
    problem: WireError | None = None
    #: The payload as sent (only kept when it is storable JSON).
    raw: Mapping[str, Any] = field(default_factory=dict)
    #: ``kind``'s value, or a storable stand-in of what was sent.
    kind_name: str = ""
    #: The staff member who made it and the one who approved its override (#17); None from a
    #: laptop older than staff sign-in.
    staff_id: str | None = None
    approved_by: str | None = None

    @classmethod
    def read(cls, value: object, where: str, now: datetime) -> Incoming:
        """The action at ``where`` (``mutations.3``) of a push body, or :class:`EnvelopeError`
        when not even its seq can be read."""
        if not isinstance(value, dict):
            raise EnvelopeError(where, "must be a JSON object")
        seq = value.get("seq")
        if not isinstance(seq, int) or isinstance(seq, bool) or not 1 <= seq <= MAX_SEQ:
            raise EnvelopeError(f"{where}.seq", f"must be a whole number from 1 to {MAX_SEQ}")
        problems: list[WireError] = []
        sent_id = value.get("mutation_id")
        try:
            mutation_id = uuid_text(text(sent_id, "mutation_id"), "mutation_id")
        except WireError as exc:
            problems.append(exc)
            mutation_id = _safe_text(sent_id, 36)
        try:
            client_time = moment(value.get("client_time"), "client_time")
        except WireError as exc:
            problems.append(exc)
            client_time = now  # stored in its place; the action is rejected
        sent_kind = value.get("kind")
        kind: Kind | None = None
        try:
            kind = parse_kind(text(sent_kind, "kind"))
        except WireError as exc:
            problems.append(WireError("kind", exc.problem))
        kind_name = kind.value if kind is not None else _safe_text(sent_kind, 32)
        raw = value.get("payload")
        payload: Payload | None = None
        if not isinstance(raw, dict):
            problems.append(WireError("payload", "must be a JSON object"))
            raw = {}
        else:
            if kind is not None:
                try:
                    payload = parse_payload(kind, raw)
                except PayloadError as exc:
                    problems.append(exc)
                except Exception as exc:  # a class's own check raising something else
                    problems.append(WireError("payload", f"cannot be read ({type(exc).__name__})"))
            try:  # what the class does not read is stored too: it must be storable
                storable(raw)
            except WireError as exc:
                problems.append(exc)
                raw = {}
        staff = [_staff_field(value, name, problems) for name in ("staff_id", "approved_by")]
        problem = problems[0] if problems else None
        if problem is not None:
            payload = None
        return cls(seq, mutation_id, client_time, kind, payload, problem, raw, kind_name, *staff)

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


def _staff_field(value: dict[str, Any], name: str, problems: list[WireError]) -> str | None:
    """The staff id in ``name`` (None when absent), or a storable stand-in and a problem."""
    sent = value.get(name)
    if sent is None:
        return None
    try:
        said = text(sent, name)
    except WireError as exc:
        problems.append(exc)
        return _safe_text(sent, MAX_STAFF_ID)
    if not said.strip() or len(said) > MAX_STAFF_ID or not said.isprintable():
        problems.append(
            WireError(name, f"must be a staff id: printable text of 1 to {MAX_STAFF_ID} characters")
        )
        return _safe_text(said, MAX_STAFF_ID)
    return said


def read_push(body: object, now: datetime) -> tuple[str, datetime | None, list[Incoming]]:
    """(device_id, sent_at, actions) of a parsed push body, or :class:`EnvelopeError`.

    Mutations must come in ascending seq order; each is read by :meth:`Incoming.read`."""
    if not isinstance(body, dict):
        raise EnvelopeError("", "the request body must be a JSON object")
    try:
        device_id = uuid_text(text(body.get("device_id"), "device_id"), "device_id")
        sent = body.get("sent_at")
        sent_at = None if sent is None else moment(sent, "sent_at")
    except WireError as exc:
        raise EnvelopeError(exc.field, exc.problem) from None
    listed = body.get("mutations")
    if not isinstance(listed, list):
        raise EnvelopeError("mutations", "must be a list")
    if len(listed) > MAX_PUSH:
        raise EnvelopeError("mutations", f"holds {len(listed)} entries; at most {MAX_PUSH}")
    incoming: list[Incoming] = []
    previous = 0
    for n, value in enumerate(listed):
        one = Incoming.read(value, f"mutations.{n}", now)
        if one.seq <= previous:
            raise EnvelopeError(
                f"mutations.{n}.seq",
                f"mutations must be in ascending seq order; seq {one.seq} follows {previous}",
                "SEQ_ORDER",
            )
        previous = one.seq
        incoming.append(one)
    return device_id, sent_at, incoming


class DeviceGone(Exception):
    """The device was revoked (or removed) while its push was under way."""


@dataclass
class PushResult:
    results: list[dict[str, Any]] = field(default_factory=list)
    last_applied: int = 0
    expected_seq: int | None = None  # set when a gap stopped the push


class SeqConflict(Exception):
    """A seq already applied arrived again carrying another action (another mutation_id): the
    device's store does not match what the server has from it (restored from an older copy?).
    Nothing of the push is applied; the device is told which action the server holds."""

    def __init__(self, seq: int, mutation_id: str, kind: str) -> None:
        super().__init__(seq)
        self.seq = seq
        self.mutation_id = mutation_id
        self.kind = kind


def _stored(
    session: Session, device_id: str, seqs: list[int]
) -> dict[int, tuple[str, str, dict[str, Any]]]:
    """(mutation_id, kind, result) of each of ``seqs`` already applied."""
    if not seqs:
        return {}
    rows = session.execute(
        select(
            AppliedMutation.seq,
            AppliedMutation.mutation_id,
            AppliedMutation.kind,
            AppliedMutation.result,
        ).where(AppliedMutation.device_id == device_id, AppliedMutation.seq.in_(seqs))
    ).all()
    return {int(seq): (mid, kind, dict(result)) for seq, mid, kind, result in rows}


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


def _unapplicable(device_id: str, mutation: Incoming, exc: Exception | None) -> applying.Outcome:
    """The last resort: the action is rejected (logged by class only: no personal data)."""
    problem = type(exc).__name__ if exc is not None else "it could not be read"
    return _refused(
        device_id,
        mutation,
        "UNAPPLICABLE",
        problem,
        f"The action was not applied: the server could not apply it ({problem}; logged).",
    )


def _refused(
    device_id: str, mutation: Incoming, error: str, problem: str, sentence: str
) -> applying.Outcome:
    """A rejection the rules did not foresee: logged with ids, kind and the problem's class
    only (never a value from the payload), and answered with ``detail.error``."""
    log.warning(
        "%s: device %s seq %d (%s): %s", error, device_id, mutation.seq, mutation.kind_name, problem
    )
    outcome = applying.Outcome.rejected(None, sentence)
    outcome.detail["error"] = error
    return outcome


class _StaffCheck:
    """Who may have made each action of a chunk (#17), read once per chunk: the staff it names
    (of the device's library, or the device's own ``local:`` administrator) and the library's
    ``volunteers_may_sign_up``."""

    def __init__(
        self,
        session: Session,
        library: Library,
        device_id: str,
        chunk: list[Incoming],
        offset_s: float = 0.0,
    ):
        self.session = session
        self.library = library
        self.device_id = device_id
        #: The device clock's offset measured with this push (server minus device): an
        #: action's ``client_time`` plus it is when it was made on the server's clock.
        self.offset = timedelta(seconds=offset_s)
        named = [i for m in chunk for i in (m.staff_id, m.approved_by) if i is not None]
        self.known: dict[str, StaffRecord] = (
            staff_accounts.records(session, library.id, device_id, named) if named else {}
        )
        self._sign_up: bool | None = None

    @property
    def volunteers_may_sign_up(self) -> bool:
        if self._sign_up is None:
            self._sign_up = bool(library_settings.values(self.library)[VOLUNTEERS_MAY_SIGN_UP])
        return self._sign_up

    def refusal(self, mutation: Incoming) -> applying.Outcome | None:
        """None when the action's staff member may have made it; else its rejection. An
        action naming nobody (an older laptop's) is accepted, as every action of those was."""
        if mutation.staff_id is None:
            return None
        for role, named in (
            ("staff member", mutation.staff_id),
            ("approver", mutation.approved_by),
        ):
            if named is not None and named not in self.known:
                return self._rejected(
                    mutation,
                    OutcomeCode.STAFF_UNKNOWN,
                    f"its {role} {named} is not a staff account of {self.library.code} on the"
                    " server",
                )
        staff = self.known[mutation.staff_id]
        approver = self.known.get(mutation.approved_by) if mutation.approved_by else None
        refused = action_refusal(
            mutation.kind_name,
            mutation.raw,
            staff,
            approver,
            volunteers_may_sign_up=self.volunteers_may_sign_up,
            made_at=mutation.client_time + self.offset,
        )
        if refused is not None:
            return self._rejected(mutation, OutcomeCode(refused.code), refused.message)
        if mutation.kind is Kind.UNDO and not may(staff.role, Capability.UNDO_ANY):
            return self._undo_of_another(mutation)
        return None

    def _undo_of_another(self, mutation: Incoming) -> applying.Outcome | None:
        """A volunteer takes back only their own actions (UNDO_OWN): the target's record in
        the exactly-once log must name the same staff member."""
        target = mutation.raw.get("target_mutation_id")
        made_by = self.session.execute(
            select(AppliedMutation.staff_id).where(
                AppliedMutation.library_id == self.library.id,
                AppliedMutation.mutation_id == str(target),
            )
        ).first()
        if made_by is not None and made_by[0] == mutation.staff_id:
            return None
        return self._rejected(
            mutation,
            OutcomeCode.STAFF_NOT_ALLOWED,
            "a volunteer may take back only an action they made themselves",
        )

    def _rejected(self, mutation: Incoming, code: OutcomeCode, why: str) -> applying.Outcome:
        """The rejection, naming the staff member by login and id (never a patron)."""
        logins = staff_accounts.logins(
            self.session,
            self.library.id,
            [i for i in (mutation.staff_id, mutation.approved_by) if i is not None],
        )
        staff_id = mutation.staff_id or ""
        if staff_id.startswith(LOCAL_PREFIX):
            who = f"this laptop's own administrator ({staff_id})"
        elif staff_id in logins:
            who = f"staff member {logins[staff_id]} ({staff_id})"
        else:
            who = f"staff member {staff_id}"
        log.info(
            "%s: device %s seq %d (%s) by staff %s",
            code.value,
            self.device_id,
            mutation.seq,
            mutation.kind_name,
            staff_id,
        )
        outcome = applying.Outcome.rejected(
            code, f"The action was not applied: {mutation.kind_name} by {who}: {why}."
        )
        outcome.detail["staff_id"] = mutation.staff_id
        if mutation.approved_by is not None:
            outcome.detail["approved_by"] = mutation.approved_by
        if mutation.staff_id in logins:
            outcome.detail["staff_login"] = logins[mutation.staff_id]
        return outcome


def _record_alone(session: Session, applied: list[dict[str, Any]], record: dict[str, Any]) -> None:
    """Insert one (device, seq) record in a savepoint; if the database refuses it, a record
    with nothing of what the device sent but its seq: the seq must advance."""
    _record(session, applied, True)
    try:
        with session.begin_nested():
            session.execute(insert(_APPLIED), [record])
    except DBAPIError as exc:
        if is_transient(exc):
            raise
        log.warning(
            "stored a stand-in for device %s seq %d: %s",
            record["device_id"],
            record["seq"],
            type(exc.orig).__name__ if exc.orig is not None else type(exc).__name__,
        )
        # mutation_id and kind are storable stand-ins already (Incoming.read); the payload
        # is the only part the device chose freely.
        record = {**record, "payload": {}}
        with session.begin_nested():
            session.execute(insert(_APPLIED), [record])


def _run_chunk(
    session: Session,
    device_id: str,
    chunk: list[Incoming],
    offset_s: float,
    skew_limit_s: float,
    now: datetime,
    safe: bool = False,
    unapplicable: bool = False,
    report: telemetry.Report | None = None,
    delivered: int = 0,
) -> tuple[list[dict[str, Any]], int, int | None]:
    """Apply ``chunk`` in ``session``. ``safe``: each mutation in a savepoint, its record too.
    ``unapplicable`` (the last resort, one mutation): reject it without trying, so that no
    action can hold up the queue even when reading what it names fails."""
    device = session.scalar(select(Device).where(Device.id == device_id).with_for_update())
    if device is None or device.revoked_at is not None:
        raise DeviceGone(device_id)
    library = session.get(Library, device.library_id)
    assert library is not None
    last = device.last_applied
    # Items are locked in id order up front: concurrent chunks wait, they never deadlock.
    cache = applying.Cache(session, library.id)
    if not unapplicable:
        cache.load([m.payload for m in chunk if m.seq > last and m.payload is not None])
    stored = _stored(session, device_id, [m.seq for m in chunk if m.seq <= last])
    rules: applying.Rules | None = None
    staff = _StaffCheck(session, library, device_id, [m for m in chunk if m.seq > last], offset_s)
    results: list[dict[str, Any]] = []
    gap: int | None = None
    applied: list[dict[str, Any]] = []  # (device, seq) records, inserted in one statement
    for mutation in chunk:
        if mutation.seq <= last:
            known = stored.get(mutation.seq)
            if known is None:  # applied before this server kept results (cannot happen)
                results.append(
                    applying.Outcome(Status.APPLIED).to_wire(mutation.seq, mutation.mutation_id)
                )
                continue
            stored_id, stored_kind, previous = known
            if stored_id != mutation.mutation_id:
                raise SeqConflict(mutation.seq, stored_id, stored_kind)
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
            if unapplicable:
                outcome = _unapplicable(device_id, mutation, None)
            elif mutation.payload is None:
                assert mutation.problem is not None
                outcome = applying.Outcome.invalid(mutation.problem.field, mutation.problem)
            elif (refused := staff.refusal(mutation)) is not None:
                outcome = refused
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
                outcome = _refused(
                    device_id,
                    mutation,
                    "DATABASE_REFUSED",
                    problem,
                    f"The server's database refused the action ({problem}); not applied.",
                )
        except Exception as exc:
            if not safe:
                raise _NeedsSavepoints from exc  # the mutation may have half-written rows
            # The rules cannot use this action: reject it and move on, never block the queue.
            cache.forget()
            outcome = _unapplicable(device_id, mutation, exc)
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
                    detail={**outcome.detail, "kind": mutation.kind_name},
                    device_id=device_id,
                    seq=mutation.seq,
                    mutation_id=mutation.mutation_id,
                )
        wire = outcome.to_wire(mutation.seq, mutation.mutation_id)
        record = {
            "device_id": device_id,
            "seq": mutation.seq,
            "mutation_id": mutation.mutation_id,
            "library_id": library.id,
            "kind": mutation.kind_name,
            "payload": mutation.logged_payload(),
            "client_time": mutation.client_time,
            "clock_offset_s": offset_s,
            "received_at": now,
            "status": outcome.status.value,
            "result": wire,
            "staff_id": mutation.staff_id,
            "approved_by": mutation.approved_by,
        }
        if safe:
            _record_alone(session, applied, record)
        else:
            applied.append(record)
        results.append(wire)
        last = mutation.seq
    _record(session, applied, safe)
    device.last_applied = last
    device.clock_offset_s = offset_s
    device.last_push_at = now
    if report is not None:
        # What the laptop says about itself, less what this push acknowledged (no write of
        # its own: it rides on the chunk's transaction).
        for name, value in telemetry.values(report, now, delivered + len(results)).items():
            setattr(device, name, value)
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
    report: telemetry.Report | None = None,
) -> PushResult:
    """Apply ``mutations`` exactly once. A chunk that fails in a way the rules did not foresee
    is run again a step more carefully: each mutation in a savepoint, then one mutation per
    transaction, then (that one mutation) rejected as ``UNAPPLICABLE`` without applying it.
    Only a transient database fault gets out (503: the device retries), and
    :class:`SeqConflict` / :class:`DeviceGone`."""
    now = datetime.now(UTC)
    reference = sent_at or (mutations[-1].client_time if mutations else now)
    offset_s = (now - reference).total_seconds()
    out = PushResult()
    index, size = 0, chunk_size
    while index < len(mutations) or not mutations:
        chunk = mutations[index : index + size]
        attempt = 0
        care = 0  # 0 plain, 1 savepoints, 2 one mutation with savepoints, 3 unapplicable
        while True:
            try:
                with db.write() as session:
                    results, last, gap = _run_chunk(
                        session,
                        device_id,
                        chunk,
                        offset_s,
                        skew_limit_s,
                        now,
                        safe=care >= 1,
                        unapplicable=care >= 3,
                        report=report,
                        delivered=len(out.results),
                    )
                break
            except (DeviceGone, SeqConflict):
                raise
            except _NeedsSavepoints:
                care = max(care, 1)  # nothing was committed; each mutation in a savepoint
            except DBAPIError as exc:
                if is_transient(exc):
                    if not is_retryable(exc) or attempt >= retries:
                        raise
                    attempt += 1
                    # Smaller transactions collide less; jitter keeps retries from colliding.
                    size = max(1, size // 2)
                    # At care 2 and 3 the chunk stays the one action being stepped down: a
                    # bigger one would be run "unapplicable", rejecting actions never tried.
                    chunk = mutations[index : index + (1 if care >= 2 else size)]
                    time.sleep(random.uniform(0, min(0.004 * 2**attempt, 0.3)))
                    continue
                if care >= 3:
                    raise  # nothing of the device's was used: the database itself is at fault
                care += 1
                log.warning(
                    "push of device %s refused by the database (%s); retrying more carefully",
                    device_id,
                    type(exc.orig).__name__ if exc.orig is not None else type(exc).__name__,
                )
            except Exception as exc:
                if care >= 3:
                    raise
                care += 1
                log.warning(
                    "push of device %s failed (%s); retrying more carefully",
                    device_id,
                    type(exc).__name__,
                )
            if care >= 2:
                chunk = mutations[index : index + 1]
        out.results += results
        out.last_applied = last
        if gap is not None:
            out.expected_seq = gap
            return out
        index += len(chunk)
        if not mutations:
            break
    return out
