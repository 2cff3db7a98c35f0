"""Exporting the stop's circulation from the outbox, once, for an ILS's offline loader.

Which actions
-------------
Checkouts, returns and renewals (and in-house uses and payments, where the format has them), in
time order
(``client_time``, then ``seq``). An action that was undone (``undone_by`` set) is left out, and
so is the undo record itself: the ILS never hears of a scan that was taken back. If the undone
action had already gone out in an earlier export, the undo is written as the opposite action
where the format can say it (a checkout undone becomes a return; a return undone becomes a new
checkout to the same patron); otherwise it is listed in the result's notes for staff.

Forgotten patrons
-----------------
A checkout or renewal whose loan the sync server acknowledged as returned no longer names its
patron on the laptop (:mod:`popup.store.forget`), nor does a payment the server acknowledged on
an earlier day: it is left out, marked exported, and the export's notes say how many. The
return itself is still written. A laptop that exports for an ILS without a sync server never
forgets anyone: only the server's acknowledgement does it.

Never twice
-----------
Each format has its own mark on the outbox row (``exported_koc_at``, ``exported_xacts_at``).
An export writes only unmarked actions unless ``include_exported`` (``--all``) is given, and
marks them in the same store transaction that read them. The order inside that transaction:

1. ``BEGIN IMMEDIATE``: no other action can be written or marked meanwhile;
2. read the unmarked actions and render the file;
3. write it to a temporary file, ``fsync``, rename it over the target, ``fsync`` the folder;
4. set the marks and ``COMMIT``.

A crash before step 3 finishes leaves no file and no marks: the next export writes the same
actions. A crash between the rename and the commit leaves the file on disk and the actions
unmarked, so the next export repeats them. That is deliberate: a repeated return is harmless
and a repeated checkout is reported by the ILS (Evergreen: OPEN_CIRCULATION_EXISTS; Koha
renews it), whereas marking first and crashing before the file is whole would lose loans
silently.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import InstrumentedAttribute, Session

from popup.domain.circulation import ClosedReason
from popup.domain.protocol.actions import (
    Checkin,
    Checkout,
    InHouseUse,
    Kind,
    PatronRegister,
    PayloadError,
    Payment,
    Renew,
    Undo,
)
from popup.domain.staff import Capability
from popup.interop import InteropError
from popup.interop.files import atomic_write
from popup.store import outbox
from popup.store.db import Store
from popup.store.forget import is_forgotten_payer, is_unlinked
from popup.store.library import load_config
from popup.store.models import Loan, OutboxEntry, Patron
from popup.store.staff import require

log = logging.getLogger(__name__)

#: The actions an offline-circulation file can carry (payments: KOC only; sign-ups:
#: Evergreen only).
Circulation = Checkout | Checkin | Renew | InHouseUse | Payment | PatronRegister


class Closes(enum.StrEnum):
    """What loan a checkout closed at the desk, as the file must say it (``Action.closes``)."""

    #: Another patron's loan (a hand-over): the loaders need an explicit return first. Koha's
    #: direct mode (``process_koc.pl`` kocIssueItem) does nothing with an ``issue`` of an item
    #: out to someone else since the same day or later; Evergreen's checkout answers
    #: OPEN_CIRCULATION_EXISTS.
    OTHER = "other"
    #: The same patron's loan (lent again to them): a renewal. Evergreen refuses a checkout
    #: of an item already out to that patron; ``renew`` is its operation.
    SAME = "same"


@dataclass(frozen=True)
class Action:
    """One action to write. ``compensates`` is set for an undo written as its opposite (then
    ``payload`` is that opposite: a return for an undone checkout, a checkout to the same
    patron for an undone return)."""

    seq: int
    at: datetime
    payload: Circulation
    compensates: Kind | None = None
    #: For a checkout: the open loan it closed at the desk, if any.
    closes: Closes | None = None
    #: Who made it (the outbox's ``staff_id``; an undo written as its opposite: who undid)
    #: and who approved its override, for the formats that can carry them.
    staff_id: str | None = None
    approved_by: str | None = None

    @property
    def kind(self) -> Kind:
        return self.payload.KIND


@dataclass
class ExportResult:
    path: Path
    lines: int = 0
    actions: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.actions} actions written to {self.path.name} ({self.lines} lines)"
        if not self.actions:
            text = f"nothing new to export; {self.path.name} holds no actions"
        return text


#: ``render(actions, zone) -> (file bytes, line count, notes)``
Renderer = Callable[[list[Action], tzinfo | None], tuple[bytes, int, list[str]]]


def _compensation(session: Session, undo: OutboxEntry, target: OutboxEntry) -> Action | None:
    done = outbox.load_payload(target)
    at = undo.client_time
    if isinstance(done, Checkout):
        payload = Checkin(item_barcode=done.item_barcode, returned_at=at, loan_id=done.loan_id)
        return Action(undo.seq, at, payload, compensates=Kind.CHECKOUT, staff_id=undo.staff_id)
    if isinstance(done, Checkin) and done.loan_id:
        loan = session.get(Loan, done.loan_id)
        patron = (
            session.get(Patron, loan.patron_id)
            if loan is not None and loan.patron_id is not None
            else None
        )
        if loan is None or patron is None:
            return None
        again = Checkout(
            loan_id=loan.id,
            patron_card=patron.card_number,
            item_barcode=done.item_barcode,
            out_at=at,
            due_date=loan.due_date,
        )
        return Action(undo.seq, at, again, compensates=Kind.CHECKIN, staff_id=undo.staff_id)
    return None


def _action(entry: OutboxEntry, notes: list[str]) -> Action | None:
    try:
        payload = outbox.load_payload(entry)
    except PayloadError as exc:
        notes.append(
            f"Action {entry.seq} ({entry.kind}) could not be read ({exc.field}); it was"
            " left out and stays unexported."
        )
        return None
    assert isinstance(payload, Circulation), "only circulation kinds are selected"
    return Action(
        entry.seq,
        entry.client_time,
        payload,
        staff_id=entry.staff_id,
        approved_by=entry.approved_by,
    )


def _unlinked(done: Circulation) -> bool:
    """A checkout, renewal or payment whose patron the laptop has forgotten
    (``popup.store.forget``)."""
    if isinstance(done, Payment):
        return is_forgotten_payer(done.patron_card)
    return isinstance(done, Checkout | Renew) and is_unlinked(done.patron_card)


def _closes(session: Session, done: Checkout) -> Closes | None:
    """Whose loan ``done`` closed: the closed loan's reason says it (the patron's card when
    an older laptop left no reason). A loan this store no longer has was somebody's: a return
    first is right whoever it was."""
    if done.closed_loan_id is None:
        return None
    loan = session.get(Loan, done.closed_loan_id)
    if loan is None:
        return Closes.OTHER
    if loan.closed_reason == ClosedReason.RENEWED_BY_CHECKOUT.value:
        return Closes.SAME
    if loan.closed_reason == ClosedReason.CLOSED_BY_CHECKOUT.value:
        return Closes.OTHER
    patron = session.get(Patron, loan.patron_id) if loan.patron_id is not None else None
    same = patron is not None and patron.card_number == done.patron_card
    return Closes.SAME if same else Closes.OTHER


def export_outbox(
    store: Store,
    path: Path,
    *,
    mark: InstrumentedAttribute[datetime | None],
    kinds: tuple[Kind, ...],
    render: Renderer,
    format_name: str,
    include_exported: bool = False,
    overwrite: bool = True,
    now: datetime | None = None,
) -> ExportResult:
    """Write the not-yet-exported actions of ``kinds`` to ``path`` and mark them exported."""
    require(store, Capability.EXPORT)
    stamp = now or datetime.now(UTC)
    result = ExportResult(path)
    try:
        with store.transaction() as session:
            zone = load_config(session).zone
            query = (
                select(OutboxEntry)
                .where(OutboxEntry.kind.in_(kinds), OutboxEntry.undone_by.is_(None))
                .order_by(OutboxEntry.client_time, OutboxEntry.seq)
            )
            if not include_exported:
                query = query.where(mark.is_(None))
            actions = [a for a in (_action(r, result.notes) for r in session.scalars(query)) if a]
            left_out = [a for a in actions if _unlinked(a.payload)]
            forgotten = [a.seq for a in left_out]
            if forgotten:
                actions = [a for a in actions if not _unlinked(a.payload)]
                paid = sum(isinstance(a.payload, Payment) for a in left_out)
                lent = len(forgotten) - paid
                if lent:
                    result.notes.append(
                        f"{lent} checkout(s) and renewal(s) were left out: the sync server"
                        " had them and their returns, so this laptop no longer knows the patron"
                        " (see 'What a laptop keeps about a patron' in the README). The server"
                        " and its bridge hold them; their returns are written."
                    )
                if paid:
                    result.notes.append(
                        f"{paid} payment(s) and waiver(s) were left out: the sync server had"
                        " them on an earlier day, so this laptop no longer knows who paid"
                        " (see 'What a laptop keeps about a patron' in the README). The server"
                        " and its bridge hold them."
                    )
            actions = [
                replace(a, closes=_closes(session, a.payload))
                if isinstance(a.payload, Checkout)
                else a
                for a in actions
            ]
            seqs = [a.seq for a in actions] + forgotten
            undos: list[OutboxEntry] = []
            if not include_exported:
                undos = list(
                    session.scalars(
                        select(OutboxEntry)
                        .where(OutboxEntry.kind == Kind.UNDO.value, mark.is_(None))
                        .order_by(OutboxEntry.seq)
                    )
                )
            for undo in undos:
                seqs.append(undo.seq)
                taken_back = outbox.load_payload(undo)
                assert isinstance(taken_back, Undo)
                target_seq = taken_back.target_seq
                target = session.get(OutboxEntry, target_seq) if target_seq else None
                if target is None or target.kind not in kinds:
                    continue
                if getattr(target, mark.key) is None:
                    continue  # never went out: leaving both out is enough
                opposite = _compensation(session, undo, target)
                if opposite is None:
                    result.notes.append(
                        f"Action {target.seq} ({target.kind}) was undone after it was exported"
                        f" to {format_name}; {format_name} cannot express undoing it, so correct"
                        " it in the ILS by hand."
                    )
                else:
                    actions.append(opposite)
            actions.sort(key=lambda a: (a.at, a.seq))
            data, result.lines, notes = render(actions, zone)
            result.notes.extend(notes)
            result.actions = len(actions)
            atomic_write(path, data, overwrite=overwrite)
            outbox.mark_exported(session, mark, seqs, stamp)
    except SQLAlchemyError as exc:
        raise InteropError(
            f"The store could not be read or marked ({exc}). If {path.name} was written, do"
            " not upload it: export again."
        ) from exc
    log.info("%s export: %d actions, %d lines", format_name, result.actions, result.lines)
    return result


def local(moment: datetime, zone: tzinfo | None) -> datetime:
    """``moment`` in the library's zone (or the laptop's when the library has none)."""
    return moment.astimezone(zone)
