"""What a laptop tells the server about itself, for the console's fleet page (#19).

Every authenticated request may carry ``X-Popup-Version`` (the app's version) and
``X-Popup-Pending`` (actions waiting in its outbox when it sent the request, this request's own
included). The server keeps them with the time it last saw the device — cheaply: a request
writes only when a minute has passed since the last record or what the laptop says changed, and
a push records them in its own transaction, less what that push delivered (so the pull that
follows an upload finds nothing changed). A push or pull the server refuses is kept as the
device's last sync error: its code and a fixed sentence, never what the laptop sent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from popup_sync.models import Device

VERSION_HEADER = "X-Popup-Version"
PENDING_HEADER = "X-Popup-Pending"
#: A device's last-seen time is written at most this often while nothing else changes.
SEEN_EVERY = timedelta(minutes=1)

_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+_-]{0,31}")
_COUNT = re.compile(r"[0-9]{1,9}")
#: A field path kept with a refusal: a push's own fields, a mutation's by its index.
_FIELD = re.compile(r"(device_id|sent_at|mutations)(\.[0-9]{1,6}(\.[a-z_]{1,40})*)?")

#: What the fleet page says about each refusal of a push or pull (the laptop's message may quote
#: what it sent; these never do).
REFUSALS = {
    "INVALID_REQUEST": "the upload could not be read",
    "SEQ_ORDER": "the upload's actions were out of order",
    "SEQ_CONFLICT": "the laptop's outbox does not match what the server has from it"
    " (restored from an older copy?)",
    "DEVICE_MISMATCH": "the upload named another device than its token",
    "DEVICE_REVOKED": "the device is revoked",
    "TOKEN_EXPIRED": "the device token has expired",
    "INVALID_CURSOR": "the download position was not issued by this server",
}


@dataclass(frozen=True)
class Report:
    """What one request said about the laptop (None: not said, or not readable)."""

    version: str | None = None
    pending: int | None = None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> Report:
        version = headers.get(VERSION_HEADER, "").strip()
        pending = headers.get(PENDING_HEADER, "").strip()
        return cls(
            version if _VERSION.fullmatch(version) else None,
            int(pending) if _COUNT.fullmatch(pending) else None,
        )


def due(device: Device, report: Report, now: datetime) -> bool:
    """Is this request worth a write: a minute since the last, or something new said?"""
    if device.last_seen_at is None or now - device.last_seen_at >= SEEN_EVERY:
        return True
    if report.version is not None and report.version != device.app_version:
        return True
    return report.pending is not None and report.pending != device.pending_actions


def values(report: Report, now: datetime, delivered: int = 0) -> dict[str, Any]:
    """The device columns to set for ``report``: ``delivered`` actions of the reported backlog
    were just acknowledged to the laptop (a push), so they wait no more."""
    changed: dict[str, Any] = {"last_seen_at": now}
    if report.version is not None:
        changed["app_version"] = report.version
    if report.pending is not None:
        changed["pending_actions"] = max(0, report.pending - delivered)
        changed["pending_reported_at"] = now
    return changed


def note_seen(session: Session, device_id: str, report: Report, now: datetime) -> None:
    """Record ``report`` for the device (a request that is not a push)."""
    session.execute(update(Device).where(Device.id == device_id).values(**values(report, now)))


def refusal_message(code: str, status: int, field: str | None = None) -> str:
    """The fixed sentence kept for a refused push or pull (a field path only if it is one)."""
    message = REFUSALS.get(code, f"refused with HTTP {status}")
    if field and _FIELD.fullmatch(field):
        message += f" (at {field})"
    return message


def note_refusal(
    session: Session, device_id: str, code: str, status: int, field: str | None, now: datetime
) -> None:
    """Keep a refused push or pull as the device's last sync error."""
    session.execute(
        update(Device)
        .where(Device.id == device_id)
        .values(
            last_error_code=code[:64],
            last_error_message=refusal_message(code, status, field)[:300],
            last_error_at=now,
        )
    )
