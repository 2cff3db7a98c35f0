"""The pull cursor: a position in the change log, or in a snapshot that then switches to it.

A log position is a pair ``(xid, id)`` (see :mod:`popup_sync.changes` for why). A snapshot
position adds the index of the entity being read (in :class:`~popup.domain.protocol.Entity`
order, which is why new entities go at the end) and the last key served.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, literal, select, text, tuple_
from sqlalchemy.orm import Session

from popup.domain.protocol.entities import Entity
from popup_sync.models import Change, Library

#: Larger than any serial id: position (x, MAX_ID) means "everything of transaction x".
MAX_ID = 2**62

#: Order of a snapshot: rules and settings first, so a device can work before the catalogue ends.
#: A snapshot cursor holds an index into it: never reorder it.
SNAPSHOT_ENTITIES = tuple(Entity)


class BadCursor(ValueError):
    """A cursor this server did not issue (or a mangled one)."""


@dataclass(frozen=True)
class Cursor:
    """Either in the log (``entity_index`` None) or in a snapshot that then switches to it."""

    xid: int
    id: int
    entity_index: int | None = None
    after_key: str = ""

    def encode(self) -> str:
        if self.entity_index is None:
            return f"L.{self.xid}.{self.id}"
        key = base64.urlsafe_b64encode(self.after_key.encode()).decode().rstrip("=")
        return f"S.{self.xid}.{self.id}.{self.entity_index}.{key}"

    @classmethod
    def decode(cls, raw: str) -> Cursor:
        """The cursor ``raw`` encodes, or :class:`BadCursor`: only what :meth:`encode` makes.

        Numbers are plain ASCII digits below 2**63 (a BIGINT), the key strict URL-safe base64.
        """
        parts = raw.split(".")
        if not all(_NUMBER.fullmatch(n) and int(n) < 2**63 for n in parts[1:4]):
            raise BadCursor(raw)
        try:
            if parts[0] == "L" and len(parts) == 3:
                return cls(int(parts[1]), int(parts[2]))
            if parts[0] == "S" and len(parts) == 5:
                index = int(parts[3])
                if not 0 <= index < len(SNAPSHOT_ENTITIES) or not _KEY.fullmatch(parts[4]):
                    raise BadCursor(raw)
                padded = parts[4] + "=" * (-len(parts[4]) % 4)
                key = base64.b64decode(padded.encode(), altchars=b"-_", validate=True).decode()
                cursor = cls(int(parts[1]), int(parts[2]), index, key)
                if cursor.encode() == raw:  # one spelling per cursor (no stray padding bits)
                    return cursor
        except (ValueError, binascii.Error, UnicodeDecodeError):
            pass
        raise BadCursor(raw)


_NUMBER = re.compile(r"[0-9]{1,19}")
_KEY = re.compile(r"[A-Za-z0-9_-]*")

#: On PostgreSQL: log rows below this xid were written by transactions that have all ended.
WATERMARK = text("pg_snapshot_xmin(pg_current_snapshot())::text::bigint")


def after(position: tuple[int, int]) -> ColumnElement[bool]:
    """Log rows past ``position``."""
    # A row comparison, so the (library_id, xid, id) index gives a range scan (an OR would not).
    return tuple_(Change.xid, Change.id) > tuple_(literal(position[0]), literal(position[1]))


def snapshot_start(session: Session, library: Library) -> Cursor:
    """Where the log resumes after a snapshot that begins now (never below the floor)."""
    position: tuple[int, int]
    if session.get_bind().dialect.name == "postgresql":
        xmin = int(session.execute(select(WATERMARK)).scalar_one())
        position = (xmin - 1, MAX_ID)
    else:
        position = (0, int(session.scalar(select(func.max(Change.id))) or 0))
    # Compacted entries are already reflected in the rows the snapshot reads.
    position = max(position, (library.log_floor_xid, library.log_floor_id))
    return Cursor(position[0], position[1], 0, "")
