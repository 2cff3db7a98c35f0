"""The FastAPI application: ``create_app(settings)``.

The process keeps no state that matters between requests (the database holds it all), so any
number of processes can serve one PostgreSQL database behind a load balancer.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from popup.domain.protocol.envelopes import Mutation, PushRequest
from popup.domain.protocol.wire import WireError
from popup_sync import __version__, telemetry
from popup_sync.api import openapi
from popup_sync.api.errors import ApiError, error_response, unavailable
from popup_sync.api.limits import BodyLimit, Deadline
from popup_sync.api.routes import card_ranges, enroll, exceptions, health, pull, push, token
from popup_sync.core.config import Settings, timeouts
from popup_sync.core.db import Database, is_transient
from popup_sync.schemas import stamp

log = logging.getLogger("popup_sync")

#: What a console page says when the server failed (the log has the details; the page, none).
FAILED = (
    "Something went wrong on the server (it was logged). Open the page again to see what was done."
)
BUSY = "The server is busy just now; try again in a minute."

_HTTP_CODES = {
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    413: "TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
}


class ServerTimeHeader:
    """Adds ``X-Server-Time`` to every response, so a device can measure its clock offset."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-server-time", stamp(datetime.now(UTC)).encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, stamped)


def _problem(error: Mapping[str, Any]) -> tuple[str, str]:
    """(the field, what is wrong with it) of one validation error.

    A wire class's own check (``popup.domain.protocol.wire``) fails in its ``__post_init__``,
    which pydantic reports at the enclosing object; the :class:`WireError` names the field.
    """
    parts = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path", "header")]
    problem = str(error.get("msg", "is not valid"))
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, WireError):
        if cause.field:
            parts.append(cause.field)
        problem = cause.problem
    return ".".join(parts) or "the request body", problem


#: The requests whose refusal is kept as the device's last sync error (the fleet page).
_SYNC_PATHS = frozenset({"/v1/push", "/v1/pull"})


def _note_refusal(db: Database, device_id: str, exc: ApiError) -> None:
    """Keep a refused push or pull as the device's last sync error; never fail the answer."""
    field = exc.extra.get("field")
    try:
        db.run_write(
            lambda session: telemetry.note_refusal(
                session,
                device_id,
                exc.code,
                exc.status,
                field if isinstance(field, str) else None,
                datetime.now(UTC),
            )
        )
    except DBAPIError as fault:  # the refusal is answered all the same
        log.warning("sync error of a device not recorded: %s", type(fault.orig).__name__)


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    settings = settings or Settings.load()
    db = database or Database(
        settings.database_url,
        pool_size=settings.pool_size,
        max_overflow=settings.max_overflow,
        timeouts=timeouts(settings),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.migrate_on_start:
            db.migrate()
        # What is loaded by now (~100,000 objects: modules, models, schemas) lives as long as
        # the process. Frozen, the collector stops walking it on every full collection, which
        # a pull page of 5,000 rows or a push chunk triggers several times: it halves their cost.
        # (Collected first, so no garbage of the startup itself is frozen with it.)
        gc.collect()
        gc.freeze()
        yield
        if database is None:
            db.dispose()

    app = FastAPI(
        title="Popup sync server",
        version=__version__,
        description="Exactly-once upload and cursor download for Popup laptops. "
        "The wire contract is sync/PROTOCOL.md.",
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.settings = settings

    def console_page(
        request: Request, status: int, message: str, *, database_ok: bool = True
    ) -> Response | None:
        """For a console address, the refusal as the console's HTML page (a person reads it;
        a browser shows the API's JSON as a wall of text); None elsewhere. When the database
        is the trouble the page does not ask it who is signed in."""
        if not (settings.console_enabled and request.url.path.startswith("/console")):
            return None
        from popup_sync.console import error_page
        from popup_sync.console.render import render

        if database_ok:
            return error_page(request, status, message)
        return render(request, "error.html", None, status=status, title="Not done", message=message)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        device_id = getattr(request.state, "device_id", None)
        if device_id and request.url.path in _SYNC_PATHS and exc.status in (400, 401, 403, 409):
            await run_in_threadpool(_note_refusal, db, device_id, exc)
        return error_response(exc.status, exc.code, exc.message, headers=exc.headers, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        if not errors:
            return error_response(400, "INVALID_REQUEST", "the request is not valid")
        first = errors[0]
        where, problem = _problem(first)
        page = console_page(
            request, 400, f"The form was not one this console sends ({where}: {problem})."
        )
        if page is not None:
            return page
        message = f"{where}: {problem}"
        if first.get("type") == "json_invalid":
            message = "the request body is not valid JSON"
        return error_response(400, "INVALID_REQUEST", message, field=where, problems=len(errors))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = _HTTP_CODES.get(exc.status_code, "HTTP_ERROR")
        message = str(exc.detail) if exc.detail else code
        if exc.status_code == 404:
            message = f"there is no {request.method} {request.url.path} on this server"
            page = console_page(request, 404, "There is no such page in the console.")
        elif exc.status_code == 413:
            # A chunked upload cut at the limit while a console page read it (BodyLimit).
            from popup_sync.api.limits import console_too_large

            page = console_page(request, 413, console_too_large(settings.max_body_bytes))
        elif exc.status_code == 405:
            page = console_page(request, 405, "This console address does not take that method.")
        else:
            page = console_page(request, exc.status_code, f"Not done: {message}.")
        return page or error_response(exc.status_code, code, message)

    @app.exception_handler(PoolTimeout)
    async def _pool_timeout(request: Request, exc: PoolTimeout) -> Response:
        # Every pooled connection is busy (or stuck on a stalled database): not the device's
        # fault, and it passes; say so and when to try again.
        log.warning("no database connection free within %ss", settings.pool_timeout_seconds)
        page = console_page(request, 503, BUSY, database_ok=False)
        return page or unavailable("the server is busy just now (no database connection free)")

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> Response:
        if is_transient(exc):
            log.warning("transient database fault: %s", type(exc.orig).__name__)
            page = console_page(request, 503, BUSY, database_ok=False)
            return page or unavailable("the database is unavailable just now; retry shortly")
        # By type and SQLSTATE only: PostgreSQL's message can quote a patron's card or name.
        log.error(
            "database error %s (SQLSTATE %s) in %s %s",
            type(exc.orig).__name__,
            getattr(exc.orig, "sqlstate", "?"),
            request.method,
            request.url.path,
        )
        page = console_page(request, 500, FAILED, database_ok=False)
        return page or error_response(500, "INTERNAL", "an internal error occurred; it was logged")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error")
        page = console_page(request, 500, FAILED)
        if page is not None:
            # Answered outside every middleware: the console's own headers are added here.
            from popup_sync.console import with_headers

            return with_headers(page)
        return error_response(500, "INTERNAL", "an internal error occurred; it was logged")

    for module in (health, enroll, push, pull, card_ranges, exceptions, token):
        app.include_router(module.router)
    if settings.console_enabled:
        from popup_sync import console  # Jinja2 and argon2 load only where the console is served

        console.install(app)
    openapi.install(app, (PushRequest, Mutation))
    # Outermost last: the time header goes on every answer, the size limit runs before any
    # route reads the body, the deadline bounds everything inside it.
    app.add_middleware(Deadline, seconds=settings.request_timeout_seconds)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(ServerTimeHeader)
    return app
