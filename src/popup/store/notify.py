"""What a committed write changed: the store's one change notification.

Every write transaction collects *notes* on what it changed (:func:`note`); when it commits, the
store hands one :class:`StoreChange` to each subscriber (:meth:`popup.store.db.Store.subscribe`),
on the thread that committed. The UI turns that into its ``storeChanged`` signal, so a screen
learns about downloaded blocks, settings and events as soon as about its own scans. A rolled
back transaction notifies nobody.

Most notes are taken for the writer: :func:`popup.store.outbox.append` notes the topics of the
action's kind (:data:`KIND_TOPICS`) and its seq, and the sync client notes what each downloaded
entity touches. Other writers note their own topics.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from popup.domain.protocol import Entity, Kind


class Topic(enum.StrEnum):
    #: Loans and item availability.
    CIRCULATION = "circulation"
    #: Items' descriptions (imports, downloads).
    CATALOGUE = "catalogue"
    #: Patrons: blocks, fines, cards, sign-ups.
    PATRONS = "patrons"
    #: Settings, loan rules, closed days.
    SETTINGS = "settings"
    STOPS = "stops"
    #: Events, attendance, registrations.
    EVENTS = "events"
    #: Actions written, acknowledged or exported.
    OUTBOX = "outbox"
    #: The exceptions inbox.
    INBOX = "inbox"
    #: Card-number blocks.
    CARD_RANGES = "card_ranges"
    #: Holds to be picked up here.
    HOLDS = "holds"
    #: Staff accounts (who may sign in here).
    STAFF = "staff"


#: What an outbox action of each kind changes (besides the outbox itself).
KIND_TOPICS: dict[Kind, frozenset[Topic]] = {
    Kind.CHECKOUT: frozenset({Topic.CIRCULATION, Topic.HOLDS}),
    Kind.CHECKIN: frozenset({Topic.CIRCULATION, Topic.HOLDS}),
    Kind.RENEW: frozenset({Topic.CIRCULATION}),
    Kind.IN_HOUSE_USE: frozenset(),
    Kind.UNDO: frozenset({Topic.CIRCULATION}),
    Kind.PATRON_REGISTER: frozenset({Topic.PATRONS, Topic.CARD_RANGES}),
    Kind.STOP_OPEN: frozenset({Topic.STOPS}),
    Kind.EVENT_CREATE: frozenset({Topic.EVENTS}),
    Kind.ATTENDANCE_COUNT: frozenset({Topic.EVENTS}),
    Kind.ATTENDANCE_SCAN: frozenset({Topic.EVENTS}),
    Kind.REGISTRATION_ADD: frozenset({Topic.EVENTS}),
    Kind.REGISTRATION_CANCEL: frozenset({Topic.EVENTS}),
    Kind.EVENT_CAPACITY: frozenset({Topic.EVENTS}),
    Kind.CARD_REPLACE: frozenset({Topic.PATRONS, Topic.CARD_RANGES}),
    Kind.CARD_RENEW: frozenset({Topic.PATRONS}),
    Kind.PAYMENT: frozenset({Topic.PATRONS}),
}

#: What a downloaded change of each entity touches.
ENTITY_TOPICS: dict[Entity, Topic] = {
    Entity.LIBRARY: Topic.SETTINGS,
    Entity.SETTING: Topic.SETTINGS,
    Entity.LOAN_RULE: Topic.SETTINGS,
    Entity.CLOSED_DAY: Topic.SETTINGS,
    Entity.STOP: Topic.STOPS,
    Entity.EVENT: Topic.EVENTS,
    Entity.CARD_RANGE: Topic.CARD_RANGES,
    Entity.CARD_REPLACEMENT: Topic.PATRONS,
    Entity.EXCEPTION: Topic.INBOX,
    Entity.PATRON: Topic.PATRONS,
    Entity.ITEM: Topic.CATALOGUE,
    Entity.LOAN: Topic.CIRCULATION,
    Entity.HOLD: Topic.HOLDS,
    Entity.STAFF: Topic.STAFF,
}
assert set(KIND_TOPICS) == set(Kind) and set(ENTITY_TOPICS) == set(Entity)


@dataclass(frozen=True)
class StoreChange:
    """What one committed transaction changed."""

    topics: frozenset[Topic]
    #: Outbox actions it wrote.
    seqs: tuple[int, ...] = ()
    #: Outbox actions an undo in it took back.
    undone: tuple[int, ...] = ()

    def touches(self, *topics: Topic) -> bool:
        return not self.topics.isdisjoint(topics)


@dataclass
class Notes:
    """The notes of one open transaction."""

    topics: set[Topic] = field(default_factory=set)
    seqs: list[int] = field(default_factory=list)
    undone: list[int] = field(default_factory=list)

    def change(self) -> StoreChange | None:
        if not self.topics and not self.seqs:
            return None
        return StoreChange(frozenset(self.topics), tuple(self.seqs), tuple(self.undone))


#: Where a transaction's notes ride: the session's or connection's ``info`` dict.
INFO_KEY = "popup_store_notes"


def note(db: Any, *topics: Topic, seq: int | None = None, undone: int | None = None) -> None:
    """Note on ``db`` (the transaction's session or connection) what it changed.

    A connection outside :meth:`Store.transaction` / :meth:`Store.write` (a migration) has no
    notes: nothing is told.
    """
    notes: Notes | None = db.info.get(INFO_KEY)
    if notes is None:
        return
    notes.topics.update(topics)
    if seq is not None:
        notes.seqs.append(seq)
    if undone is not None:
        notes.undone.append(undone)


__all__ = ["ENTITY_TOPICS", "INFO_KEY", "KIND_TOPICS", "Notes", "StoreChange", "Topic", "note"]
