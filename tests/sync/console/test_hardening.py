"""The console against what an attacker or a clumsy hand sends (real server process): ids and
page numbers that are not plain numbers never make a 500, and the session cookies hold."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest

from popup_sync.console import auth
from popup_sync.console.access import Role, row_id
from tests.sync.console.conftest import ConsoleClient, add_account, token_in
from tests.sync.console.test_settings import form_on, stored

#: "²" is a digit to str.isdigit and no number to int(); "١٢" is both (Arabic-Indic twelve);
#: 20 digits overflow SQLite's integers.
ODD_IDS = ["²", "١٢", "99999999999999999999", "999999999999999999", "-1", "1.5", "0x1"]


def test_row_id_reads_plain_ascii_numbers_only() -> None:
    assert row_id("42") == 42 and row_id(" 7 ") == 7
    assert row_id(str(2**31 - 1)) == 2**31 - 1 and row_id(str(2**31)) is None
    for text in [*ODD_IDS[:4], "", "-1", "1.5", "1_000", "9" * 19]:
        assert row_id(text) is None, text


@pytest.mark.parametrize("odd", ODD_IDS)
def test_an_odd_id_in_the_address_is_no_row_not_a_500(
    odd: str, signed_in: Callable[..., ConsoleClient], make_library: Any
) -> None:
    make_library(items=0, patrons=0)
    admin = signed_in(Role.ADMIN)
    for page in ("/console/accounts/", "/console/exceptions/"):
        response = admin.get(page + odd)
        assert response.status_code == 404, (page, odd, response.status_code)
        assert "There is no" in response.text
    for action in ("role", "password", "disable", "enable"):
        response = admin.submit("/console/accounts", f"/console/accounts/{odd}/{action}", {})
        assert response.status_code == 404, (action, odd, response.status_code)
    response = admin.submit("/console/exceptions", f"/console/exceptions/{odd}/resolve", {})
    assert response.status_code == 404, (odd, response.status_code)


@pytest.mark.parametrize("odd", ODD_IDS)
def test_an_odd_page_number_is_refused_in_words(
    odd: str, signed_in: Callable[..., ConsoleClient]
) -> None:
    admin = signed_in(Role.ADMIN)
    for page in ("/console/audit", "/console/exceptions"):
        response = admin.get(page, params={"page": odd})
        assert response.status_code == 400, (page, odd, response.status_code)
        assert "Page" in response.text


@pytest.mark.parametrize("odd", ODD_IDS)
def test_odd_numbers_in_forms_are_refused_in_words(
    odd: str, signed_in: Callable[..., ConsoleClient], make_library: Any
) -> None:
    lib = make_library(items=0, patrons=0)
    admin = signed_in(Role.ADMIN)
    picked = admin.submit(
        "/console/exceptions", "/console/exceptions/resolve", {f"pick-{odd}": "1", "note": "n"}
    )
    assert picked.status_code in (200, 400), (odd, picked.status_code)
    days = admin.submit(
        "/console/fleet/codes/new",
        "/console/fleet/codes",
        {"library": lib.code, "vehicle": "", "days": odd},
    )
    assert days.status_code == 400 and "Days valid" in days.text, (odd, days.status_code)
    merge = admin.submit(
        f"/console/libraries/{lib.code}",
        f"/console/libraries/{lib.code}/merge/confirm",
        {"keep_id": odd, "merge_id": "1"},
    )
    assert merge.status_code == 404, (odd, merge.status_code)


def test_a_library_institution_code_is_four_ascii_digits(
    signed_in: Callable[..., ConsoleClient],
) -> None:
    admin = signed_in(Role.ADMIN)
    response = admin.submit(
        "/console/libraries",
        "/console/libraries",
        {"code": "SUPER2", "name": "Superscript", "institution": "²²²²", "timezone": ""},
    )
    assert response.status_code == 400 and "Institution code" in response.text
    assert admin.get("/console/libraries/SUPER2").status_code == 404


def test_a_refusal_before_any_console_page_runs_is_still_a_console_page(
    console_client: Callable[[], ConsoleClient], signed_in: Callable[..., ConsoleClient]
) -> None:
    """A wrong method, a form field over its length: answered in the console's words (HTML),
    not with the API's JSON."""
    browser = console_client()
    login = browser.get("/console/login")
    too_long = browser.post(
        "/console/login",
        {
            "login": "a" * 300,
            "password": "x",
            "login_token": token_in(login.text, "login_token"),
        },
    )
    assert too_long.status_code == 400
    assert too_long.headers["content-type"].startswith("text/html")
    assert "login" in too_long.text and "Not done" in too_long.text
    admin = signed_in(Role.ADMIN)
    wrong_method = admin.get("/console/logout")
    assert wrong_method.status_code == 405
    assert wrong_method.headers["content-type"].startswith("text/html")
    assert "Sign out" in wrong_method.text  # the signed-in frame, with its navigation


def test_behind_an_https_proxy_every_console_cookie_is_secure(
    signed_in: Callable[..., ConsoleClient],
) -> None:
    """``popup-sync serve`` trusts X-Forwarded-Proto from 127.0.0.1 (nginx on the machine):
    the flash message's cookie is then Secure like the session's."""
    admin = signed_in(Role.ADMIN)
    page = admin.get("/console")
    https = {"X-Forwarded-Proto": "https"}
    signed_out = admin.post(
        "/console/logout",
        {"csrf_token": token_in(page.text)},
        headers=https,
        allow_redirects=False,
    )
    assert signed_out.status_code == 303
    cookies = signed_out.raw.headers.getlist("set-cookie")
    flash = [c for c in cookies if c.startswith("popup_console_flash=")]
    assert flash and all("; Secure" in c for c in cookies), cookies
    plain = admin.get("/console/login")
    assert all("Secure" not in c for c in plain.raw.headers.getlist("set-cookie"))


def test_signing_in_ends_the_session_the_browser_had(
    console_client: Callable[[], ConsoleClient], db: Any
) -> None:
    """A second person signing in on a shared tablet: the first one's session is over, not
    merely forgotten by the browser."""
    first, second = add_account(db, Role.ADMIN), add_account(db, Role.ADMIN)
    tablet = console_client()
    tablet.sign_in(first.login, first.password)
    first_token = tablet.http.cookies.get("popup_console", path="/console")
    assert first_token
    tablet.sign_in(second.login, second.password)
    assert tablet.http.cookies.get("popup_console", path="/console") != first_token
    replay = console_client()
    replay.http.cookies.set("popup_console", first_token, path="/console")
    response = replay.get("/console", allow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/console/login")


def test_an_unexpected_error_on_a_console_page_is_a_console_page_with_its_headers(
    tmp_path: Any,
) -> None:
    """A 500 is answered by Starlette's outermost handler, outside the console's middleware:
    still HTML in the console's words, still not cached and under the console's CSP. (In
    process, with a route that fails: no console page is known to fail any more.)"""
    from fastapi import FastAPI

    from popup_sync.core.config import Settings
    from popup_sync.main import create_app

    app: FastAPI = create_app(Settings(database_url=f"sqlite:///{tmp_path}/x.db"))

    @app.get("/console/fails")
    def fails() -> None:
        raise RuntimeError("a bug")

    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/console/fails",
        "raw_path": b"/console/fails",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 80),
    }
    # In a thread of its own: Playwright's sync API (the e2e tests, earlier in the same
    # session) leaves an event loop running in this one, where asyncio.run refuses to start.
    raised: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(app(scope, receive, send))
        except BaseException as exc:  # reported below
            raised.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(60)
    # Starlette answers, then raises it again for the log.
    assert [type(exc) for exc in raised] == [RuntimeError] and str(raised[0]) == "a bug"
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode(): v.decode() for k, v in start["headers"]}
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert start["status"] == 500
    assert headers["content-type"].startswith("text/html")
    assert b"went wrong" in body and b"a bug" not in body
    assert headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("card.length", "99999999999999999999"),  # a card block's size would never be counted
        ("card.length", "65"),
        ("card.institution_length", "-1"),
        ("card.institution", "MAIN"),  # letters in a digits-only format: every card refused
        ("card.institution", "²²²²"),
        ("card.patron_prefix", "<b>"),
    ],
)
def test_a_card_format_no_card_could_follow_is_refused(
    field: str, value: str, signed_in: Callable[..., ConsoleClient], make_library: Any, db: Any
) -> None:
    lib = make_library(items=0, patrons=0)
    admin = signed_in(Role.ADMIN)
    page = f"/console/settings/{lib.code}"
    before = stored(db, lib.code)["card_format"]
    fields = form_on(admin.get(page).text, f"{page}/card-format")
    response = admin.post(f"{page}/card-format", {**fields, field: value, "card.confirm": "1"})
    assert response.status_code == 400, (field, value, response.status_code)
    assert stored(db, lib.code)["card_format"] == before
    fine = admin.post(f"{page}/card-format", {**fields, "card.length": "12", "card.confirm": "1"})
    assert fine.status_code == 200 and "Card format saved." in fine.text


class _Forms(HTMLParser):
    """Every POST form of a page: its action and its fields' names and values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._open = given.get("method", "").lower() == "post"
            if self._open:
                self.forms.append((given.get("action", "").split("#")[0], {}))
        elif self._open and tag in ("input", "select", "textarea") and given.get("name"):
            self.forms[-1][1].setdefault(given["name"], given.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = False


#: Text no form field expects: longer than any column, and unicode of every awkward kind.
ODD_TEXT = ["x" * 5000, "\u202e<b>é</b>'\"\x01 \U0001f4da", "a\x00b"]
#: Right values for the fields a page leaves empty, so the odd one is the only thing wrong
#: (a login or a code is made new for each post).
RIGHT = {
    "login": "odd-{n}",
    "code": "ODD{n}",
    "branch_code": "B{n}",
    "name": "Odd {n}",
    "branch_name": "Branch {n}",
    "role": "viewer",
    "password": "long enough password",
    "day.date": "2031-01-{day:02d}",
    "day.reason": "Holiday",
}


@pytest.mark.parametrize(
    "page",
    ["/console/accounts", "/console/libraries", "{lib}", "{settings}", "/console/fleet/codes/new"],
)
def test_every_form_field_takes_odd_text_without_a_500(
    page: str, signed_in: Callable[..., ConsoleClient], make_library: Any
) -> None:
    """Each text field of each form of the page, in turn, far too long or odd: refused in
    words or taken, never a 500 (a column's length is enforced by PostgreSQL, not SQLite)."""
    lib = make_library(items=0, patrons=0)
    admin = signed_in(Role.ADMIN)
    url = page.format(
        lib=f"/console/libraries/{lib.code}", settings=f"/console/settings/{lib.code}"
    )
    parser = _Forms()
    parser.feed(admin.get(url).text)
    forms = [
        (action, fields)
        for action, fields in parser.forms
        if not action.endswith(("/logout", "/delete", "/expire-holds", "/sharing"))
        and "/import/" not in action
    ]
    assert forms, url
    posts = 0
    for action, fields in forms:
        for name in fields:
            if name == "csrf_token" or name.startswith("shown."):
                continue
            for text in ODD_TEXT:
                posts += 1
                right = {
                    key: RIGHT[key].format(n=posts, day=posts % 28 + 1)
                    for key, value in fields.items()
                    if not value and key in RIGHT
                }
                response = admin.post(action, {**fields, **right, name: text})
                assert response.status_code < 500, (action, name, text[:20], response.text[:300])
                assert response.headers["content-type"].startswith("text/html")


def test_a_password_too_long_to_type_in_is_refused(
    signed_in: Callable[..., ConsoleClient], db: Any
) -> None:
    """The sign-in form takes at most 1000 characters: a longer password is refused when set,
    not accepted and then impossible to sign in with."""
    account = add_account(db, Role.VIEWER)
    admin = signed_in(Role.ADMIN)
    with db.read() as session:
        account_id = auth.get_user(session=session, login=account.login).id
    page = f"/console/accounts/{account_id}"
    long = "p" * 1001
    response = admin.submit(page, f"{page}/password", {"password": long, "password_again": long})
    assert response.status_code == 400 and "at most 1000" in response.text


#: Every address that reads a library code, a filter or an id from the browser.
NUL_PAGES = [
    "/console/libraries/{code}%00",
    "/console/settings/{code}%00",
    "/console/exceptions?library={code}%00",
    "/console/exceptions?code=A%00",
    "/console/fleet?library={code}%00",
    "/console/fleet/codes/new?library={code}%00",
    "/console/bridge?library={code}%00",
    "/console/audit?library={code}%00",
    "/console/audit?login=a%00",
    "/console/audit?action=a%00",
    "/console/settings/{code}?rule=1%00",
    "/console/settings/{code}?edit_rule=1%00",
    "/console/accounts/1%00",
    "/console/exceptions/1%00",
]


def test_a_nul_character_is_never_a_500(
    signed_in: Callable[..., ConsoleClient],
    console_client: Callable[[], ConsoleClient],
    make_library: Any,
) -> None:
    """PostgreSQL refuses text with a NUL in it (a database error, a 500, if it gets there)."""
    browser = console_client()
    form = browser.get("/console/login")
    login = browser.post(
        "/console/login",
        {
            "login": "admin\x00",
            "password": "x",
            "login_token": token_in(form.text, "login_token"),
        },
    )
    assert login.status_code == 400 and "Enter your login" in login.text
    lib = make_library(items=0, patrons=0)
    admin = signed_in(Role.ADMIN)
    for page in NUL_PAGES:
        response = admin.get(page.format(code=lib.code))
        assert response.status_code in (200, 400, 404), (page, response.status_code)
    page = f"/console/libraries/{lib.code}"
    for action, data in (
        (f"{page}/merge", {"keep": "2\x00", "merge": "3"}),
        (f"{page}/branches", {"branch_code": "B\x00", "branch_name": "N\x00"}),
        ("/console/accounts", {"login": "a\x00", "name": "n", "role": "viewer"}),
        ("/console/fleet/codes", {"library": f"{lib.code}\x00", "days": "7"}),
        (f"/console/settings/{lib.code}/closed-days", {"day.date": "2031-01-01\x00"}),
    ):
        response = admin.submit(page, action, data)
        assert response.status_code in (200, 400, 404), (action, response.status_code)


def test_reading_a_page_takes_no_write_lock(
    signed_in: Callable[..., ConsoleClient], db: Any, make_library: Any
) -> None:
    """A coordinator reading pages must not queue behind laptops' pushes for SQLite's one
    writer: the session is written at most once a minute, so a page read right after signing
    in is served while another connection holds the write lock."""
    from sqlalchemy import text

    make_library(items=0, patrons=0)
    viewer = signed_in(Role.VIEWER)
    with db.write() as session:
        # Take the write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: a row lock the read
        # never needs) and hold it through the request.
        session.execute(text("UPDATE console_sessions SET csrf_token = csrf_token WHERE 1 = 0"))
        response = viewer.get("/console/reach")
    assert response.status_code == 200, response.status_code
    assert "Reach" in response.text


def test_a_session_is_still_touched_once_a_minute(
    signed_in: Callable[..., ConsoleClient], db: Any, make_library: Any
) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select

    from popup_sync.models import ConsoleSession

    make_library(items=0, patrons=0)
    viewer = signed_in(Role.VIEWER)
    before = datetime.now(UTC) - timedelta(minutes=2)
    with db.write() as session:
        rows = list(session.scalars(select(ConsoleSession)))
        for row in rows:
            row.last_seen_at = before
    assert viewer.get("/console/reach").status_code == 200
    with db.read() as session:
        seen = [row.last_seen_at for row in session.scalars(select(ConsoleSession))]
    # The viewer's session moved on (the page read wrote it); nobody else's did.
    assert sum(1 for s in seen if s.replace(tzinfo=s.tzinfo or UTC) > before) == 1
