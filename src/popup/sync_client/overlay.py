"""The pending overlay: downloaded rows never hide a local action still waiting to upload.

A downloaded row for something a pending action touches (an item or loan of a pending
checkout, return or renewal, a patron signed up or paid here, a stop or event created here) does not
overwrite the local row. It is kept in ``sync_shadow`` instead (:func:`hold_back`) and applied
once the server has acknowledged every local action on that row (``apply.release_shadows``).
So the screen never loses a local change to an older server copy, and the server's copy is
never lost either (even when it arrived before the acknowledgement, e.g. after a dropped push
response). What the outbox touches is read from its typed payloads.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from popup.domain.protocol.actions import (
    CardRenew,
    CardReplace,
    Checkin,
    Checkout,
    EventCreate,
    PatronRegister,
    Payload,
    PayloadError,
    Payment,
    Renew,
    StopOpen,
    Undo,
)
from popup.domain.protocol.entities import Entity
from popup.domain.protocol.envelopes import Change
from popup.store import outbox
from popup.store.models import Loan, OutboxEntry, SyncShadow

log = logging.getLogger(__name__)


@dataclass
class PendingKeys:
    """What local actions still waiting to upload touch, by entity."""

    items: set[str] = field(default_factory=set)
    loans: set[str] = field(default_factory=set)
    patrons: set[str] = field(default_factory=set)
    stops: set[str] = field(default_factory=set)
    events: set[str] = field(default_factory=set)
    holds: set[str] = field(default_factory=set)

    def of(self, entity: Entity) -> set[str] | None:
        """The keys of ``entity`` pending actions touch (None: no action touches that entity)."""
        return {
            Entity.ITEM: self.items,
            Entity.LOAN: self.loans,
            Entity.PATRON: self.patrons,
            Entity.STOP: self.stops,
            Entity.EVENT: self.events,
            Entity.HOLD: self.holds,
        }.get(entity)

    def hides(self, entity: Entity, key: str) -> bool:
        keys = self.of(entity)
        return keys is not None and key in keys

    def add(self, payload: Payload) -> None:
        """Note the rows one action touches (an undo's are its target's: see :func:`_keys`)."""
        if isinstance(payload, Checkout | Checkin | Renew):
            self.items.add(payload.item_barcode)
            if payload.loan_id:
                self.loans.add(payload.loan_id)
            if isinstance(payload, Checkout) and payload.closed_loan_id:
                self.loans.add(payload.closed_loan_id)
            if isinstance(payload, Checkout | Checkin) and payload.hold_id:
                self.holds.add(payload.hold_id)
        elif isinstance(payload, PatronRegister | Payment):
            # A payment's balance stays on screen until the server's copy includes it.
            self.patrons.add(payload.patron_card)
        elif isinstance(payload, CardReplace):
            self.patrons.update((payload.old_card, payload.new_card))
        elif isinstance(payload, CardRenew):
            self.patrons.add(payload.patron_card)
        elif isinstance(payload, StopOpen):
            self.stops.add(payload.stop_id)
        elif isinstance(payload, EventCreate):
            self.events.add(payload.event_id)


def _payloads(session: Session, *where: ColumnElement[bool]) -> list[Payload]:
    found = []
    query = select(OutboxEntry.seq, OutboxEntry.kind, OutboxEntry.payload).where(*where)
    for seq, kind, stored in session.execute(query):
        try:
            found.append(outbox.payload_of(kind, stored))
        except (PayloadError, ValueError) as exc:
            # Nothing to hide for it; the server will refuse it and say so in the inbox.
            log.warning("outbox action %s: payload unreadable (%s)", seq, getattr(exc, "field", ""))
    return found


def _keys(session: Session, *where: ColumnElement[bool]) -> PendingKeys:
    """The rows the outbox entries matching ``where`` touch; an undo counts as its target."""
    keys = PendingKeys()
    undo_targets: list[str] = []
    for payload in _payloads(session, *where):
        if isinstance(payload, Undo):
            undo_targets.append(payload.target_mutation_id)
        else:
            keys.add(payload)
    if undo_targets:
        for payload in _payloads(session, OutboxEntry.mutation_id.in_(undo_targets)):
            keys.add(payload)
    return keys


def pending_keys(session: Session) -> PendingKeys:
    """Collect the overlay from the outbox (read inside the applying transaction)."""
    return _keys(session, OutboxEntry.state == outbox.PENDING)


def keys_of_entries(session: Session, seqs: Sequence[int]) -> PendingKeys:
    """The rows the given outbox entries touched (used when they are acknowledged)."""
    if not seqs:
        return PendingKeys()
    return _keys(session, OutboxEntry.seq.in_(list(seqs)))


def hold_back(session: Session, change: Change, now: datetime) -> None:
    """Keep the server's copy of a row until nothing pending hides it (the newest copy wins)."""
    record = json.dumps({"op": change.op.value, "data": change.data}, sort_keys=True)
    stmt = sqlite_insert(SyncShadow).values(
        entity=change.entity, key=change.key, change=record, received_at=now
    )
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["entity", "key"],
            set_={"change": stmt.excluded.change, "received_at": stmt.excluded.received_at},
        )
    )


def mark_loans_synced(session: Session, touched: PendingKeys, still: PendingKeys) -> None:
    """After acknowledgements: loans no pending action touches any more are in step."""
    done = [loan_id for loan_id in touched.loans if loan_id not in still.loans]
    if done:
        session.execute(update(Loan).where(Loan.id.in_(done)).values(synced=True))
