"""The bodies of push and pull: what carries the actions up and the changes down.

The laptop's sync client builds :class:`PushRequest` and reads :class:`PushResponse`,
:class:`SeqGapAnswer` and :class:`PullPage` with :func:`~popup.domain.protocol.wire.decode`;
the server's routes take and describe the same classes (pydantic validates a request into the
class, whose own checks then run). ``sync/PROTOCOL.md`` tells the story around them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from popup.domain.protocol.entities import Op
from popup.domain.protocol.wire import Checked, spec

#: Most mutations one push request may carry.
MAX_PUSH = 500
#: A seq is at most this (a device would need a thousand years of scans to get there).
MAX_SEQ = 2**62


class Status(enum.StrEnum):
    """How the server disposed of one uploaded action."""

    APPLIED = "applied"
    APPLIED_WITH_EXCEPTION = "applied_with_exception"
    REJECTED = "rejected"


class OutcomeCode(enum.StrEnum):
    """Exception codes the server reports per action (Evergreen's names where they exist)."""

    OPEN_CIRCULATION_EXISTS = "OPEN_CIRCULATION_EXISTS"
    PATRON_BLOCKED_AT_TIME = "PATRON_BLOCKED_AT_TIME"
    CARD_EXPIRED = "CARD_EXPIRED"
    ITEM_NOT_FOUND = "ITEM_NOT_FOUND"
    PATRON_NOT_FOUND = "PATRON_NOT_FOUND"
    MAX_RENEWALS_REACHED = "MAX_RENEWALS_REACHED"
    POSSIBLE_DUPLICATE_PATRON = "POSSIBLE_DUPLICATE_PATRON"
    ROUTE_ITEM = "ROUTE_ITEM"
    HOLD_TRAP = "HOLD_TRAP"
    CLOCK_SKEW = "CLOCK_SKEW"
    LOAN_NOT_FOUND = "LOAN_NOT_FOUND"
    ITEM_NOT_ON_LOAN = "ITEM_NOT_ON_LOAN"
    TEMPORARY_CARD_REPLACED = "TEMPORARY_CARD_REPLACED"
    RENEWAL_WOULD_NOT_MOVE = "RENEWAL_WOULD_NOT_MOVE"
    #: A checkout filled the patron's hold (they picked it up): said, nothing to do.
    HOLD_FILLED = "HOLD_FILLED"
    #: The hold a checkout meant to fill had already been filled by another copy.
    HOLD_FILLED_ELSEWHERE = "HOLD_FILLED_ELSEWHERE"
    #: The hold a checkout or return meant had expired (or was cancelled) by then.
    HOLD_EXPIRED = "HOLD_EXPIRED"
    #: An action named a card reported lost before it was made (``detail.lost_on``).
    CARD_REPORTED_LOST = "CARD_REPORTED_LOST"
    PAYMENT_EXCEEDS_BALANCE = "PAYMENT_EXCEEDS_BALANCE"
    #: Opened by the SIP2 bridge (``popup-sync bridge``) after the server applied the action:
    #: the ILS refused it (its screen message in the exception's message), ...
    ILS_REFUSED = "ILS_REFUSED"
    #: ... its answer was lost and cannot be checked (a payment), or ...
    ILS_ANSWER_LOST = "ILS_ANSWER_LOST"
    #: ... SIP2 cannot say it (a waiver, an undo of what the ILS already has).
    ILS_BY_HAND = "ILS_BY_HAND"
    #: The action names a staff member this server does not know for the device's library.
    STAFF_UNKNOWN = "STAFF_UNKNOWN"
    #: The action's staff member may not make it (a volunteer's override without a staff
    #: approver, a disabled account): ``popup.domain.staff.action_refusal``.
    STAFF_NOT_ALLOWED = "STAFF_NOT_ALLOWED"


#: Codes that only confirm what the desk did: no exception row, nothing in the inbox.
QUIET_CODES = frozenset({OutcomeCode.HOLD_FILLED})


@dataclass(frozen=True, kw_only=True)
class Mutation(Checked):
    """One outbox record as it travels. ``kind`` and ``payload`` are read with
    :func:`~popup.domain.protocol.actions.parse_payload`."""

    seq: int = spec(min=1, max=MAX_SEQ)
    mutation_id: str = spec(uuid=True)
    client_time: datetime
    kind: str = spec(max_length=32)
    payload: dict[str, Any]
    #: The staff member signed in when the action was made (``popup.domain.staff``; None from
    #: a laptop older than staff sign-in) and the one who approved its override, if any.
    staff_id: str | None = spec(None, max_length=80)
    approved_by: str | None = spec(None, max_length=80)


@dataclass(frozen=True, kw_only=True)
class PushRequest(Checked):
    device_id: str = spec(uuid=True)
    mutations: tuple[Mutation, ...] = spec(max_length=MAX_PUSH)
    #: The device's clock when it sent the request: the server measures its clock offset
    #: against it (the newest mutation may be hours old after a day offline).
    sent_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class MutationResult:
    """The server's outcome for one action; stored on both sides and resent unchanged."""

    seq: int
    mutation_id: str
    status: Status
    #: :class:`OutcomeCode` values (text: a newer server may know more codes).
    codes: tuple[str, ...] = ()
    message: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class PushResponse:
    results: tuple[MutationResult, ...]
    last_applied: int
    server_time: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class SeqGapAnswer:
    """The 409 body when a seq is missing: what was applied before the gap, and where to go on."""

    error: str
    message: str
    expected_seq: int
    results: tuple[MutationResult, ...] = ()
    last_applied: int = 0
    server_time: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class Change:
    """One row of a pull page. ``entity`` is text: a newer server may send entities this
    version does not know (the laptop skips them); ``data`` is read with
    :func:`~popup.domain.protocol.entities.parse_data`."""

    entity: str
    op: Op
    key: str
    data: dict[str, Any] | None = None


@dataclass(frozen=True, kw_only=True)
class PullPage:
    changes: tuple[Change, ...]
    cursor: str
    has_more: bool
    reset: bool = False
    server_time: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class ErrorAnswer:
    """Every error the server answers: a code, and a sentence naming what was wrong."""

    error: str
    message: str
    server_time: datetime | None = None


__all__ = [
    "MAX_PUSH",
    "MAX_SEQ",
    "QUIET_CODES",
    "Change",
    "ErrorAnswer",
    "Mutation",
    "MutationResult",
    "OutcomeCode",
    "PullPage",
    "PushRequest",
    "PushResponse",
    "SeqGapAnswer",
    "Status",
]
