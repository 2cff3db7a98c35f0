"""Sign-in and sign-out.

The sign-in form has no session yet, so its CSRF defence is a double-submit token: a random
cookie that the form must repeat. A password is never sent in clear over the network: over
plain HTTP the form is refused unless the browser is on this machine (or the operator set
``console_allow_plain_http``).
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import secrets
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from popup_sync.api.deps import DatabaseDep, SettingsDep
from popup_sync.api.ratelimit import TokenBucket
from popup_sync.console import audit, auth
from popup_sync.console.deps import SESSION_COOKIE, CheckedForm, ConsoleUser
from popup_sync.console.render import redirect, render
from popup_sync.core.config import Settings

log = logging.getLogger("popup_sync.console")
router = APIRouter()
LOGIN_COOKIE = "popup_console_login"


def _failures(request: Request, settings: Settings) -> TokenBucket:
    """Failed sign-ins per client address (one bucket per process, made on first use)."""
    state = request.app.state
    bucket: TokenBucket | None = getattr(state, "console_signin_failures", None)
    if bucket is None:
        bucket = TokenBucket(
            settings.console_signin_failures_per_minute / 60.0,
            settings.console_signin_failures_burst,
        )
        state.console_signin_failures = bucket
    return bucket


def _is_loopback(host: str | None) -> bool:
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _over_clear_network(request: Request, settings: Settings) -> bool:
    """Would a password cross the network in clear?"""
    if request.url.scheme == "https" or settings.console_allow_plain_http:
        return False
    return not _is_loopback(request.client.host if request.client else None)


def _safe_next(target: str) -> str:
    """Only a console path (never another site: an open redirect helps phishing)."""
    if target.startswith("/console") and not target.startswith("//") and "\\" not in target:
        return target
    return "/console"


def _form(
    request: Request,
    settings: Settings,
    *,
    status: int = 200,
    error: str = "",
    next_path: str = "",
    login: str = "",
) -> HTMLResponse:
    """The sign-in form (again after a refusal, with the login kept and the password field
    focused: the person retypes only the password)."""
    token = secrets.token_urlsafe(24)
    response = render(
        request,
        "signin.html",
        None,
        status=status,
        title="Sign in",
        error=error,
        login_token=token,
        next_path=_safe_next(next_path or request.query_params.get("next", "/console")),
        clear_network=_over_clear_network(request, settings),
        login=login.strip()[:64],
    )
    response.set_cookie(
        LOGIN_COOKIE,
        token,
        path="/console",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.get("/console/login", response_class=HTMLResponse)
def signin_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    return _form(request, settings)


@router.post("/console/login", response_class=HTMLResponse)
def signin(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    login: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=auth.MAX_PASSWORD)] = "",
    login_token: Annotated[str, Form(max_length=200)] = "",
    next_path: Annotated[str, Form(alias="next", max_length=2000)] = "/console",
) -> Response:
    if _over_clear_network(request, settings):
        return _form(
            request,
            settings,
            status=403,
            error="Signing in over plain HTTP from another machine would send your password"
            " in clear. Open the console with https://.",
        )
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie.encode(), login_token.encode()):
        return _form(
            request,
            settings,
            status=403,
            error="This sign-in form was out of date (or cookies are off). Try again.",
            next_path=next_path,
        )
    address = request.client.host if request.client else "?"
    wait = _failures(request, settings).wait(address)
    if wait > 0:
        return _form(
            request,
            settings,
            status=429,
            error=f"Too many failed sign-ins from this computer. Try again in {int(wait) + 1}"
            " seconds.",
            next_path=next_path,
        )
    if not login.strip() or not password or "\x00" in login:
        return _form(
            request,
            settings,
            status=400,
            error="Enter your login and your password.",
            next_path=next_path,
        )

    # The session this browser had (another person's, on a shared tablet) ends as a new one
    # starts: one browser, one live session.
    previous = request.cookies.get(SESSION_COOKIE, "")

    def attempt(session: Session) -> tuple[auth.SignInResult, str | None]:
        result = auth.sign_in(
            session=session,
            login=login,
            password=password,
            tries=settings.console_lockout_tries,
            lock_for=timedelta(minutes=settings.console_lockout_minutes),
        )
        token = None
        if result.outcome is auth.SignIn.OK:
            assert result.user is not None
            if previous:
                auth.end_session(session=session, token=previous)
            token = auth.start_session(
                session=session,
                user=result.user,
                lifetime=timedelta(hours=settings.console_session_hours),
            )
            audit.record(session, None, "sign-in", login=result.user.login, target="console")
        elif result.just_locked:
            audit.record(session, None, "account.locked", login=login.strip().lower())
            log.warning(
                "a console account was locked after %d wrong passwords",
                settings.console_lockout_tries,
            )
        return result, token

    result, token = db.run_write(attempt)
    if result.outcome is not auth.SignIn.OK:
        _failures(request, settings).take(address)
    if result.outcome is auth.SignIn.LOCKED:
        until = result.locked_until.strftime("%H:%M UTC") if result.locked_until else "later"
        return _form(
            request,
            settings,
            status=429,
            error=f"This account is locked until {until} after too many wrong passwords."
            " Wait, or ask a consortium administrator to set a new password.",
            next_path=next_path,
            login=login,
        )
    if result.outcome is auth.SignIn.WRONG or token is None:
        return _form(
            request,
            settings,
            status=401,
            error="The login or the password is wrong.",
            next_path=next_path,
            login=login,
        )
    response = RedirectResponse(_safe_next(next_path), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        path="/console",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        max_age=int(settings.console_session_hours * 3600),
    )
    response.delete_cookie(LOGIN_COOKIE, path="/console")
    return response


@router.post("/console/logout")
def signout(request: Request, db: DatabaseDep, user: ConsoleUser, form: CheckedForm) -> Response:
    token = request.cookies.get(SESSION_COOKIE, "")

    def end(session: Session) -> None:
        auth.end_session(session=session, token=token)
        audit.record(session, user, "sign-out", target="console")

    db.run_write(end)
    response = redirect("/console/login", flash="You are signed out.")
    response.delete_cookie(SESSION_COOKIE, path="/console")
    return response
