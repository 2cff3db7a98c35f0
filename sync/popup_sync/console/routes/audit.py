"""The audit trail: every change made through the console (and the console accounts made on
the command line), newest first, a page at a time, filtered by library, action and login.

A consortium administrator sees every entry; a library manager sees their library's entries
only (the scope's libraries), never the consortium-level ones (no library: sign-ins, other
libraries' accounts). Viewers read reports, not the trail: 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Select, func, or_, select

from popup_sync.api.deps import DatabaseDep
from popup_sync.console.access import ConsoleScope, NotAllowed, NotVisible, row_id
from popup_sync.console.deps import ConsoleUser, reading
from popup_sync.console.render import page_url, render
from popup_sync.models import ConsoleAudit

router = APIRouter()

PER_PAGE = 50


@dataclass(frozen=True)
class Entry:
    at: datetime
    login: str
    library: str
    action: str
    target: str
    detail: str


def _detail(detail: dict[str, Any] | None) -> str:
    """``key: value`` pairs (rows by id or code; the trail holds no patron's name)."""
    return ", ".join(
        f"{key.replace('_', ' ')}: {value}"
        for key, value in sorted((detail or {}).items())
        if value not in (None, "")
    )


def _visible(scope: ConsoleScope, query: Select[Any]) -> Select[Any]:
    """Entries of the user's libraries; for an administrator also the consortium's own."""
    if scope.user.is_admin:
        return query
    return query.where(ConsoleAudit.library_id.in_(scope.library_ids()))


@router.get("/console/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    db: DatabaseDep,
    user: ConsoleUser,
    library: str = "",
    action: str = "",
    login: str = "",
    page: str = "1",
) -> HTMLResponse:
    if not user.may_change:
        raise NotAllowed("the audit trail is for administrators and library managers")
    library, action, login = library.strip(), action.strip()[:64], login.strip().lower()[:64]
    filters = {"library": library, "action": action, "login": login}
    number = row_id(page) or 0
    if number > 1_000_000:  # no trail is that long; an offset past it would overflow
        number = 0
    with reading(db, user) as scope:
        libraries = scope.libraries()
        codes = {lib.id: lib.code for lib in libraries}
        error = ""
        conditions: list[Any] = []
        if library == "-":
            if not user.is_admin:
                raise NotVisible("library '-'")
            conditions.append(ConsoleAudit.library_id.is_(None))
        elif library:
            conditions.append(ConsoleAudit.library_id == scope.library(library).id)
        if action:
            conditions.append(
                or_(ConsoleAudit.action == action, ConsoleAudit.action.startswith(action + "."))
            )
        if login:
            conditions.append(ConsoleAudit.login == login)
        if not number:
            error = "Page: a page number is a whole number from 1."
            number = 1
        total = scope.session.scalar(
            _visible(scope, select(func.count(ConsoleAudit.id))).where(*conditions)
        )
        rows = scope.session.scalars(
            _visible(scope, select(ConsoleAudit))
            .where(*conditions)
            .order_by(ConsoleAudit.at.desc(), ConsoleAudit.id.desc())
            .limit(PER_PAGE)
            .offset((number - 1) * PER_PAGE)
        )
        entries = [
            Entry(
                at=row.at,
                login=row.login,
                library=codes.get(row.library_id, "?") if row.library_id else "",
                action=row.action,
                target=row.target,
                detail=_detail(row.detail),
            )
            for row in rows
        ]
        choices = [(lib.code, lib.name) for lib in libraries]
    total = total or 0
    pages = max(1, -(-total // PER_PAGE))
    return render(
        request,
        "audit.html",
        user,
        status=400 if error else 200,
        title="Audit",
        error=error,
        entries=entries,
        libraries=choices,
        filters=filters,
        page=number,
        pages=pages,
        total=total,
        newer=page_url("/console/audit", {**filters, "page": number - 1}) if number > 1 else "",
        older=page_url("/console/audit", {**filters, "page": number + 1}) if number < pages else "",
    )
