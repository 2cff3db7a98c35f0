"""This laptop's identity: a device_id made once, and the per-device action sequence."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from popup.store.models import Device, MatchSecret, SyncState

if TYPE_CHECKING:
    from popup.store.db import Store


def ensure(store: Store) -> str:
    """Create the device row (and the sync-state and match-secret rows) on first open; return
    the device_id."""
    with store.transaction() as session:
        device = session.get(Device, 1)
        if device is None:
            device = Device(
                id=1, device_id=str(uuid.uuid4()), last_seq=0, created_at=datetime.now(UTC)
            )
            session.add(device)
        if session.get(SyncState, 1) is None:
            session.add(SyncState(id=1))
        if session.get(MatchSecret, 1) is None:  # made by migration 0005; again if lost
            session.add(
                MatchSecret(id=1, secret=secrets.token_hex(32), created_at=datetime.now(UTC))
            )
        return device.device_id


def device_id(store: Store) -> str:
    with store.read() as session:
        value = session.scalar(select(Device.device_id).where(Device.id == 1))
    if value is None:
        raise RuntimeError("store has no device row; open it with Store.open()")
    return value
