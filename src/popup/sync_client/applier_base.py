"""The parts of applying a downloaded page that every entity's applier shares."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from popup.domain.protocol.entities import Entity
from popup.domain.protocol.envelopes import Change
from popup.store.notify import ENTITY_TOPICS, note
from popup.sync_client import rows
from popup.sync_client.overlay import PendingKeys, hold_back

log = logging.getLogger(__name__)


@dataclass
class ApplyStats:
    applied: int = 0
    held_back: int = 0  # kept in sync_shadow behind a pending local action
    skipped: int = 0  # not for this laptop, or unreadable (logged)

    def add(self, other: ApplyStats) -> None:
        self.applied += other.applied
        self.held_back += other.held_back
        self.skipped += other.skipped


class Row(NamedTuple):
    """One change to apply: its key, and for an upsert the typed data. (A tuple: a first
    download makes a hundred thousand of them.)"""

    change: Change
    #: The entity's data class (an item's: its values, :data:`rows.read_item`); None for a delete.
    data: Any = None

    @property
    def key(self) -> str:
        return self.change.key


class ApplierBase:
    """What every entity's applier shares: the transaction, the overlay, the clock, the counts."""

    def __init__(self, session: Session, own_device_id: str, pending: PendingKeys, now: datetime):
        self.s = session
        self.device_id = own_device_id
        self.pending = pending
        self.now = now
        self.stats = ApplyStats()

    def _hold_back(self, entity: Entity, row: Row) -> None:
        if entity is Entity.ITEM:
            rows.update_item_catalogue(self.s, row.data)  # not what the pending action owns
            note(self.s, ENTITY_TOPICS[entity])
        hold_back(self.s, row.change, self.now)
        self.stats.held_back += 1

    def _wait(self, row: Row) -> None:
        """Keep a row that refers to one not here yet, and try again after the next page."""
        hold_back(self.s, row.change, self.now)
        self.stats.held_back += 1

    def _delete(self, model: Any, *where: Any) -> None:
        """Delete unless other local rows still refer to it (then keep it, logged)."""
        try:
            with self.s.begin_nested():
                self.s.execute(delete(model).where(*where))
            self.stats.applied += 1
        except IntegrityError:
            log.info("kept a %s the server deleted: local rows still refer to it", model.__name__)
            self.stats.skipped += 1

    def _upserts(self, group: list[Row], delete_one: Callable[[str], None]) -> list[Any]:
        """Delete the group's deletes; the upserts' data, to write."""
        data = []
        for row in group:
            if row.data is None:
                delete_one(row.key)
            else:
                data.append(row.data)
        return data
