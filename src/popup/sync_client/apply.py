"""Downloaded changes into the local tables, under the pending overlay.

:func:`apply_changes` runs inside the caller's transaction (the engine saves the page's cursor
in the same one). The **pending overlay**: a downloaded row for something a local action is
still waiting to upload (an item or loan touched by a pending checkout/return/renewal, a
patron signed up here, a stop or event created here) does not overwrite the local row. It is
kept in ``sync_shadow`` instead, and :func:`release_shadows` applies it once the server has
acknowledged every local action on that row. So the screen never loses a local change to an
older server copy, and the server's copy is never lost either (even when it arrived before
the acknowledgement, e.g. after a dropped push response).
"""

from __future__ import annotations

import importlib
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Select, Table, delete, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from popup.domain.mutations import Kind
from popup.store.models import (
    CardRange,
    ClosedDay,
    Event,
    Item,
    Library,
    Loan,
    LoanRuleRow,
    OutboxEntry,
    Patron,
    PatronAlias,
    Setting,
    Stop,
    SyncException,
    SyncSeen,
    SyncShadow,
    SyncState,
)

log = logging.getLogger(__name__)

#: Apply order within a page: referenced rows before the rows that refer to them. A stable
#: sort keeps the server's order among changes of one entity.
ENTITY_ORDER = {
    "library": 0,
    "setting": 1,
    "loan_rule": 2,
    "closed_day": 3,
    "card_replacement": 4,
    "patron": 5,
    "item": 6,
    "stop": 7,
    "event": 8,
    "loan": 9,
    "card_range": 10,
    "exception": 11,
}

PATRON_FIELDS = (
    "name",
    "category",
    "card_expiry",
    "fines_owed_cents",
    "manual_block",
    "block_reason",
    "home_library",
    "temporary",
)
ITEM_BIB_FIELDS = ("title", "author", "isbn", "call_number", "item_type", "home_library")
ITEM_STATE_FIELDS = ("status", "on_hold", "hold_pickup")


@dataclass
class PendingKeys:
    """What local actions still waiting to upload touch, by entity."""

    items: set[str] = field(default_factory=set)
    loans: set[str] = field(default_factory=set)
    patrons: set[str] = field(default_factory=set)
    stops: set[str] = field(default_factory=set)
    events: set[str] = field(default_factory=set)

    def hides(self, entity: str, key: str) -> bool:
        bucket = {
            "item": self.items,
            "loan": self.loans,
            "patron": self.patrons,
            "stop": self.stops,
            "event": self.events,
        }.get(entity)
        return bucket is not None and key in bucket


def _keys_of(kind: str, payload: Mapping[str, Any], keys: PendingKeys) -> None:
    if kind in (Kind.CHECKOUT, Kind.CHECKIN, Kind.RENEW):
        if payload.get("item_barcode"):
            keys.items.add(str(payload["item_barcode"]))
        for name in ("loan_id", "closed_loan_id"):
            if payload.get(name):
                keys.loans.add(str(payload[name]))
    elif kind == Kind.PATRON_REGISTER:
        keys.patrons.add(str(payload.get("patron_card")))
    elif kind == Kind.STOP_OPEN:
        keys.stops.add(str(payload.get("stop_id")))
    elif kind == Kind.EVENT_CREATE:
        keys.events.add(str(payload.get("event_id")))


def _keys_where(session: Session, *where: ColumnElement[bool]) -> PendingKeys:
    """The rows the outbox entries matching ``where`` touch; an undo counts as its target."""
    keys = PendingKeys()
    undo_targets: list[str] = []
    for kind, raw in session.execute(select(OutboxEntry.kind, OutboxEntry.payload).where(*where)):
        payload = json.loads(raw)
        if kind == Kind.UNDO:
            undo_targets.append(str(payload.get("target_mutation_id")))
        else:
            _keys_of(kind, payload, keys)
    if undo_targets:
        for kind, raw in session.execute(
            select(OutboxEntry.kind, OutboxEntry.payload).where(
                OutboxEntry.mutation_id.in_(undo_targets)
            )
        ):
            _keys_of(kind, json.loads(raw), keys)
    return keys


def pending_keys(session: Session) -> PendingKeys:
    """Collect the overlay from the outbox (read inside the applying transaction)."""
    return _keys_where(session, OutboxEntry.state == "pending")


def keys_of_entries(session: Session, seqs: Sequence[int]) -> PendingKeys:
    """The rows the given outbox entries touched (used when they are acknowledged)."""
    if not seqs:
        return PendingKeys()
    return _keys_where(session, OutboxEntry.seq.in_(list(seqs)))


@dataclass
class ApplyStats:
    applied: int = 0
    held_back: int = 0  # kept in sync_shadow behind a pending local action
    skipped: int = 0  # not for this laptop, or unreadable (logged)

    def add(self, other: ApplyStats) -> None:
        self.applied += other.applied
        self.held_back += other.held_back
        self.skipped += other.skipped


def _date(value: object) -> date | None:
    if value in (None, ""):
        return None
    return date.fromisoformat(str(value))


def _time(value: object) -> datetime | None:
    if value in (None, ""):
        return None
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _shadow(session: Session, entity: str, key: str, change: Mapping[str, Any]) -> None:
    record = json.dumps({"op": change.get("op"), "data": change.get("data")}, sort_keys=True)
    stmt = sqlite_insert(SyncShadow).values(
        entity=entity, key=key, change=record, received_at=datetime.now(UTC)
    )
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["entity", "key"],
            set_={"change": stmt.excluded.change, "received_at": stmt.excluded.received_at},
        )
    )


class Applier:
    """Applies changes for one device inside one transaction."""

    def __init__(self, session: Session, own_device_id: str, pending: PendingKeys) -> None:
        self.s = session
        self.device_id = own_device_id
        self.pending = pending
        self.stats = ApplyStats()
        self._signup: Any | None = None
        # Loans refer to patrons and items by number; looked up once per page, in bulk.
        self._loan_refs: tuple[set[str], set[str]] = (set(), set())
        self._ids: tuple[dict[str, int], dict[str, int]] | None = None
        try:
            self._signup = importlib.import_module("popup.store.signup")
        except ImportError:
            self._signup = None

    # -- entry point -------------------------------------------------------------------------

    def apply(self, changes: Iterable[Mapping[str, Any]]) -> ApplyStats:
        """Apply changes; returns the counts of this call only."""
        self.stats = ApplyStats()
        ordered = sorted(changes, key=lambda c: ENTITY_ORDER.get(str(c.get("entity")), 99))
        # Collapse to the newest change per (entity, key): every change is the row's full state.
        newest: dict[tuple[str, str], Mapping[str, Any]] = {}
        for change in ordered:
            newest.pop((str(change.get("entity")), str(change.get("key"))), None)
            newest[(str(change.get("entity")), str(change.get("key")))] = change
        items: list[Mapping[str, Any]] = []
        patrons: list[Mapping[str, Any]] = []
        self._ids = None
        for (entity, _key), change in newest.items():
            data = change.get("data")
            if entity == "loan" and isinstance(data, dict):
                self._loan_refs[0].add(str(data.get("patron_card")))
                self._loan_refs[1].add(str(data.get("item_barcode")))
        for (entity, key), change in newest.items():
            data = change.get("data")
            # Rows without their key field go the slow way, where they are skipped one by one.
            readable = isinstance(data, dict) and bool(
                data.get("barcode" if entity == "item" else "card_number")
            )
            if (
                entity == "item"
                and change.get("op") == "upsert"
                and readable
                and not self.pending.hides("item", key)
            ):
                items.append(change["data"])
                continue
            if (
                entity == "patron"
                and change.get("op") == "upsert"
                and readable
                and not self.pending.hides("patron", key)
                and not change["data"].get("aliases")
            ):
                patrons.append(change["data"])
                continue
            if items and entity != "item":
                self._items_bulk(items)
                items = []
            if patrons and entity != "patron":
                self._patrons_bulk(patrons)
                patrons = []
            self.one(entity, key, change)
        if patrons:
            self._patrons_bulk(patrons)
        if items:
            self._items_bulk(items)
        return self.stats

    def one(self, entity: str, key: str, change: Mapping[str, Any]) -> None:
        op = change.get("op")
        data = change.get("data")
        if op not in ("upsert", "delete") or (op == "upsert" and not isinstance(data, dict)):
            log.warning("skipping unreadable change for %s (op %r)", entity, op)
            self.stats.skipped += 1
            return
        if self.pending.hides(entity, key):
            if entity == "item" and op == "upsert" and isinstance(data, dict):
                self._item_bib_only(data)
            _shadow(self.s, entity, key, change)
            self.stats.held_back += 1
            return
        handler = getattr(self, f"_{entity}", None)
        if handler is None:
            log.info("ignoring unknown entity %r", entity)
            self.stats.skipped += 1
            return
        try:
            handler(key, op, data)
        except (KeyError, ValueError, TypeError) as exc:
            # One unreadable row must not stop every download after it: skip it, say so.
            log.warning("skipping a %s change the laptop cannot read (%s)", entity, exc)
            self.stats.skipped += 1

    # -- bulk fast paths (snapshots are mostly items and patrons) ----------------------------

    def _items_bulk(self, rows: list[Mapping[str, Any]]) -> None:
        values = [
            {
                "barcode": str(r["barcode"]),
                "title": str(r.get("title") or ""),
                "author": r.get("author"),
                "isbn": r.get("isbn"),
                "call_number": r.get("call_number"),
                "item_type": str(r.get("item_type") or ""),
                "home_library": str(r.get("home_library") or ""),
                "status": str(r.get("status") or "available"),
                "on_hold": bool(r.get("on_hold")),
                "hold_pickup": r.get("hold_pickup"),
            }
            for r in rows
        ]
        stmt = sqlite_insert(Item)
        self.s.execute(
            stmt.on_conflict_do_update(
                index_elements=["barcode"],
                set_={
                    name: getattr(stmt.excluded, name)
                    for name in ITEM_BIB_FIELDS + ITEM_STATE_FIELDS
                },
            ),
            values,
        )
        self.stats.applied += len(values)

    def _patron_values(self, r: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "card_number": str(r["card_number"]),
            "name": str(r.get("name") or ""),
            "category": str(r.get("category") or ""),
            "card_expiry": _date(r.get("card_expiry")),
            "fines_owed_cents": int(r.get("fines_owed_cents") or 0),
            "manual_block": bool(r.get("manual_block")),
            "block_reason": r.get("block_reason"),
            "home_library": str(r.get("home_library") or ""),
            "temporary": bool(r.get("temporary")),
            "origin": "download",
        }

    def _patrons_bulk(self, rows: list[Mapping[str, Any]]) -> None:
        values = [self._patron_values(r) for r in rows]
        stmt = sqlite_insert(Patron)
        self.s.execute(
            stmt.on_conflict_do_update(
                index_elements=["card_number"],
                set_={name: getattr(stmt.excluded, name) for name in PATRON_FIELDS},
            ),
            values,
        )
        self.stats.applied += len(values)

    # -- per entity --------------------------------------------------------------------------

    def _delete(self, model: Any, *where: Any) -> None:
        """Delete unless other local rows still refer to it (then keep it, logged)."""
        try:
            with self.s.begin_nested():
                self.s.execute(delete(model).where(*where))
            self.stats.applied += 1
        except IntegrityError:
            log.info("kept a %s the server deleted: local rows still refer to it", model.__name__)
            self.stats.skipped += 1

    def _library(self, key: str, op: str, data: dict[str, Any] | None) -> None:
        if op == "delete":
            self._delete(Library, Library.code == key)
            return
        assert data is not None
        stmt = sqlite_insert(Library).values(code=key, name=str(data.get("name") or key))
        self.s.execute(
            stmt.on_conflict_do_update(index_elements=["code"], set_={"name": stmt.excluded.name})
        )
        self.stats.applied += 1

    def _setting(self, key: str, op: str, data: dict[str, Any] | None) -> None:
        if op == "delete":
            self._delete(Setting, Setting.key == key)
            return
        assert data is not None
        value = json.dumps(data.get("value"), sort_keys=True)
        stmt = sqlite_insert(Setting).values(key=key, value=value)
        self.s.execute(
            stmt.on_conflict_do_update(index_elements=["key"], set_={"value": stmt.excluded.value})
        )
        self.stats.applied += 1

    def _loan_rule(self, key: str, op: str, data: dict[str, Any] | None) -> None:
        category, _, item_type = key.partition("/")
        if op == "delete":
            self._delete(
                LoanRuleRow,
                LoanRuleRow.patron_category == category,
                LoanRuleRow.item_type == item_type,
            )
            return
        assert data is not None
        values = {
            "patron_category": str(data.get("patron_category") or category),
            "item_type": str(data.get("item_type") or item_type),
            "loan_days": int(data["loan_days"]),
            "max_renewals": int(data["max_renewals"]),
            "max_items": int(data["max_items"]),
            "loanable": bool(data.get("loanable", True)),
        }
        stmt = sqlite_insert(LoanRuleRow).values(**values)
        self.s.execute(
            stmt.on_conflict_do_update(
                index_elements=["patron_category", "item_type"],
                set_={
                    k: getattr(stmt.excluded, k)
                    for k in ("loan_days", "max_renewals", "max_items", "loanable")
                },
            )
        )
        self.stats.applied += 1

    def _closed_day(self, key: str, op: str, data: dict[str, Any] | None) -> None:
        day = _date(key if op == "delete" or data is None else data.get("day", key))
        if op == "delete":
            self._delete(ClosedDay, ClosedDay.day == day)
            return
        assert data is not None
        stmt = sqlite_insert(ClosedDay).values(day=day, reason=data.get("reason"))
        self.s.execute(
            stmt.on_conflict_do_update(
                index_elements=["day"], set_={"reason": stmt.excluded.reason}
            )
        )
        self.stats.applied += 1

    def _patron(self, key: str, op: str, data: dict[str, Any] | None) -> None:
        if op == "delete":
            self._delete(Patron, Patron.card_number == key)
            return
        assert data is not None
        self._patrons_bulk([data])
        aliases = data.get("aliases") or []
        if aliases:
            pid = self.s.scalar(select(Patron.id).where(Patron.card_number == key))
            if pid is None:
                return
            for alias in aliases:
                alias = str(alias)
                if alias == key:
                    continue
                old = self.s.scalar(select(Patron).where(Patron.card_number == alias))
                if old is not None:
                    if self.pending.hides("patron", alias):
                        continue  # signed up here and not yet acknowledged: keep it apart
                    # Merged at the consortium (or a temporary card replaced): one patron here
                    # too, the old number still finds them.
                    merge_patron(self.s, old, pid)
                stmt = sqlite_insert(PatronAlias).values(card_number=alias, patron_id=pid)
                self.s.execute(
                    stmt.on_conflict_do_update(
                        index_elements=["card_number"], set_={"patron_id": stmt.excluded.patron_id}
                    )
                )

    def _item_bib_only(self, data: Mapping[str, Any]) -> None:
        """Catalogue fields of a held-back item: safe to show, they are not what is pending."""
        self.s.execute(
            update(Item)
            .where(Item.barcode == str(data["barcode"]))
            .values(
                title=str(data.get("title") or ""),
                author=data.get("author"),
                isbn=data.get("isbn"),
                call_number=data.get("call_number"),
                item_type=str(data.get("item_type") or ""),
                home_library=str(data.get("home_library") or ""),
            )
        )

    def _item(self, key: str, op: str, data: dict[str, Any] | None) -> None:
        if op == "delete":
            self._delete(Item, Item.barcode == key)
            return
        assert data is not None
        self._items_bulk([data])

    def _lookup(self) -> tuple[dict[str, int], dict[str, int]]:
        if self._ids is None:
            cards, barcodes = self._loan_refs
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
            self._ids = (patrons, items)
        return self._ids

    def _patron_id(self, card: str) -> int | None:
        found = self._lookup()[0].get(card)
        if found is not None:
            return found
        pid = self.s.scalar(select(Patron.id).where(Patron.card_number == card))
        if pid is None:
            pid = self.s.scalar(
                select(PatronAlias.patron_id).where(PatronAlias.card_number == card)
            )
        return pid

    def _item_id(self, barcode: str) -> int | None:
        found = self._lookup()[1].get(barcode)
        if found is not None:
            return found
        return self.s.scalar(select(Item.id).where(Item.barcode == barcode))

    def _loan(self, key: str, op: str, data: dict[str, Any] | None) -> None:
        if op == "delete":
            self._delete(Loan, Loan.id == key)
            return
        assert data is not None
        patron_id = self._patron_id(str(data.get("patron_card")))
        item_id = self._item_id(str(data.get("item_barcode")))
        if patron_id is None or item_id is None:
            # Its patron or item has not arrived yet (or is outside this laptop's library):
            # keep it and try again after the next page.
            _shadow(self.s, "loan", key, {"op": op, "data": data})
            self.stats.held_back += 1
            return
        returned_at = _time(data.get("returned_at"))
        out_at = _time(data.get("out_at"))
        if returned_at is None:
            others = (
                self.s.execute(
                    select(Loan.id).where(
                        Loan.item_id == item_id, Loan.returned_at.is_(None), Loan.id != key
                    )
                )
                .scalars()
                .all()
            )
            for other in others:
                if other in self.pending.loans:
                    # A local checkout of this item is still waiting: it stays on screen.
                    _shadow(self.s, "loan", key, {"op": op, "data": data})
                    self.stats.held_back += 1
                    return
            if others:
                # The server's word: the item is out on this loan, so the older copy is closed.
                self.s.execute(
                    update(Loan)
                    .where(Loan.id.in_(others))
                    .values(returned_at=out_at, closed_reason="closed_by_checkout", synced=True)
                )
        values = {
            "patron_id": patron_id,
            "item_id": item_id,
            "out_at": out_at,
            "due_date": _date(data.get("due_date")),
            "renewals": int(data.get("renewals") or 0),
            "returned_at": returned_at,
            "closed_reason": data.get("closed_reason"),
            "synced": True,
        }
        stmt = sqlite_insert(Loan).values(id=key, **values)
        self.s.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=values))
        self.stats.applied += 1

    def _stop(self, key: str, op: str, data: dict[str, Any] | None) -> None:
        if op == "delete":
            self._delete(Stop, Stop.id == key)
            return
        assert data is not None
        values = {
            "name": str(data.get("name") or ""),
            "place": data.get("place"),
            "starts_at": _time(data.get("starts_at")),
            "ends_at": _time(data.get("ends_at")),
        }
        stmt = sqlite_insert(Stop).values(id=key, origin="download", **values)
        self.s.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=values))
        self.stats.applied += 1

    def _event(self, key: str, op: str, data: dict[str, Any] | None) -> None:
        if op == "delete":
            self._delete(Event, Event.id == key)
            return
        assert data is not None
        stop_id = str(data.get("stop_id"))
        if self.s.get(Stop, stop_id) is None:
            _shadow(self.s, "event", key, {"op": op, "data": data})
            self.stats.held_back += 1
            return
        values = {
            "stop_id": stop_id,
            "title": str(data.get("title") or ""),
            "event_type": str(data.get("event_type") or ""),
            "audience": data.get("audience"),
            "onsite": bool(data.get("onsite", True)),
        }
        stmt = sqlite_insert(Event).values(id=key, created_at=datetime.now(UTC), **values)
        self.s.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=values))
        self.stats.applied += 1

    def _card_range(self, key: str, op: str, data: dict[str, Any] | None) -> None:
        if op == "delete" or data is None:
            # Numbers once given to this laptop may already be printed on cards: keep them.
            self.stats.skipped += 1
            return
        first, last = int(data["first"]), int(data["last"])
        existing = self.s.scalar(
            select(CardRange).where(
                CardRange.source == "server", CardRange.first == first, CardRange.last == last
            )
        )
        if existing is None:
            self.s.execute(
                insert(CardRange).values(
                    first=first,
                    last=last,
                    next=first,
                    source="server",
                    allocated_at=datetime.now(UTC),
                )
            )
        self.stats.applied += 1

    def _exception(self, key: str, op: str, data: dict[str, Any] | None) -> None:
        if op == "delete" or data is None:
            self.stats.skipped += 1
            return
        if data.get("device_id") not in (None, self.device_id):
            self.stats.skipped += 1  # another laptop's: its staff handle it
            return
        server_id = int(data.get("id") or key)
        table = cast(Table, SyncException.__table__)
        row = self.s.execute(
            select(SyncException.id, SyncException.resolved_at).where(
                SyncException.server_id == server_id
            )
        ).first()
        if row is None and data.get("mutation_id"):
            # The push answer put it in the inbox already; link it to the server's id.
            row = self.s.execute(
                select(SyncException.id, SyncException.resolved_at).where(
                    SyncException.mutation_id == str(data["mutation_id"]),
                    SyncException.code == str(data.get("code")),
                    SyncException.server_id.is_(None),
                )
            ).first()
        values: dict[str, Any] = {"server_id": server_id}
        if data.get("resolved"):
            values["resolved_synced"] = True
            if row is None or row.resolved_at is None:
                values["resolved_at"] = datetime.now(UTC)
        if row is None:
            detail = data.get("detail")
            self.s.execute(
                insert(table).values(
                    seq=data.get("seq"),
                    mutation_id=data.get("mutation_id"),
                    code=str(data.get("code") or "UNKNOWN"),
                    message=str(data.get("message") or ""),
                    detail=json.dumps(detail) if detail is not None else None,
                    received_at=datetime.now(UTC),
                    **{"resolved_synced": False, **values},
                )
            )
        else:
            self.s.execute(update(table).where(table.c.id == row.id).values(**values))
        self.stats.applied += 1

    def _card_replacement(self, key: str, op: str, data: dict[str, Any] | None) -> None:
        if op == "delete" or data is None:
            self.stats.skipped += 1
            return
        temporary = str(data.get("temporary_card") or key)
        real = str(data["card_number"])
        replace_card(self.s, temporary, real, self._signup)
        self.stats.applied += 1


def merge_patron(session: Session, old: Patron, into_id: int) -> None:
    """Move ``old``'s loans and aliases to patron ``into_id`` and delete ``old``."""
    session.execute(update(Loan).where(Loan.patron_id == old.id).values(patron_id=into_id))
    session.execute(
        update(PatronAlias).where(PatronAlias.patron_id == old.id).values(patron_id=into_id)
    )
    session.delete(old)
    session.flush()


def replace_card(session: Session, temporary: str, real: str, signup: Any | None) -> None:
    """Move a temporary card's patron to the real number the server gave it.

    Uses the sign-up module's :func:`replace_temporary_card` when it can; when the real
    number's patron already arrived by download, the two rows are merged here (loans move to
    the real row, the temporary number stays as an alias).
    """
    temp_patron = session.scalar(select(Patron).where(Patron.card_number == temporary))
    if temp_patron is None:
        return  # already replaced (a resend), or never on this laptop
    real_id = session.scalar(select(Patron.id).where(Patron.card_number == real))
    if real_id is None and signup is not None and hasattr(signup, "replace_temporary_card"):
        try:
            with session.begin_nested():
                signup.replace_temporary_card(session, temporary, real)
            return
        except Exception as exc:
            log.info("sign-up replacement declined (%s); merging here", type(exc).__name__)
    if real_id is None:
        temp_patron.card_number = real
        temp_patron.temporary = False
        session.flush()
        session.add(PatronAlias(card_number=temporary, patron_id=temp_patron.id))
        session.flush()
        return
    merge_patron(session, temp_patron, real_id)
    stmt = sqlite_insert(PatronAlias).values(card_number=temporary, patron_id=real_id)
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["card_number"], set_={"patron_id": stmt.excluded.patron_id}
        )
    )


def apply_changes(
    session: Session,
    changes: Iterable[Mapping[str, Any]],
    own_device_id: str,
    pending: PendingKeys | None = None,
) -> ApplyStats:
    """Apply one page (inside the caller's transaction), then retry waiting shadows."""
    keys = pending if pending is not None else pending_keys(session)
    stats = Applier(session, own_device_id, keys).apply(changes)
    stats.add(release_shadows(session, own_device_id, keys))
    return stats


def release_shadows(
    session: Session, own_device_id: str, pending: PendingKeys | None = None
) -> ApplyStats:
    """Apply every held-back row that no pending local action hides any more."""
    keys = pending if pending is not None else pending_keys(session)
    shadows = session.scalars(select(SyncShadow)).all()
    ready = [s for s in shadows if not keys.hides(s.entity, s.key)]
    if not ready:
        return ApplyStats()
    changes = []
    for shadow in ready:
        record = json.loads(shadow.change)
        changes.append(
            {"entity": shadow.entity, "key": shadow.key, "op": record["op"], "data": record["data"]}
        )
        session.delete(shadow)
    session.flush()
    # A loan whose patron or item is still missing goes straight back into the shadow table.
    return Applier(session, own_device_id, keys).apply(changes)


def start_refresh(session: Session, state: SyncState, now: datetime) -> None:
    """A ``reset`` arrived: a fresh snapshot follows. No row is deleted yet (see SyncSeen).

    Held-back server copies go: the snapshot sends every current row again, and those a
    pending action still hides are held back afresh, so a copy of a row the server no longer
    has cannot come back after the sweep.
    """
    session.execute(delete(SyncSeen))
    session.execute(delete(SyncShadow))
    state.refreshing_since = now


def note_seen(session: Session, changes: Sequence[Mapping[str, Any]]) -> None:
    """Remember which rows this snapshot page delivered."""
    keys = {(str(c.get("entity")), str(c.get("key"))) for c in changes}
    if keys:
        stmt = sqlite_insert(SyncSeen).on_conflict_do_nothing()
        session.execute(stmt, [{"entity": e, "key": k} for e, k in keys])


def sweep_unseen(session: Session, pending: PendingKeys | None = None) -> None:
    """The fresh snapshot is complete: forget downloaded rows it did not list.

    Kept: loans, items and patrons that pending actions touch (or that kept loans refer to),
    patrons signed up here, stops made here, events or stops with attendance, card ranges, the
    exceptions inbox and settings.
    """
    keys = pending if pending is not None else pending_keys(session)

    def seen(entity: str) -> Select[str]:
        return select(SyncSeen.key).where(SyncSeen.entity == entity)

    session.execute(
        delete(Loan).where(
            Loan.synced.is_(True),
            Loan.id.not_in(list(keys.loans) or [""]),
            Loan.id.not_in(seen("loan")),
        )
    )
    session.execute(
        delete(Item).where(
            Item.id.not_in(select(Loan.item_id)),
            Item.barcode.not_in(list(keys.items) or [""]),
            Item.barcode.not_in(seen("item")),
        )
    )
    gone_patrons = select(Patron.id).where(
        Patron.origin == "download",
        Patron.id.not_in(select(Loan.patron_id)),
        Patron.card_number.not_in(list(keys.patrons) or [""]),
        Patron.card_number.not_in(seen("patron")),
    )
    session.execute(delete(PatronAlias).where(PatronAlias.patron_id.in_(gone_patrons)))
    session.execute(delete(Patron).where(Patron.id.in_(gone_patrons)))
    rule_key = LoanRuleRow.patron_category + "/" + LoanRuleRow.item_type
    session.execute(delete(LoanRuleRow).where(rule_key.not_in(seen("loan_rule"))))
    days = list(session.scalars(seen("closed_day")))
    session.execute(
        delete(ClosedDay).where(ClosedDay.day.not_in([_date(d) for d in days] or [date.min]))
    )
    session.execute(delete(Library).where(Library.code.not_in(seen("library"))))
    seen_stops = set(session.scalars(seen("stop")))
    seen_events = set(session.scalars(seen("event")))
    for model in (Event, Stop):
        rows = session.scalars(select(model)).all()
        for row in rows:
            if isinstance(row, Stop) and (
                row.origin != "download" or row.id in keys.stops or row.id in seen_stops
            ):
                continue
            if isinstance(row, Event) and (row.id in keys.events or row.id in seen_events):
                continue
            try:
                with session.begin_nested():
                    session.delete(row)
                    session.flush()
            except IntegrityError:
                pass  # attendance or events still refer to it
    session.execute(delete(SyncSeen))


def mark_loans_synced(session: Session, touched: PendingKeys, still: PendingKeys) -> None:
    """After acknowledgements: loans no pending action touches any more are in step."""
    done = [loan_id for loan_id in touched.loans if loan_id not in still.loans]
    if done:
        session.execute(update(Loan).where(Loan.id.in_(done)).values(synced=True))
