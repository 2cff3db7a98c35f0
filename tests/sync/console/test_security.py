"""Every console route, found from the application itself (so a new page is covered the day it
lands): without a session it changes nothing and sends the browser to sign in; a viewer's
form post is refused whatever the page; a form post without its CSRF token is refused."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.routing import APIRoute

from popup_sync.console.access import Role
from popup_sync.core.config import Settings
from popup_sync.main import create_app
from tests.sync.console.conftest import ConsoleClient

OPEN = {"/console/login"}
#: A viewer may sign out; every other form is a change.
VIEWER_MAY_POST = {"/console/logout"}


def _routes(routes: list[Any]) -> list[APIRoute]:
    """The application's routes, through included routers (the page modules' own routers:
    this FastAPI keeps them whole rather than copying their routes)."""
    out: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            out.append(route)
        elif hasattr(route, "original_router"):
            out += _routes(route.original_router.routes)
    return out


def console_routes() -> list[tuple[str, str]]:
    app = create_app(Settings(database_url="sqlite://", migrate_on_start=False))
    found = []
    for route in _routes(app.routes):
        if route.path.startswith("/console"):
            for method in sorted(route.methods - {"HEAD"}):
                if route.path not in OPEN:
                    found.append((method, route.path))
    assert ("GET", "/console") in found
    return found


def filled(path: str, library_code: str) -> str:
    """The route's path with its parameters filled: a library code where one is asked for
    (the viewer's own library, so a refusal is about the role, not the library), else 1."""
    return re.sub(
        r"\{(\w+)(:\w+)?\}",
        lambda m: library_code if "code" in m.group(1) or m.group(1) == "library" else "1",
        path,
    )


ROUTES = console_routes()


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_no_session_means_sign_in_first(
    method: str, path: str, console_client: Callable[[], ConsoleClient], make_library: Any
) -> None:
    lib = make_library(items=0, patrons=0)
    client = console_client()
    url = filled(path, lib.code)
    response = (
        client.get(url, allow_redirects=False)
        if method == "GET"
        else client.post(url, {"csrf_token": "x"}, allow_redirects=False)
    )
    assert response.status_code == 303, (method, url, response.status_code)
    assert response.headers["location"].startswith("/console/login")


POSTS = [(m, p) for m, p in ROUTES if m == "POST" and p not in VIEWER_MAY_POST]


@pytest.mark.parametrize(("method", "path"), POSTS, ids=[f"{m} {p}" for m, p in POSTS])
def test_a_viewer_changes_nothing(
    method: str, path: str, signed_in: Callable[..., ConsoleClient], make_library: Any
) -> None:
    lib = make_library(items=0, patrons=0)
    client = signed_in(Role.VIEWER, lib.code)
    response = client.submit("/console", filled(path, lib.code), {})
    assert response.status_code in (403, 404), (path, response.status_code, response.text[:300])


FORMS = [(m, p) for m, p in ROUTES if m == "POST"]


@pytest.mark.parametrize(("method", "path"), FORMS, ids=[f"{m} {p}" for m, p in FORMS])
def test_a_form_without_its_token_is_refused(
    method: str, path: str, signed_in: Callable[..., ConsoleClient], make_library: Any
) -> None:
    lib = make_library(items=0, patrons=0)
    client = signed_in(Role.ADMIN)
    response = client.post(filled(path, lib.code), {"csrf_token": "forged"})
    assert response.status_code == 403, (path, response.status_code)
    assert "security token" in response.text
