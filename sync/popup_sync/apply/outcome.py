"""How an action turned out: the :class:`Outcome` an applier fills in, sent as a
:class:`~popup.domain.protocol.envelopes.MutationResult`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from popup.domain.concerns import Code, Concern
from popup.domain.protocol.envelopes import QUIET_CODES, MutationResult, OutcomeCode, Status
from popup.domain.protocol.wire import encode

#: How each rule concern is reported to the device (None: accepted without a code).
CONCERN_CODES: dict[Code, OutcomeCode | None] = {
    Code.CARD_EXPIRED: OutcomeCode.CARD_EXPIRED,
    Code.FINES_OVER_LIMIT: OutcomeCode.PATRON_BLOCKED_AT_TIME,
    Code.MANUAL_BLOCK: OutcomeCode.PATRON_BLOCKED_AT_TIME,
    Code.TOO_MANY_ITEMS: OutcomeCode.PATRON_BLOCKED_AT_TIME,
    Code.ITEM_ON_LOAN_TO_OTHER: OutcomeCode.OPEN_CIRCULATION_EXISTS,
    Code.ITEM_ALREADY_ON_LOAN_TO_PATRON: None,
    Code.ITEM_ON_HOLD: OutcomeCode.HOLD_TRAP,
    Code.ITEM_NOT_FOR_LOAN: None,
    Code.ITEM_UNAVAILABLE: None,
    Code.MAX_RENEWALS_REACHED: OutcomeCode.MAX_RENEWALS_REACHED,
    Code.ITEM_NOT_ON_LOAN: OutcomeCode.ITEM_NOT_ON_LOAN,
    Code.HOLD_TRAP: OutcomeCode.HOLD_TRAP,
    Code.ROUTE_ITEM: OutcomeCode.ROUTE_ITEM,
}

#: Codes that only inform the device; every other code also opens a staff exception.
NO_EXCEPTION_ROW = frozenset({OutcomeCode.CLOCK_SKEW, *QUIET_CODES})

_DEFAULT_MESSAGE = {
    Status.APPLIED: "Applied.",
    Status.APPLIED_WITH_EXCEPTION: "Applied; staff should review it.",
    Status.REJECTED: "Not applied.",
}


class InvalidField(Exception):
    """A payload value the server's rules or columns cannot take; ``str(exc)`` names the field."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        super().__init__(message)


@dataclass
class Outcome:
    """What an applier decides, built up as it goes; :meth:`result` is what the device gets."""

    status: Status
    codes: list[OutcomeCode] = field(default_factory=list)
    message: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def rejected(cls, code: OutcomeCode | None, message: str) -> Outcome:
        return cls(Status.REJECTED, [code] if code else [], message)

    @classmethod
    def invalid(cls, field_name: str, problem: object) -> Outcome:
        """Rejected for a value that cannot be used: the action alone, the queue moves on."""
        outcome = cls.rejected(None, f"The action was not applied: {problem}.")
        outcome.detail.update({"error": "INVALID_FIELD", "field": field_name})
        return outcome

    def add(self, code: OutcomeCode, message: str = "") -> None:
        if code not in self.codes:
            self.codes.append(code)
        if message:
            self.message = f"{self.message} {message}".strip()
        if self.status is Status.APPLIED:
            self.status = Status.APPLIED_WITH_EXCEPTION

    def note(self, code: OutcomeCode, message: str = "") -> None:
        """A code that only confirms what the desk did (``QUIET_CODES``): the status stays."""
        if code not in self.codes:
            self.codes.append(code)
        if message:
            self.message = f"{self.message} {message}".strip()

    def add_concerns(
        self, concerns: Iterable[Concern], *, skip: frozenset[Code] = frozenset()
    ) -> None:
        """Report the rules' concerns as outcome codes (see :data:`CONCERN_CODES`).

        ``detail["concerns"]`` lists the concern codes behind each outcome code, so that the
        laptop can tell whether staff overrode exactly these at the desk (codes only: the
        specifics may name a patron)."""
        for concern in concerns:
            if concern.code in skip:
                continue
            code = CONCERN_CODES.get(concern.code)
            if code is not None:
                self.add(code, concern.message + ".")
                behind = self.detail.setdefault("concerns", {}).setdefault(code.value, [])
                if concern.code.value not in behind:
                    behind.append(concern.code.value)

    def result(self, seq: int, mutation_id: str) -> MutationResult:
        return MutationResult(
            seq=seq,
            mutation_id=mutation_id,
            status=self.status,
            codes=tuple(self.codes),
            message=self.message or _DEFAULT_MESSAGE[self.status],
            detail=self.detail,
        )

    def to_wire(self, seq: int, mutation_id: str) -> dict[str, Any]:
        """The result as JSON: stored with the action and sent back on every resend."""
        return encode(self.result(seq, mutation_id))


def column_size(model: type[Any], column: str) -> int | None:
    """The declared length of ``model.column`` (None: unbounded)."""
    length = getattr(model.__table__.c[column].type, "length", None)
    return length if isinstance(length, int) else None


def fits(value: str, name: str, model: type[Any], column: str | None = None) -> str:
    """Text field ``name`` if it fits the column it is stored in, else :class:`InvalidField`.

    The payload classes already checked its type and characters; only the server knows how
    long its columns are."""
    limit = column_size(model, column or name)
    if limit is not None and len(value) > limit:
        raise InvalidField(name, f"field {name!r} has {len(value)} characters; at most {limit} fit")
    return value
