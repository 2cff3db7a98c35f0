"""Keep less (#17): once the server has a return, the laptop forgets whose loan it was.

A loan links a patron to an item in two places on the laptop: the ``loans`` row
(``patron_id``) and the outbox records of the loan's checkout and renewals (their payloads name
the patron's card and the item's barcode). :func:`forget_returned` removes both links of every
loan that

* is returned (``returned_at`` set: a return, a hand-over to someone else, an undone checkout),
* is in step with the server (``synced``: every action on it acknowledged, none waiting),
* is not what Undo last scan would take back now: the desk's newest circulation action, if it
  was not undone, still needs the loan's patron to reopen it (``popup.domain.undo``), and
* is not the subject of an exception still open in the inbox: staff may need to know whom to
  call; once they mark it done, the next sync pass forgets the loan.

What changes: ``loans.patron_id`` becomes NULL (the row keeps the item, the dates and why it
closed, which the exports read); the checkout and renewal records of the loan name
:data:`UNLINKED_CARD` instead of the card and lose the override reason staff typed (it may name
the patron); the server's words about those records lose the card number; a hold the checkout
filled, if it is still here, goes. What stays: every outbox record, its kind, time and item, so
the stop report's counts and the activity chart do not change; and the patron's own row.

Who came to an event (the same rule for attendance): a card scanned at story time says that
this patron was there, which the laptop needs only while the event is on (one scan per card per
event). :func:`forget_attendees` replaces the card of every attendance scan the server has
acknowledged and that is more than :data:`KEEP_FOR` old (an event that runs past midnight is
over by then), in the ``attendance`` row and in its outbox record, by
:data:`FORGOTTEN_ATTENDEE` and the record's mutation id (unique everywhere: the store, and the
server, count one scan per card per event). What stays: the event, the band, the time, that
the person was identified by a card, so every count and the stop report are as before. Not a
scan an exception still open in the inbox is about, nor one not yet acknowledged. The patron's
own row stays, and so does an event's registration list (who registered, who checked in).

Who paid what (the same rule for payments and waivers): a payment's record names the card and
keeps the note staff typed (which may say anything about the patron). Once it is more than
:data:`KEEP_FOR` old and the server has acknowledged it (nor while an exception about it is
open), :func:`forget_payments` has it name :data:`FORGOTTEN_PAYER` instead of the card and
drops the note; the amount, the method, whether it was a waiver and the balances stay, so the
stop report's takings do not change. A KOC or pending.xacts export made after that leaves such
payments out and says how many (:mod:`popup.interop.outbox_export`).

The sync client calls :func:`forget_returned` in the transaction that records the server's
acknowledgements and in each downloaded page's transaction, after :func:`zero_freed_space`;
:func:`forget_attendees` and :func:`forget_payments` once per sync pass, after the download, a
few hundred records per transaction (``SyncEngine.forget_past``). It then folds the WAL back
(:meth:`popup.store.db.Store.truncate_wal`), so the links leave the file's free space and the
WAL too. A kill before a commit changes nothing; the next pass does it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Table,
    bindparam,
    delete,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from popup.domain.holds import HoldStatus
from popup.domain.protocol.actions import (
    AttendanceScan,
    Checkout,
    Kind,
    PayloadError,
    Renew,
    Undo,
)
from popup.domain.undo import UNDOABLE
from popup.store import outbox
from popup.store.models import (
    Attendance,
    Hold,
    Loan,
    OutboxEntry,
    SyncException,
    utc_text,
)
from popup.store.notify import Topic, note

log = logging.getLogger(__name__)

#: What a forgotten loan's checkout and renewal records name instead of the patron's card: not
#: a card number of any format (letters and dashes; a temporary card is ``T<hex>-<digits>``).
UNLINKED_CARD = "returned-patron-forgotten"

#: Kinds whose payloads name a loan (an undo names its target's).
_LOAN_KINDS = (Kind.CHECKOUT.value, Kind.CHECKIN.value, Kind.RENEW.value, Kind.UNDO.value)
_CHUNK = 500  # under SQLite's bound-parameter limit
#: Records :func:`forget_attendees` and :func:`forget_payments` change per transaction.
BATCH = 500

#: What a forgotten attendance scan names instead of the card, followed by its mutation id: no
#: card number of any format, and one per scan on every laptop, as the store and the server
#: count one scan per card per event.
FORGOTTEN_ATTENDEE = "attendee-forgotten-"
#: How long an acknowledged attendance scan or payment keeps its card: the day of a stop and
#: an event past midnight are over by then, whatever the time zone or a clock change.
KEEP_FOR = timedelta(hours=24)
#: What a forgotten payment or waiver names instead of the card (no card number of any format).
FORGOTTEN_PAYER = "payer-forgotten"


def zero_freed_space(session: Session) -> None:
    """Have SQLite zero what deleted or rewritten rows leave behind (this connection), so a
    forgotten link is not left readable in the file's free space."""
    session.connection().exec_driver_sql("PRAGMA secure_delete = ON")


def _loans_named(
    stored: Iterable[tuple[int, str, str]], fields: tuple[str, ...] = ("loan_id", "closed_loan_id")
) -> tuple[set[str], list[str]]:
    """The loan ids the given ``(seq, kind, payload)`` records name in ``fields``, and the
    mutation ids of the undos among them (whose targets name the loans)."""
    loans: set[str] = set()
    targets: list[str] = []
    for seq, kind, stored_text in stored:
        try:
            payload = outbox.payload_of(kind, stored_text)
        except (PayloadError, ValueError):
            log.warning("outbox action %s: payload unreadable; its loan stays linked", seq)
            continue
        if isinstance(payload, Undo):
            targets.append(payload.target_mutation_id)
            continue
        for name in fields:
            value = getattr(payload, name, None)
            if isinstance(value, str):
                loans.add(value)
    return loans, targets


def _loans_of(
    session: Session,
    *where: ColumnElement[bool],
    fields: tuple[str, ...] = ("loan_id", "closed_loan_id"),
) -> set[str]:
    query = select(OutboxEntry.seq, OutboxEntry.kind, OutboxEntry.payload).where(
        OutboxEntry.kind.in_(_LOAN_KINDS), *where
    )
    loans, targets = _loans_named(((s, k, p) for s, k, p in session.execute(query)), fields)
    if targets:
        more, _ = _loans_named(
            (
                (s, k, p)
                for s, k, p in session.execute(
                    select(OutboxEntry.seq, OutboxEntry.kind, OutboxEntry.payload).where(
                        OutboxEntry.mutation_id.in_(targets)
                    )
                )
            ),
            fields,
        )
        loans |= more
    return loans


def still_needed(session: Session) -> set[str]:
    """Loans whose patron the laptop must keep knowing, whatever the server has."""
    needed = _loans_of(session, OutboxEntry.state == outbox.PENDING)
    newest = session.execute(
        select(OutboxEntry.seq, OutboxEntry.kind, OutboxEntry.payload, OutboxEntry.undone_by)
        .where(OutboxEntry.kind.in_([k.value for k in UNDOABLE]))
        .order_by(OutboxEntry.seq.desc())
        .limit(1)
    ).first()
    if newest is not None and newest.undone_by is None:  # what Ctrl+Z would take back now
        loans, _ = _loans_named([(newest.seq, newest.kind, newest.payload)])
        needed |= loans
    open_about = [
        m
        for m in session.scalars(
            select(SyncException.mutation_id).where(
                SyncException.resolved_at.is_(None), SyncException.mutation_id.is_not(None)
            )
        )
        if m
    ]
    for start in range(0, len(open_about), _CHUNK):
        chunk = open_about[start : start + _CHUNK]
        # The inbox names the patron of the action's own loan (a return's, through the loan
        # row); a hand-over's closed loan was someone else's and is not named there.
        needed |= _loans_of(session, OutboxEntry.mutation_id.in_(chunk), fields=("loan_id",))
    return needed


def forget_returned(session: Session) -> int:
    """Unlink every returned loan nothing needs any more (see the module's docstring), inside
    the caller's transaction; returns how many loans were unlinked."""
    candidates = set(
        session.scalars(
            select(Loan.id).where(
                Loan.returned_at.is_not(None), Loan.patron_id.is_not(None), Loan.synced.is_(True)
            )
        )
    )
    if not candidates:
        return 0
    forget = sorted(candidates - still_needed(session))
    if not forget:
        return 0
    zero_freed_space(session)
    for start in range(0, len(forget), _CHUNK):
        chunk = forget[start : start + _CHUNK]
        _unlink_records(session, chunk)
        session.execute(update(Loan).where(Loan.id.in_(chunk)).values(patron_id=None))
    note(session, Topic.CIRCULATION, Topic.OUTBOX)
    return len(forget)


#: Acknowledged checkout and renewal records that still name a card although the laptop has no
#: loan of theirs left that knows its patron: a fresh snapshot swept the returned loan away, or
#: a store from before revision 0009 forgot nothing yet. Not those an open exception is about.
#: Plain SQL, shared in spirit with migration 0009 (which may not import this module).
ORPHANS_SQL = (
    "UPDATE outbox SET payload = json_set(payload, '$.patron_card', :unlinked,"
    " '$.override_reason', json('null'))"
    " WHERE kind IN ('checkout', 'renew') AND state = 'acked'"
    " AND CASE WHEN json_valid(payload) THEN json_extract(payload, '$.patron_card') END"
    " != :unlinked"
    " AND CASE WHEN json_valid(payload) THEN json_extract(payload, '$.loan_id') END NOT IN"
    " (SELECT id FROM loans WHERE patron_id IS NOT NULL)"
    " AND mutation_id NOT IN (SELECT mutation_id FROM sync_exceptions"
    " WHERE resolved_at IS NULL AND mutation_id IS NOT NULL)"
)


def forget_orphans(session: Session) -> int:
    """Unlink the records of :data:`ORPHANS_SQL` (a whole-outbox scan: called after a fresh
    snapshot's sweep, not at every pass); returns how many. A loan still needed is never
    missing or unlinked, so no record of one is touched."""
    zero_freed_space(session)
    changed = session.execute(text(ORPHANS_SQL), {"unlinked": UNLINKED_CARD})
    count = int(getattr(changed, "rowcount", 0) or 0)
    if count:
        note(session, Topic.OUTBOX)
    return count


#: The records naming a loan's patron, through the index made for it (0009): SQLite's planner
#: would rather take the index on ``kind`` and read the JSON of every checkout ever made.
_BY_LOAN = text(
    "SELECT seq, kind, payload, mutation_id FROM outbox INDEXED BY outbox_by_loan"
    " WHERE kind IN ('checkout', 'renew') AND json_valid(payload)"
    " AND json_extract(payload, '$.loan_id') IN :loans"
    " AND json_extract(payload, '$.patron_card') != :unlinked"
).bindparams(bindparam("loans", expanding=True))


def _unlink_records(session: Session, loan_ids: list[str]) -> None:
    """The checkout and renewal records of ``loan_ids`` stop naming the patron (a few
    statements for the whole batch: one per record cost ~4 ms each on a busy laptop)."""
    rows = session.execute(_BY_LOAN, {"loans": loan_ids, "unlinked": UNLINKED_CARD}).all()
    if not rows:
        return
    payloads: list[dict[str, object]] = []
    cards: dict[int, str] = {}  # seq -> the card it named
    about: dict[str, str] = {}  # mutation id -> the card it named
    holds: list[str] = []
    for seq, kind, stored, mutation_id in rows:
        try:
            payload = outbox.payload_of(kind, stored)
        except (PayloadError, ValueError):
            log.warning("outbox action %s: payload unreadable; left as it is", seq)
            continue
        assert isinstance(payload, Checkout | Renew)
        cards[seq] = about[mutation_id] = payload.patron_card
        unlinked = replace(payload, patron_card=UNLINKED_CARD, override_reason=None)
        payloads.append({"b_seq": seq, "b_payload": outbox.dumps(unlinked)})
        if isinstance(payload, Checkout) and payload.hold_id is not None:
            holds.append(payload.hold_id)
    if not payloads:
        return
    _rewrite(session, payloads)
    if holds:
        # Filled at this pickup; the server's copy comes down as a delete anyway.
        session.execute(
            delete(Hold).where(Hold.id.in_(holds), Hold.status == HoldStatus.FILLED.value)
        )
    _scrub_words(session, cards, about)


def _rewrite(session: Session, payloads: list[dict[str, object]]) -> None:
    """Keep each record's new payload (``b_seq``, ``b_payload``), in one statement."""
    entries = cast(Table, OutboxEntry.__table__)
    session.execute(
        update(entries)
        .where(entries.c.seq == bindparam("b_seq"))
        .values(payload=bindparam("b_payload")),
        payloads,
    )


def _scrub_words(
    session: Session,
    cards: dict[int, str],
    about: dict[str, str],
    instead: Callable[[str], str] = lambda _card: UNLINKED_CARD,
) -> None:
    """The server's outcomes of the records ``cards`` (seq -> card) and the inbox rows about
    ``about`` (mutation id -> card) stop quoting those cards (``instead(card)`` in their
    place)."""
    outcomes = [
        {"b_seq": seq, "b_outcome": outcome.replace(cards[seq], instead(cards[seq]))}
        for seq, outcome in session.execute(
            select(OutboxEntry.seq, OutboxEntry.outcome).where(OutboxEntry.seq.in_(list(cards)))
        )
        if outcome and cards[seq] in outcome
    ]
    if outcomes:
        entries = cast(Table, OutboxEntry.__table__)
        session.execute(
            update(entries)
            .where(entries.c.seq == bindparam("b_seq"))
            .values(outcome=bindparam("b_outcome")),
            outcomes,
        )
    changed = []
    for row_id, mutation_id, message, detail in session.execute(
        select(
            SyncException.id, SyncException.mutation_id, SyncException.message, SyncException.detail
        ).where(SyncException.mutation_id.in_(list(about)))
    ):
        card = about[str(mutation_id)]
        if card in message or (detail and card in detail):
            changed.append(
                {
                    "b_id": row_id,
                    "b_message": message.replace(card, instead(card)),
                    "b_detail": detail.replace(card, instead(card)) if detail else detail,
                }
            )
    if changed:
        table = cast(Table, SyncException.__table__)
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(message=bindparam("b_message"), detail=bindparam("b_detail")),
            changed,
        )
        note(session, Topic.INBOX)


#: What an exception still open in the inbox is about: kept whole until staff mark it done.
_OPEN_ABOUT = (
    "SELECT mutation_id FROM sync_exceptions WHERE resolved_at IS NULL AND mutation_id IS NOT NULL"
)

#: The attendance scans to forget, at most ``:limit`` (the module's docstring). SQLite left
#: to itself reads every acknowledged record by its state; written out, the query reads the
#: partial index of the scans still naming a card (0011: the last day's and those waiting,
#: its WHERE repeated word for word so that it applies) and finds each one's record by its
#: unique mutation id (CROSS JOIN: SQLite keeps that order). tests/popup/store/test_forget.py
#: checks the plan.
ATTENDEES_SQL = (
    "SELECT a.id, o.seq, o.mutation_id, o.payload"
    " FROM attendance AS a INDEXED BY attendance_to_forget CROSS JOIN outbox AS o"
    f" WHERE a.patron_card IS NOT NULL AND a.patron_card NOT LIKE '{FORGOTTEN_ATTENDEE}%'"
    " AND a.counted_at < :before AND o.mutation_id = a.mutation_id"
    f" AND o.kind = '{Kind.ATTENDANCE_SCAN.value}' AND o.state = '{outbox.ACKED}'"
    f" AND o.mutation_id NOT IN ({_OPEN_ABOUT})"
    " LIMIT :limit"
)

#: A payment record still naming its payer, as the partial index of 0011 has it.
_PAYER_NAMED = (
    f"kind = '{Kind.PAYMENT.value}' AND json_valid(payload)"
    f" AND json_extract(payload, '$.patron_card') != '{FORGOTTEN_PAYER}'"
)
#: The payments to forget, at most ``:limit``: from the partial index of the records still
#: naming their payer (0011), never every acknowledged record (the plan is checked too).
PAYMENTS_SQL = (
    "SELECT seq, mutation_id, json_extract(payload, '$.patron_card')"
    f" FROM outbox INDEXED BY payments_to_forget WHERE {_PAYER_NAMED}"
    f" AND client_time < :before AND state = '{outbox.ACKED}'"
    f" AND mutation_id NOT IN ({_OPEN_ABOUT})"
    " LIMIT :limit"
)
#: A payment forgets its payer: the card and the note staff typed, in SQL (no parsing: a
#: record the app could not read is forgotten too, never read again and again).
_FORGET_PAYER = text(
    "UPDATE outbox SET payload = json_set(payload, '$.patron_card', :forgotten,"
    " '$.note', json('null')) WHERE seq = :seq"
)


def _due(session: Session, sql: str, now: datetime, limit: int) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` (:data:`ATTENDEES_SQL`, :data:`PAYMENTS_SQL`) more than
    :data:`KEEP_FOR` before ``now``, at most ``limit``; with some, SQLite is told to zero what
    the caller's changes free."""
    before = utc_text(now - KEEP_FOR)  # as the store keeps times (UTCDateTime)
    rows = [tuple(row) for row in session.execute(text(sql), {"before": before, "limit": limit})]
    if rows:
        zero_freed_space(session)
    return rows


def forget_attendees(session: Session, now: datetime, limit: int = BATCH) -> int:
    """Unlink at most ``limit`` attendance scans nothing needs any more (the module's
    docstring: acknowledged, counted more than :data:`KEEP_FOR` before ``now``, no open
    exception about them), inside the caller's transaction; returns how many."""
    rows = _due(session, ATTENDEES_SQL, now, limit)
    if not rows:
        return 0
    marks: list[dict[str, object]] = []
    payloads: list[dict[str, object]] = []
    cards: dict[int, str] = {}  # seq -> the card it named
    about: dict[str, str] = {}  # mutation id -> the card it named
    for row_id, seq, mutation_id, stored in rows:
        mark = f"{FORGOTTEN_ATTENDEE}{mutation_id}"
        marks.append({"b_id": row_id, "b_card": mark})
        try:
            payload = outbox.payload_of(Kind.ATTENDANCE_SCAN.value, stored)
        except (PayloadError, ValueError):
            # The row forgets its card all the same, so it is not read again.
            log.warning("outbox action %s: payload unreadable; its card is left there", seq)
            continue
        assert isinstance(payload, AttendanceScan)
        cards[seq] = about[mutation_id] = payload.patron_card
        payloads.append(
            {"b_seq": seq, "b_payload": outbox.dumps(replace(payload, patron_card=mark))}
        )
    attendance = cast(Table, Attendance.__table__)
    session.execute(
        update(attendance)
        .where(attendance.c.id == bindparam("b_id"))
        .values(patron_card=bindparam("b_card")),
        marks,
    )
    if payloads:
        _rewrite(session, payloads)
        # The server's words lose the card too (one placeholder: they are only text).
        _scrub_words(session, cards, about, instead=lambda _card: FORGOTTEN_ATTENDEE[:-1])
    note(session, Topic.EVENTS, Topic.OUTBOX)
    return len(rows)


def forget_payments(session: Session, now: datetime, limit: int = BATCH) -> int:
    """Unlink at most ``limit`` payments and waivers nothing needs any more (the module's
    docstring: acknowledged, made more than :data:`KEEP_FOR` before ``now``, no open
    exception about them), inside the caller's transaction; returns how many."""
    rows = _due(session, PAYMENTS_SQL, now, limit)
    if not rows:
        return 0
    session.execute(
        _FORGET_PAYER, [{"seq": seq, "forgotten": FORGOTTEN_PAYER} for seq, _m, _c in rows]
    )
    cards = {seq: str(card) for seq, _m, card in rows if card}
    about = {str(m): str(card) for _s, m, card in rows if card}
    _scrub_words(session, cards, about, instead=lambda _card: FORGOTTEN_PAYER)
    note(session, Topic.OUTBOX)
    return len(rows)


def is_forgotten_payer(card: str | None) -> bool:
    """Whether a payment record's card is the forgotten payer's placeholder."""
    return card == FORGOTTEN_PAYER


def is_forgotten_attendee(card: str | None) -> bool:
    """Whether an attendance record's card is a forgotten attendee's placeholder."""
    return card is not None and card.startswith(FORGOTTEN_ATTENDEE)


def is_unlinked(card: str | None) -> bool:
    """Whether a record's card is the forgotten patron's placeholder."""
    return card == UNLINKED_CARD


def is_forgotten(card: str | None) -> bool:
    """Whether a record's card is any of the placeholders above: no patron to name."""
    return is_unlinked(card) or is_forgotten_payer(card) or is_forgotten_attendee(card)


__all__ = [
    "ATTENDEES_SQL",
    "BATCH",
    "FORGOTTEN_ATTENDEE",
    "FORGOTTEN_PAYER",
    "KEEP_FOR",
    "ORPHANS_SQL",
    "PAYMENTS_SQL",
    "UNLINKED_CARD",
    "forget_attendees",
    "forget_orphans",
    "forget_payments",
    "forget_returned",
    "is_forgotten",
    "is_forgotten_attendee",
    "is_forgotten_payer",
    "is_unlinked",
    "still_needed",
    "zero_freed_space",
]
