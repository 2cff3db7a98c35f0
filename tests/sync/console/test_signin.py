"""Sign-in, sessions, sign-out, lockout and the CSRF defences (real server process)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from popup_sync.console.access import Role
from popup_sync.core.db import Database
from tests.helpers.server import ServerProcess
from tests.sync.console.conftest import PASSWORD, ConsoleClient, add_account, token_in


def test_every_page_without_a_session_goes_to_sign_in(
    console_client: Callable[[], ConsoleClient],
) -> None:
    client = console_client()
    for path in ("/console", "/console?library=MAIN"):
        response = client.get(path, allow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/console/login?next=%2Fconsole")
    # A form post without a session changes nothing and goes to sign-in too.
    response = client.post("/console/logout", {"csrf_token": "x"}, allow_redirects=False)
    assert response.status_code == 303


def test_sign_in_then_sign_out(
    console_client: Callable[[], ConsoleClient], db: Database, make_library: Callable[..., object]
) -> None:
    lib = make_library(items=0, patrons=0)
    account = add_account(db, Role.MANAGER, lib.code)  # type: ignore[attr-defined]
    client = console_client()
    response = client.sign_in(account.login, account.password)
    assert response.status_code == 200
    assert "Test Manager" in response.text and lib.code in response.text  # type: ignore[attr-defined]
    cookie = next(c for c in client.http.cookies if c.name == "popup_console")
    assert cookie.has_nonstandard_attr("HttpOnly")
    response = client.submit("/console", "/console/logout", {})
    assert response.status_code == 200 and "You are signed out." in response.text
    assert client.get("/console", allow_redirects=False).status_code == 303


def test_wrong_password_says_so_without_telling_which_part(
    console_client: Callable[[], ConsoleClient], db: Database
) -> None:
    account = add_account(db, Role.ADMIN)
    client = console_client()
    wrong = client.sign_in(account.login, "not the password")
    unknown = client.sign_in("nobody-" + account.login, PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert "The login or the password is wrong." in wrong.text
    assert "The login or the password is wrong." in unknown.text


def test_ten_wrong_passwords_lock_the_account_even_for_the_right_one(
    console_client: Callable[[], ConsoleClient], db: Database
) -> None:
    account = add_account(db, Role.ADMIN)
    client = console_client()
    statuses = [client.sign_in(account.login, f"wrong {n}").status_code for n in range(10)]
    assert statuses[:4] == [401] * 4
    assert set(statuses[4:]) == {429}  # the 5th locks it (console_lockout_tries = 5)
    right = client.sign_in(account.login, account.password)
    assert right.status_code == 429
    assert "locked until" in right.text and "too many wrong passwords" in right.text


def test_the_sign_in_form_needs_its_own_token(
    console_client: Callable[[], ConsoleClient], db: Database
) -> None:
    account = add_account(db, Role.ADMIN)
    client = console_client()
    response = client.post(
        "/console/login",
        {"login": account.login, "password": account.password, "login_token": "forged"},
    )
    assert response.status_code == 403
    assert "out of date" in response.text
    assert not any(c.name == "popup_console" for c in client.http.cookies)


def test_a_form_without_its_csrf_token_is_refused(
    signed_in: Callable[..., ConsoleClient],
) -> None:
    client = signed_in(Role.ADMIN)
    for data in ({}, {"csrf_token": "forged"}):
        response = client.post("/console/logout", data)
        assert response.status_code == 403
        assert "security token" in response.text
    # Still signed in: the refused sign-out did nothing.
    assert client.get("/console", allow_redirects=False).status_code == 200


def test_sign_in_never_redirects_off_the_console(
    console_client: Callable[[], ConsoleClient], db: Database
) -> None:
    account = add_account(db, Role.ADMIN)
    client = console_client()
    page = client.get("/console/login?next=https://evil.example/")
    response = client.post(
        "/console/login",
        {
            "login": account.login,
            "password": account.password,
            "login_token": token_in(page.text, "login_token"),
            "next": "//evil.example/",
        },
        allow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/console"


def test_console_pages_carry_security_headers(
    signed_in: Callable[..., ConsoleClient],
) -> None:
    client = signed_in(Role.ADMIN)
    response = client.get("/console")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"
    css = client.get("/console/static/console.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]


def test_an_unknown_console_page_is_an_html_page(signed_in: Callable[..., ConsoleClient]) -> None:
    client = signed_in(Role.VIEWER)
    response = client.get("/console/no-such-page")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "There is no such page in the console." in response.text
    # Still inside the console's frame: the navigation and Sign out are where they were.
    assert 'aria-label="Console pages"' in response.text and "Sign out" in response.text


def test_failed_sign_ins_from_one_address_are_slowed_before_any_check(
    database_url: str, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A server of its own with a small allowance (the shared one allows the whole suite's).
    monkeypatch.setenv("POPUP_SYNC_CONSOLE_SIGNIN_FAILURES_BURST", "3")
    monkeypatch.setenv("POPUP_SYNC_CONSOLE_SIGNIN_FAILURES_PER_MINUTE", "1")
    accounts = [add_account(db, Role.VIEWER) for _ in range(4)]
    server = ServerProcess(database_url, tmp_path / "server.log").start()
    try:
        client = ConsoleClient(server.url)
        # One wrong password each for several logins (a spray: no account reaches its lockout).
        statuses = [client.sign_in(a.login, "wrong password").status_code for a in accounts]
        assert statuses == [401, 401, 401, 429]
        refused = client.sign_in(accounts[0].login, PASSWORD)
        assert refused.status_code == 429
        assert "Too many failed sign-ins from this computer" in refused.text
    finally:
        server.stop()
