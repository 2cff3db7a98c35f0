"""End-to-end fixtures: the console in a real headless Chromium (Playwright) against a real
``popup-sync serve`` process holding a consortium with four months of outreach.

The browser tests run on SQLite only, on their own database and server (``site``; not the
``server`` fixture, whose database is parametrized over both backends): what they check is the
pages in a browser, and the route tests already run every page on both backends. The server,
its database and the seeded outreach are made once per session; every test gets a new browser
context (no cookies) and a page in it, and makes its own accounts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest

from popup_sync.console.access import Role
from popup_sync.core.db import Database
from tests.helpers import browser as chromium
from tests.helpers import outreach
from tests.helpers.server import ServerProcess
from tests.sync.console.conftest import Account, add_account

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

#: A laptop's screen; the tablet tests set their own viewport.
VIEWPORT = {"width": 1366, "height": 768}


@pytest.fixture(scope="session")
def site_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path_factory.mktemp('console_e2e') / 'sync.db'}")
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def site(site_db: Database, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The console's server: ``popup-sync serve`` on ``site_db`` (its base URL)."""
    log = tmp_path_factory.mktemp("console_e2e_server") / "server.log"
    process = ServerProcess(site_db.url, log, args=("--log-level", "warning"))
    process.start()
    yield process.url
    process.stop()


@pytest.fixture(scope="session")
def consortium(site_db: Database, site: str) -> outreach.Outreach:
    """MAIN and EAST with their vehicles' season of stops (see :mod:`tests.helpers.outreach`)."""
    return outreach.seed(site_db, site)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    chromium.require()
    with chromium.chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser, site: str, consortium: outreach.Outreach) -> Iterator[Page]:
    """A page in a fresh context (no cookies) on the seeded server. A Content-Security-Policy
    violation or a script error on any page the test opened fails it: the console serves no
    inline script or style, and a page that needs one is broken in a real browser."""
    context = browser.new_context(base_url=site, viewport=VIEWPORT)  # type: ignore[arg-type]
    context.set_default_timeout(15_000)
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    opened.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield opened
    context.close()
    assert not problems, problems


@pytest.fixture
def account(site_db: Database) -> Callable[..., Account]:
    """``account(Role.VIEWER, "MAIN")``: a new console account (password ``PASSWORD``)."""

    def make(role: Role, library_code: str | None = None) -> Account:
        return add_account(site_db, role, library_code)

    return make


def sign_in(page: Page, who: Account) -> None:
    """Sign in through the form, as a person does (used by the tests that start signed in)."""
    page.goto("/console/login")
    page.get_by_label("Login").fill(who.login)
    page.get_by_label("Password").fill(who.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/console")


@pytest.fixture
def signed_in_page(page: Page, account: Callable[..., Account]) -> Callable[..., Page]:
    """``signed_in_page(Role.MANAGER, "MAIN")``: the page, signed in with a new account."""

    def make(role: Role, library_code: str | None = None) -> Page:
        sign_in(page, account(role, library_code))
        return page

    return make
