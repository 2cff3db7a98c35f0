"""Who may see what in the console: roles, the signed-in user, and :class:`ConsoleScope`, the
one way a console page reads or changes a library's rows.

A consortium administrator sees every library; a library manager and a library's viewer see
their own library only; a viewer anywhere may read reports but change nothing. Every console
handler gets the libraries, devices, exceptions and so on it shows from a
:class:`ConsoleScope`, never from its own query, so another library's id is found exactly as
often as an unknown one: never (``tests/sync/console/test_scope.py`` parses the route modules
and fails if one queries a library-owned model itself).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from popup_sync.models import Library


class Role(enum.StrEnum):
    #: Everything, every library (and the console's own accounts).
    ADMIN = "admin"
    #: Everything about one library.
    MANAGER = "manager"
    #: Reads reports (reach, fleet, exceptions), changes nothing; one library or all.
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Role.ADMIN: "Consortium administrator",
    Role.MANAGER: "Library manager",
    Role.VIEWER: "Viewer (reports only)",
}


@dataclass(frozen=True)
class ConsoleUserInfo:
    """The signed-in person, as a page sees them (no password hash, no session token)."""

    id: int
    login: str
    name: str
    role: Role
    #: The one library a manager runs or a viewer reads; None: every library.
    library_id: int | None
    #: The session's CSRF token, which every form of the page carries.
    csrf_token: str

    @property
    def may_change(self) -> bool:
        """May this person change anything (a viewer may not)?"""
        return self.role is not Role.VIEWER

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


class NotVisible(LookupError):
    """The row does not exist for this user: unknown, or another library's (never said which)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"there is no {what} here")
        self.what = what


class NotAllowed(PermissionError):
    """The user's role may not do this (a viewer changing something, a manager managing the
    console's accounts)."""


Owned = TypeVar("Owned")

#: The largest row id: the console's rows (accounts, exceptions, patrons, loan rules) have
#: 32-bit integer keys, and PostgreSQL refuses a bigger number for one (a 500, not "no row").
MAX_ROW_ID = 2**31 - 1


def row_id(text: str) -> int | None:
    """The row id (or page number) ``text`` spells: ASCII digits up to :data:`MAX_ROW_ID`,
    else None. Not ``str.isdigit`` then ``int``: "²" is a digit to the one and no number to
    the other (a 500), and 20 digits overflow SQLite's integers (another 500)."""
    text = text.strip()
    if not 0 < len(text) <= 10 or not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if number <= MAX_ROW_ID else None


class ConsoleScope:
    """What ``user`` may see: one library, or every library for an administrator (or a
    consortium-wide viewer). Pages ask it for libraries and for library-owned rows."""

    def __init__(self, session: Session, user: ConsoleUserInfo) -> None:
        self.session = session
        self.user = user
        self._ids: list[int] | None = None

    # -- the rule --------------------------------------------------------------------------------

    def library_ids(self) -> list[int]:
        """The ids of the libraries this user sees (every library's for a consortium role)."""
        if self._ids is None:
            if self.user.library_id is None:
                self._ids = list(self.session.scalars(select(Library.id).order_by(Library.code)))
            else:
                self._ids = [self.user.library_id]
        return self._ids

    def libraries(self) -> list[Library]:
        """The libraries this user sees, by code."""
        ids = self.library_ids()
        if not ids:
            return []
        return list(
            self.session.scalars(select(Library).where(Library.id.in_(ids)).order_by(Library.code))
        )

    def library(self, code: str) -> Library:
        """The library with this code, if this user sees it (else :class:`NotVisible`)."""
        library = self.session.scalar(select(Library).where(Library.code == code.strip()))
        if library is None or library.id not in self.library_ids():
            raise NotVisible(f"library {code!r}")
        return library

    def library_by_id(self, library_id: int) -> Library:
        if library_id not in self.library_ids():
            raise NotVisible("such library")
        library = self.session.get(Library, library_id)
        if library is None:
            raise NotVisible("such library")
        return library

    def chosen(self, code: str | None) -> list[Library]:
        """The libraries a filter means: the one named (if visible) or every visible one."""
        if code:
            return [self.library(code)]
        return self.libraries()

    # -- library-owned rows ----------------------------------------------------------------------

    def owns(self, model: type[Any], library_ids: Sequence[int] | None = None) -> Any:
        """The WHERE clause "``model`` row of this user's libraries" (or of those of
        ``library_ids`` this user sees), for a query that is not a plain ``SELECT model``
        (a count, a join, an aggregate): ``select(func.count()).where(scope.owns(Loan))``."""
        visible = self.library_ids()
        ids = visible if library_ids is None else [i for i in library_ids if i in visible]
        return model.library_id.in_(ids)

    def select(self, model: type[Owned], library_ids: Sequence[int] | None = None) -> Select[Any]:
        """``SELECT model`` limited to this user's libraries (or to those of ``library_ids``
        this user sees). Every console listing starts here."""
        return select(model).where(self.owns(model, library_ids))

    def get(self, model: type[Owned], key: Any, what: str) -> Owned:
        """The ``model`` row with primary key ``key`` if it is one of this user's libraries'
        (else :class:`NotVisible`, whether it is unknown or another library's)."""
        row = self.session.get(model, key)
        if row is None or row.library_id not in self.library_ids():  # type: ignore[attr-defined]
            raise NotVisible(what)
        return row

    # -- what the role may do --------------------------------------------------------------------

    def require_change(self) -> None:
        """Refuse a change to a viewer."""
        if not self.user.may_change:
            raise NotAllowed("a viewer may read reports but not change anything")

    def require_admin(self) -> None:
        if not self.user.is_admin:
            raise NotAllowed("only a consortium administrator may do this")
