"""Compaction: old log entries go, the library's floor rises, and positions never repeat."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from popup.domain.protocol.entities import Entity
from popup_sync import changes
from popup_sync.core.db import Database
from popup_sync.models import Change, Library


def test_compacting_the_whole_log_never_reuses_ids(
    db: Database, make_library: Callable[..., Any]
) -> None:
    """A library idle past the retention period: new changes must still sort after the floor."""
    lib = make_library(items=3, patrons=0)

    def compact_all(session: Any) -> int:
        library = session.get(Library, lib.id)
        return changes.compact(session, library, datetime.now(UTC) + timedelta(days=1))

    with db.read() as session:
        before = session.scalar(select(Change.id).order_by(Change.id.desc()).limit(1))
    assert before is not None
    db.run_write(compact_all)
    db.run_write(lambda s: changes.record(s, lib.id, Entity.ITEM, lib.items[0]))
    with db.read() as session:
        after = session.scalar(select(Change.id).order_by(Change.id.desc()).limit(1))
        library = session.get(Library, lib.id)
        assert library is not None and library.log_floor_id == before
        assert after is not None and after > before
