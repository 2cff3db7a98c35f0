"""The console's audit trail: every change made through it, who made it and when.

A page records its change in the same transaction as the change itself, so a change is never
kept without its record (nor a record without its change). Details name rows by id or code,
never a patron by name.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from popup_sync.console.access import ConsoleUserInfo
from popup_sync.models import ConsoleAudit


def record(
    session: Session,
    user: ConsoleUserInfo | None,
    action: str,
    *,
    library_id: int | None = None,
    target: str = "",
    login: str | None = None,
    **detail: Any,
) -> None:
    """Record ``action`` (e.g. ``device.revoke``) on ``target`` by ``user``."""
    session.add(
        ConsoleAudit(
            at=datetime.now(UTC),
            user_id=user.id if user else None,
            login=login if login is not None else (user.login if user else ""),
            library_id=library_id,
            action=action,
            target=target[:200],
            detail=detail,
        )
    )
