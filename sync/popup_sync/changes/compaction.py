"""Compaction (``popup-sync admin compact-log``): old entries go, the library's floor rises.

A cursor below the floor is answered with ``reset``: its device takes a fresh snapshot.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from popup_sync.changes.cursor import WATERMARK
from popup_sync.models import Change, Library


def compact(session: Session, library: Library, before: datetime) -> int:
    """Delete a library's log entries older than ``before`` (finished transactions only)."""
    where = [Change.library_id == library.id, Change.created_at < before]
    if session.get_bind().dialect.name == "postgresql":
        where.append(Change.xid < WATERMARK)
    top = session.execute(
        select(Change.xid, Change.id).where(*where).order_by(Change.xid.desc(), Change.id.desc())
    ).first()
    if top is None:
        return 0
    result: CursorResult[Any] = session.execute(delete(Change).where(*where))  # type: ignore[assignment]
    count = result.rowcount
    if (int(top.xid), int(top.id)) > (library.log_floor_xid, library.log_floor_id):
        library.log_floor_xid, library.log_floor_id = int(top.xid), int(top.id)
    return int(count or 0)
