"""What a device sees of a row: one loader per entity, turning keys into wire data.

Each entity's data is its class in :mod:`popup.domain.protocol.entities`: a loader reads the
rows and fills the class's fields from the row's attributes of the same names (or from values
it derives, such as a loan's patron card), as :func:`row_data`. Items, which come by the
hundred thousand, are plain rows of the columns named like the item data class's fields,
zipped onto those names.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from popup.domain.holds import ACTIVE
from popup.domain.protocol.entities import (
    DATA,
    CardReplacementData,
    Entity,
    LibraryData,
    LostCardData,
    Op,
    SettingData,
    columns,
)
from popup.domain.protocol.wire import encode
from popup_sync import library_settings
from popup_sync.changes.log import sharing_libraries
from popup_sync.core.db import member
from popup_sync.models import (
    Branch,
    CardRange,
    ClosedDay,
    Device,
    Event,
    Hold,
    Item,
    Library,
    Loan,
    LoanRuleRow,
    Patron,
    PatronAlias,
    Staff,
    Stop,
    SyncException,
)

#: The item data fields, and the item columns that hold them (same names, same order).
ITEM_KEYS = columns(Entity.ITEM)
ITEM_COLUMNS = tuple(getattr(Item, name) for name in ITEM_KEYS)
assert ITEM_KEYS[0] == "barcode", "item rows are keyed by their first column"

#: The hold statuses devices keep (the others come down as deletes).
ACTIVE_HOLDS = sorted(status.value for status in ACTIVE)

#: A loaded row's data, or None: the row is gone (served as a delete).
Data = dict[str, Any] | None


_UPSERT, _DELETE = Op.UPSERT.value, Op.DELETE.value


def change(entity: str, key: str, data: Data) -> dict[str, Any]:
    """One entry of a pull page (``popup.domain.protocol.envelopes.Change`` on the wire)."""
    return {"entity": entity, "op": _DELETE if data is None else _UPSERT, "key": key, "data": data}


Convert = Callable[[Any], Any]


def _iso(value: date | datetime) -> str:
    return value.isoformat()


@functools.cache
def _encode_each(values: Iterable[Any]) -> list[Any]:
    return [encode(value) for value in values]


def _plan(entity: Entity) -> tuple[tuple[str, Convert | None], ...]:
    """Each data field of ``entity`` and how its stored value becomes JSON, read once from the
    data class's annotations: what ``wire.encode`` does to dates, times and lists."""
    hints = typing.get_type_hints(DATA[entity])
    plan: list[tuple[str, Convert | None]] = []
    for name in columns(entity):
        hint = hints[name]
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
        convert: Convert | None = None
        if hint in (date, datetime):
            convert = _iso
        elif typing.get_origin(hint) is tuple:
            element = typing.get_args(hint)[0]
            # A list of wire classes (a patron's lost cards) is a list of their JSON objects.
            convert = _encode_each if dataclasses.is_dataclass(element) else list
        plan.append((name, convert))
    return tuple(plan)


def row_data(entity: Entity, row: object, **derived: object) -> dict[str, Any]:
    """The wire data of a stored row: every field of the entity's data class, read from the
    row's attribute of the same name unless ``derived`` gives it.

    The same JSON as ``wire.encode(DataClass(...))`` (``tests/sync/changes/test_reader.py``
    holds them to that) at a tenth of the cost: a snapshot serves patrons and loans by the ten
    thousand, and building and encoding an object per row would dominate it.
    """
    out: dict[str, Any] = {}
    for name, convert in _plan(entity):
        value = derived[name] if name in derived else getattr(row, name)
        out[name] = value if convert is None or value is None else convert(value)
    return out


def item_data(row: Sequence[Any]) -> dict[str, Any]:
    """An item's data from a row of :data:`ITEM_COLUMNS`."""
    return dict(zip(ITEM_KEYS, row, strict=True))


def item_changes(rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    """Upserts of the items in rows of :data:`ITEM_COLUMNS`: :func:`change` of
    :func:`item_data`, in one comprehension (a snapshot makes 100,000 of them)."""
    item = Entity.ITEM.value
    return [
        {
            "entity": item,
            "op": _UPSERT,
            "key": row[0],
            "data": dict(zip(ITEM_KEYS, row, strict=True)),
        }
        for row in rows
    ]


@dataclass(frozen=True)
class Reader:
    """Reads current rows for one device: its library, its own card ranges, shared items."""

    session: Session
    library: Library
    device_id: str

    @cached_property
    def shared_ids(self) -> list[int]:
        """The other libraries whose items this device sees, in order of precedence."""
        return sharing_libraries(self.session, self.library.id)

    @cached_property
    def pickup(self) -> str | None:
        """The branch or vehicle code this device serves: the holds picked up there are its."""
        return self.session.scalar(
            select(Branch.code)
            .join(Device, Device.branch_id == Branch.id)
            .where(Device.id == self.device_id)
        )

    def load(self, entity: str, keys: Sequence[str]) -> dict[str, Data]:
        """keys -> their data; a key left out is gone (or never was)."""
        loader = _LOADERS.get(entity)
        if loader is None:  # an entity this server no longer serves
            return {}
        return loader(self, keys)

    def changes(self, entity: str, keys: Sequence[str], *, deletes: bool) -> list[dict[str, Any]]:
        """Upserts for the keys that exist and, with ``deletes``, deletes for the rest."""
        loaded = self.load(entity, keys)
        out: list[dict[str, Any]] = []
        for key in keys:
            data = loaded.get(key)
            if data is not None:
                out.append(change(entity, key, data))
            elif deletes and entity != Entity.CARD_RANGE:  # other devices' ranges are not ours
                # A hold that is not (or no longer) this device's comes as a delete: filled,
                # expired, cancelled or moved; the laptop drops it if it had it.
                out.append(change(entity, key, None))
        return out

    # -- the loaders -----------------------------------------------------------------------------

    def _libraries(self, keys: Sequence[str]) -> dict[str, Data]:
        rows = self.session.execute(
            select(Library.code, Library.name).where(Library.code.in_(keys))
        ).all()
        return {code: encode(LibraryData(code=code, name=name)) for code, name in rows}

    def _settings(self, keys: Sequence[str]) -> dict[str, Data]:
        values = library_settings.served(self.library, keys)
        return {k: encode(SettingData(key=k, value=v)) for k, v in values.items()}

    def _rules(self, keys: Sequence[str]) -> dict[str, Data]:
        rows = self.session.scalars(
            select(LoanRuleRow).where(
                LoanRuleRow.library_id == self.library.id,
                tuple_(LoanRuleRow.patron_category, LoanRuleRow.item_type).in_(
                    [tuple(k.split("/", 1)) for k in keys if "/" in k]
                ),
            )
        )
        return {f"{r.patron_category}/{r.item_type}": row_data(Entity.LOAN_RULE, r) for r in rows}

    def _closed_days(self, keys: Sequence[str]) -> dict[str, Data]:
        days = []
        for key in keys:
            try:
                days.append(date.fromisoformat(key))
            except ValueError:
                continue
        rows = self.session.scalars(
            select(ClosedDay).where(
                ClosedDay.library_id == self.library.id, ClosedDay.day.in_(days)
            )
        )
        return {r.day.isoformat(): row_data(Entity.CLOSED_DAY, r) for r in rows}

    def _patrons(self, keys: Sequence[str]) -> dict[str, Data]:
        rows = self.session.scalars(
            select(Patron).where(
                Patron.library_id == self.library.id,
                member(self.session, Patron.card_number, keys),
            )
        )
        return patron_data(self.session, rows)

    def _items(self, keys: Sequence[str]) -> dict[str, Data]:
        # Plain rows, not ORM objects: a page may hold thousands of items.
        rows = self.session.execute(
            select(*ITEM_COLUMNS).where(
                Item.library_id == self.library.id, member(self.session, Item.barcode, keys)
            )
        )
        found: dict[str, Data] = {row[0]: item_data(row) for row in rows}
        found.update(self._shared_items([k for k in keys if k not in found]))
        return found

    def _shared_items(self, keys: Sequence[str]) -> dict[str, Data]:
        """Items of sharing libraries under barcodes this library does not hold itself."""
        if not keys or not self.shared_ids:
            return {}
        rows = self.session.execute(
            select(*ITEM_COLUMNS)
            .where(Item.library_id.in_(self.shared_ids), member(self.session, Item.barcode, keys))
            .order_by(Item.library_id.desc())  # the lowest id comes last and wins
        )
        return {row[0]: item_data(row) for row in rows}

    def _loans(self, keys: Sequence[str]) -> dict[str, Data]:
        rows = self.session.execute(
            select(Loan, Patron.card_number, Item.barcode)
            .join(Patron, Patron.id == Loan.patron_id)
            .join(Item, Item.id == Loan.item_id)
            .where(Loan.library_id == self.library.id, member(self.session, Loan.id, keys))
        ).all()
        return {
            loan.id: row_data(Entity.LOAN, loan, patron_card=card, item_barcode=barcode)
            for loan, card, barcode in rows
        }

    def _stops(self, keys: Sequence[str]) -> dict[str, Data]:
        rows = self.session.scalars(
            select(Stop).where(Stop.library_id == self.library.id, Stop.id.in_(keys))
        )
        return {r.id: row_data(Entity.STOP, r) for r in rows}

    def _events(self, keys: Sequence[str]) -> dict[str, Data]:
        rows = self.session.scalars(
            select(Event).where(Event.library_id == self.library.id, Event.id.in_(keys))
        )
        return {r.id: row_data(Entity.EVENT, r) for r in rows}

    def _card_ranges(self, keys: Sequence[str]) -> dict[str, Data]:
        ids = [int(k) for k in keys if k.isdigit()]
        rows = self.session.scalars(
            select(CardRange).where(
                CardRange.library_id == self.library.id,
                CardRange.device_id == self.device_id,
                CardRange.id.in_(ids),
            )
        )
        return {str(r.id): row_data(Entity.CARD_RANGE, r) for r in rows}

    def _exceptions(self, keys: Sequence[str]) -> dict[str, Data]:
        ids = [int(k) for k in keys if k.isdigit()]
        rows = self.session.scalars(
            select(SyncException).where(
                SyncException.library_id == self.library.id, SyncException.id.in_(ids)
            )
        )
        return {str(r.id): exception_data(r) for r in rows}

    def _staff(self, keys: Sequence[str]) -> dict[str, Data]:
        """The library's staff accounts: the PIN's hash only, a disabled one as inactive."""
        rows = self.session.scalars(
            select(Staff).where(
                Staff.library_id == self.library.id, member(self.session, Staff.id, keys)
            )
        )
        return {r.id: row_data(Entity.STAFF, r) for r in rows}

    def _holds(self, keys: Sequence[str]) -> dict[str, Data]:
        if self.pickup is None:
            return {}
        rows = self.session.execute(
            select(Hold, Patron.card_number, Item.barcode)
            .join(Patron, Patron.id == Hold.patron_id)
            .outerjoin(Item, Item.id == Hold.item_id)
            .where(
                Hold.library_id == self.library.id,
                Hold.pickup == self.pickup,
                Hold.status.in_(ACTIVE_HOLDS),
                member(self.session, Hold.hold_id, keys),
            )
        ).all()
        return {
            hold.hold_id: row_data(
                Entity.HOLD,
                hold,
                id=hold.hold_id,
                patron_card=card,
                item_barcode=barcode,
                stop_id=hold.pickup_stop_id,
            )
            for hold, card, barcode in rows
        }

    def _replacements(self, keys: Sequence[str]) -> dict[str, Data]:
        rows = self.session.execute(
            select(PatronAlias.card_number, Patron.card_number)
            .join(Patron, Patron.id == PatronAlias.patron_id)
            .where(
                PatronAlias.library_id == self.library.id,
                PatronAlias.reason == "temporary",
                PatronAlias.card_number.in_(keys),
            )
        ).all()
        return {
            old: encode(CardReplacementData(temporary_card=old, card_number=new))
            for old, new in rows
        }


def exception_data(row: SyncException) -> dict[str, Any]:
    return row_data(Entity.EXCEPTION, row, resolved=row.resolved_at is not None)


def patron_data(session: Session, rows: Iterable[Patron]) -> dict[str, Data]:
    """Card number -> a patron's data (never the personal fields: they are not in it)."""
    rows = list(rows)
    aliases: dict[int, list[str]] = {}
    lost: dict[int, list[LostCardData]] = {}
    if rows:
        for patron_id, card, lost_at in session.execute(
            select(PatronAlias.patron_id, PatronAlias.card_number, PatronAlias.lost_at).where(
                PatronAlias.patron_id.in_([p.id for p in rows])
            )
        ):
            aliases.setdefault(patron_id, []).append(card)
            if lost_at is not None:
                lost.setdefault(patron_id, []).append(
                    LostCardData(card_number=card, lost_at=lost_at)
                )
    return {
        p.card_number: row_data(
            Entity.PATRON,
            p,
            aliases=tuple(sorted(aliases.get(p.id, []))),
            lost_cards=tuple(sorted(lost.get(p.id, []), key=lambda x: x.card_number)),
        )
        for p in rows
    }


_LOADERS: dict[str, Callable[[Reader, Sequence[str]], dict[str, Data]]] = {
    Entity.LIBRARY: Reader._libraries,
    Entity.SETTING: Reader._settings,
    Entity.LOAN_RULE: Reader._rules,
    Entity.CLOSED_DAY: Reader._closed_days,
    Entity.STOP: Reader._stops,
    Entity.EVENT: Reader._events,
    Entity.CARD_RANGE: Reader._card_ranges,
    Entity.CARD_REPLACEMENT: Reader._replacements,
    Entity.EXCEPTION: Reader._exceptions,
    Entity.PATRON: Reader._patrons,
    Entity.ITEM: Reader._items,
    Entity.LOAN: Reader._loans,
    Entity.HOLD: Reader._holds,
    Entity.STAFF: Reader._staff,
}
assert set(_LOADERS) == set(Entity), "every entity needs a loader"
