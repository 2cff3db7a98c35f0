"""Console fixtures: console accounts of each role, and a browser-like client of the real
server process (``server`` from tests/sync/conftest.py) that signs in through the sign-in form
and sends each form's CSRF token as a browser would."""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from popup_sync import crud
from popup_sync.console import auth
from popup_sync.console.access import Role
from popup_sync.core.db import Database

PASSWORD = "correct horse battery"
_TOKEN = re.compile(r'name="(csrf_token|login_token)" value="([^"]+)"')


@dataclass
class Account:
    login: str
    password: str
    role: Role
    library_code: str | None


def add_account(
    db: Database, role: Role, library_code: str | None = None, password: str = PASSWORD
) -> Account:
    login = f"{role.value}-{uuid.uuid4().hex[:8]}"

    def create(session: Any) -> None:
        library = crud.get_library(session=session, code=library_code) if library_code else None
        auth.add_user(
            session=session,
            login=login,
            name=f"Test {role.value.title()}",
            role=role,
            library=library,
            password=password,
        )

    db.run_write(create)
    return Account(login, password, role, library_code)


def token_in(page: str, name: str = "csrf_token") -> str:
    """The value of the hidden ``name`` field of the first form on ``page``."""
    for field, value in _TOKEN.findall(page):
        if field == name:
            return html.unescape(value)
    raise AssertionError(f"no {name} on the page")


class ConsoleClient:
    """A browser: keeps cookies, follows redirects, fills the CSRF token of the page it read."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = requests.Session()

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.get(self.base + path, timeout=30, **kwargs)

    def post(self, path: str, data: dict[str, Any], **kwargs: Any) -> requests.Response:
        """POST ``data`` as a form, exactly as given (no token added)."""
        return self.http.post(self.base + path, data=data, timeout=30, **kwargs)

    def submit(
        self, page: str, path: str, data: dict[str, Any], **kwargs: Any
    ) -> requests.Response:
        """POST ``data`` to ``path`` with the CSRF token of the page at ``page``, as a form on
        that page would."""
        form_page = self.get(page)
        assert form_page.status_code == 200, form_page.text[:500]
        return self.post(path, {**data, "csrf_token": token_in(form_page.text)}, **kwargs)

    def sign_in(self, login: str, password: str) -> requests.Response:
        form = self.get("/console/login")
        token = token_in(form.text, "login_token")
        return self.post(
            "/console/login",
            {"login": login, "password": password, "login_token": token, "next": "/console"},
        )


@pytest.fixture
def console_client(server: str) -> Callable[[], ConsoleClient]:
    return lambda: ConsoleClient(server)


@pytest.fixture
def signed_in(server: str, db: Database) -> Callable[..., ConsoleClient]:
    """``signed_in(Role.MANAGER, "MAIN")``: a client signed in with a new account of that role."""

    def make(role: Role, library_code: str | None = None) -> ConsoleClient:
        account = add_account(db, role, library_code)
        client = ConsoleClient(server)
        response = client.sign_in(account.login, account.password)
        assert response.status_code == 200 and response.url.endswith("/console"), response.text
        return client

    return make
