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
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from popup.domain.circulation import initials
from popup.domain.messages import (
    HAPPENED,
    SYNC_ERRORS,
    SYNC_STATUS,
    TODO,
    Catalogue,
    Params,
    specifics,
)
from popup.domain.protocol.actions import Kind
from popup.store import outbox
from popup.store.db import Store
from popup.store.forget import is_forgotten
from popup.store.models import (
    Item,
    Loan,
    OutboxEntry,
    Patron,
    PatronAlias,
    SyncException,
    SyncState,
)
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


def explanation(code: str, variant: str = "", params: Params = ()) -> tuple[Line, Line]:
    """What happened and what to do for an outcome ``code``, as lines: the ``CODE.variant``
    sentence with ``params`` where the catalogue has one, else the code's own."""
    if HAPPENED.source(code) is None:
        said = specifics(code=code)
        return Line(UNKNOWN_CODE, said, HAPPENED), Line(UNKNOWN_CODE, said, TODO)
    lines = []
    for catalogue in (HAPPENED, TODO):
        key = f"{code}.{variant}"
        if variant and catalogue.source(key) is not None:
            lines.append(Line(key, params, catalogue))
        else:
            lines.append(Line(code, (), catalogue))
    return lines[0], lines[1]


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
class Subject:
    """What an inbox entry is about, as this laptop knows it from its own action: joined
    locally from the outbox record and the laptop's tables, so the server never sends a name.
    Each part is None where the action does not name it or the laptop no longer has it."""

    #: The action's kind (``Kind`` value), e.g. "checkout".
    kind: str | None = None
    item_title: str | None = None
    item_barcode: str | None = None
    #: The patron's initials ("A. K. L.") and the last digits of their card ("0042").
    patron_initials: str | None = None
    card_tail: str | None = None
    #: When the action was made at the desk (the laptop's clock).
    made_at: datetime | None = None
    #: What staff typed when they overrode the desk's warnings for this action.
    override_reason: str | None = None
    #: The concern codes the desk warned about (and staff overrode) for this action.
    overridden: tuple[str, ...] = ()


#: How many trailing characters of a card number the inbox shows.
CARD_TAIL = 4

#: Outcome codes whose rule concerns staff may override at the desk.
_OVERRIDABLE = frozenset(
    {"PATRON_BLOCKED_AT_TIME", "CARD_EXPIRED", "MAX_RENEWALS_REACHED", "HOLD_TRAP"}
)


def _payload(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _subjects(session: Session, mutation_ids: set[str]) -> dict[str, Subject]:
    """Mutation id -> what that action of this laptop was about (see :class:`Subject`)."""
    if not mutation_ids:
        return {}
    found = session.execute(
        select(
            OutboxEntry.mutation_id, OutboxEntry.kind, OutboxEntry.payload, OutboxEntry.client_time
        ).where(OutboxEntry.mutation_id.in_(mutation_ids))
    ).all()
    actions = {m: (kind, _payload(payload), at) for m, kind, payload, at in found}
    # An undo is about what it undid.
    targets = {
        str(p["target_mutation_id"])
        for kind, p, _ in actions.values()
        if kind == Kind.UNDO and isinstance(p.get("target_mutation_id"), str)
    }
    undone = (
        {
            m: _payload(payload)
            for m, payload in session.execute(
                select(OutboxEntry.mutation_id, OutboxEntry.payload).where(
                    OutboxEntry.mutation_id.in_(targets)
                )
            ).all()
        }
        if targets
        else {}
    )
    subjects: dict[str, Subject] = {}
    for mutation_id, (kind, payload, made_at) in actions.items():
        about = payload
        if kind == Kind.UNDO:
            about = undone.get(str(payload.get("target_mutation_id")), {})
        barcode = _text(about.get("item_barcode"))
        # A lost card's replacement names the patron by the new card.
        card = _text(about.get("patron_card")) or _text(about.get("new_card"))
        if is_forgotten(card):  # a returned loan's, a past payment's or attendance scan's
            card = None
        title = None
        if barcode is not None:
            title = session.scalar(select(Item.title).where(Item.barcode == barcode))
        name = None
        if card is not None:
            name = session.scalar(select(Patron.name).where(Patron.card_number == card))
            if name is None:  # an old number (temporary, merged or lost) kept as an alias
                name = session.scalar(
                    select(Patron.name)
                    .join(PatronAlias, PatronAlias.patron_id == Patron.id)
                    .where(PatronAlias.card_number == card)
                )
        elif _text(about.get("loan_id")) is not None:  # a return names the loan it closed
            card, name = session.execute(
                select(Patron.card_number, Patron.name)
                .join(Loan, Loan.patron_id == Patron.id)
                .where(Loan.id == about["loan_id"])
            ).first() or (None, None)
        concerns = payload.get("concerns")
        subjects[mutation_id] = Subject(
            kind=kind,
            item_title=title,
            item_barcode=barcode,
            patron_initials=initials(name) if name else None,
            card_tail=card[-CARD_TAIL:] if card else None,
            made_at=made_at,
            override_reason=_text(payload.get("override_reason")),
            overridden=tuple(str(c) for c in concerns) if isinstance(concerns, list) else (),
        )
    return subjects


def _answer(detail: dict[str, Any]) -> dict[str, Any]:
    """The server's detail of an outcome: kept nested with the push answer, flat from a pull."""
    nested = detail.get("detail")
    return nested if "status" in detail and isinstance(nested, dict) else detail


def explain(code: str, subject: Subject, answer: dict[str, Any]) -> tuple[Line, Line, Line | None]:
    """What happened and what to do about ``code`` for an action about ``subject`` with the
    server's detail ``answer``; third, that staff overrode it at the desk (or None).

    An override is said only where this laptop's action carries the reason staff typed and the
    warnings it overrode include the ones the server reported (when the server lists them)."""
    library = _text(answer.get("route_to"))
    reported = answer.get("concerns")  # outcome code -> the rule concerns behind it
    variant = ""
    params: Params = ()
    if code == "ROUTE_ITEM" and library:
        variant, params = "library", specifics(library=library)
    elif code == "HOLD_TRAP" and subject.kind == Kind.CHECKOUT:
        variant = "checkout"
    elif code == "HOLD_TRAP" and subject.kind == Kind.CHECKIN and library:
        variant, params = "elsewhere", specifics(library=library)
    elif code == "HOLD_TRAP" and subject.kind == Kind.CHECKIN and isinstance(reported, dict):
        variant = "here"  # the server answered in full and named no route: the pickup is here
    happened, todo = explanation(code, variant, params)
    override = None
    server_saw = reported.get(code) if isinstance(reported, dict) else None
    if (
        subject.override_reason is not None
        and code in _OVERRIDABLE
        and (
            not isinstance(server_saw, list) or set(map(str, server_saw)) <= set(subject.overridden)
        )
    ):
        override = Line("OVERRIDDEN", specifics(reason=subject.override_reason), HAPPENED)
    return happened, todo, override


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
    #: What the action was about (the item, the patron, when it was made).
    subject: Subject = Subject()
    #: That staff overrode this at the desk, with their reason (part of ``what_happened``).
    override: Line | None = None
    #: The action of this laptop the entry is about, if any.
    mutation_id: str | None = None


def inbox(store: Store, include_done: bool = False) -> list[InboxEntry]:
    with store.read() as session:
        query = select(SyncException).order_by(SyncException.received_at.desc(), SyncException.id)
        if not include_done:
            query = query.where(SyncException.resolved_at.is_(None))
        rows = session.scalars(query).all()
        subjects = _subjects(session, {r.mutation_id for r in rows if r.mutation_id})
        entries = []
        for row in rows:
            detail = _payload(row.detail)
            answer = _answer(detail)
            subject = subjects.get(row.mutation_id or "", Subject())
            new_card = _text(answer.get("card_number"))
            if row.code == "TEMPORARY_CARD_REPLACED" and new_card:
                # The temporary number is gone from the laptop: name the card to print.
                name = session.scalar(select(Patron.name).where(Patron.card_number == new_card))
                subject = replace(
                    subject,
                    patron_initials=initials(name) if name else subject.patron_initials,
                    card_tail=new_card[-CARD_TAIL:],
                )
            happened, todo, override = explain(row.code, subject, answer)
            said = happened.text + (" " + override.text if override else "")
            entries.append(
                InboxEntry(
                    id=row.id,
                    seq=row.seq,
                    code=row.code,
                    message=row.message,
                    what_happened=said,
                    what_to_do=todo.text,
                    received_at=row.received_at,
                    resolved_at=row.resolved_at,
                    detail=detail,
                    explained=(happened, todo),
                    subject=subject,
                    override=override,
                    mutation_id=row.mutation_id,
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
