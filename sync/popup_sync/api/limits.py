"""Limits every request runs under: body size (413) and a deadline (503).

* :class:`BodyLimit` refuses a body larger than ``max_body_bytes`` *before* it is read when
  ``Content-Length`` says so, and while it streams otherwise (a chunked body is counted and cut
  at the limit), so no oversized body is ever held in memory or parsed. A large body sent with
  a token this server does not know is refused 401 before a byte of it is read.
* :class:`Deadline` answers 503 when a request has not started its answer within
  ``request_timeout_seconds``: a database that stalls without closing the connection would
  otherwise hold the device (and /health) for as long as the stall.
"""

from __future__ import annotations

import asyncio
import html
import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from popup_sync import crud
from popup_sync.api.errors import error_response, unavailable

log = logging.getLogger("popup_sync")

#: Bodies above this size have their bearer token checked before they are read.
CHECK_TOKEN_ABOVE = 64 * 1024


def _too_large(limit: int) -> str:
    return f"the request body is larger than this server accepts ({limit} bytes)"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def console_too_large(limit: int) -> str:
    """What a console page says about a form (an import's file) over the limit."""
    return (
        f"The file is larger than the {limit / 1024 / 1024:g} MB this server accepts; nothing"
        " was imported. Split it, or import it with `popup-sync admin` on the server."
    )


def _refusal(scope: Scope, limit: int) -> Response:
    """413 in JSON for a device; for a console page, a page a person can read (the console
    uploads import files, and a browser shows JSON as a wall of text)."""
    if str(scope.get("path", "")).startswith("/console/"):
        said = html.escape(console_too_large(limit))
        page = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not done ·'
            ' Popup console</title><link rel="stylesheet" href="/console/static/console.css">'
            f'</head><body><main id="main"><h1>Not done</h1><p class="error" role="alert">{said}'
            '</p><p><a href="/console">Back to the console</a></p></main></body></html>'
        )
        return HTMLResponse(page, status_code=413, headers={"Connection": "close"})
    return error_response(413, "TOO_LARGE", _too_large(limit), limit=limit)


class BodyLimit:
    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                size = -1
            if size < 0:
                response = error_response(400, "INVALID_REQUEST", "Content-Length is not valid")
                await response(scope, receive, send)
                return
            if size > self.limit:
                await _refusal(scope, self.limit)(scope, receive, send)
                return
        streamed = _header(scope, b"transfer-encoding") is not None
        if (declared is not None and int(declared) > CHECK_TOKEN_ABOVE) or (
            declared is None and streamed
        ):
            refused = await self._unknown_token(scope)
            if refused is not None:
                await refused(scope, receive, send)
                return

        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    # Raised inside the route's body read: answered 413 by the HTTP handler.
                    raise HTTPException(413, _too_large(self.limit))
            return message

        await self.app(scope, counted, send)

    async def _unknown_token(self, scope: Scope) -> Any:
        """401 for a bearer token no device has, checked before a large body is read."""
        authorization = _header(scope, b"authorization")
        if authorization is None or not authorization.lower().startswith("bearer "):
            return None  # enroll (no token) and other routes decide for themselves
        token = authorization[7:].strip()
        if not token:
            return None
        app = scope.get("app")
        db = getattr(getattr(app, "state", None), "db", None)
        if db is None:
            return None

        def known() -> bool:
            with db.read() as session:
                return crud.device_for_token(session=session, token=token) is not None

        try:
            if await run_in_threadpool(known):
                return None
        except Exception:  # the database is down: let the route answer as it always does
            return None
        return error_response(
            401, "UNAUTHENTICATED", "the device token is not known to this server"
        )


class Deadline:
    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds
        #: Requests still running past their deadline (kept so they are not collected).
        self._late: set[asyncio.Task[None]] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        abandoned = False

        async def guarded(message: Message) -> None:
            nonlocal started
            if abandoned:
                return  # the device was already told 503
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        task = asyncio.ensure_future(self.app(scope, receive, guarded))
        done, _ = await asyncio.wait({task}, timeout=self.seconds)
        if done:
            task.result()
            return
        if started:
            await task  # an answer is already streaming: let it finish
            return
        # The work runs in a thread that cannot be interrupted; it finishes (or fails) on its
        # own when the database answers, and what it committed is found by the device's resend.
        abandoned = True
        self._late.add(task)
        task.add_done_callback(self._finished_late)
        log.warning(
            "%s %s: no answer within %ss; answered 503",
            scope["method"],
            scope["path"],
            self.seconds,
        )
        await unavailable("the server could not answer in time; retry shortly")(
            scope, receive, send
        )

    def _finished_late(self, task: asyncio.Task[None]) -> None:
        self._late.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("a request answered 503 for its deadline failed later")
