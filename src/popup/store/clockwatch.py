"""What the clock rule (:mod:`popup.domain.clock`) needs from the store: read only.

The newest action's time as the laptop stamped it, and the last sync's laptop time with the
offset the sync client measured then (``sync_state``). Two primary-key lookups in one read
transaction: cheap enough for the window's timer.
"""

from __future__ import annotations

from sqlalchemy import select

from popup.domain.clock import Evidence
from popup.store.db import Store
from popup.store.models import OutboxEntry, SyncState


def evidence(store: Store) -> Evidence:
    """The times the store has seen (each None when there is none yet)."""
    with store.read() as session:
        last_action = session.scalar(
            select(OutboxEntry.client_time).order_by(OutboxEntry.seq.desc()).limit(1)
        )
        state = session.execute(
            select(SyncState.last_sync_at, SyncState.clock_offset_s).where(SyncState.id == 1)
        ).first()
    last_contact, offset_s = (state[0], state[1]) if state is not None else (None, None)
    return Evidence(last_action=last_action, last_contact=last_contact, offset_s=offset_s)


__all__ = ["evidence"]
