"""One library's bridge: its ledger rows, in order, become SIP2 requests to its ILS.

Store-and-forward: every action already happened at a stop, so checkout (11), checkin (09) and
renew (29) go with *no block* = Y and the action's own time; a checkout carries the due date the
desk gave (nb due date). A payment goes as fee paid (37) with the payment's id as transaction
id. SIP2 has no waiver and no undo: those open an exception for staff to do in the ILS.

Exactly once, or flagged: a row is marked ``sent`` (committed) before its request goes out.
A row found ``sent`` — the bridge crashed, or the answer was lost — is checked before anything
is sent again: item information (17) says whether the item is charged, patron information (63)
whether to this patron; a renewal is checked by the item's due date. Only an action the ILS
shows as not done is sent again; one it cannot tell about (a payment: SIP2 cannot look one up)
becomes ``unknown`` with an exception, so nothing is ever lent or paid twice by the bridge.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from popup.domain import settings as declared
from popup.domain.due_dates import zone_named
from popup.domain.messages import format_money
from popup.domain.payments import PaymentMethod
from popup.domain.protocol import actions
from popup.domain.protocol.actions import Kind, PayloadError, parse_payload
from popup.domain.protocol.entities import Entity
from popup.domain.protocol.envelopes import OutcomeCode
from popup_sync import changes, crud, library_settings
from popup_sync.bridge import lease, ledger
from popup_sync.bridge.ledger import State
from popup_sync.bridge.sip2 import (
    Answer,
    AnswerLost,
    Connection,
    Endpoint,
    Sip2Error,
    parse_sip_date,
    sip_date,
    sip_due,
)
from popup_sync.core.config import Sip2Library
from popup_sync.core.db import Database, is_transient
from popup_sync.models import Sip2Delivery

log = logging.getLogger("popup_sync.bridge")

#: Exception codes the bridge opens (the laptops show the server's message for them).
REFUSED = OutcomeCode.ILS_REFUSED.value
ANSWER_LOST = OutcomeCode.ILS_ANSWER_LOST.value
BY_HAND = OutcomeCode.ILS_BY_HAND.value

#: A row whose answer was lost this many times is given up as ``unknown`` (an ILS that drops
#: the connection on this one message must not hold the library's queue for ever).
MAX_ATTEMPTS = 5

#: The bridge writes its last contact with the ILS at most this often (the console shows it to
#: the minute; one small write per library and interval, not one per message).
CONTACT_EVERY = 30.0

#: Patron status flags (63's first 14 characters) that stop lending, and how they read.
BLOCK_FLAGS = {0: "charge privileges denied", 4: "card reported lost"}
ILS_BLOCK_PREFIX = "ILS: "

_PAYMENT_TYPE = {PaymentMethod.CASH: "00", PaymentMethod.CARD: "02", PaymentMethod.OTHER: "00"}


class Verdict(enum.Enum):
    DONE = "done"
    NOT_DONE = "not done"
    CANNOT_TELL = "cannot tell"


@dataclass(frozen=True)
class Request:
    command: str
    fixed: str
    fields: list[tuple[str, str]]
    #: Whether an answer says the ILS did it.
    accepted: Callable[[Answer], bool]
    #: What the action was, for staff: "checkout of item 3112… to card 2112… at 14:03".
    described: str


@dataclass(frozen=True)
class Final:
    """An action the bridge does not send: its final state, and the exception it opens."""

    state: State
    message: str
    code: str | None = None


def _ok(answer: Answer) -> bool:
    return answer.fixed[:1] == "1"


def _paid(answer: Answer) -> bool:
    return answer.fixed[:1] == "Y"


class LibraryBridge:
    """The bridge of one library: its queue, its ILS connection and its patron refreshes."""

    def __init__(
        self,
        db: Database,
        code: str,
        config: Sip2Library,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.db = db
        self.code = code
        self.config = config
        self.clock = clock
        with db.read() as session:
            library = crud.get_library(session=session, code=code)
            self.library_id = library.id
            self.zone: tzinfo | None = zone_named(
                library_settings.values(library)[declared.TIMEZONE]
            )
        self.institution = config.institution or code
        self.location = config.location_code or code
        self.connection = Connection(
            Endpoint(
                host=config.host,
                port=config.port,
                tls=config.tls,
                tls_ca_file=config.tls_ca_file,
                tls_server_name=config.tls_server_name,
                timeout=config.timeout_seconds,
                encoding=config.encoding,
                error_detection=config.error_detection,
                retries=config.retries,
                login_user=config.login_user,
                login_password=config.login_password.get_secret_value(),
                location_code=self.location,
            )
        )
        #: The ledger state of the action the current undo undid (None: never forwarded).
        self._undone_state: State | None = None
        #: Card numbers as actions gave them -> the patron's card now (for this pass).
        self._cards: dict[str, str] = {}
        #: The newest action taken in (the next passes look back ``LATE_COMMIT`` from it).
        self._newest: datetime | None = None
        #: Outcomes not committed yet (see :meth:`_write`), and the last row they settled.
        self._deferred: list[Callable[[Session], object]] = []
        self._settled_up_to = 0
        self._uncommitted: dict[str, State] = {}
        #: Patrons in actions forwarded since their last refresh (cards).
        self.seen: set[str] = set()
        self.forwarded = 0
        #: What the console's bridge page was last told (see :meth:`_note_contact`): when
        #: (monotonic), the connection's last answer then, and whether it was an error.
        self._noted_at = -CONTACT_EVERY
        self._noted_answer = 0.0
        self._noted_error: str | None = None

    # -- the loop ---------------------------------------------------------------------------

    def run(self, stop: threading.Event, poll_seconds: float) -> None:
        """Forward until ``stop`` is set; a failure waits (doubling) and tries again.
        :class:`~popup_sync.bridge.lease.Busy` when another bridge has this library."""
        with lease.held(self.db, self.library_id, self.code):
            self._run(stop, poll_seconds)

    def _run(self, stop: threading.Event, poll_seconds: float) -> None:
        wait = self.config.retry_min_seconds
        while not stop.is_set():
            try:
                if not self.step_all(stop):
                    self.refresh_patrons()
                    self._note_contact()
                    self._close_if_idle()
                    stop.wait(poll_seconds)
                else:
                    self._note_contact()
                wait = self.config.retry_min_seconds
            except AnswerLost as exc:
                # One lost answer: reconnect at once; the row is checked before it is resent.
                log.warning("library %s: answer lost (%s); checking it", self.code, exc)
                self.connection.close()
                if stop.wait(min(wait, 0.2)):
                    break
                wait = min(wait * 2, self.config.retry_max_seconds)
            except Sip2Error as exc:
                log.warning(
                    "library %s: ILS unavailable (%s); retrying in %.0f s", self.code, exc, wait
                )
                self.connection.close()
                self._note_contact(error=str(exc))
                stop.wait(wait)
                wait = min(wait * 2, self.config.retry_max_seconds)
            except DBAPIError as exc:
                if not is_transient(exc):
                    raise
                log.warning("library %s: database unavailable; retrying in %.0f s", self.code, wait)
                stop.wait(wait)
                wait = min(wait * 2, self.config.retry_max_seconds)
        self.connection.close()

    def run_once(self) -> int:
        """Forward everything waiting now, refresh the patrons seen, and return how many
        actions reached a final state. :class:`Sip2Error` when the ILS cannot be reached."""
        before = self.forwarded
        with lease.held(self.db, self.library_id, self.code):
            try:
                self._drain()
            except Sip2Error as exc:
                self._note_contact(error=str(exc), now=True)
                raise
            self._note_contact(now=True)
        return self.forwarded - before

    def _note_contact(self, *, error: str | None = None, now: bool = False) -> None:
        """Tell the console when the ILS last answered, or why it could not be reached.

        Cheap: nothing is written unless the ILS answered since the last note (or an error is
        new), and then at most every :data:`CONTACT_EVERY` seconds, unless the news is that the
        ILS is back or newly failing (``now``: a one-off pass writes what it saw)."""
        moment = time.monotonic()
        answered = self.connection.last_used
        if error is None and answered <= self._noted_answer:
            return
        changed = (error is None) != (self._noted_error is None) or error != self._noted_error
        if not (now or changed or moment - self._noted_at >= CONTACT_EVERY):
            return
        at = self.clock()
        if error is None:
            # When the ILS last answered, not when this note is written.
            at -= timedelta(seconds=max(0.0, moment - answered))
        try:
            self.db.run_write(
                partial(ledger.record_contact, library_id=self.library_id, now=at, error=error)
            )
        except DBAPIError as exc:
            if not is_transient(exc):
                raise
            return  # a note for the console only: the next one will do
        self._noted_at, self._noted_error = moment, error
        if error is None:
            self._noted_answer = answered

    def _drain(self) -> None:
        lost = 0
        try:
            while True:
                try:
                    while self.step_all(None):
                        pass
                    self.refresh_patrons()
                    break
                except AnswerLost:
                    # Reconnect at once: the row left ``sent`` is checked before anything else.
                    lost += 1
                    if lost > MAX_ATTEMPTS * 2:
                        raise
        finally:
            self.connection.close()

    def step_all(self, stop: threading.Event | None) -> bool:
        """Take in new actions and forward every open one; whether there was any."""
        worked = False
        self._cards.clear()
        while self.db.run_write(self._enqueue):
            worked = True
        try:
            while stop is None or not stop.is_set():
                # The row, its action and its patron's card now: one read transaction.
                with self.db.read() as session:
                    row = ledger.next_open(session, self.library_id, after=self._settled_up_to)
                    if row is None:
                        break
                    applied = ledger.action_of(session, row)
                    try:
                        payload = parse_payload(applied.kind, applied.payload)
                    except PayloadError as exc:
                        session.expunge(row)
                        said = f"The bridge could not read this action ({exc}); not forwarded."
                        self._settle(row, State.BY_HAND, said, BY_HAND, said)
                        worked = True
                        continue
                    if isinstance(payload, actions.Undo):
                        target = payload.target_mutation_id
                        self._undone_state = self._uncommitted.get(target) or ledger.state_of(
                            session, self.library_id, target
                        )
                    card = getattr(payload, "patron_card", None)
                    if isinstance(card, str):
                        self._cards[card] = self._current_card(session, card)
                    session.expunge(row)
                self.forward(row, payload)
                worked = True
        finally:
            self._write(None)
        return worked

    def _write(self, work: Callable[[Session], None] | None) -> None:
        """Commit ``work`` together with the outcomes settled since the last commit.

        An outcome (confirmed, refused + its exception) is committed with the next row's
        ``sent`` mark, or when the queue is empty: one commit per action instead of two. A
        crash in between leaves the row ``sent``, so it is checked with the ILS at the next
        start, exactly as a lost answer is: nothing is sent twice.
        """
        deferred = self._deferred

        def run(session: Session) -> None:
            for settle in deferred:
                settle(session)
            if work is not None:
                work(session)

        if deferred or work is not None:
            self.db.run_write(run)
        self._deferred = []
        self._uncommitted = {}
        self._settled_up_to = 0

    def _enqueue(self, session: Session) -> int:
        since = self.config.forward_from
        if self._newest is not None:
            window = self._newest - ledger.LATE_COMMIT
            since = window if since is None else max(since, window)
        taken, newest = ledger.enqueue(session, self.library_id, since, self.clock())
        if newest is not None and (self._newest is None or newest > self._newest):
            self._newest = newest
        return taken

    def _close_if_idle(self) -> None:
        c = self.connection
        if c.open and time.monotonic() - c.last_used > self.config.idle_close_seconds:
            c.close()

    def _ensure_connected(self) -> None:
        if not self.connection.open:
            self.connection.connect()
            self.connection.last_used = time.monotonic()

    # -- one action -------------------------------------------------------------------------

    def forward(self, row: Sip2Delivery, payload: actions.Payload) -> None:
        """Bring one ledger row to a final state, or raise :class:`Sip2Error` leaving it
        ``sent`` (checked before anything is sent again) or ``pending``."""
        plan = self.plan(row, payload)
        if isinstance(plan, Final):
            self._settle(row, plan.state, plan.message, plan.code, plan.message)
            return
        if row.state == State.SENT:
            if row.attempts >= MAX_ATTEMPTS:
                said = (
                    f"The ILS never answered the {plan.described} ({row.attempts} tries); "
                    "check in the ILS whether it was recorded."
                )
                self._settle(row, State.UNKNOWN, said, ANSWER_LOST, said)
                return
            self._ensure_connected()
            verdict = self.verify(payload)
            if verdict is Verdict.DONE:
                self._settle(row, State.CONFIRMED, "confirmed by the ILS after a lost answer")
                return
            if verdict is Verdict.CANNOT_TELL:
                said = (
                    f"The answer to the {plan.described} was lost and the ILS cannot say "
                    "whether it was recorded; check it in the ILS (it was not sent again)."
                )
                self._settle(row, State.UNKNOWN, said, ANSWER_LOST, said)
                return
        self._ensure_connected()
        self._write(lambda s: ledger.mark_sent(s, row.id, self.clock()))
        row.attempts += 1
        try:
            answer = self.connection.request(plan.command, plan.fixed, plan.fields)
        except AnswerLost:
            row.state = State.SENT.value
            raise
        if answer.command != f"{int(plan.command) + 1:02d}":
            self.connection.close()  # not this request's answer: check it like a lost one
            raise AnswerLost(f"the ILS answered {plan.command} with {answer.command}")
        screen = answer.screen_message
        if plan.accepted(answer):
            self._settle(row, State.CONFIRMED, screen or None)
        else:
            said = f"The ILS refused the {plan.described}: {screen or 'no reason given'}."
            self._settle(row, State.REFUSED, screen or None, REFUSED, said, screen=screen)

    def _settle(
        self,
        row: Sip2Delivery,
        state: State,
        message: str | None,
        code: str | None = None,
        said: str = "",
        **detail: Any,
    ) -> None:
        exception = (code, said, {k: v for k, v in detail.items() if v}) if code else None
        moment = self.clock()
        self._deferred.append(
            lambda s: ledger.settle(s, row.id, state, moment, message=message, exception=exception)
        )
        self._settled_up_to = row.id
        self._uncommitted[row.mutation_id] = state
        self.forwarded += 1
        if row.patron_card and state in (State.CONFIRMED, State.REFUSED):
            self.seen.add(row.patron_card)
        log.info("library %s: delivery %d (%s) %s", self.code, row.id, row.kind, state.value)

    def _current_card(self, session: Session, card: str) -> str:
        """The patron's card number now (a temporary card replaced since is an alias)."""
        patron = crud.find_patron(session=session, library_id=self.library_id, card=card)
        return patron.card_number if patron is not None else card

    def _card(self, card: str) -> str:
        found = self._cards.get(card)
        if found is None:
            with self.db.read() as session:
                found = self._cards[card] = self._current_card(session, card)
        return found

    def plan(self, row: Sip2Delivery, payload: actions.Payload) -> Request | Final:
        """The request that forwards ``payload``, or why there is none."""
        ao, ac = ("AO", self.institution), ("AC", self.config.terminal_password)
        if isinstance(payload, actions.Checkout):
            card = self._card(payload.patron_card)
            when = sip_date(payload.out_at, self.zone)
            return Request(
                "11",
                "N" + "Y" + when + sip_due(payload.due_date),
                [ao, ("AA", card), ("AB", payload.item_barcode), ac, ("BO", "Y")],
                _ok,
                f"checkout of item {payload.item_barcode} to card {card} at {when.strip()}",
            )
        if isinstance(payload, actions.Checkin):
            when = sip_date(payload.returned_at, self.zone)
            return Request(
                "09",
                "Y" + when + when,
                [("AP", self.location), ao, ("AB", payload.item_barcode), ac],
                _ok,
                f"return of item {payload.item_barcode} at {when.strip()}",
            )
        if isinstance(payload, actions.Renew):
            card = self._card(payload.patron_card)
            when = sip_date(payload.renewed_at, self.zone)
            return Request(
                "29",
                "N" + "Y" + when + sip_due(payload.due_date),
                [ao, ("AA", card), ("AB", payload.item_barcode), ac],
                _ok,
                f"renewal of item {payload.item_barcode} for card {card} to {payload.due_date}",
            )
        if isinstance(payload, actions.Payment):
            amount = format_money(payload.amount_cents)
            if payload.waiver:
                return Final(
                    State.BY_HAND,
                    f"A waiver of {amount} for card {payload.patron_card} was made at the desk; "
                    "SIP2 cannot waive fines: waive it in the ILS.",
                    BY_HAND,
                )
            card = self._card(payload.patron_card)
            when = sip_date(payload.paid_at, self.zone)
            method = _PAYMENT_TYPE.get(payload.method or PaymentMethod.CASH, "00")
            return Request(
                "37",
                when + "01" + method + self.config.currency.upper(),
                [
                    ("BV", f"{Decimal(payload.amount_cents) / 100:.2f}"),
                    ao,
                    ("AA", card),
                    ac,
                    ("BK", payload.payment_id),
                ],
                _paid,
                f"payment of {amount} by card {card} at {when.strip()}",
            )
        if isinstance(payload, actions.Undo):
            reached = self._undone_state in (State.CONFIRMED, State.UNKNOWN, State.SENT)
            if reached and payload.target_kind in (
                Kind.CHECKOUT,
                Kind.CHECKIN,
                Kind.RENEW,
                Kind.PAYMENT,
            ):
                return Final(
                    State.BY_HAND,
                    f"A {payload.target_kind.value} forwarded to the ILS was undone at the desk "
                    f"(action {payload.target_mutation_id}); SIP2 cannot undo it: undo it in "
                    "the ILS.",
                    BY_HAND,
                )
            return Final(State.SKIPPED, "nothing of it is in the ILS")
        return Final(State.SKIPPED, "not forwarded")

    # -- a lost answer ----------------------------------------------------------------------

    def verify(self, payload: actions.Payload) -> Verdict:
        """Whether the ILS did ``payload`` (its answer was lost), from what it says now."""
        if isinstance(payload, actions.Checkout):
            item = self._item(payload.item_barcode)
            if item.fixed[:2] != "04":  # not charged
                return Verdict.NOT_DONE
            patron = self._patron(self._card(payload.patron_card), charged=True)
            if payload.item_barcode in patron.all("AU"):
                return Verdict.DONE
            charged = patron.fixed[43:47].strip()  # charged items count
            return (
                Verdict.CANNOT_TELL
                if not patron.all("AU") and charged not in ("", "0000")
                else Verdict.NOT_DONE
            )
        if isinstance(payload, actions.Checkin):
            item = self._item(payload.item_barcode)
            return Verdict.NOT_DONE if item.fixed[:2] == "04" else Verdict.DONE
        if isinstance(payload, actions.Renew):
            due = parse_sip_date(self._item(payload.item_barcode).get("AH"))
            if due is None:
                return Verdict.CANNOT_TELL
            return Verdict.DONE if due == payload.due_date else Verdict.NOT_DONE
        return Verdict.CANNOT_TELL  # a payment: SIP2 has no way to look one up

    def _item(self, barcode: str) -> Answer:
        answer = self.connection.request(
            "17",
            sip_date(self.clock(), self.zone),
            [("AO", self.institution), ("AB", barcode), ("AC", self.config.terminal_password)],
        )
        if answer.command != "18":
            raise AnswerLost(f"item information answered {answer.command}")
        return answer

    def _patron(self, card: str, *, charged: bool = False) -> Answer:
        summary = ("  Y" if charged else "").ljust(10)
        answer = self.connection.request(
            "63",
            "001" + sip_date(self.clock(), self.zone) + summary,
            [("AO", self.institution), ("AA", card), ("AC", self.config.terminal_password)],
        )
        if answer.command != "64":
            raise AnswerLost(f"patron information answered {answer.command}")
        return answer

    # -- patrons seen at stops --------------------------------------------------------------

    def refresh_patrons(self) -> int:
        """Patron information (63) for the patrons of forwarded actions whose actions have all
        reached the ILS: its blocks and fines replace the server's (a staff block the server
        set itself is kept). Returns how many patron rows changed."""
        if not self.config.refresh_patrons or not self.seen:
            self.seen.clear()
            return 0
        with self.db.read() as session:
            waiting = ledger.open_cards(session, self.library_id, self.seen)
        changed = 0
        for card in sorted(self.seen - waiting):
            self._ensure_connected()
            answer = self._patron(card)
            if self.db.run_write(partial(self._apply_patron, card=card, answer=answer)):
                changed += 1
            self.seen.discard(card)
        return changed

    def _apply_patron(self, session: Session, *, card: str, answer: Answer) -> bool:
        patron = crud.find_patron(session=session, library_id=self.library_id, card=card)
        if patron is None or answer.get("BL") == "N":
            return False  # not a patron the ILS knows: nothing to learn from it
        before = (patron.fines_owed_cents, patron.manual_block, patron.block_reason)
        fee = answer.get("BV").strip()
        if fee:
            try:
                patron.fines_owed_cents = int((Decimal(fee) * 100).to_integral_value())
            except InvalidOperation:
                log.warning("library %s: the ILS sent an unreadable fee amount", self.code)
        flags = answer.fixed[:14]
        reasons = [said for at, said in BLOCK_FLAGS.items() if flags[at : at + 1] == "Y"]
        ours = patron.block_reason is not None and patron.block_reason.startswith(ILS_BLOCK_PREFIX)
        if reasons and (not patron.manual_block or ours):
            patron.manual_block = True
            patron.block_reason = ILS_BLOCK_PREFIX + ", ".join(reasons)
        elif not reasons and patron.manual_block and ours:
            patron.manual_block = False
            patron.block_reason = None
        if (patron.fines_owed_cents, patron.manual_block, patron.block_reason) == before:
            return False
        changes.record(session, self.library_id, Entity.PATRON, patron.card_number)
        return True
