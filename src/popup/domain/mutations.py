"""Transitional: the names below moved to :mod:`popup.domain.protocol` (issue #13).

Import them from there; this module goes once nothing imports it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from popup.domain.protocol.actions import (
    PAYLOADS,
    Kind,
    PayloadError,
    parse_kind,
    parse_payload,
)
from popup.domain.protocol.envelopes import OutcomeCode, Status
from popup.domain.protocol.wire import WireError, moment, required_names


def validate_payload(kind: Kind, payload: Mapping[str, Any]) -> None:
    """Refuse a payload whose required fields are missing or malformed; a malformed optional
    field is left for the server's applier, which rejects that action alone."""
    try:
        parse_payload(kind, payload)
    except PayloadError as exc:
        top = exc.field.split(".")[0].split("[")[0]
        if not exc.field or top in required_names(PAYLOADS[parse_kind(kind)]):
            raise


def parse_time(value: object, name: str = "time") -> datetime:
    try:
        return moment(value, name)
    except WireError as exc:
        raise PayloadError("", exc.field, exc.problem) from None


__all__ = [
    "Kind",
    "OutcomeCode",
    "PayloadError",
    "Status",
    "parse_kind",
    "parse_time",
    "validate_payload",
]
