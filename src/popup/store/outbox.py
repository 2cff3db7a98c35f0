"""The outbox: every action's upload record, written in the action's own transaction.

Callers pass the open session of the action's transaction to :func:`append` with the action's
typed payload (:mod:`popup.domain.protocol.actions`); the seq comes from ``device.last_seq + 1``
in that same transaction, so seqs have no gaps even across a crash: either the action and its
seq are both on disk, or neither is.

An entry's state moves only through the functions here: ``pending`` when written, ``acked``
with the server's outcome (:func:`mark_acked`), back to ``pending`` when the server lost
actions and asks for them again (:func:`requeue_from`); its payload is rewritten only to erase
a sign-up's personal fields (:func:`replace_payload`). Readers get typed payloads back with
:func:`payload_of`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Connection, Table, bindparam, func, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from popup.domain.protocol.actions import Payload, parse_payload
from popup.domain.protocol.envelopes import Mutation, MutationResult
from popup.domain.protocol.wire import encode
from popup.store.db import ACTOR_KEY, driver
from popup.store.models import OutboxEntry, utc_text
from popup.store.notify import KIND_TOPICS, Topic, note

PENDING = "pending"
ACKED = "acked"

_OUTBOX = cast(Table, OutboxEntry.__table__)
# Plain SQL on the driver connection: appending is on every scan's hot path (see circulation).
# UPDATE ... RETURNING takes the next seq atomically within the write transaction.
_NEXT_SEQ = "UPDATE device SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq, device_id"
_INSERT = (
    "INSERT INTO outbox (seq, mutation_id, device_id, client_time, kind, payload, state,"
    f" staff_id, approved_by) VALUES (?, ?, ?, ?, ?, ?, '{PENDING}', ?, ?)"
)


@dataclass(frozen=True)
class Appended:
    """What the caller learns about the outbox record it just wrote."""

    seq: int
    mutation_id: str


def dumps(payload: Payload) -> str:
    """The stored (and uploaded) JSON text of a payload."""
    return json.dumps(encode(payload), sort_keys=True, separators=(",", ":"))


def payload_of(kind: str, stored: str) -> Payload:
    """The typed payload of a stored entry; :class:`PayloadError` names a field that does not
    fit (an entry written by a Popup that wrote something this one refuses)."""
    return parse_payload(kind, json.loads(stored))


def load_payload(entry: OutboxEntry) -> Payload:
    return payload_of(entry.kind, entry.payload)


def append(
    db: Session | Connection,
    payload: Payload,
    client_time: datetime,
    *,
    approved_by: str | None = None,
) -> Appended:
    """Add an action to the outbox inside the caller's transaction (a session or a connection).

    The record names the transaction's actor (``Store.actor`` when the transaction began;
    nobody for :data:`~popup.store.staff.SYSTEM`) and ``approved_by``, the staff member who
    approved its override with their PIN.

    The payload checked its own fields when it was made, so a record the server would refuse
    as malformed (which would block the upload queue) never gets here.
    """
    kind = payload.KIND
    actor = db.info.get(ACTOR_KEY)
    staff_id = actor.staff_id if actor is not None else None
    sql = driver(db)
    [(seq, device_id)] = sql.execute(_NEXT_SEQ).fetchall()  # fetchall: statement done
    mutation_id = str(uuid.uuid4())
    sql.execute(
        _INSERT,
        (
            seq,
            mutation_id,
            device_id,
            utc_text(client_time),
            kind.value,
            dumps(payload),
            staff_id,
            approved_by,
        ),
    )
    note(db, Topic.OUTBOX, *KIND_TOPICS[kind], seq=int(seq))
    return Appended(seq=int(seq), mutation_id=mutation_id)


def pending(session: Session, limit: int = 500) -> list[Mutation]:
    """The oldest actions waiting to upload, as they travel (seqs are the outbox's own)."""
    rows = session.execute(
        select(
            OutboxEntry.seq,
            OutboxEntry.mutation_id,
            OutboxEntry.client_time,
            OutboxEntry.kind,
            OutboxEntry.payload,
            OutboxEntry.staff_id,
            OutboxEntry.approved_by,
        )
        .where(OutboxEntry.state == PENDING)
        .order_by(OutboxEntry.seq)
        .limit(limit)
    )
    return [
        Mutation(
            seq=seq,
            mutation_id=mutation_id,
            client_time=client_time,
            kind=kind,
            payload=json.loads(payload),
            staff_id=staff_id,
            approved_by=approved_by,
        )
        for seq, mutation_id, client_time, kind, payload, staff_id, approved_by in rows
    ]


def pending_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).where(OutboxEntry.state == PENDING)) or 0)


def outcome_text(result: MutationResult) -> str:
    """How the server's outcome for an entry is kept (``outbox.outcome``)."""
    return json.dumps(encode(result), sort_keys=True)


def mark_acked(session: Session, results: Iterable[MutationResult], at: datetime) -> list[int]:
    """Record the server's outcome for each result's seq; returns the seqs marked.

    One executemany statement: an UPDATE per seq made acknowledging a 500-action batch take
    seconds on a busy laptop.
    """
    marked = list(results)
    if not marked:
        return []
    params = [
        {
            "b_seq": result.seq,
            "b_status": result.status.value,
            "b_outcome": outcome_text(result),
            "b_at": at,
        }
        for result in marked
    ]
    session.execute(
        update(_OUTBOX)
        .where(_OUTBOX.c.seq == bindparam("b_seq"))
        .values(
            state=ACKED,
            outcome_status=bindparam("b_status"),
            outcome=bindparam("b_outcome"),
            acked_at=bindparam("b_at"),
        ),
        params,
    )
    note(session, Topic.OUTBOX)
    return [result.seq for result in marked]


def requeue_from(session: Session, seq: int) -> int:
    """Put acknowledged entries from ``seq`` on back to pending (the server lost them and asks
    for them again); returns how many."""
    changed = session.execute(
        update(OutboxEntry)
        .where(OutboxEntry.seq >= seq, OutboxEntry.state == ACKED)
        .values(state=PENDING)
    )
    note(session, Topic.OUTBOX)
    return int(getattr(changed, "rowcount", 0) or 0)


def replace_payload(session: Session, seq: int, payload: Payload) -> None:
    """Keep ``payload`` instead of entry ``seq``'s (erasing a sign-up's personal fields)."""
    session.execute(
        update(OutboxEntry)
        .where(OutboxEntry.seq == seq, OutboxEntry.kind == payload.KIND.value)
        .values(payload=dumps(payload))
    )


def mark_undone(session: Session, seq: int, by: int) -> None:
    """Entry ``seq`` was taken back by the undo action ``by``."""
    session.execute(update(OutboxEntry).where(OutboxEntry.seq == seq).values(undone_by=by))
    note(session, undone=seq)


def mark_exported(
    session: Session,
    mark: InstrumentedAttribute[datetime | None],
    seqs: Sequence[int],
    at: datetime,
) -> None:
    """Stamp ``mark`` (an export's column) on the entries ``seqs`` not yet stamped."""
    for start in range(0, len(seqs), 900):  # SQLite's bound-parameter limit
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.seq.in_(seqs[start : start + 900]), mark.is_(None))
            .values({mark.key: at})
        )
    note(session, Topic.OUTBOX)


__all__ = [
    "ACKED",
    "PENDING",
    "Appended",
    "append",
    "dumps",
    "load_payload",
    "mark_acked",
    "mark_exported",
    "mark_undone",
    "outcome_text",
    "payload_of",
    "pending",
    "pending_count",
    "replace_payload",
    "requeue_from",
]
