"""The day-to-day flows of the issue in a real browser: revoke a device, resolve an exception,
change a loan rule (refused when invalid). Reading the reach report waits for its page
(:func:`flows.read_the_report`)."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

from popup_sync.core.db import Database
from tests.helpers.outreach import Outreach
from tests.sync.console.conftest import Account
from tests.sync.console.e2e import flows


def test_revoke_a_device(
    page: Page, site: str, site_db: Database, account: Callable[..., Account]
) -> None:
    flows.revoke_a_device(page, site, site_db, account)


def test_resolve_an_exception(
    page: Page, site_db: Database, consortium: Outreach, account: Callable[..., Account]
) -> None:
    flows.resolve_an_exception(page, site_db, consortium, account)


def test_change_a_loan_rule_refused_when_invalid(
    page: Page, consortium: Outreach, account: Callable[..., Account]
) -> None:
    flows.change_a_loan_rule(page, consortium, account)


def test_read_the_report(page: Page, consortium: Outreach, account: Callable[..., Account]) -> None:
    flows.read_the_report(page, consortium, account)
