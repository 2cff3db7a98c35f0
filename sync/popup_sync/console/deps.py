"""Console request dependencies: the signed-in user, the CSRF-checked form, the scope.

A page declares what it needs with ``Annotated`` types:

* :data:`ConsoleUser` — the signed-in person (no session: the browser goes to the sign-in page);
* :data:`CheckedForm` — a POSTed form whose CSRF token matched the session's (else 403);
* :func:`reading` / :func:`writing` — a :class:`ConsoleScope` in a read or write transaction.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Annotated, TypeVar

from fastapi import Depends, Request

from popup_sync.api.deps import DatabaseDep, SettingsDep
from popup_sync.console import auth
from popup_sync.console.access import ConsoleScope, ConsoleUserInfo
from popup_sync.core.db import Database

SESSION_COOKIE = "popup_console"
T = TypeVar("T")


class SignInNeeded(Exception):
    """No live session: the browser is sent to the sign-in page, then back to ``next``."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class ConsoleError(Exception):
    """A page that cannot be shown or a change that was refused, in words (an HTML page)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Refused(Exception):
    """A change refused for what was typed: the page again, 400, with this message."""


def field_sentence(said: str, fields: tuple[tuple[str, str], ...]) -> str:
    """A reason written for the command line too (``crud``, ``auth``, ``staff_accounts``),
    as a sentence led by the form field it is about: the first ``(word, field)`` whose word it
    names, e.g. ``("PIN", "PIN")``."""
    for word, field in fields:
        if word in said:
            return f"{field}: {said[:1].upper()}{said[1:]}."
    return said[:1].upper() + said[1:] + "."


#: What no console address or form holds, and PostgreSQL refuses in text (a 500 if it got there).
NUL = "\x00"


def current_user(request: Request, db: DatabaseDep, settings: SettingsDep) -> ConsoleUserInfo:
    if NUL in request.url.path or any(NUL in value for value in request.query_params.values()):
        raise ConsoleError(400, "The address holds a character no console page takes (a NUL).")
    token = request.cookies.get(SESSION_COOKIE, "")
    user = None
    if token:
        idle = timedelta(minutes=settings.console_idle_minutes)
        now = datetime.now(UTC)
        # Read first: a write transaction per page would queue behind laptops' pushes for
        # SQLite's one writer. The session is written only when its touch is due.
        with db.read() as session:
            user = auth.session_user(session=session, token=token, idle=idle, now=now, touch=False)
            seen = auth.last_seen(session=session, token=token) if user else None
        if user is not None and seen is not None and auth.touch_due(seen, now):
            user = db.run_write(
                lambda session: auth.session_user(session=session, token=token, idle=idle, now=now)
            )
    if user is None:
        wanted = request.url.path if request.method == "GET" else "/console"
        if request.method == "GET" and request.url.query:
            wanted += "?" + request.url.query
        raise SignInNeeded(wanted)
    return user


ConsoleUser = Annotated[ConsoleUserInfo, Depends(current_user)]


async def checked_form(request: Request, user: ConsoleUser) -> dict[str, str]:
    """The POSTed form's text fields, once its ``csrf_token`` matches the session's."""
    try:
        form = await request.form()
    except Exception:  # a body that is not a form at all
        raise ConsoleError(400, "the request was not a form this console sent") from None
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    sent = fields.pop("csrf_token", "")
    if not sent or not hmac.compare_digest(sent.encode(), user.csrf_token.encode()):
        raise ConsoleError(
            403,
            "This form is out of date or did not come from this console (its security token"
            " is missing or wrong). Open the page again and repeat the change.",
        )
    for key, value in fields.items():
        if NUL in value or NUL in key:
            raise ConsoleError(
                400, "The form holds a character no field takes (a NUL); nothing was changed."
            )
    return fields


CheckedForm = Annotated[dict[str, str], Depends(checked_form)]


@contextmanager
def reading(db: Database, user: ConsoleUserInfo) -> Iterator[ConsoleScope]:
    """A read transaction, through the user's scope."""
    with db.read() as session:
        yield ConsoleScope(session, user)


def writing(db: Database, user: ConsoleUserInfo, work: Callable[[ConsoleScope], T]) -> T:
    """Run ``work`` in a write transaction (retried on a serialization failure), through the
    user's scope; the change and its audit record commit together."""
    return db.run_write(lambda session: work(ConsoleScope(session, user)))
