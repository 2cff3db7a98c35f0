"""The Staff page (#17): the people who sign in at a library's laptops — staff and volunteers —
with their login, name, role, badge, whether they may sign in, and when the server last
received an action they made. A consortium administrator or the library's manager adds one,
sets a new PIN, changes the role or badge, disables or enables them; a viewer reads.

The laptops download each change with their next sync (the PIN only as its hash; see
:mod:`popup_sync.staff_accounts`, which the command line uses too). Every change is audited,
never with the PIN.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, select

from popup.domain.protocol.envelopes import Status
from popup.domain.staff import PIN_MAX, PIN_MIN, Role
from popup_sync import staff_accounts
from popup_sync.api.deps import DatabaseDep
from popup_sync.console import audit
from popup_sync.console.access import ConsoleScope, ConsoleUserInfo, NotVisible
from popup_sync.console.deps import (
    CheckedForm,
    ConsoleUser,
    Refused,
    field_sentence,
    reading,
    writing,
)
from popup_sync.console.render import redirect, render
from popup_sync.crud import AdminError
from popup_sync.models import AppliedMutation, Library, Staff

router = APIRouter()

ROLES = [
    (Role.STAFF.value, "Staff (everything at the desk)"),
    (Role.VOLUNTEER.value, "Volunteer (clean checkouts and returns, attendance, card scans)"),
]
#: A staff id as the server issues them (a UUID): anything else is unknown without a lookup.
_STAFF_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass(frozen=True)
class StaffRow:
    id: str
    library_code: str
    login: str
    name: str
    role: str
    badge: str | None
    active: bool
    disabled_at: datetime | None
    changed_at: datetime
    last_action_at: datetime | None

    @property
    def role_label(self) -> str:
        return "Volunteer" if self.role == Role.VOLUNTEER.value else "Staff"


@dataclass(frozen=True)
class KindCount:
    """What one staff member did of one kind of action over :data:`ACTIVITY_DAYS`."""

    kind: str
    applied: int = 0
    flagged: int = 0
    rejected: int = 0


#: How far back a staff member's page counts their actions.
ACTIVITY_DAYS = 30


def _activity(
    scope: ConsoleScope, library_id: int, staff_id: str, now: datetime
) -> tuple[list[KindCount], int]:
    """A staff member's actions received over the last :data:`ACTIVITY_DAYS`, by kind and
    outcome, and the overrides they approved: the accountability #17 asks for."""
    since = now - timedelta(days=ACTIVITY_DAYS)
    rows = scope.session.execute(
        select(AppliedMutation.kind, AppliedMutation.status, func.count())
        .where(
            scope.owns(AppliedMutation, [library_id]),
            AppliedMutation.staff_id == staff_id,
            AppliedMutation.received_at >= since,
        )
        .group_by(AppliedMutation.kind, AppliedMutation.status)
    ).all()
    counts: dict[str, dict[str, int]] = {}
    for kind, status, n in rows:
        counts.setdefault(kind, {})[status] = int(n)
    kinds = [
        KindCount(
            kind,
            applied=by.get(Status.APPLIED.value, 0),
            flagged=by.get(Status.APPLIED_WITH_EXCEPTION.value, 0),
            rejected=by.get(Status.REJECTED.value, 0),
        )
        for kind, by in sorted(counts.items())
    ]
    approved = scope.session.scalar(
        select(func.count()).where(
            scope.owns(AppliedMutation, [library_id]),
            AppliedMutation.approved_by == staff_id,
            AppliedMutation.received_at >= since,
        )
    )
    return kinds, int(approved or 0)


@dataclass(frozen=True)
class LibraryStaff:
    code: str
    name: str
    rows: list[StaffRow]


def _last_actions(scope: ConsoleScope, library_ids: list[int]) -> dict[str, datetime]:
    """Staff id -> when the server last received an action they made."""
    rows = scope.session.execute(
        select(AppliedMutation.staff_id, func.max(AppliedMutation.received_at))
        .where(scope.owns(AppliedMutation, library_ids), AppliedMutation.staff_id.is_not(None))
        .group_by(AppliedMutation.staff_id)
    ).all()
    return {staff_id: moment for staff_id, moment in rows if staff_id is not None}


def _row(staff: Staff, code: str, last: dict[str, datetime]) -> StaffRow:
    return StaffRow(
        id=staff.id,
        library_code=code,
        login=staff.login,
        name=staff.name,
        role=staff.role,
        badge=staff.badge,
        active=staff.active,
        disabled_at=staff.disabled_at,
        changed_at=staff.changed_at,
        last_action_at=last.get(staff.id),
    )


def _listing(scope: ConsoleScope, libraries: list[Library]) -> list[LibraryStaff]:
    ids = [library.id for library in libraries]
    last = _last_actions(scope, ids)
    found = scope.session.scalars(scope.select(Staff, ids).order_by(Staff.login)).all()
    by_library: dict[int, list[StaffRow]] = {i: [] for i in ids}
    codes = {library.id: library.code for library in libraries}
    for staff in found:
        by_library[staff.library_id].append(_row(staff, codes[staff.library_id], last))
    return [LibraryStaff(lib.code, lib.name, by_library[lib.id]) for lib in libraries]


def _list_page(
    request: Request,
    db: DatabaseDep,
    user: ConsoleUserInfo,
    *,
    status: int = 200,
    error: str = "",
    typed: dict[str, str] | None = None,
) -> HTMLResponse:
    wanted = request.query_params.get("library", "").strip()
    with reading(db, user) as scope:
        every = [(library.code, library.name) for library in scope.libraries()]
        listing = _listing(scope, scope.chosen(wanted))
    return render(
        request,
        "staff.html",
        user,
        status=status,
        title="Staff",
        listing=listing,
        libraries=every,
        chosen=wanted,
        roles=ROLES,
        error=error,
        typed=typed or {"library": wanted},
        pin_min=PIN_MIN,
        pin_max=PIN_MAX,
    )


def _staff(scope: ConsoleScope, staff_id: str) -> Staff:
    """The account with this id if this user sees its library (another library's account is
    answered exactly like an unknown one)."""
    if not _STAFF_ID.fullmatch(staff_id):
        raise NotVisible("staff member")
    found: Staff = scope.get(Staff, staff_id, "staff member")
    return found


def _member_page(
    request: Request,
    db: DatabaseDep,
    user: ConsoleUserInfo,
    staff_id: str,
    *,
    status: int = 200,
    error: str = "",
) -> HTMLResponse:
    with reading(db, user) as scope:
        staff = _staff(scope, staff_id)
        library = scope.library_by_id(staff.library_id)
        row = _row(staff, library.code, _last_actions(scope, [library.id]))
        library_name = library.name
        kinds, approved = _activity(scope, library.id, staff.id, datetime.now(UTC))
    return render(
        request,
        "staff_member.html",
        user,
        status=status,
        title=f"Staff member {row.login}",
        member=row,
        library_name=library_name,
        kinds=kinds,
        approved=approved,
        activity_days=ACTIVITY_DAYS,
        roles=ROLES,
        error=error,
        pin_min=PIN_MIN,
        pin_max=PIN_MAX,
    )


#: The staff form's fields, by a word the reason names.
_FIELDS = (
    ("PIN", "PIN"),
    ("login", "Login"),
    ("staff member '", "Login"),
    ("badge", "Badge"),
    ("name", "Name"),
    ("role", "Role"),
)


def _sentence(said: str) -> str:
    return field_sentence(said, _FIELDS)


def _pin(form: dict[str, str]) -> str:
    pin = form.get("pin", "")
    if pin != form.get("pin_again", ""):
        raise Refused("PIN: the two PINs differ; nothing was changed.")
    return pin


@router.get("/console/staff", response_class=HTMLResponse)
def staff_page(request: Request, db: DatabaseDep, user: ConsoleUser) -> HTMLResponse:
    return _list_page(request, db, user)


@router.post("/console/staff", response_class=HTMLResponse)
def add_staff(request: Request, db: DatabaseDep, user: ConsoleUser, form: CheckedForm) -> Response:
    typed = {k: form.get(k, "") for k in ("library", "login", "name", "role", "badge")}

    def add(scope: ConsoleScope) -> tuple[str, str]:
        scope.require_change()
        code = form.get("library", "").strip()
        if not code:
            raise Refused("Library: choose the library whose laptops they sign in at.")
        try:
            library = scope.library(code)
        except NotVisible:
            raise Refused(f"Library: there is no library {code[:40]!r} here.") from None
        pin = _pin(form)
        try:
            made = staff_accounts.add_staff(
                session=scope.session,
                library=library,
                login=form.get("login", ""),
                name=form.get("name", ""),
                role=form.get("role", ""),
                pin=pin,
                badge=form.get("badge") or None,
            )
        except AdminError as exc:
            raise Refused(_sentence(str(exc))) from None
        audit.record(
            scope.session,
            user,
            "staff.add",
            library_id=library.id,
            target=made.login,
            staff_id=made.id,
            role=made.role,
            badge=made.badge is not None,
        )
        return made.id, made.login

    try:
        staff_id, login = writing(db, user, add)
    except Refused as exc:
        return _list_page(request, db, user, status=400, error=str(exc), typed=typed)
    return redirect(
        f"/console/staff/{staff_id}",
        flash=f"{login} added; the library's laptops let them sign in after their next sync.",
    )


@router.get("/console/staff/{staff_id}", response_class=HTMLResponse)
def member_page(
    request: Request, db: DatabaseDep, user: ConsoleUser, staff_id: str
) -> HTMLResponse:
    return _member_page(request, db, user, staff_id)


def _change(
    request: Request,
    db: DatabaseDep,
    user: ConsoleUserInfo,
    staff_id: str,
    action: str,
    work: Callable[[ConsoleScope, Staff], tuple[str, dict[str, Any] | None]],
) -> Response:
    """Run ``work`` on the account in a write transaction with its audit record (none when it
    changed nothing: ``work``'s detail None); its sentence is the flash message on the
    account's page."""

    def run(scope: ConsoleScope) -> str:
        scope.require_change()
        staff = _staff(scope, staff_id)
        said, detail = work(scope, staff)
        if detail is None:
            return said
        audit.record(
            scope.session,
            user,
            f"staff.{action}",
            library_id=staff.library_id,
            target=staff.login,
            staff_id=staff.id,
            **detail,
        )
        return said

    try:
        said = writing(db, user, run)
    except Refused as exc:
        return _member_page(request, db, user, staff_id, status=400, error=str(exc))
    return redirect(f"/console/staff/{staff_id}", flash=said)


@router.post("/console/staff/{staff_id}/pin", response_class=HTMLResponse)
def set_pin(
    request: Request, db: DatabaseDep, user: ConsoleUser, form: CheckedForm, staff_id: str
) -> Response:
    def work(scope: ConsoleScope, staff: Staff) -> tuple[str, dict[str, Any] | None]:
        pin = _pin(form)
        try:
            staff_accounts.set_pin(session=scope.session, staff=staff, pin=pin)
        except AdminError as exc:
            raise Refused(_sentence(str(exc))) from None
        return f"{staff.login} has a new PIN; laptops take it at their next sync.", {}

    return _change(request, db, user, staff_id, "pin", work)


@router.post("/console/staff/{staff_id}/role", response_class=HTMLResponse)
def change_role(
    request: Request, db: DatabaseDep, user: ConsoleUser, form: CheckedForm, staff_id: str
) -> Response:
    def work(scope: ConsoleScope, staff: Staff) -> tuple[str, dict[str, Any] | None]:
        before = staff.role
        try:
            changed = staff_accounts.set_role(
                session=scope.session, staff=staff, role=form.get("role", "")
            )
        except AdminError as exc:
            raise Refused(_sentence(str(exc))) from None
        said = "a volunteer" if staff.role == Role.VOLUNTEER.value else "staff"
        if not changed:
            return f"{staff.login} is {said} already; nothing changed.", None
        return f"{staff.login} is now {said}.", {"role": staff.role, "was_role": before}

    return _change(request, db, user, staff_id, "role", work)


@router.post("/console/staff/{staff_id}/badge", response_class=HTMLResponse)
def change_badge(
    request: Request, db: DatabaseDep, user: ConsoleUser, form: CheckedForm, staff_id: str
) -> Response:
    def work(scope: ConsoleScope, staff: Staff) -> tuple[str, dict[str, Any] | None]:
        library = scope.library_by_id(staff.library_id)
        try:
            staff_accounts.set_badge(
                session=scope.session,
                library=library,
                staff=staff,
                badge=form.get("badge") or None,
            )
        except AdminError as exc:
            raise Refused(_sentence(str(exc))) from None
        if staff.badge is None:
            return f"{staff.login} has no badge now; they sign in with their login.", {
                "badge": False
            }
        return f"{staff.login}'s badge is {staff.badge}.", {"badge": True}

    return _change(request, db, user, staff_id, "badge", work)


@router.post("/console/staff/{staff_id}/disable", response_class=HTMLResponse)
def disable(
    request: Request, db: DatabaseDep, user: ConsoleUser, form: CheckedForm, staff_id: str
) -> Response:
    def work(scope: ConsoleScope, staff: Staff) -> tuple[str, dict[str, Any] | None]:
        if not staff_accounts.disable(session=scope.session, staff=staff):
            return f"{staff.login} was disabled already.", None
        return (
            f"{staff.login} is disabled: laptops refuse them from their next sync, and the"
            " server rejects actions they make from now on.",
            {},
        )

    return _change(request, db, user, staff_id, "disable", work)


@router.post("/console/staff/{staff_id}/enable", response_class=HTMLResponse)
def enable(
    request: Request, db: DatabaseDep, user: ConsoleUser, form: CheckedForm, staff_id: str
) -> Response:
    def work(scope: ConsoleScope, staff: Staff) -> tuple[str, dict[str, Any] | None]:
        if not staff_accounts.enable(session=scope.session, staff=staff):
            return f"{staff.login} was enabled already.", None
        return (
            f"{staff.login} is enabled again; laptops let them sign in after their next sync.",
            {},
        )

    return _change(request, db, user, staff_id, "enable", work)
