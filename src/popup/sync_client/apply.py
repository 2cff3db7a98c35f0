"""Downloaded changes into the local tables, under the pending overlay.

:func:`apply_changes` runs inside the caller's transaction (the engine saves the page's cursor
in the same one). The parts:

* :mod:`~popup.sync_client.appliers`: one applier per entity, in entity order (patrons, items
  and loans in :mod:`~popup.sync_client.circulation_appliers`);
* :mod:`~popup.sync_client.rows`: one serialiser per entity (typed data -> local row);
* :mod:`~popup.sync_client.overlay`: what pending local actions touch, and the rows held back
  behind them (``sync_shadow``), released here by :func:`release_shadows`;
* :mod:`~popup.sync_client.refresh`: a fresh snapshot over the rows held (mark and sweep).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from popup.domain.protocol.entities import parse_entity
from popup.domain.protocol.envelopes import Change
from popup.domain.protocol.wire import WireError, decode
from popup.store.models import SyncShadow
from popup.sync_client.applier_base import ApplyStats
from popup.sync_client.appliers import Applier
from popup.sync_client.circulation_appliers import merge_patron, replace_card
from popup.sync_client.overlay import (
    PendingKeys,
    keys_of_entries,
    mark_loans_synced,
    pending_keys,
)
from popup.sync_client.refresh import note_seen, start_refresh, sweep_unseen

log = logging.getLogger(__name__)


def apply_changes(
    session: Session,
    changes: Iterable[Change],
    own_device_id: str,
    now: datetime,
    pending: PendingKeys | None = None,
) -> ApplyStats:
    """Apply one page (inside the caller's transaction), then retry waiting shadows."""
    keys = pending if pending is not None else pending_keys(session)
    stats = Applier(session, own_device_id, keys, now).apply(changes)
    stats.add(release_shadows(session, own_device_id, now, keys))
    return stats


def release_shadows(
    session: Session, own_device_id: str, now: datetime, pending: PendingKeys | None = None
) -> ApplyStats:
    """Apply every held-back row that no pending local action hides any more."""
    keys = pending if pending is not None else pending_keys(session)
    changes = []
    for shadow in session.scalars(select(SyncShadow)).all():
        try:
            record = json.loads(shadow.change)
            change = decode(
                Change,
                {
                    "entity": shadow.entity,
                    "key": shadow.key,
                    "op": record["op"],
                    "data": record["data"],
                },
            )
        except (ValueError, KeyError, TypeError, WireError):
            log.warning("dropping an unreadable held-back %s row", shadow.entity[:40])
            session.delete(shadow)
            continue
        entity = parse_entity(change.entity)
        if entity is not None and keys.hides(entity, change.key):
            continue
        changes.append(change)
        session.delete(shadow)
    session.flush()
    if not changes:
        return ApplyStats()
    # A loan whose patron or item is still missing goes straight back into the shadow table.
    return Applier(session, own_device_id, keys, now).apply(changes)


__all__ = [
    "Applier",
    "ApplyStats",
    "PendingKeys",
    "apply_changes",
    "keys_of_entries",
    "mark_loans_synced",
    "merge_patron",
    "note_seen",
    "pending_keys",
    "release_shadows",
    "replace_card",
    "start_refresh",
    "sweep_unseen",
]
