"""Applying downloaded changes to the local tables, one applier per entity.

A page's changes are applied in :class:`~popup.domain.protocol.entities.Entity` order
(referenced rows before the rows that refer to them; a stable sort keeps the server's order
within an entity), collapsed to the newest change per row (every change is the row's whole
state). Each upsert's data is read with :func:`~popup.domain.protocol.entities.parse_data`; a
row the laptop cannot read is skipped and logged, so one bad row never stops the download, and
an entity this version does not know (a newer server's) is skipped the same way. Rows a pending
local action touches are held back (:mod:`popup.sync_client.overlay`). Each entity applied notes
its topic (:data:`popup.store.notify.ENTITY_TOPICS`), so the screens hear about downloads.

Patrons, items and loans are applied by :mod:`popup.sync_client.circulation_appliers`; the
rest here; what they share is :mod:`popup.sync_client.applier_base`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from popup.domain import settings
from popup.domain.protocol.entities import (
    CardRangeData,
    CardReplacementData,
    Entity,
    EventData,
    ExceptionData,
    Op,
    SettingData,
    StaffData,
    parse_data,
)
from popup.domain.protocol.envelopes import Change
from popup.domain.protocol.wire import WireError
from popup.domain.staff import LOCAL_PREFIX, Role
from popup.store import signup
from popup.store.models import (
    CardRange,
    ClosedDay,
    Event,
    Hold,
    Library,
    LoanRuleRow,
    Setting,
    Staff,
    Stop,
    SyncException,
)
from popup.store.notify import ENTITY_TOPICS, note
from popup.store.staff import mark_had_staff
from popup.sync_client import rows
from popup.sync_client.applier_base import ApplyStats, Row
from popup.sync_client.circulation_appliers import CirculationApplier, replace_card
from popup.sync_client.overlay import PendingKeys

log = logging.getLogger(__name__)

_ORDER = {entity: n for n, entity in enumerate(Entity)}
_BY_NAME = {entity.value: entity for entity in Entity}


class Applier(CirculationApplier):
    """Applies changes for one device inside one transaction."""

    def __init__(self, session: Session, own_device_id: str, pending: PendingKeys, now: datetime):
        super().__init__(session, own_device_id, pending, now)
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
            Entity.HOLD: self._holds,
            Entity.STAFF: self._staff,
        }
        assert set(self._by_entity) == set(Entity), "every entity needs an applier"

    # -- entry point -------------------------------------------------------------------------

    def apply(self, changes: Iterable[Change]) -> ApplyStats:
        """Apply changes; returns the counts of this call only."""
        self.stats = ApplyStats()
        # Per entity, the newest change of each row, in the order of those newest changes.
        newest: dict[Entity, dict[str, Change]] = {}
        for change in changes:
            entity = _BY_NAME.get(change.entity)
            if entity is None:
                log.info("ignoring unknown entity %r", change.entity[:40])
                self.stats.skipped += 1
                continue
            latest = newest.get(entity)
            if latest is None:
                latest = newest[entity] = {}
            elif change.key in latest:
                del latest[change.key]  # the newest change goes last
            latest[change.key] = change
        groups: list[tuple[Entity, list[Row]]] = []
        for entity in sorted(newest, key=_ORDER.__getitem__):
            hidden: set[str] | frozenset[str] = self.pending.of(entity) or frozenset()
            group = []
            for key, change in newest[entity].items():
                row = self._read(entity, change)
                if row is None:
                    continue
                if key in hidden:
                    self._hold_back(entity, row)
                    continue
                group.append(row)
            if group:
                groups.append((entity, group))
        for entity, group in groups:  # in Entity order
            before = self.stats.applied
            self._by_entity[entity](group)
            if self.stats.applied > before:
                note(self.s, ENTITY_TOPICS[entity])
        return self.stats

    def _staff(self, group: list[Row]) -> None:
        """The library's staff, kept so they can sign in offline (``popup.store.staff``). A
        delete or ``active: false`` stops them signing in from this pull on; once an active one
        is here, the laptop's local administrator can no longer sign in. A local administrator
        with the login of a downloaded staff member gives the login up (the downloaded one
        replaces it)."""
        for row in group:
            if row.data is None:
                self._delete(Staff, Staff.id == row.key, Staff.local.is_(False))
                continue
            data = cast(StaffData, row.data)
            try:
                role = Role(data.role)
            except ValueError:
                log.warning("skipping staff %s: unknown role", row.key[:80])
                self.stats.skipped += 1
                continue
            if row.key.startswith(LOCAL_PREFIX) or len(row.key) > 80 or len(data.login) > 64:
                log.warning("skipping staff %s: not a downloadable id or login", row.key[:80])
                self.stats.skipped += 1
                continue
            self._free_login(data.login, row.key, role)
            values = {
                "login": data.login,
                "name": data.name,
                "role": role.value,
                "pin_hash": data.pin_hash,
                "badge": data.badge,
                "active": data.active,
                "local": False,
            }
            stmt = sqlite_insert(Staff).values(id=row.key, **values)
            self.s.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=values))
            mark_had_staff(self.s)
            self.stats.applied += 1

    def _free_login(self, login: str, key: str, role: Role) -> None:
        """Another row holding ``login`` gives it up to the downloaded member ``key``: a staff
        member the server renamed, or the local administrator replaced by a downloaded staff
        member, is deleted. A downloaded *volunteer* does not replace the local administrator
        (nobody else here could approve or unlock): the administrator keeps its account under
        the login ``<login>-local`` (``-local2``… if taken)."""
        for other in self.s.scalars(select(Staff).where(Staff.login == login, Staff.id != key)):
            if other.local and role is Role.VOLUNTEER:
                taken = set(self.s.scalars(select(Staff.login)))
                base, n = f"{login[:52]}-local", 1
                while (renamed := base if n == 1 else f"{base}{n}") in taken:
                    n += 1
                log.warning("local administrator %s renamed: a volunteer has its login", other.id)
                other.login = renamed
            else:
                self.s.delete(other)
        self.s.flush()

    def _read(self, entity: Entity, change: Change) -> Row | None:
        if change.op is Op.DELETE:
            return Row(change)
        if change.data is None:
            log.warning("skipping a %s upsert without data", entity.value)
            self.stats.skipped += 1
            return None
        try:
            if entity is Entity.ITEM:  # most of a first download: its values, no ItemData
                return Row(change, rows.read_item(change.data))
            return Row(change, parse_data(entity, change.data))
        except WireError as exc:
            # One unreadable row must not stop every download after it: skip it, say so.
            log.warning("skipping a %s change the laptop cannot read (%s)", entity.value, exc.field)
            self.stats.skipped += 1
            return None

    # -- settings and rules ------------------------------------------------------------------

    def _libraries(self, group: list[Row]) -> None:
        for d in self._upserts(group, lambda key: self._delete(Library, Library.code == key)):
            stmt = sqlite_insert(Library).values(rows.row(Entity.LIBRARY, d))
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
            values = rows.row(Entity.LOAN_RULE, d)
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
            stmt = sqlite_insert(ClosedDay).values(rows.row(Entity.CLOSED_DAY, d))
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
            values = rows.row(Entity.STOP, row.data, without=("id",))
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
            values = rows.row(Entity.EVENT, data, without=("id",))
            stmt = sqlite_insert(Event).values(id=row.key, created_at=self.now, **values)
            self.s.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=values))
            self.stats.applied += 1

    # -- holds -------------------------------------------------------------------------------

    def _holds(self, group: list[Row]) -> None:
        """Holds to be picked up at this vehicle; a delete is one filled, expired, cancelled
        or moved elsewhere."""
        for row in group:
            if row.data is None:
                self._delete(Hold, Hold.id == row.key)
                continue
            values = rows.row(Entity.HOLD, row.data, without=("id",))
            stmt = sqlite_insert(Hold).values(id=row.key, **values)
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
