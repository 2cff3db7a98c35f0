"""What the desk refuses, and what it answers: the errors and the views the screens show."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

from popup.domain.cards import InvalidNumber, parse_scan
from popup.domain.concerns import Concern, specifics
from popup.domain.messages import DESK
from popup.domain.payments import PaymentMethod
from popup.domain.refusals import Refusal


class Problem(enum.StrEnum):
    """Why the desk refused: the stable key of a :class:`DeskError`'s sentence.

    The comment after each names its ``params``.
    """

    OVERRIDE_WITHOUT_REASON = "OVERRIDE_WITHOUT_REASON"
    OVERRIDE_REASON_IS_A_SCAN = "OVERRIDE_REASON_IS_A_SCAN"  # reason
    IN_HOUSE_COUNT = "IN_HOUSE_COUNT"  # count
    PATRON_INVALID_CARD = "PATRON_INVALID_CARD"  # (the number's problem in ``invalid``)
    PATRON_ITEM_SCANNED = "PATRON_ITEM_SCANNED"  # number
    PATRON_NOT_FOUND = "PATRON_NOT_FOUND"  # number
    ITEM_PATRON_SCANNED = "ITEM_PATRON_SCANNED"  # number
    ITEM_INVALID_BARCODE = "ITEM_INVALID_BARCODE"  # (the number's problem in ``invalid``)
    ITEM_NOT_FOUND = "ITEM_NOT_FOUND"  # barcode
    LOAN_NOT_OPEN = "LOAN_NOT_OPEN"
    UNDO_NO_SUCH_ACTION = "UNDO_NO_SUCH_ACTION"  # seq
    UNDO_ALREADY_UNDONE = "UNDO_ALREADY_UNDONE"  # seq
    UNDO_NOT_UNDOABLE = "UNDO_NOT_UNDOABLE"  # kind
    UNDO_ITEM_GONE = "UNDO_ITEM_GONE"
    UNDO_RETURNED_SINCE = "UNDO_RETURNED_SINCE"  # title
    UNDO_LENT_AGAIN_SINCE = "UNDO_LENT_AGAIN_SINCE"  # title
    NEEDS_OVERRIDE = "NEEDS_OVERRIDE"  # subject (the specifics are the ``concerns``)
    RENEWAL_WOULD_NOT_MOVE = "RENEWAL_WOULD_NOT_MOVE"  # title, due
    IN_HOUSE_ON_LOAN = "IN_HOUSE_ON_LOAN"  # title, initials, card (its last 4), due
    CARD_REPORTED_LOST = "CARD_REPORTED_LOST"  # number, lost (a date)
    LOOKUP_TOO_SHORT = "LOOKUP_TOO_SHORT"
    LOOKUP_BAD_BIRTH_DATE = "LOOKUP_BAD_BIRTH_DATE"  # typed


class DeskError(Refusal):
    """A scan or request the desk refuses; ``key`` is a :class:`Problem` (its sentence is in
    :data:`popup.domain.messages.DESK`)."""

    CATALOGUE = DESK


class PatronNotFound(DeskError):
    pass


class ItemNotFound(DeskError):
    pass


class CardReportedLost(PatronNotFound):
    """A scan of a card that was replaced because it was lost: refused, with the day."""

    def __init__(self, number: str, lost_on: date) -> None:
        self.number = number
        self.lost_on = lost_on
        super().__init__(
            Problem.CARD_REPORTED_LOST, specifics(number=number, lost=lost_on.isoformat())
        )


class WrongKindScanned(DeskError):
    """A patron card in the item field, or an item in the patron field."""


class NotOnLoan(DeskError):
    pass


class CannotUndo(DeskError):
    pass


class OnLoanToSomeone(DeskError):
    """In-house use of an item that is still on loan: staff are asked to return it first."""

    def __init__(self, title: str, initials: str, card_tail: str, due: date) -> None:
        self.title = title
        self.initials = initials
        self.card_tail = card_tail
        self.due = due
        super().__init__(
            Problem.IN_HOUSE_ON_LOAN,
            specifics(title=title, initials=initials, card=card_tail, due=due.isoformat()),
        )


class NotDueToMove(DeskError):
    """A renewal that would leave the due date where it is: refused, and it costs nothing."""

    def __init__(self, title: str, due: date) -> None:
        self.title = title
        self.due = due
        super().__init__(
            Problem.RENEWAL_WOULD_NOT_MOVE, specifics(title=title, due=due.isoformat())
        )


class NeedsOverride(DeskError):
    """The action needs staff to override these concerns, with a reason; ``barcode`` is the
    item's as the catalogue has it (a scan may have carried Codabar start/stop characters)."""

    def __init__(self, concerns: list[Concern], subject: str, barcode: str = "") -> None:
        self.concerns = concerns
        self.subject = subject
        self.barcode = barcode
        super().__init__(Problem.NEEDS_OVERRIDE, specifics(subject=subject))

    def english(self) -> str:
        """The subject, then each concern's sentence (the concerns are its specifics)."""
        return f"{self.subject}: " + "; ".join(c.message for c in self.concerns)


def override_reason(reason: str | None) -> str | None:
    """Staff's override reason, trimmed; an override without one is refused, and so is one
    that is only a number: a card or barcode scanned while the reason box had the keyboard
    (a slow scanner's keys land there and its Enter would override), not a reason."""
    if reason is None:
        return None
    cleaned = reason.strip()
    if not cleaned:
        raise DeskError(
            Problem.OVERRIDE_WITHOUT_REASON,
        )
    if _only_a_number(cleaned):
        raise DeskError(Problem.OVERRIDE_REASON_IS_A_SCAN, specifics(reason=cleaned))
    return cleaned


def _only_a_number(text: str) -> bool:
    """Digits and no words: a bare number, with Codabar start/stop characters or in a Popup
    QR card's text (spaces between the digits too)."""
    compact = "".join(text.split())
    try:
        number = parse_scan(compact)
    except InvalidNumber:  # a Popup card's QR text of another version
        return True
    return number.isascii() and number.isdigit()


# -- what the desk answers -----------------------------------------------------------------------


@dataclass(frozen=True)
class LoanView:
    loan_id: str
    barcode: str
    title: str
    due: date
    renewals: int
    overdue: bool


@dataclass(frozen=True)
class HoldView:
    """A hold as the desk shows it: the copy (or title), and for whom and where."""

    hold_id: str
    title: str
    barcode: str | None
    expires_on: date
    #: The patron's initials and the last four characters of their card.
    patron_initials: str
    card_tail: str
    #: The stop it is picked up at (None: any stop of this vehicle) and its name.
    stop_id: str | None
    stop_name: str | None
    pickup: str


@dataclass(frozen=True)
class PickEntry:
    """One line of a stop's pick list: a hold, its copy's call number, on board or not."""

    hold: HoldView
    call_number: str
    on_board: bool


@dataclass(frozen=True)
class PatronView:
    card_number: str
    name: str
    category: str
    card_expiry: date | None
    fines_owed_cents: int
    temporary: bool
    blocks: list[Concern]
    loans: list[LoanView]
    #: Holds ready for them to pick up here (oldest first).
    holds_ready: list[HoldView] = field(default_factory=list)
    #: What a volunteer sees (#17): ``name`` is the first name and initial, no loan list, no
    #: holds, no card expiry, ``fines_owed_cents`` 0 and each block only as "ask staff"
    #: (the ``ask_staff`` variant of its code, without its amounts).
    limited: bool = False
    #: How many items the patron has out (the loan list's length in a full view).
    items_out: int = 0


@dataclass(frozen=True)
class PaymentResult:
    """A payment or waiver recorded at the desk: what the receipt shows."""

    seq: int
    payment_id: str
    card_number: str
    amount_cents: int
    waiver: bool
    method: PaymentMethod | None
    note: str | None
    paid_at: datetime
    balance_before_cents: int
    balance_after_cents: int
    credit_cents: int


@dataclass(frozen=True)
class CheckoutResult:
    seq: int
    loan_id: str
    barcode: str
    title: str
    due: date
    concerns: list[Concern] = field(default_factory=list)
    override_reason: str | None = None
    #: The patron's hold this loan filled (they picked it up).
    filled_hold: HoldView | None = None


@dataclass(frozen=True)
class ReturnResult:
    seq: int
    barcode: str
    title: str
    borrower_initials: str | None
    instruction: str
    hold: bool
    route_to: str | None
    was_overdue: bool
    concerns: list[Concern] = field(default_factory=list)
    #: The hold the item was set aside for: who waits for it here, and where.
    hold_for: HoldView | None = None


@dataclass(frozen=True)
class RenewResult:
    seq: int
    loan_id: str
    barcode: str
    title: str
    due: date
    renewals: int
    override_reason: str | None = None


@dataclass(frozen=True)
class InHouseResult:
    seq: int
    barcode: str
    title: str
    count: int
    #: The return written first, when the item was still on loan (``return_first``).
    returned: ReturnResult | None = None


@dataclass(frozen=True)
class UndoResult:
    seq: int
    target_seq: int
    target_kind: str
    #: In English, e.g. "Checkout of Dune undone"; a UI words it from target_kind and title.
    description: str
    title: str = ""
