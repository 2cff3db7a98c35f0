"""What staff see about sync: online or not, what is waiting, when it last worked, in words.

Also the exceptions inbox texts: for each outcome code, what happened and what to do.
The words here are English (the CLI and logs use them as they are); each also comes as a
:class:`Line` with a stable ``key`` and its specifics as ``params``, so a UI can word it in its
own language, as it does :class:`popup.domain.concerns.Concern`. The last error is the sync
client's sentence (keyed by :class:`popup.sync_client.client.SyncError`, kept with it in
``sync_state``) or the server's words, which no UI translates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update

from popup.domain.concerns import Params, specifics
from popup.store import outbox
from popup.store.db import Store
from popup.store.models import SyncException, SyncState
from popup.store.notify import Topic, note
from popup.sync_client.client import CLOCK_WARN_SECONDS

#: code -> (what happened, what to do)
EXPLANATIONS: dict[str, tuple[str, str]] = {
    "OPEN_CIRCULATION_EXISTS": (
        "The item was still on loan to another patron when it was checked out here. The"
        " checkout was accepted and the other loan was closed at the time of this checkout.",
        "Check the shelf and the other patron's account; if they still have a copy, contact them.",
    ),
    "PATRON_BLOCKED_AT_TIME": (
        "The patron was blocked at the consortium when the action was made offline. It was"
        " accepted.",
        "Tell the patron about the block at their next visit.",
    ),
    "CARD_EXPIRED": (
        "The patron's card had expired. The action was accepted.",
        "Renew the patron's card at their next visit.",
    ),
    "ITEM_NOT_FOUND": (
        "The server does not know this item barcode, so the action was not recorded there.",
        "Look at the item: re-label it or give it to cataloguing.",
    ),
    "PATRON_NOT_FOUND": (
        "The server does not know this patron card, so the action was not recorded there.",
        "Find the patron's correct card and redo the action, or register the patron.",
    ),
    "MAX_RENEWALS_REACHED": (
        "The loan had already been renewed as often as allowed.",
        "Ask the patron to return the item, or extend it at the library if policy allows.",
    ),
    "POSSIBLE_DUPLICATE_PATRON": (
        "This sign-up looks like a patron who is already registered.",
        "Compare the two records at the consortium and merge them if they are the same person.",
    ),
    "ROUTE_ITEM": (
        "The returned item belongs to, or is needed at, another library.",
        "Put it in the transit box for the library named in the message.",
    ),
    "HOLD_TRAP": (
        "The returned item is on hold for a patron.",
        "Set it aside with a hold slip for the pickup library in the message.",
    ),
    "CLOCK_SKEW": (
        "This laptop's clock was wrong when the action was made; the server corrected the time.",
        "Set the laptop's date and time correctly in the system settings.",
    ),
    "LOAN_NOT_FOUND": (
        "The server had no record of the loan this action refers to.",
        "Check the item's status at the consortium and correct it there if needed.",
    ),
    "ITEM_NOT_ON_LOAN": (
        "The item was returned here but the server had it as not on loan.",
        "Nothing to do unless the item's status at the consortium looks wrong.",
    ),
    "TEMPORARY_CARD_REPLACED": (
        "The temporary card number given at sign-up was replaced by a real card number.",
        "Print the new card and give it to the patron at their next visit.",
    ),
    "REJECTED": (
        "The server did not accept this action.",
        "Read the message, then redo the action correctly or tell the administrator.",
    ),
}


#: The key of the explanation for a code not in :data:`EXPLANATIONS` (params: code).
UNKNOWN_CODE = "UNKNOWN_CODE"


def explain(code: str) -> tuple[str, str]:
    return EXPLANATIONS.get(
        code,
        (
            f"The server reported “{code}” for this action.",
            "Read the message and tell the administrator if it is unclear.",
        ),
    )


@dataclass(frozen=True)
class Line:
    """A piece of text for staff: the English ``text``, its stable ``key`` and ``params``.

    Status keys (params): ``NOT_CONNECTED``, ``CHECKING``, ``ONLINE``, ``OFFLINE``,
    ``WAITING`` (count), ``LAST_SYNC.never``, ``LAST_SYNC.just_now``, ``LAST_SYNC.minutes``,
    ``LAST_SYNC.hours``, ``LAST_SYNC.days`` (count), ``TO_REVIEW`` (count), ``CLOCK_BEHIND``,
    ``CLOCK_AHEAD`` (minutes); the last error as ``ERROR.<key>`` with the params of
    :class:`popup.sync_client.client.SyncError`, or ``LAST_ERROR`` for the server's words.
    Explanations: the outcome code, or :data:`UNKNOWN_CODE` (code).
    """

    key: str
    text: str
    params: Params = ()


def explanation(code: str) -> tuple[Line, Line]:
    """What happened and what to do for an outcome ``code``, as lines."""
    happened, todo = explain(code)
    if code in EXPLANATIONS:
        return Line(code, happened), Line(code, todo)
    said = specifics(code=code)
    return Line(UNKNOWN_CODE, happened, said), Line(UNKNOWN_CODE, todo, said)


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
        waiting = Line(
            "WAITING", f"{self.waiting} waiting to upload", specifics(count=self.waiting)
        )
        if not self.enrolled:
            parts = [Line("NOT_CONNECTED", "Not connected to a sync server"), waiting]
        else:
            if self.online is None:
                state = Line("CHECKING", "Checking the sync server…")
            else:
                state = Line("ONLINE", "Online") if self.online else Line("OFFLINE", "Offline")
            parts = [state, waiting, last_sync(self.last_sync_at, now)]
            if self.open_exceptions:
                count = self.open_exceptions
                parts.append(Line("TO_REVIEW", f"{count} to review", specifics(count=count)))
            skew = self.clock_skew_minutes
            if skew:
                way = "behind" if skew > 0 else "ahead"
                parts.append(
                    Line(
                        f"CLOCK_{way.upper()}",
                        f"this laptop's clock is {abs(skew)} min {way}",
                        specifics(minutes=abs(skew)),
                    )
                )
        if self.last_error:
            key = f"ERROR.{self.last_error_key}" if self.last_error_key else "LAST_ERROR"
            parts.append(Line(key, self.last_error, self.last_error_params))
        return parts


def ago(moment: datetime | None, now: datetime | None = None) -> str:
    return last_sync(moment, now).text.removeprefix("last sync ")


def last_sync(moment: datetime | None, now: datetime | None = None) -> Line:
    """When sync last worked ("last sync 5 min ago")."""
    if moment is None:
        return Line("LAST_SYNC.never", "last sync never")
    seconds = max(0, int(((now or datetime.now(UTC)) - moment).total_seconds()))
    if seconds < 60:
        return Line("LAST_SYNC.just_now", "last sync just now")
    if seconds < 3600:
        key, count, unit = "minutes", seconds // 60, "min"
    elif seconds < 86400:
        key, count, unit = "hours", seconds // 3600, "h"
    else:
        key, count, unit = "days", seconds // 86400, "days"
    return Line(f"LAST_SYNC.{key}", f"last sync {count} {unit} ago", specifics(count=count))


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
