"""Outbox records as a laptop uploads them, built from the payload classes a laptop uses
(``popup.domain.protocol.actions``), so a test sends exactly what a laptop can send.

A test that must send what no laptop can (a payload with a field missing or unreadable)
builds that one by hand, next to the assertion about it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from popup.domain.protocol import actions
from popup.domain.protocol.envelopes import Mutation
from popup.domain.protocol.wire import encode


def now(delta: timedelta = timedelta(0)) -> datetime:
    return datetime.now(UTC) + delta


def new_id() -> str:
    return str(uuid.uuid4())


def record(
    seq: int,
    payload: actions.Payload,
    *,
    client_time: datetime | None = None,
    mutation_id: str | None = None,
) -> dict[str, Any]:
    """Outbox record ``seq`` carrying ``payload`` (a :class:`Mutation` on the wire)."""
    mutation = Mutation(
        seq=seq,
        mutation_id=mutation_id or new_id(),
        client_time=client_time or now(),
        kind=payload.KIND.value,
        payload=payload.to_wire(),
    )
    return encode(mutation)


def checkout(
    card: str,
    barcode: str,
    *,
    out_at: datetime | None = None,
    loan_id: str | None = None,
    due: date | None = None,
) -> actions.Checkout:
    return actions.Checkout(
        loan_id=loan_id or new_id(),
        patron_card=card,
        item_barcode=barcode,
        out_at=out_at or now(),
        due_date=due or date.today() + timedelta(days=21),
    )


def checkin(
    barcode: str, *, returned_at: datetime | None = None, loan_id: str | None = None
) -> actions.Checkin:
    return actions.Checkin(item_barcode=barcode, returned_at=returned_at or now(), loan_id=loan_id)


def renew(
    loan_id: str, barcode: str, card: str, renewals: int, *, due: date, at: datetime | None = None
) -> actions.Renew:
    """Renewal number ``renewals`` of a loan, now due on ``due``."""
    return actions.Renew(
        loan_id=loan_id,
        item_barcode=barcode,
        patron_card=card,
        renewed_at=at or now(),
        due_date=due,
        renewals=renewals,
    )


def in_house_use(barcode: str, count: int = 1, *, at: datetime | None = None) -> actions.InHouseUse:
    return actions.InHouseUse(item_barcode=barcode, count=count, used_at=at or now())


def undo(target: dict[str, Any], *, reason: str = "wrong patron") -> actions.Undo:
    """Undo of the uploaded record ``target`` (as :func:`record` made it)."""
    return actions.Undo(
        target_mutation_id=target["mutation_id"],
        target_kind=actions.Kind(target["kind"]),
        target_seq=target["seq"],
        reason=reason,
        undone_at=now(),
    )


def register(
    card: str,
    *,
    temporary: bool = False,
    name: str = "Grace Hopper",
    category: str = "ADULT",
    **fields: Any,
) -> actions.PatronRegister:
    """A sign-up; ``fields`` are the payload's other fields (``date_of_birth``, ``email``...)."""
    return actions.PatronRegister(
        patron_card=card, temporary=temporary, name=name, category=category, **fields
    )
