"""The consortium console (#19): server-rendered pages at ``/console`` for the people who run
outreach — a coordinator, a branch manager, the IT person.

* :mod:`~popup_sync.console.access` — roles and :class:`ConsoleScope`, the one scoped lookup;
* :mod:`~popup_sync.console.auth` — accounts (argon2id), lockout, sessions;
* :mod:`~popup_sync.console.deps` — the signed-in user, CSRF-checked forms, the scope;
* :mod:`~popup_sync.console.render` — templates, navigation, flash messages;
* :mod:`~popup_sync.console.audit` — who changed what, when;
* ``routes/`` — one module per page; ``templates/`` and ``static/`` — served by the server
  itself, no CDN, so the console works on a closed network.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from importlib import import_module

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from popup_sync.console import auth
from popup_sync.console.access import ConsoleUserInfo, NotAllowed, NotVisible
from popup_sync.console.deps import SESSION_COOKIE, ConsoleError, SignInNeeded
from popup_sync.console.render import HERE, page_url, render

log = logging.getLogger("popup_sync.console")

#: The page modules under ``routes/``, one per line; each has a ``router``.
PAGES = (
    "signin",
    "home",
    "settings",
    "exceptions",
    "bridge",
    "accounts",
    "staff",
    "audit",
    "fleet",
    "libraries",
    "reach",
)

_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
        b" object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]


class ConsoleHeaders:
    """Security headers on every console answer, and no caching of its pages (a shared
    tablet's back button must not show a signed-out coordinator's page)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith("/console"):
            await self.app(scope, receive, send)
            return
        static = str(scope["path"]).startswith("/console/static/")
        # Behind a proxy that says https (uvicorn's proxy headers), every console cookie is
        # Secure: the flash message's too, not only the session's (never sent over plain http).
        https = scope.get("scheme") == "https"

        async def headed(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (key, _secure(value) if https and key.lower() == b"set-cookie" else value)
                    for key, value in message.get("headers", [])
                ]
                headers += _HEADERS
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, headed)


def with_headers(response: Response) -> Response:
    """``response`` with the console's headers, for an answer made outside the middleware (a
    500 is answered by Starlette's outermost error handler, past :class:`ConsoleHeaders`)."""
    for key, value in _HEADERS:
        response.headers[key.decode()] = value.decode()
    response.headers["cache-control"] = "no-store"
    return response


def _secure(cookie: bytes) -> bytes:
    """``cookie`` (a Set-Cookie value) with the Secure attribute."""
    attributes = [part.strip().lower() for part in cookie.split(b";")[1:]]
    return cookie if b"secure" in attributes else cookie + b"; Secure"


def install(app: FastAPI) -> None:
    """Serve the console on ``app``: its pages, its static files, its error pages."""

    @app.exception_handler(SignInNeeded)
    async def _sign_in(request: Request, exc: SignInNeeded) -> Response:
        return RedirectResponse(page_url("/console/login", {"next": exc.next_path}), 303)

    @app.exception_handler(ConsoleError)
    async def _refused(request: Request, exc: ConsoleError) -> HTMLResponse:
        return error_page(request, exc.status, exc.message)

    @app.exception_handler(NotVisible)
    async def _not_visible(request: Request, exc: NotVisible) -> HTMLResponse:
        return error_page(request, 404, f"There is no {exc.what} here.")

    @app.exception_handler(NotAllowed)
    async def _not_allowed(request: Request, exc: NotAllowed) -> HTMLResponse:
        return error_page(request, 403, f"Not allowed: {exc}.")

    for name in PAGES:
        module = import_module(f"popup_sync.console.routes.{name}")
        app.include_router(module.router, include_in_schema=False)
    app.mount("/console/static", StaticFiles(directory=HERE / "static"), name="console-static")
    app.add_middleware(ConsoleHeaders)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """The refusal in words, inside the console's frame when someone is signed in (so the
    navigation and Sign out stay where they were)."""
    return render(
        request, "error.html", _signed_in(request), status=status, title="Not done", message=message
    )


def _signed_in(request: Request) -> ConsoleUserInfo | None:
    """The session's user, if any; an error page never fails for want of one."""
    token = request.cookies.get(SESSION_COOKIE, "")
    if not token:
        return None
    try:
        db = request.app.state.db
        idle = timedelta(minutes=request.app.state.settings.console_idle_minutes)
        with db.read() as session:
            return auth.session_user(session=session, token=token, idle=idle, touch=False)
    except Exception:  # the database may be why the page failed
        log.warning("no session user for an error page", exc_info=True)
        return None
