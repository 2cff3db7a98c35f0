"""Applying downloaded changes to the local tables, one applier per entity.

A page's changes are applied in :class:`~popup.domain.protocol.entities.Entity` order
(referenced rows before the rows that refer to them; a stable sort keeps the server's order
within an entity), collapsed to the newest change per row (every change is the row's whole
state). Each upsert's data is read with :func:`~popup.domain.protocol.entities.parse_data`; a
row the laptop cannot read is skipped and logged, so one bad row never stops the download, and
an entity this version does not know (a newer server's) is skipped the same way. Rows a pending
local action touches are held back (:mod:`popup.sync_client.overlay`). Each entity applied notes
its topic (:data:`popup.store.notify.ENTITY_TOPICS`), so the screens hear about downloads.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from popup.domain import settings
from popup.domain.circulation import ClosedReason
from popup.domain.protocol.entities import (
    CardRangeData,
    CardReplacementData,
    ClosedDayData,
    Entity,
    EventData,
    ExceptionData,
    ItemData,
    LibraryData,
    LoanData,
    LoanRuleData,
    Op,
    PatronData,
    SettingData,
    StopData,
    parse_data,
    parse_entity,
)
from popup.domain.protocol.envelopes import Change
from popup.domain.protocol.wire import WireError
from popup.store import signup
from popup.store.models import (
    CardRange,
    ClosedDay,
    Event,
    Item,
    Library,
    Loan,
    LoanRuleRow,
    Patron,
    PatronAlias,
    Setting,
    Stop,
    SyncException,
)
from popup.store.notify import ENTITY_TOPICS, note
from popup.sync_client import rows
from popup.sync_client.overlay import PendingKeys, hold_back

log = logging.getLogger(__name__)

_ORDER = {entity: n for n, entity in enumerate(Entity)}


@dataclass
class ApplyStats:
    applied: int = 0
    held_back: int = 0  # kept in sync_shadow behind a pending local action
    skipped: int = 0  # not for this laptop, or unreadable (logged)

    def add(self, other: ApplyStats) -> None:
        self.applied += other.applied
        self.held_back += other.held_back
        self.skipped += other.skipped


@dataclass(frozen=True)
class Row:
    """One change to apply: its key, and for an upsert the typed data."""

    change: Change
    data: Any = None  # the entity's data class; None for a delete

    @property
    def key(self) -> str:
        return self.change.key


class Applier:
    """Applies changes for one device inside one transaction."""

    def __init__(self, session: Session, own_device_id: str, pending: PendingKeys, now: datetime):
        self.s = session
        self.device_id = own_device_id
        self.pending = pending
        self.now = now
        self.stats = ApplyStats()
        self._by_entity: dict[Entity, Callable[[list[Row]], None]] = {
            Entity.LIBRARY: self._libraries,
            Entity.SETTING: self._settings,
            Entity.LOAN_RULE: self._loan_rules,
            Entity.CLOSED_DAY: self._closed_days,
            Entity.STOP: self._stops,
            Entity.EVENT: self._events,
            Entity.CARD_RANGE: self._card_ranges,
            Entity.CARD_REPLACEMENT: self._card_replacements,
            Entity.EXCEPTION: self._exceptions,
            Entity.PATRON: self._patrons,
            Entity.ITEM: self._items,
            Entity.LOAN: self._loans,
        }
        assert set(self._by_entity) == set(Entity), "every entity needs an applier"

    # -- entry point -------------------------------------------------------------------------

    def apply(self, changes: Iterable[Change]) -> ApplyStats:
        """Apply changes; returns the counts of this call only."""
        self.stats = ApplyStats()
        newest: dict[tuple[Entity, str], Change] = {}
        for change in changes:
            entity = parse_entity(change.entity)
            if entity is None:
                log.info("ignoring unknown entity %r", change.entity[:40])
                self.stats.skipped += 1
                continue
            newest.pop((entity, change.key), None)  # the newest change goes last
            newest[(entity, change.key)] = change
        groups: dict[Entity, list[Row]] = {}
        for (entity, key), change in sorted(newest.items(), key=lambda kv: _ORDER[kv[0][0]]):
            row = self._read(entity, change)
            if row is None:
                continue
            if self.pending.hides(entity, key):
                self._hold_back(entity, row)
                continue
            groups.setdefault(entity, []).append(row)
        for entity, group in groups.items():  # in Entity order: inserted sorted
            before = self.stats.applied
            self._by_entity[entity](group)
            if self.stats.applied > before:
                note(self.s, ENTITY_TOPICS[entity])
        return self.stats

    def _read(self, entity: Entity, change: Change) -> Row | None:
        if change.op is Op.DELETE:
            return Row(change)
        if change.data is None:
            log.warning("skipping a %s upsert without data", entity.value)
            self.stats.skipped += 1
            return None
        try:
            return Row(change, parse_data(entity, change.data))
        except WireError as exc:
            # One unreadable row must not stop every download after it: skip it, say so.
            log.warning("skipping a %s change the laptop cannot read (%s)", entity.value, exc.field)
            self.stats.skipped += 1
            return None

    def _hold_back(self, entity: Entity, row: Row) -> None:
        if isinstance(row.data, ItemData):
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

    # -- settings and rules ------------------------------------------------------------------

    def _libraries(self, group: list[Row]) -> None:
        for d in self._upserts(group, lambda key: self._delete(Library, Library.code == key)):
            lib = cast(LibraryData, d)
            stmt = sqlite_insert(Library).values(rows.library_row(lib))
            self.s.execute(
                stmt.on_conflict_do_update(
                    index_elements=["code"], set_={"name": stmt.excluded.name}
                )
            )
            self.stats.applied += 1

    def _settings(self, group: list[Row]) -> None:
        for row in group:
            if row.data is None:
                self._delete(Setting, Setting.key == row.key)
                continue
            try:
                declared = settings.setting(row.key)
                if declared.scope is settings.Scope.LAPTOP:
                    raise settings.SettingError(row.key, "is this laptop's own")
                value = declared.check(cast(SettingData, row.data).value)
            except settings.SettingError:
                # Never stored: a refused value would stop the desk on every laptop (logged by
                # key only: the value may be anything).
                log.warning("skipping downloaded setting %r: refused", row.key[:64])
                self.stats.skipped += 1
                continue
            encoded = json.dumps(value, sort_keys=True)
            stmt = sqlite_insert(Setting).values(key=row.key, value=encoded)
            self.s.execute(
                stmt.on_conflict_do_update(
                    index_elements=["key"], set_={"value": stmt.excluded.value}
                )
            )
            self.stats.applied += 1

    def _delete_rule(self, key: str) -> None:
        category, _, item_type = key.partition("/")
        self._delete(
            LoanRuleRow, LoanRuleRow.patron_category == category, LoanRuleRow.item_type == item_type
        )

    def _loan_rules(self, group: list[Row]) -> None:
        for d in self._upserts(group, self._delete_rule):
            values = rows.loan_rule_row(cast(LoanRuleData, d))
            stmt = sqlite_insert(LoanRuleRow).values(values)
            keys = ("patron_category", "item_type")
            self.s.execute(
                stmt.on_conflict_do_update(
                    index_elements=list(keys),
                    set_={k: getattr(stmt.excluded, k) for k in values if k not in keys},
                )
            )
            self.stats.applied += 1

    def _delete_day(self, key: str) -> None:
        try:
            day = date.fromisoformat(key)
        except ValueError:
            log.warning("skipping a closed_day delete with an unreadable key")
            self.stats.skipped += 1
            return
        self._delete(ClosedDay, ClosedDay.day == day)

    def _closed_days(self, group: list[Row]) -> None:
        for d in self._upserts(group, self._delete_day):
            stmt = sqlite_insert(ClosedDay).values(rows.closed_day_row(cast(ClosedDayData, d)))
            self.s.execute(
                stmt.on_conflict_do_update(
                    index_elements=["day"], set_={"reason": stmt.excluded.reason}
                )
            )
            self.stats.applied += 1

    # -- stops and events --------------------------------------------------------------------

    def _stops(self, group: list[Row]) -> None:
        for row in group:
            if row.data is None:
                self._delete(Stop, Stop.id == row.key)
                continue
            values = rows.stop_row(cast(StopData, row.data))
            stmt = sqlite_insert(Stop).values(id=row.key, origin="download", **values)
            self.s.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=values))
            self.stats.applied += 1

    def _events(self, group: list[Row]) -> None:
        for row in group:
            if row.data is None:
                self._delete(Event, Event.id == row.key)
                continue
            data = cast(EventData, row.data)
            if self.s.get(Stop, data.stop_id) is None:
                self._wait(row)
                continue
            values = rows.event_row(data)
            stmt = sqlite_insert(Event).values(id=row.key, created_at=self.now, **values)
            self.s.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=values))
            self.stats.applied += 1

    # -- card numbers and the exceptions inbox -----------------------------------------------

    def _card_ranges(self, group: list[Row]) -> None:
        for row in group:
            if row.data is None:
                # Numbers once given to this laptop may already be printed on cards: keep them.
                self.stats.skipped += 1
                continue
            block = cast(CardRangeData, row.data)
            exists = self.s.scalar(
                select(CardRange.id).where(
                    CardRange.source == "server",
                    CardRange.first == block.first,
                    CardRange.last == block.last,
                )
            )
            if exists is None:
                self.s.execute(
                    insert(CardRange).values(
                        first=block.first,
                        last=block.last,
                        next=block.first,
                        source="server",
                        allocated_at=self.now,
                    )
                )
            self.stats.applied += 1

    def _card_replacements(self, group: list[Row]) -> None:
        for row in group:
            if row.data is None:
                self.stats.skipped += 1
                continue
            swap = cast(CardReplacementData, row.data)
            try:
                replace_card(self.s, swap.temporary_card, swap.card_number)
            except signup.SignupError as exc:
                log.warning("card replacement skipped: %s", exc.key)
                self.stats.skipped += 1
                continue
            self.stats.applied += 1

    def _exceptions(self, group: list[Row]) -> None:
        table = cast(Table, SyncException.__table__)
        for row in group:
            if row.data is None:
                self.stats.skipped += 1
                continue
            data = cast(ExceptionData, row.data)
            if data.device_id not in (None, self.device_id):
                self.stats.skipped += 1  # another laptop's: its staff handle it
                continue
            found = self.s.execute(
                select(SyncException.id, SyncException.resolved_at).where(
                    SyncException.server_id == data.id
                )
            ).first()
            if found is None and data.mutation_id:
                # The push answer put it in the inbox already; link it to the server's id.
                found = self.s.execute(
                    select(SyncException.id, SyncException.resolved_at).where(
                        SyncException.mutation_id == data.mutation_id,
                        SyncException.code == data.code,
                        SyncException.server_id.is_(None),
                    )
                ).first()
            values: dict[str, Any] = {"server_id": data.id}
            if data.resolved:
                values["resolved_synced"] = True
                if found is None or found.resolved_at is None:
                    values["resolved_at"] = self.now
            if found is None:
                self.s.execute(
                    insert(table).values(
                        {
                            **rows.exception_row(data),
                            "detail": json.dumps(data.detail) if data.detail is not None else None,
                            "received_at": self.now,
                            "resolved_synced": False,
                            **values,
                        }
                    )
                )
            else:
                self.s.execute(update(table).where(table.c.id == found.id).values(**values))
            self.stats.applied += 1

    # -- patrons, items and loans (most of a snapshot) ---------------------------------------

    def _patrons(self, group: list[Row]) -> None:
        plain: list[PatronData] = []
        for row in group:
            if row.data is None:
                self._flush_patrons(plain)
                self._delete(Patron, Patron.card_number == row.key)
            else:
                plain.append(cast(PatronData, row.data))
        self._flush_patrons(plain)

    def _flush_patrons(self, patrons: list[PatronData]) -> None:
        if not patrons:
            return
        rows.upsert_patrons(self.s, patrons)
        self.stats.applied += len(patrons)
        for patron in patrons:
            if patron.aliases:
                self._aliases(patron)
        patrons.clear()

    def _aliases(self, patron: PatronData) -> None:
        key = patron.card_number
        pid = self.s.scalar(select(Patron.id).where(Patron.card_number == key))
        if pid is None:
            return
        for alias in patron.aliases:
            if alias == key:
                continue
            old = self.s.scalar(select(Patron).where(Patron.card_number == alias))
            if old is not None:
                if self.pending.hides(Entity.PATRON, alias):
                    continue  # signed up here and not yet acknowledged: keep it apart
                # Merged at the consortium (or a temporary card replaced): one patron here
                # too, the old number still finds them.
                merge_patron(self.s, old, pid)
            _alias(self.s, alias, pid)

    def _items(self, group: list[Row]) -> None:
        plain: list[ItemData] = []
        for row in group:
            if row.data is None:
                self._flush_items(plain)
                self._delete(Item, Item.barcode == row.key)
            else:
                plain.append(cast(ItemData, row.data))
        self._flush_items(plain)

    def _flush_items(self, items: list[ItemData]) -> None:
        if items:
            rows.upsert_items(self.s, items)
            self.stats.applied += len(items)
            items.clear()

    def _loans(self, group: list[Row]) -> None:
        upserts = [cast(LoanData, r.data) for r in group if r.data is not None]
        patrons, items = self._ids(
            {d.patron_card for d in upserts}, {d.item_barcode for d in upserts}
        )
        for row in group:
            if row.data is None:
                self._delete(Loan, Loan.id == row.key)
                continue
            data = cast(LoanData, row.data)
            patron_id, item_id = patrons.get(data.patron_card), items.get(data.item_barcode)
            if patron_id is None or item_id is None:
                # Its patron or item has not arrived yet (or is outside this laptop's library).
                self._wait(row)
                continue
            if data.returned_at is None and not self._closes_older(row.key, data, item_id):
                self._wait(row)  # a local checkout of this item is still waiting: it stays
                continue
            values = rows.loan_row(data, patron_id, item_id)
            stmt = sqlite_insert(Loan).values(id=row.key, **values)
            self.s.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=values))
            self.stats.applied += 1

    def _closes_older(self, loan_id: str, data: LoanData, item_id: int) -> bool:
        """The server's word: the item is out on this loan, so an older open copy is closed.
        False (nothing changed) when that copy is a pending local checkout's."""
        others = (
            self.s.execute(
                select(Loan.id).where(
                    Loan.item_id == item_id, Loan.returned_at.is_(None), Loan.id != loan_id
                )
            )
            .scalars()
            .all()
        )
        if any(other in self.pending.loans for other in others):
            return False
        if others:
            self.s.execute(
                update(Loan)
                .where(Loan.id.in_(others))
                .values(
                    returned_at=data.out_at,
                    closed_reason=ClosedReason.CLOSED_BY_CHECKOUT.value,
                    synced=True,
                )
            )
        return True

    def _ids(self, cards: set[str], barcodes: set[str]) -> tuple[dict[str, int], dict[str, int]]:
        """Patron ids by card number or alias, item ids by barcode: one query each, per page."""
        patrons: dict[str, int] = {}
        items: dict[str, int] = {}
        if cards:
            patrons.update(
                self.s.execute(
                    select(PatronAlias.card_number, PatronAlias.patron_id).where(
                        PatronAlias.card_number.in_(cards)
                    )
                ).all()
            )
            patrons.update(
                self.s.execute(
                    select(Patron.card_number, Patron.id).where(Patron.card_number.in_(cards))
                ).all()
            )
        if barcodes:
            items.update(
                self.s.execute(
                    select(Item.barcode, Item.id).where(Item.barcode.in_(barcodes))
                ).all()
            )
        return patrons, items


def _alias(session: Session, card: str, patron_id: int) -> None:
    stmt = sqlite_insert(PatronAlias).values(card_number=card, patron_id=patron_id)
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["card_number"], set_={"patron_id": stmt.excluded.patron_id}
        )
    )


def merge_patron(session: Session, old: Patron, into_id: int) -> None:
    """Move ``old``'s loans and aliases to patron ``into_id`` and delete ``old``."""
    session.execute(update(Loan).where(Loan.patron_id == old.id).values(patron_id=into_id))
    session.execute(
        update(PatronAlias).where(PatronAlias.patron_id == old.id).values(patron_id=into_id)
    )
    session.delete(old)
    session.flush()


def replace_card(session: Session, temporary: str, real: str) -> None:
    """Move a temporary card's patron to the real number the server gave it.

    :func:`popup.store.signup.replace_temporary_card` does it (:class:`SignupError` when the
    patron is not a temporary one); when the real number's patron already arrived by download,
    the two rows are merged here (loans move to the real row, the temporary number stays as an
    alias).
    """
    temp_patron = session.scalar(select(Patron).where(Patron.card_number == temporary))
    if temp_patron is None:
        return  # already replaced (a resend), or never on this laptop
    real_id = session.scalar(select(Patron.id).where(Patron.card_number == real))
    if real_id is None:
        signup.replace_temporary_card(session, temporary, real)
        return
    merge_patron(session, temp_patron, real_id)
    _alias(session, temporary, real_id)
