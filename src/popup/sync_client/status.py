"""What staff see about sync: online or not, what is waiting, when it last worked, in words.

Also the exceptions inbox texts: for each outcome code, what happened and what to do. Each piece
is a :class:`Line`: a key of the translation message table (:mod:`popup.domain.messages`) and its
specifics; its English ``text`` is what the CLI and logs show, and a UI words the same key in its
own language. The last error is the sync client's sentence (keyed by
:class:`popup.sync_client.client.SyncError`, kept with it in ``sync_state``) or the server's
words, which no UI translates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update

from popup.domain.messages import (
    HAPPENED,
    SYNC_ERRORS,
    SYNC_STATUS,
    TODO,
    Catalogue,
    Params,
    specifics,
)
from popup.store import outbox
from popup.store.db import Store
from popup.store.models import SyncException, SyncState
from popup.store.notify import Topic, note
from popup.sync_client.client import CLOCK_WARN_SECONDS

#: The key of the explanation for a code the message table has none for (params: code).
UNKNOWN_CODE = "UNKNOWN_CODE"


@dataclass(frozen=True)
class Line:
    """A piece of text for staff: ``key`` in ``catalogue`` with its ``params``; ``text`` is the
    English. A line that passes on words from elsewhere (the server's, the credential store's)
    has no key: ``said`` is shown as it is.

    Status keys (params), in :data:`~popup.domain.messages.SYNC_STATUS`: ``NOT_CONNECTED``,
    ``CHECKING``, ``ONLINE``, ``OFFLINE``, ``WAITING`` (count), ``LAST_SYNC.never``,
    ``LAST_SYNC.just_now``, ``LAST_SYNC.minutes``, ``LAST_SYNC.hours``, ``LAST_SYNC.days``
    (count), ``TO_REVIEW`` (count), ``CLOCK_BEHIND``, ``CLOCK_AHEAD`` (minutes); the last error
    in :data:`~popup.domain.messages.SYNC_ERRORS` with the params of
    :class:`popup.sync_client.client.SyncError`. Explanations, in ``HAPPENED`` and ``TODO``: the
    outcome code, or :data:`UNKNOWN_CODE` (code).
    """

    key: str
    params: Params = ()
    catalogue: Catalogue = SYNC_STATUS
    said: str = ""

    @property
    def text(self) -> str:
        return self.catalogue.english(self.key, self.params) if self.key else self.said


def explanation(code: str) -> tuple[Line, Line]:
    """What happened and what to do for an outcome ``code``, as lines."""
    if HAPPENED.source(code) is not None:
        return Line(code, (), HAPPENED), Line(code, (), TODO)
    said = specifics(code=code)
    return Line(UNKNOWN_CODE, said, HAPPENED), Line(UNKNOWN_CODE, said, TODO)


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    online: bool | None  # None: not checked yet
    waiting: int
    last_sync_at: datetime | None
    last_error: str | None
    open_exceptions: int
    clock_offset_s: float | None
    blocks_as_of: datetime | None
    #: ``last_error``'s key and params where it is the sync client's own sentence.
    last_error_key: str | None = None
    last_error_params: Params = ()

    @property
    def clock_skew_minutes(self) -> int:
        """Minutes the laptop clock is behind (+) or ahead (-) of the server; 0 if within 5."""
        if self.clock_offset_s is None or abs(self.clock_offset_s) <= CLOCK_WARN_SECONDS:
            return 0
        return round(self.clock_offset_s / 60)

    def summary(self, now: datetime | None = None) -> str:
        """One line for the status bar (English source text)."""
        return " · ".join(line.text for line in self.lines(now))

    def lines(self, now: datetime | None = None) -> list[Line]:
        """The parts of the status line, in order."""
        waiting = Line("WAITING", specifics(count=self.waiting))
        if not self.enrolled:
            parts = [Line("NOT_CONNECTED"), waiting]
        else:
            if self.online is None:
                state = Line("CHECKING")
            else:
                state = Line("ONLINE") if self.online else Line("OFFLINE")
            parts = [state, waiting, last_sync(self.last_sync_at, now)]
            if self.open_exceptions:
                count = self.open_exceptions
                parts.append(Line("TO_REVIEW", specifics(count=count)))
            skew = self.clock_skew_minutes
            if skew:
                way = "behind" if skew > 0 else "ahead"
                parts.append(Line(f"CLOCK_{way.upper()}", specifics(minutes=abs(skew))))
        if self.last_error:
            key = self.last_error_key
            if key and SYNC_ERRORS.source(key) is not None:
                parts.append(Line(key, self.last_error_params, SYNC_ERRORS))
            else:  # the server's words, or a key this version no longer has: as stored
                parts.append(Line("", said=self.last_error))
        return parts


def last_sync(moment: datetime | None, now: datetime | None = None) -> Line:
    """When sync last worked ("last sync 5 min ago")."""
    if moment is None:
        return Line("LAST_SYNC.never")
    seconds = max(0, int(((now or datetime.now(UTC)) - moment).total_seconds()))
    if seconds < 60:
        return Line("LAST_SYNC.just_now")
    if seconds < 3600:
        key, count = "minutes", seconds // 60
    elif seconds < 86400:
        key, count = "hours", seconds // 3600
    else:
        key, count = "days", seconds // 86400
    return Line(f"LAST_SYNC.{key}", specifics(count=count))


def read_status(store: Store, enrolled: bool, online: bool | None) -> SyncStatus:
    with store.read() as session:
        state = session.get(SyncState, 1)
        waiting = outbox.pending_count(session)
        open_exceptions = int(
            session.scalar(
                select(func.count(SyncException.id)).where(SyncException.resolved_at.is_(None))
            )
            or 0
        )
    return SyncStatus(
        enrolled=enrolled,
        online=online,
        waiting=waiting,
        last_sync_at=state.last_sync_at if state else None,
        last_error=state.last_error if state else None,
        open_exceptions=open_exceptions,
        clock_offset_s=state.clock_offset_s if state else None,
        blocks_as_of=state.blocks_as_of if state else None,
        last_error_key=state.last_error_key if state else None,
        last_error_params=_params(state.last_error_params if state else None),
    )


def _params(stored: str | None) -> Params:
    """Params kept as a JSON object; none from anything else."""
    try:
        values = json.loads(stored) if stored else {}
    except ValueError:
        return ()
    if not isinstance(values, dict):
        return ()
    return specifics(**{k: v for k, v in values.items() if isinstance(v, str | int)})


@dataclass(frozen=True)
class InboxEntry:
    id: int
    seq: int | None
    code: str
    message: str
    what_happened: str
    what_to_do: str
    received_at: datetime
    resolved_at: datetime | None
    detail: dict[str, Any]
    #: ``what_happened`` and ``what_to_do`` with their key and params, for a UI.
    explained: tuple[Line, Line]


def inbox(store: Store, include_done: bool = False) -> list[InboxEntry]:
    with store.read() as session:
        query = select(SyncException).order_by(SyncException.received_at.desc(), SyncException.id)
        if not include_done:
            query = query.where(SyncException.resolved_at.is_(None))
        rows = session.scalars(query).all()
        entries = []
        for row in rows:
            explained = explanation(row.code)
            try:
                detail = json.loads(row.detail) if row.detail else {}
            except ValueError:
                detail = {}
            entries.append(
                InboxEntry(
                    id=row.id,
                    seq=row.seq,
                    code=row.code,
                    message=row.message,
                    what_happened=explained[0].text,
                    what_to_do=explained[1].text,
                    received_at=row.received_at,
                    resolved_at=row.resolved_at,
                    detail=detail if isinstance(detail, dict) else {},
                    explained=explained,
                )
            )
    return entries


def mark_done(store: Store, exception_id: int, at: datetime | None = None) -> bool:
    """Staff handled it; the next sync tells the server (if the server knows it)."""
    with store.transaction() as session:
        changed = session.execute(
            update(SyncException)
            .where(SyncException.id == exception_id, SyncException.resolved_at.is_(None))
            .values(resolved_at=at or datetime.now(UTC))
        )
        done = bool(getattr(changed, "rowcount", 0))
        if done:
            note(session, Topic.INBOX)
        return done
