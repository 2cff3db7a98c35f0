"""The console's own accounts (consortium administrators only): who may sign in, with which
role and library; add one, set a new password (which also unlocks it), disable or enable it,
change its role and library. Every change is audited.

The last enabled consortium administrator cannot be disabled or demoted: the console would
have nobody left to manage its accounts (only ``popup-sync admin`` on the server could).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from popup_sync.api.deps import DatabaseDep
from popup_sync.console import audit, auth
from popup_sync.console.access import ConsoleScope, ConsoleUserInfo, NotVisible, Role, row_id
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
from popup_sync.models import ConsoleUser as Account
from popup_sync.models import Library

router = APIRouter()

ROLES = [(role.value, role.label) for role in Role]


@dataclass(frozen=True)
class AccountRow:
    id: int
    login: str
    name: str
    role: Role
    library_code: str
    last_login_at: datetime | None
    locked: bool
    disabled: bool


def _row(account: Account, codes: dict[int, str], now: datetime) -> AccountRow:
    return AccountRow(
        id=account.id,
        login=account.login,
        name=account.name,
        role=Role(account.role),
        library_code=codes.get(account.library_id, "") if account.library_id else "",
        last_login_at=account.last_login_at,
        locked=account.locked_until is not None and account.locked_until > now,
        disabled=account.disabled_at is not None,
    )


def _codes(scope: ConsoleScope) -> dict[int, str]:
    return {lib.id: lib.code for lib in scope.libraries()}


def _account(scope: ConsoleScope, account_id: str) -> Account:
    """The account with this id (only an administrator gets here: every account is theirs)."""
    scope.require_admin()
    key = row_id(account_id)
    found = scope.session.get(Account, key) if key is not None else None
    if found is None:
        raise NotVisible("console account")
    return found


def _role_and_library(scope: ConsoleScope, form: dict[str, str]) -> tuple[Role, Library | None]:
    """The role and library chosen on a form, checked (the message names the field)."""
    try:
        role = Role(form.get("role", "").strip())
    except ValueError:
        raise Refused("Role: choose consortium administrator, library manager or viewer.") from None
    code = form.get("library", "").strip()
    library = None
    if code:
        try:
            library = scope.library(code)
        except NotVisible:
            raise Refused(f"Library: there is no library {code!r}.") from None
    if role is Role.MANAGER and library is None:
        raise Refused("Library: a library manager needs the one library they run.")
    if role is Role.ADMIN and library is not None:
        raise Refused(
            "Library: a consortium administrator is not tied to one library; choose"
            " “Every library”."
        )
    return role, library


def is_last_admin(session: Session, account: Account) -> bool:
    """Whether ``account`` is the only enabled consortium administrator left. The enabled
    administrators' rows stay locked to the end of the caller's transaction: two
    administrators demoting or disabling each other at the same moment would otherwise both
    count two and leave none (PostgreSQL; SQLite has one writer at a time anyway)."""
    if account.role != Role.ADMIN.value or account.disabled_at is not None:
        return False
    enabled_admins = session.scalars(
        select(Account.id)
        .where(Account.role == Role.ADMIN.value, Account.disabled_at.is_(None))
        .with_for_update()
    ).all()
    return len(enabled_admins) <= 1


def _list_page(
    request: Request,
    db: DatabaseDep,
    user: ConsoleUserInfo,
    *,
    status: int = 200,
    error: str = "",
    typed: dict[str, str] | None = None,
) -> HTMLResponse:
    now = datetime.now(UTC)
    with reading(db, user) as scope:
        scope.require_admin()
        codes = _codes(scope)
        accounts = [
            _row(account, codes, now)
            for account in scope.session.scalars(select(Account).order_by(Account.login))
        ]
        libraries = [(lib.code, lib.name) for lib in scope.libraries()]
    return render(
        request,
        "accounts.html",
        user,
        status=status,
        title="Accounts",
        accounts=accounts,
        libraries=libraries,
        roles=ROLES,
        error=error,
        typed=typed or {},
        min_password=auth.MIN_PASSWORD,
    )


def _account_page(
    request: Request,
    db: DatabaseDep,
    user: ConsoleUserInfo,
    account_id: str,
    *,
    status: int = 200,
    error: str = "",
) -> HTMLResponse:
    now = datetime.now(UTC)
    with reading(db, user) as scope:
        account = _row(_account(scope, account_id), _codes(scope), now)
        libraries = [(lib.code, lib.name) for lib in scope.libraries()]
    return render(
        request,
        "account.html",
        user,
        status=status,
        title=f"Account {account.login}",
        account=account,
        libraries=libraries,
        roles=ROLES,
        error=error,
        myself=account.id == user.id,
        min_password=auth.MIN_PASSWORD,
    )


@router.get("/console/accounts", response_class=HTMLResponse)
def accounts_page(request: Request, db: DatabaseDep, user: ConsoleUser) -> HTMLResponse:
    return _list_page(request, db, user)


@router.post("/console/accounts", response_class=HTMLResponse)
def add_account(
    request: Request, db: DatabaseDep, user: ConsoleUser, form: CheckedForm
) -> Response:
    typed = {k: form.get(k, "") for k in ("login", "name", "role", "library")}

    def add(scope: ConsoleScope) -> str:
        scope.require_admin()
        role, library = _role_and_library(scope, form)
        try:
            made = auth.add_user(
                session=scope.session,
                login=form.get("login", ""),
                name=form.get("name", ""),
                role=role,
                library=library,
                password=form.get("password", ""),
            )
        except AdminError as exc:
            raise Refused(_field_message(str(exc))) from None
        audit.record(
            scope.session,
            user,
            "account.add",
            library_id=made.library_id,
            target=made.login,
            role=made.role,
            library=library.code if library else None,
        )
        return made.login

    try:
        login = writing(db, user, add)
    except Refused as exc:
        return _list_page(request, db, user, status=400, error=str(exc), typed=typed)
    return redirect("/console/accounts", flash=f"Account {login} added; it can sign in now.")


#: The account form's fields, by a word the reason names.
_FIELDS = (
    ("login", "Login"),
    ("password", "Password"),
    ("name", "Name"),
    ("console user", "Login"),
)


def _field_message(said: str) -> str:
    return field_sentence(said, _FIELDS)


def _change(
    request: Request,
    db: DatabaseDep,
    user: ConsoleUserInfo,
    account_id: str,
    work: Callable[[ConsoleScope, Account], str],
    *,
    after: Callable[[], str] | None = None,
) -> Response:
    """Run ``work`` on the account in a write transaction; its answer is the flash message,
    shown on the account's page (or on ``after()``'s)."""

    def run(scope: ConsoleScope) -> str:
        account = _account(scope, account_id)
        return work(scope, account)

    try:
        said = writing(db, user, run)
    except Refused as exc:
        return _account_page(request, db, user, account_id, status=400, error=str(exc))
    return redirect(after() if after else f"/console/accounts/{account_id}", flash=said)


@router.get("/console/accounts/{account_id}", response_class=HTMLResponse)
def account_page(
    request: Request, db: DatabaseDep, user: ConsoleUser, account_id: str
) -> HTMLResponse:
    return _account_page(request, db, user, account_id)


@router.post("/console/accounts/{account_id}/role", response_class=HTMLResponse)
def change_role(
    request: Request, db: DatabaseDep, user: ConsoleUser, form: CheckedForm, account_id: str
) -> Response:
    def work(scope: ConsoleScope, account: Account) -> str:
        role, library = _role_and_library(scope, form)
        if role is not Role.ADMIN and is_last_admin(scope.session, account):
            raise Refused(
                "Role: this is the last enabled consortium administrator; make another"
                " administrator first."
            )
        before: dict[str, Any] = {"role": account.role, "library_id": account.library_id}
        account.role = role.value
        account.library_id = library.id if library else None
        audit.record(
            scope.session,
            user,
            "account.role",
            library_id=account.library_id or before["library_id"],
            target=account.login,
            role=role.value,
            library=library.code if library else None,
            was_role=before["role"],
            was_library_id=before["library_id"],
        )
        where = f" of {library.code}" if library else ""
        demoted_myself.append(account.id == user.id and role is not Role.ADMIN)
        return f"{account.login} is now {role.label}{where}."

    # Who demotes themselves may not open the accounts page any more: their console's front.
    demoted_myself: list[bool] = []
    return _change(
        request,
        db,
        user,
        account_id,
        work,
        after=lambda: "/console" if any(demoted_myself) else f"/console/accounts/{account_id}",
    )


@router.post("/console/accounts/{account_id}/password", response_class=HTMLResponse)
def set_password(
    request: Request, db: DatabaseDep, user: ConsoleUser, form: CheckedForm, account_id: str
) -> Response:
    def work(scope: ConsoleScope, account: Account) -> str:
        password = form.get("password", "")
        if password != form.get("password_again", ""):
            raise Refused("Password: the two passwords differ; nothing was changed.")
        try:
            auth.set_password(session=scope.session, user=account, password=password)
        except AdminError as exc:
            raise Refused(_field_message(str(exc))) from None
        audit.record(
            scope.session,
            user,
            "account.password",
            library_id=account.library_id,
            target=account.login,
        )
        return f"{account.login} has a new password and is unlocked; its open sessions ended."

    return _change(request, db, user, account_id, work)


@router.post("/console/accounts/{account_id}/disable", response_class=HTMLResponse)
def disable(
    request: Request, db: DatabaseDep, user: ConsoleUser, form: CheckedForm, account_id: str
) -> Response:
    def work(scope: ConsoleScope, account: Account) -> str:
        if is_last_admin(scope.session, account):
            raise Refused(
                "This is the last enabled consortium administrator; it cannot be disabled."
            )
        auth.disable_user(session=scope.session, user=account)
        audit.record(
            scope.session,
            user,
            "account.disable",
            library_id=account.library_id,
            target=account.login,
        )
        return f"{account.login} is disabled; its open sessions ended."

    return _change(request, db, user, account_id, work)


@router.post("/console/accounts/{account_id}/enable", response_class=HTMLResponse)
def enable(
    request: Request, db: DatabaseDep, user: ConsoleUser, form: CheckedForm, account_id: str
) -> Response:
    def work(scope: ConsoleScope, account: Account) -> str:
        auth.enable_user(session=scope.session, user=account)
        audit.record(
            scope.session,
            user,
            "account.enable",
            library_id=account.library_id,
            target=account.login,
        )
        return f"{account.login} is enabled again."

    return _change(request, db, user, account_id, work)
