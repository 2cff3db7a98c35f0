"""The delivery ledger (``sip2_deliveries``): which applied actions go to the ILS, in what
order, and how far each got.

Rows are taken from the applied log (``applied_mutations``) in the order the server applied
them (received time, then device and seq), never from a cursor: an action whose push committed
late is still found by the anti-join. Every state change is its own transaction, together with
what it causes (the exception of a refusal, the patron rows a refresh changed).
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from popup.domain.protocol.actions import Kind
from popup.domain.protocol.envelopes import Status
from popup_sync import crud
from popup_sync.models import AppliedMutation, Sip2Contact, Sip2Delivery


class State(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    CONFIRMED = "confirmed"
    REFUSED = "refused"
    UNKNOWN = "unknown"
    BY_HAND = "by_hand"
    SKIPPED = "skipped"


#: States the bridge still has to work on, oldest first.
OPEN = (State.PENDING, State.SENT)

#: Kinds of action the bridge forwards (an undo is looked at: SIP2 has no undo).
FORWARDED = (Kind.CHECKOUT, Kind.CHECKIN, Kind.RENEW, Kind.PAYMENT, Kind.UNDO)

#: How many applied actions one enqueue pass takes in.
ENQUEUE_BATCH = 2000

#: How far back of the newest action taken in the next pass looks again: a push commits
#: within its request deadline (60 s), so an action received earlier but committed later
#: than one already taken in is still found; older ones cannot appear any more.
LATE_COMMIT = timedelta(hours=1)


def enqueue(
    session: Session, library_id: int, since: datetime | None, now: datetime
) -> tuple[int, datetime | None]:
    """Add the library's applied actions received from ``since`` on that have no ledger row
    yet, as ``pending``; how many, and the newest one's received time."""
    query = (
        select(
            AppliedMutation.device_id,
            AppliedMutation.seq,
            AppliedMutation.mutation_id,
            AppliedMutation.kind,
            AppliedMutation.payload,
            AppliedMutation.received_at,
        )
        .outerjoin(
            Sip2Delivery,
            and_(
                Sip2Delivery.device_id == AppliedMutation.device_id,
                Sip2Delivery.seq == AppliedMutation.seq,
            ),
        )
        .where(
            AppliedMutation.library_id == library_id,
            AppliedMutation.kind.in_([k.value for k in FORWARDED]),
            AppliedMutation.status != Status.REJECTED.value,
            Sip2Delivery.id.is_(None),
        )
        .order_by(AppliedMutation.received_at, AppliedMutation.device_id, AppliedMutation.seq)
        .limit(ENQUEUE_BATCH)
    )
    if since is not None:
        query = query.where(AppliedMutation.received_at >= since)
    rows = session.execute(query).all()
    newest = None
    for device_id, seq, mutation_id, kind, payload, received_at in rows:
        newest = received_at if newest is None else max(newest, received_at)
        session.add(
            Sip2Delivery(
                library_id=library_id,
                device_id=device_id,
                seq=seq,
                mutation_id=mutation_id,
                kind=kind,
                patron_card=_text(payload, "patron_card"),
                item_barcode=_text(payload, "item_barcode"),
                state=State.PENDING.value,
                attempts=0,
                created_at=now,
                updated_at=now,
            )
        )
    return len(rows), newest


def _text(payload: Any, key: str) -> str | None:
    value = payload.get(key) if isinstance(payload, dict) else None
    return value[:64] if isinstance(value, str) else None


def next_open(session: Session, library_id: int, *, after: int = 0) -> Sip2Delivery | None:
    """The library's oldest delivery still to work on (past ``after``: rows up to it are
    settled, not yet committed)."""
    return session.scalar(
        select(Sip2Delivery)
        .where(
            Sip2Delivery.library_id == library_id,
            Sip2Delivery.state.in_([s.value for s in OPEN]),
            Sip2Delivery.id > after,
        )
        .order_by(Sip2Delivery.id)
        .limit(1)
    )


def action_of(session: Session, row: Sip2Delivery) -> AppliedMutation:
    applied = session.get(AppliedMutation, (row.device_id, row.seq))
    assert applied is not None, "a ledger row always has its applied action"
    return applied


def state_of(session: Session, library_id: int, mutation_id: str) -> State | None:
    """The ledger state of one of the library's actions; None when it has no row."""
    found = session.scalar(
        select(Sip2Delivery.state).where(
            Sip2Delivery.library_id == library_id, Sip2Delivery.mutation_id == mutation_id
        )
    )
    return State(found) if found is not None else None


def mark_sent(session: Session, delivery_id: int, now: datetime) -> None:
    row = session.get(Sip2Delivery, delivery_id)
    assert row is not None
    row.state = State.SENT.value
    row.attempts += 1
    row.updated_at = now


def settle(
    session: Session,
    delivery_id: int,
    state: State,
    now: datetime,
    *,
    message: str | None = None,
    exception: tuple[str, str, dict[str, Any]] | None = None,
) -> Sip2Delivery:
    """Move a delivery to a final state; ``exception`` (code, message, detail) opens one in the
    library's exceptions queue, naming the action, in the same transaction."""
    row = session.get(Sip2Delivery, delivery_id)
    assert row is not None
    row.state = state.value
    row.message = message
    row.updated_at = now
    if exception is not None:
        code, said, detail = exception
        opened = crud.add_exception(
            session=session,
            library_id=row.library_id,
            code=code,
            message=said,
            detail={**detail, "kind": row.kind, "delivery": row.id},
            device_id=row.device_id,
            seq=row.seq,
            mutation_id=row.mutation_id,
        )
        row.exception_id = opened.id
    return row


def open_cards(session: Session, library_id: int, cards: set[str]) -> set[str]:
    """Which of ``cards`` still have actions on their way to the ILS."""
    if not cards:
        return set()
    found = session.scalars(
        select(Sip2Delivery.patron_card).where(
            Sip2Delivery.library_id == library_id,
            Sip2Delivery.state.in_([s.value for s in OPEN]),
            Sip2Delivery.patron_card.in_(sorted(cards)),
        )
    )
    return {card for card in found if card is not None}


def record_contact(
    session: Session, library_id: int, now: datetime, *, error: str | None = None
) -> None:
    """The ILS answered at ``now`` (``error`` None), or could not be reached (why)."""
    row = session.get(Sip2Contact, library_id)
    if row is None:
        row = Sip2Contact(library_id=library_id)
        session.add(row)
    if error is None:
        row.last_contact_at = now
    else:
        row.last_error, row.last_error_at = error[:500], now
