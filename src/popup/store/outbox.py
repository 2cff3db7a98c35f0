"""The outbox: every action's upload record, written in the action's own transaction.

Callers pass the open session of the action's transaction to :func:`append`; the seq comes
from ``device.last_seq + 1`` in that same transaction, so seqs have no gaps even across a
crash: either the action and its seq are both on disk, or neither is.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from popup.domain.mutations import Kind, validate_payload
from popup.store.db import driver
from popup.store.models import OutboxEntry, utc_text
from popup.store.notify import KIND_TOPICS, Topic, note

_OUTBOX = cast(Table, OutboxEntry.__table__)
# Plain SQL on the driver connection: appending is on every scan's hot path (see circulation).
# UPDATE ... RETURNING takes the next seq atomically within the write transaction.
_NEXT_SEQ = "UPDATE device SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq, device_id"
_INSERT = (
    "INSERT INTO outbox (seq, mutation_id, device_id, client_time, kind, payload, state)"
    " VALUES (?, ?, ?, ?, ?, ?, 'pending')"
)


@dataclass(frozen=True)
class Mutation:
    """An outbox record as the sync client uploads it."""

    seq: int
    mutation_id: str
    device_id: str
    client_time: datetime
    kind: str
    payload: dict[str, Any]

    def to_wire(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "mutation_id": self.mutation_id,
            "client_time": self.client_time.isoformat(),
            "kind": self.kind,
            "payload": self.payload,
        }


@dataclass(frozen=True)
class Appended:
    """What the caller learns about the outbox record it just wrote."""

    seq: int
    mutation_id: str


def append(
    db: Session | Connection, kind: Kind, payload: Mapping[str, Any], client_time: datetime
) -> Appended:
    """Add an action to the outbox inside the caller's transaction (a session or a connection)."""
    validate_payload(kind, payload)  # a malformed record would block the upload queue later
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
            json.dumps(dict(payload), sort_keys=True, separators=(",", ":")),
        ),
    )
    note(db, Topic.OUTBOX, *KIND_TOPICS[kind], seq=int(seq))
    return Appended(seq=int(seq), mutation_id=mutation_id)


def pending(session: Session, limit: int = 500) -> list[Mutation]:
    rows = session.scalars(
        select(OutboxEntry)
        .where(OutboxEntry.state == "pending")
        .order_by(OutboxEntry.seq)
        .limit(limit)
    )
    return [
        Mutation(
            seq=r.seq,
            mutation_id=r.mutation_id,
            device_id=r.device_id,
            client_time=r.client_time,
            kind=r.kind,
            payload=json.loads(r.payload),
        )
        for r in rows
    ]


def pending_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).where(OutboxEntry.state == "pending")) or 0)


def mark_acked(
    session: Session, seqs: Sequence[int], outcomes: Mapping[int, tuple[str, str]], at: datetime
) -> None:
    """Record the server's outcome (status, JSON detail) for each acknowledged seq.

    One executemany statement: an UPDATE per seq made acknowledging a 500-action batch take
    seconds on a busy laptop.
    """
    if not seqs:
        return
    table = _OUTBOX
    session.execute(
        update(table)
        .where(table.c.seq == bindparam("b_seq"))
        .values(
            state="acked",
            outcome_status=bindparam("b_status"),
            outcome=bindparam("b_outcome"),
            acked_at=bindparam("b_at"),
        ),
        [
            {"b_seq": seq, "b_status": outcomes[seq][0], "b_outcome": outcomes[seq][1], "b_at": at}
            for seq in seqs
        ],
    )


def load_payload(entry: OutboxEntry) -> dict[str, Any]:
    data = json.loads(entry.payload)
    assert isinstance(data, dict)
    return data
