"""The circulation desk: checkout, return, renew, in-house use and undo over one store.

Each action is one store transaction that reads the current state, asks the shared rules in
:mod:`popup.domain.circulation` for a verdict, writes the business rows and appends the outbox
record with its typed payload. Nothing is written when a method raises.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from popup.domain import circulation as rules
from popup.domain import payments
from popup.domain.blocks import patron_blocks
from popup.domain.circulation import ClosedReason, ItemStatus, handover_reason, item_state
from popup.domain.circulation import loan_state as state_of
from popup.domain.concerns import Concern, specifics
from popup.domain.due_dates import local_date
from popup.domain.holds import HoldState, HoldStatus, pick_list, ready_for, waiting_for
from popup.domain.payments import PaymentMethod
from popup.domain.protocol.actions import Checkin, Checkout, InHouseUse, Payment, Renew
from popup.domain.staff import Capability, display_name
from popup.store import outbox
from popup.store.circulation import lookups as db
from popup.store.circulation import undo
from popup.store.circulation.errors import (
    CheckoutResult,
    DeskError,
    HoldView,
    InHouseResult,
    LoanView,
    NeedsOverride,
    NotDueToMove,
    NotOnLoan,
    OnLoanToSomeone,
    PatronView,
    PaymentResult,
    PickEntry,
    Problem,
    RenewResult,
    ReturnResult,
    UndoResult,
)
from popup.store.circulation.errors import (
    override_reason as checked_reason,
)
from popup.store.library import LibraryConfig, StoreService
from popup.store.models import Item, Loan, Patron
from popup.store.staff import Actor, Approval, NotAllowed

#: The variant of a block's concern a volunteer sees: "Please ask a staff member." (no amounts).
ASK_STAFF = "ask_staff"


def ask_staff(blocks: list[Concern]) -> list[Concern]:
    """The blocks as a volunteer sees them: one "ask staff" line naming no amount or reason."""
    return [Concern(blocks[0].code, variant=ASK_STAFF)] if blocks else []


class Desk(StoreService):
    """Circulation over one store. Not thread-safe: use it from one thread at a time."""

    @staticmethod
    def _policy(cfg: LibraryConfig, now: datetime) -> dict[str, Any]:
        """What the checkout and renewal rules read besides the patron, item and loans."""
        return {
            "rules": cfg.rules,
            "policy": cfg.policy,
            "calendar": cfg.calendar,
            "now": now,
            "zone": cfg.zone,
        }

    # -- lookups -----------------------------------------------------------------------------

    def _open_loans_of(self, session: Session, patron_id: int) -> list[Loan]:
        return list(
            session.scalars(
                select(Loan)
                .options(joinedload(Loan.item))
                .where(Loan.patron_id == patron_id, Loan.returned_at.is_(None))
                .order_by(Loan.due_date, Loan.out_at)
            )
        )

    def find_patron(self, scanned: str) -> PatronView:
        """The patron panel's contents for a scanned card (QR payload or bare number); limited
        (see :attr:`PatronView.limited`) for someone who may not see loans (a volunteer)."""
        actor = self.require(Capability.CARD_SCAN)
        with self.store.read() as session:
            patron = db.find_patron(session, scanned, self.config.card_format, self.config.zone)
            if not actor.may(Capability.SEE_LOANS):
                return self._limited_view(session, patron)
            return self._view(session, patron)

    def _limited_view(self, session: Session, patron: db.PatronRecord) -> PatronView:
        today = local_date(self.clock(), self.config.zone)
        return PatronView(
            card_number=patron.state.card_number,
            name=display_name(patron.state.name),
            category=patron.state.category,
            card_expiry=None,
            fines_owed_cents=0,
            temporary=patron.temporary,
            blocks=ask_staff(patron_blocks(patron.state, self.config.policy, today)),
            loans=[],
            limited=True,
            items_out=len(db.open_loans_of_patron(session, patron.id)),
        )

    def _view(self, session: Session, patron: db.PatronRecord) -> PatronView:
        today = local_date(self.clock(), self.config.zone)
        loans = [
            LoanView(
                loan_id=loan.id,
                barcode=loan.item.barcode,
                title=loan.item.title,
                due=loan.due_date,
                renewals=loan.renewals,
                overdue=today > loan.due_date,
            )
            for loan in self._open_loans_of(session, patron.id)
        ]
        ready = ready_for(
            db.holds_of(session, patron.state.card_number), patron.state.card_number, today
        )
        return PatronView(
            holds_ready=self._hold_views(session, ready),
            card_number=patron.state.card_number,
            name=patron.state.name,
            category=patron.state.category,
            card_expiry=patron.state.card_expiry,
            fines_owed_cents=patron.state.fines_owed_cents,
            temporary=patron.temporary,
            blocks=patron_blocks(patron.state, self.config.policy, today),
            loans=loans,
            items_out=len(loans),
        )

    def _hold_views(self, sql: db.Db, holds: list[HoldState]) -> list[HoldView]:
        names = db.patron_names(sql, sorted({h.patron_card for h in holds}))
        stops = db.stop_names(sql) if any(h.stop_id for h in holds) else {}
        return [
            HoldView(
                hold_id=h.id,
                title=h.title,
                barcode=h.item_barcode,
                expires_on=h.expires_on,
                patron_initials=rules.initials(names.get(h.patron_card, "")),
                card_tail=rules.card_tail(h.patron_card),
                stop_id=h.stop_id,
                stop_name=stops.get(h.stop_id) if h.stop_id else None,
                pickup=h.pickup,
            )
            for h in holds
        ]

    def item_title(self, scanned: str) -> str:
        self.signed_in()
        with self.store.read() as session:
            return str(db.find_item(session, scanned, self.config.card_format).title)

    # -- actions -----------------------------------------------------------------------------

    @staticmethod
    def _override(
        actor: Actor, override_reason: str | None, approval: Approval | None
    ) -> tuple[str | None, str | None]:
        """The override's reason and who approved it: a staff member's own reason, or the
        reason of another staff member's :class:`Approval` (their PIN, typed at this desk).
        Without either, someone who may not override (a volunteer) is refused."""
        if approval is not None:
            return checked_reason(approval.reason), approval.approver.staff_id
        if override_reason is not None and not actor.may(Capability.OVERRIDE):
            raise NotAllowed(Capability.OVERRIDE, actor.role)
        return checked_reason(override_reason), None

    def checkout(
        self,
        patron_card: str,
        item_scan: str,
        override_reason: str | None = None,
        *,
        approval: Approval | None = None,
        found_by_lookup: bool = False,
    ) -> CheckoutResult:
        """Lend an item; ``found_by_lookup``: the patron was found by name (no card).

        An override needs :attr:`Capability.OVERRIDE` (``override_reason``) or a staff member's
        ``approval`` (its reason is the override's, its approver goes in the outbox record)."""
        actor = self.require(Capability.CHECKOUT)
        if found_by_lookup:
            self.require(Capability.LOOKUP)
        reason, approved_by = self._override(actor, override_reason, approval)
        cfg = self.config
        now = self.clock()
        with self.store.write() as sql:
            patron = db.find_patron(sql, patron_card, cfg.card_format)
            item = db.find_item(sql, item_scan, cfg.card_format)
            other = db.open_loan_of_item(sql, item.id)
            holds = db.holds_meeting(sql, patron.state.card_number, item.barcode, item.title)
            assessment = rules.assess_checkout(
                holds=holds,
                patron=patron.state,
                item=item_state(item),
                item_open_loan=state_of(other) if other else None,
                patron_open_loans=[
                    state_of(loan) for loan in db.open_loans_of_patron(sql, patron.id)
                ],
                **self._policy(cfg, now),
            )
            if assessment.needs_override and reason is None:
                raise NeedsOverride(
                    assessment.concerns, f"{item.title} ({item.barcode})", item.barcode
                )
            if other is not None:
                # Closed before the insert: the open-loan index allows one open loan per item.
                db.close_loan(sql, other.id, now, handover_reason(other.patron_id == patron.id))
            loan_id = str(uuid.uuid4())
            db.insert_loan(sql, loan_id, patron.id, item.id, now, assessment.due)
            db.set_item_status(sql, item.id, ItemStatus.ON_LOAN)
            filled = assessment.fills_hold
            if filled is not None:
                db.set_hold(sql, filled.id, HoldStatus.FILLED)
            entry = outbox.append(
                sql,
                Checkout(
                    loan_id=loan_id,
                    patron_card=patron.state.card_number,
                    item_barcode=item.barcode,
                    out_at=now,
                    due_date=assessment.due,
                    override_reason=reason,
                    concerns=tuple(c.code.value for c in assessment.concerns),
                    closed_loan_id=other.id if other else None,
                    hold_id=filled.id if filled else None,
                    found_by_lookup=found_by_lookup,
                ),
                now,
                approved_by=approved_by,
            )
            return CheckoutResult(
                filled_hold=self._hold_views(sql, [filled])[0] if filled else None,
                seq=entry.seq,
                loan_id=loan_id,
                barcode=item.barcode,
                title=item.title,
                due=assessment.due,
                concerns=assessment.concerns,
                override_reason=reason,
            )

    def _sees_loans(self) -> bool:
        actor = self.store.actor
        return actor is not None and actor.may(Capability.SEE_LOANS)

    def checkin(self, item_scan: str) -> ReturnResult:
        self.require(Capability.CHECKIN)
        with self.store.write() as sql:
            item = db.find_item(sql, item_scan, self.config.card_format)
            return self._check_in(sql, item, self.clock())

    def _check_in(self, sql: db.Db, item: db.ItemRecord, now: datetime) -> ReturnResult:
        """The return of ``item``: its loan closed, the outbox record; in the caller's
        transaction."""
        cfg = self.config
        loan = db.open_loan_of_item(sql, item.id)
        # This laptop keeps only the holds picked up at its own vehicle: one it knows is here.
        today = local_date(now, cfg.zone)
        held = db.holds_meeting(sql, "", item.barcode, item.title)
        hold = waiting_for(held, item.barcode, item.title, today)
        verdict = rules.assess_return(
            item=item_state(item),
            open_loan=state_of(loan) if loan else None,
            this_library=cfg.library_code,
            now=now,
            zone=cfg.zone,
            hold=hold,
            here=db.pickups(sql),
        )
        if loan is not None:
            db.close_loan(sql, loan.id, now, ClosedReason.RETURNED)
        db.set_item_status(sql, item.id, ItemStatus.AVAILABLE)
        if hold is not None:
            # On board for them now: the pick list counts it, their next scan shows it.
            db.set_hold(sql, hold.id, HoldStatus.READY, item.barcode)
        entry = outbox.append(
            sql,
            Checkin(
                item_barcode=item.barcode,
                returned_at=now,
                loan_id=loan.id if loan else None,
                hold_id=hold.id if hold else None,
            ),
            now,
        )
        return ReturnResult(
            hold_for=self._hold_views(sql, [hold])[0] if hold else None,
            seq=entry.seq,
            barcode=item.barcode,
            title=item.title,
            # Who had it is the loan list's to tell (SEE_LOANS): a volunteer sees only that it
            # is back. The hold it is now for stays: shelving it needs the name on the slip.
            borrower_initials=verdict.borrower_initials if self._sees_loans() else None,
            instruction=verdict.instruction,
            hold=verdict.hold,
            route_to=verdict.route_to,
            was_overdue=verdict.was_overdue,
            concerns=verdict.concerns,
        )

    def renew(
        self,
        loan_id: str,
        override_reason: str | None = None,
        *,
        approval: Approval | None = None,
    ) -> RenewResult:
        """Renew a loan; an override as at :meth:`checkout`."""
        actor = self.require(Capability.RENEW)
        reason, approved_by = self._override(actor, override_reason, approval)
        cfg = self.config
        now = self.clock()
        with self.store.write() as sql:
            loan = db.open_loan(sql, loan_id)
            if loan is None:
                raise NotOnLoan(
                    Problem.LOAN_NOT_OPEN,
                )
            item = db.item_by_id(sql, loan.item_id)
            verdict = rules.assess_renewal(
                loan=state_of(loan),
                patron=db.patron_by_id(sql, loan.patron_id).state,
                item=item_state(item),
                **self._policy(cfg, now),
            )
            if not verdict.moves:  # before the concerns: an override would not move it either
                raise NotDueToMove(item.title, loan.due_date)
            if verdict.needs_override and reason is None:
                raise NeedsOverride(
                    verdict.concerns, f"{item.title} ({item.barcode})", item.barcode
                )
            db.renew_loan(sql, loan.id, verdict.due, verdict.renewals)
            entry = outbox.append(
                sql,
                Renew(
                    loan_id=loan.id,
                    item_barcode=item.barcode,
                    patron_card=loan.patron_card,
                    renewed_at=now,
                    due_date=verdict.due,
                    renewals=verdict.renewals,
                    previous_due_date=loan.due_date,
                    override_reason=reason,
                    concerns=tuple(c.code.value for c in verdict.concerns),
                ),
                now,
                approved_by=approved_by,
            )
            return RenewResult(
                seq=entry.seq,
                loan_id=loan.id,
                barcode=item.barcode,
                title=item.title,
                due=verdict.due,
                renewals=verdict.renewals,
                override_reason=reason,
            )

    def renew_all(
        self,
        patron_card: str,
        override_reason: str | None = None,
        *,
        approval: Approval | None = None,
    ) -> list[RenewResult | NeedsOverride | NotDueToMove]:
        """Renew each open loan in its own transaction; a refused one does not stop the rest,
        and one whose due date would not move is skipped at no cost."""
        actor = self.require(Capability.RENEW)
        self._override(actor, override_reason, approval)
        with self.store.read() as session:
            patron = db.find_patron(session, patron_card, self.config.card_format)
            loan_ids = [loan.id for loan in self._open_loans_of(session, patron.id)]
        results: list[RenewResult | NeedsOverride | NotDueToMove] = []
        for loan_id in loan_ids:
            try:
                results.append(self.renew(loan_id, override_reason, approval=approval))
            except (NeedsOverride, NotDueToMove) as exc:
                results.append(exc)
        return results

    def in_house_use(
        self, item_scan: str, count: int = 1, *, return_first: bool = False
    ) -> InHouseResult:
        """Count ``count`` uses of an item in the bookmobile.

        An item still on loan is refused with :class:`OnLoanToSomeone` unless
        ``return_first``: then its return is written first (as the Return page writes it, in
        the same transaction) and the use after it, each its own action."""
        self.require(Capability.IN_HOUSE_USE)
        if not 1 <= count <= 999:
            raise DeskError(Problem.IN_HOUSE_COUNT, specifics(count=count))
        now = self.clock()
        with self.store.write() as sql:
            item = db.find_item(sql, item_scan, self.config.card_format)
            loan = db.open_loan_of_item(sql, item.id)
            returned: ReturnResult | None = None
            if rules.in_house_use_returns_first(state_of(loan) if loan else None):
                assert loan is not None
                if not return_first:
                    raise OnLoanToSomeone(
                        item.title,
                        rules.initials(loan.patron_name),
                        rules.card_tail(loan.patron_card),
                        loan.due_date,
                    )
                returned = self._check_in(sql, item, now)
            entry = outbox.append(
                sql, InHouseUse(item_barcode=item.barcode, count=count, used_at=now), now
            )
            return InHouseResult(
                seq=entry.seq,
                barcode=item.barcode,
                title=item.title,
                count=count,
                returned=returned,
            )

    # -- holds -------------------------------------------------------------------------------

    def pick_list(self, stop_id: str | None) -> list[PickEntry]:
        """The holds to deliver at ``stop_id`` (and those for any stop), in call-number order;
        expired ones are left out."""
        self.require(Capability.LOOKUP)
        today = local_date(self.clock(), self.config.zone)
        with self.store.read() as session:
            holds = db.active_holds(session)
            numbers = db.call_numbers(
                session, sorted({h.item_barcode for h in holds if h.item_barcode})
            )
            lines = pick_list(holds, numbers, today, stop_id)
            views = self._hold_views(session, [line.hold for line in lines])
        return [
            PickEntry(hold=view, call_number=line.call_number, on_board=line.on_board)
            for line, view in zip(lines, views, strict=True)
        ]

    # -- payments ----------------------------------------------------------------------------

    def record_payment(
        self,
        patron_card: str,
        amount_cents: int,
        *,
        method: PaymentMethod | None,
        waiver: bool = False,
        as_credit: bool = False,
        note: str | None = None,
    ) -> PaymentResult:
        """Take ``amount_cents`` against the patron's fines (or waive it): the balance, and the
        ``payment`` action, in one transaction; :class:`~popup.domain.payments.PaymentRefused`
        when the rules refuse it (nothing is written then)."""
        self.require(Capability.PAYMENT)
        if waiver:
            method = None
        elif method is None:
            method = PaymentMethod.CASH
        kept = (note or "").strip()[: payments.MAX_NOTE] or None
        now = self.clock()
        with self.store.write() as sql:
            patron = db.find_patron(sql, patron_card, self.config.card_format)
            owed = patron.state.fines_owed_cents
            verdict = payments.assess_payment(
                owed_cents=owed, amount_cents=amount_cents, waiver=waiver, as_credit=as_credit
            )
            db.set_fines(sql, patron.id, verdict.balance_after_cents)
            payment_id = str(uuid.uuid4())
            entry = outbox.append(
                sql,
                Payment(
                    payment_id=payment_id,
                    patron_card=patron.state.card_number,
                    amount_cents=amount_cents,
                    waiver=waiver,
                    method=method,
                    credit=verdict.credit_cents > 0,
                    note=kept,
                    paid_at=now,
                    balance_before_cents=owed,
                    balance_after_cents=verdict.balance_after_cents,
                ),
                now,
            )
            return PaymentResult(
                seq=entry.seq,
                payment_id=payment_id,
                card_number=patron.state.card_number,
                amount_cents=amount_cents,
                waiver=waiver,
                method=method,
                note=kept,
                paid_at=now,
                balance_before_cents=owed,
                balance_after_cents=verdict.balance_after_cents,
                credit_cents=verdict.credit_cents,
            )

    # -- undo --------------------------------------------------------------------------------

    def _own_only(self) -> str | None:
        """The staff id whose actions alone the actor may undo (a volunteer's own), or None
        for someone who may undo any action."""
        actor = self.require(Capability.UNDO_OWN)
        if actor.may(Capability.UNDO_ANY):
            return None
        return actor.staff_id or ""

    def last_undoable(self) -> tuple[int, str] | None:
        """``(seq, kind)`` of the newest circulation action, unless it was already undone; for
        a volunteer, their own newest."""
        own = self._own_only()
        with self.store.read() as session:
            return undo.last_undoable(session, own)

    def undo(self, seq: int, reason: str = "Undo last scan") -> UndoResult:
        """Write a compensating action for action ``seq``. Nothing is ever deleted. A
        volunteer may take back only their own actions (:class:`NotAllowed` otherwise)."""
        own = self._own_only()
        now = self.clock()
        with self.store.transaction() as session:
            return undo.undo(session, seq, reason, now, own=own)

    # -- counts ------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per table and actions waiting to upload, for status displays."""
        with self.store.read() as session:
            return {
                "items": int(session.scalar(select(func.count(Item.id))) or 0),
                "patrons": int(session.scalar(select(func.count(Patron.id))) or 0),
                "open_loans": int(
                    session.scalar(select(func.count(Loan.id)).where(Loan.returned_at.is_(None)))
                    or 0
                ),
                "waiting": outbox.pending_count(session),
            }
