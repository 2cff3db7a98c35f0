"""A fresh snapshot over the rows held: mark and sweep.

After a ``reset`` the server sends every current row again. The rows held stay usable at the
desk until the whole snapshot is in, however many connections that takes: each snapshot page
marks the rows it delivered (:func:`note_seen`), and once the last page is in,
:func:`sweep_unseen` forgets the downloaded rows it did not list.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Select, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from popup.domain.protocol.entities import Entity
from popup.domain.protocol.envelopes import Change
from popup.store.db import driver
from popup.store.models import (
    ClosedDay,
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
    SyncSeen,
    SyncShadow,
    SyncState,
)
from popup.store.notify import Topic, note
from popup.sync_client.overlay import PendingKeys

_SEEN = "INSERT INTO sync_seen (entity, key) VALUES (?, ?) ON CONFLICT DO NOTHING"

#: What a sweep may have deleted rows of.
_SWEPT = (
    Topic.CIRCULATION,
    Topic.CATALOGUE,
    Topic.PATRONS,
    Topic.SETTINGS,
    Topic.STOPS,
    Topic.EVENTS,
    Topic.HOLDS,
    Topic.STAFF,
)


def start_refresh(session: Session, state: SyncState, now: datetime) -> None:
    """A ``reset`` arrived: a fresh snapshot follows. No row is deleted yet (see SyncSeen).

    Held-back server copies go: the snapshot sends every current row again, and those a
    pending action still hides are held back afresh, so a copy of a row the server no longer
    has cannot come back after the sweep.
    """
    session.execute(delete(SyncSeen))
    session.execute(delete(SyncShadow))
    state.refreshing_since = now


def note_seen(session: Session, changes: Sequence[Change]) -> None:
    """Remember which rows this snapshot page delivered (plain SQL: a snapshot is mostly a
    catalogue, and SQLAlchemy's per-row parameter work cost more than the insert)."""
    keys = {(c.entity, c.key) for c in changes}
    if keys:
        session.flush()
        driver(session).executemany(_SEEN, list(keys))


def sweep_unseen(session: Session, keys: PendingKeys) -> None:
    """The fresh snapshot is complete: forget downloaded rows it did not list.

    Kept: loans, items and patrons that pending actions touch (or that kept loans refer to),
    patrons signed up here, stops made here, events or stops with attendance, card ranges, the
    exceptions inbox, settings and the laptop's local administrator.
    """

    def seen(entity: Entity) -> Select[str]:
        return select(SyncSeen.key).where(SyncSeen.entity == entity.value)

    session.execute(
        delete(Loan).where(
            Loan.synced.is_(True),
            Loan.id.not_in(list(keys.loans) or [""]),
            Loan.id.not_in(seen(Entity.LOAN)),
        )
    )
    session.execute(
        delete(Item).where(
            Item.id.not_in(select(Loan.item_id)),
            Item.barcode.not_in(list(keys.items) or [""]),
            Item.barcode.not_in(seen(Entity.ITEM)),
        )
    )
    gone_patrons = select(Patron.id).where(
        Patron.origin == "download",
        # (Not NULL: a returned loan forgets its patron, and NOT IN a list holding NULL is
        # never true, which would keep every patron.)
        Patron.id.not_in(select(Loan.patron_id).where(Loan.patron_id.is_not(None))),
        Patron.card_number.not_in(list(keys.patrons) or [""]),
        Patron.card_number.not_in(seen(Entity.PATRON)),
    )
    session.execute(delete(PatronAlias).where(PatronAlias.patron_id.in_(gone_patrons)))
    session.execute(delete(Patron).where(Patron.id.in_(gone_patrons)))
    rule_key = LoanRuleRow.patron_category + "/" + LoanRuleRow.item_type
    session.execute(delete(LoanRuleRow).where(rule_key.not_in(seen(Entity.LOAN_RULE))))
    days = [_day(key) for key in session.scalars(seen(Entity.CLOSED_DAY))]
    session.execute(
        delete(ClosedDay).where(ClosedDay.day.not_in([d for d in days if d] or [date.min]))
    )
    session.execute(delete(Library).where(Library.code.not_in(seen(Entity.LIBRARY))))
    session.execute(
        delete(Hold).where(
            Hold.id.not_in(list(keys.holds) or [""]), Hold.id.not_in(seen(Entity.HOLD))
        )
    )
    session.execute(
        delete(Staff).where(Staff.local.is_(False), Staff.id.not_in(seen(Entity.STAFF)))
    )
    seen_stops = set(session.scalars(seen(Entity.STOP)))
    seen_events = set(session.scalars(seen(Entity.EVENT)))
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
    note(session, *_SWEPT)


def _day(key: str) -> date | None:
    try:
        return date.fromisoformat(key)
    except ValueError:
        return None  # not a day: it named no row here either
