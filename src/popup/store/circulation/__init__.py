"""The circulation desk's store API: checkout, return, renew, in-house use and undo.

* :mod:`.desk`: :class:`Desk`, one store transaction per action;
* :mod:`.lookups`: the scan hot path's plain SQL (patron, item and open-loan rows);
* :mod:`.undo`: the compensating ``undo`` action, planned by :mod:`popup.domain.undo`;
* :mod:`.errors`: what the desk refuses (:class:`DeskError` and its kinds) and the views it
  answers with.

Errors are :class:`DeskError` subclasses whose ``str()`` is a sentence for staff that names what
was scanned; their ``key`` and ``params`` carry the same for a UI that words it in its language.
"""

from popup.store.circulation.desk import Desk
from popup.store.circulation.errors import (
    CannotUndo,
    CardReportedLost,
    CheckoutResult,
    DeskError,
    HoldView,
    InHouseResult,
    ItemNotFound,
    LoanView,
    NeedsOverride,
    NotDueToMove,
    NotOnLoan,
    OnLoanToSomeone,
    PatronNotFound,
    PatronView,
    PaymentResult,
    PickEntry,
    Problem,
    RenewResult,
    ReturnResult,
    UndoResult,
    WrongKindScanned,
    override_reason,
)

__all__ = [
    "CannotUndo",
    "CardReportedLost",
    "CheckoutResult",
    "Desk",
    "DeskError",
    "HoldView",
    "InHouseResult",
    "ItemNotFound",
    "LoanView",
    "NeedsOverride",
    "NotDueToMove",
    "NotOnLoan",
    "OnLoanToSomeone",
    "PatronNotFound",
    "PatronView",
    "PaymentResult",
    "PickEntry",
    "Problem",
    "RenewResult",
    "ReturnResult",
    "UndoResult",
    "WrongKindScanned",
    "override_reason",
]
