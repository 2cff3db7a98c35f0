"""The console's day-to-day flows in a browser, as a coordinator goes through them.

``test_flows_e2e.py`` runs each: revoke a device, resolve an exception, change a loan rule
(refused when invalid), read the reach report.

Each flow uses data of its own where it changes something (a laptop enrolled for it, an
exception opened for it), so the session's seeded season stays the same for every test.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from playwright.sync_api import Page, expect
from sqlalchemy import select

from popup.domain.protocol.entities import Entity
from popup_sync.console.access import Role
from popup_sync.core.db import Database
from popup_sync.models import SyncException
from tests.helpers import outreach
from tests.sync.conftest import latest
from tests.sync.console.conftest import Account
from tests.sync.console.e2e.conftest import sign_in


def nav(page: Page, title: str) -> None:
    page.get_by_role("navigation", name="Console pages").get_by_role("link", name=title).click()


def revoke_a_device(page: Page, site: str, db: Database, account: Callable[..., Account]) -> None:
    """A manager revokes a laptop from the fleet page; the server refuses the laptop next."""
    name = f"Loaner laptop {uuid.uuid4().hex[:4]}"
    laptop = outreach.enroll(site, db, "MAIN", "BM1", name)
    assert laptop.pull().status_code == 200
    sign_in(page, account(Role.MANAGER, "MAIN"))
    nav(page, "Fleet")
    page.get_by_role("button", name=f"Revoke {name}…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Revoke “{name}”?")
    page.get_by_role("button", name="Revoke this device").click()
    expect(page.get_by_role("status")).to_contain_text(f"“{name}” is revoked")
    expect(page.get_by_role("row", name=name)).to_contain_text("Revoked")
    assert laptop.pull().status_code in (401, 403)


def resolve_an_exception(
    page: Page, db: Database, consortium: outreach.Outreach, account: Callable[..., Account]
) -> None:
    """A manager ticks an exception, writes what was done and resolves it."""
    ident = outreach.open_exception(
        db, consortium.laptop("MAIN", "BM2"), consortium.libraries["MAIN"]
    )
    sign_in(page, account(Role.MANAGER, "MAIN"))
    nav(page, "Exceptions")
    page.get_by_label(f"Tick exception {ident}", exact=True).check()
    page.get_by_label("Note for the ticked exceptions: what was done").fill(
        "Renewed the card by phone."
    )
    page.get_by_role("button", name="Resolve the ticked exceptions").click()
    expect(page.get_by_role("status").filter(has_text="Resolved")).to_have_text(
        "Resolved 1 exception with your note."
    )
    expect(page.get_by_label(f"Tick exception {ident}", exact=True)).to_have_count(0)
    with db.read() as session:
        row = session.scalars(select(SyncException).where(SyncException.id == ident)).one()
        assert row.resolved_at is not None


def change_a_loan_rule(
    page: Page, consortium: outreach.Outreach, account: Callable[..., Account]
) -> None:
    """A manager changes a loan rule; a value out of range is refused in words and changes
    nothing, the right one is saved and reaches the laptops at their next pull."""
    sign_in(page, account(Role.MANAGER, "MAIN"))
    nav(page, "Settings")  # one library: its settings page directly
    page.get_by_role("link", name="Change rule CHILD/DVD").click()
    expect(page.get_by_label("Patron category")).to_have_value("CHILD")
    page.get_by_label("Loan days").fill("14")
    page.get_by_label("Renewals").fill("100")  # the browser lets it through; the server may not
    page.get_by_role("button", name="Save rule").click()
    expect(page.get_by_role("alert")).to_have_text("Renewals: must be between 0 and 99, not 100")
    laptop = consortium.laptop("MAIN", "BM1").device
    key = "CHILD/DVD"
    before, _ = laptop.pull_all()
    assert latest(before, Entity.LOAN_RULE.value, key)["loan_days"] == 7  # unchanged
    page.get_by_label("Renewals").fill("1")
    page.get_by_role("button", name="Save rule").click()
    expect(page.get_by_role("status")).to_have_text(f"Loan rule {key} saved.")
    expect(page.get_by_role("row", name="CHILD DVD 14")).to_be_visible()
    after, _ = laptop.pull_all(until=lambda ch: _days(ch, key) == 14)
    assert _days(after, key) == 14


def _days(changes: list[dict[str, Any]], key: str) -> int | None:
    state = latest(changes, Entity.LOAN_RULE.value, key)
    return None if state is None else int(state["loan_days"])


def last_quarter(today: date) -> tuple[date, date]:
    """The last full calendar quarter before ``today``'s: its first and last day."""
    first_this = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last = first_this - timedelta(days=1)
    return date(last.year, 3 * ((last.month - 1) // 3) + 1, 1), last


def read_the_report(
    page: Page, consortium: outreach.Outreach, account: Callable[..., Account]
) -> None:
    """How many children did the bookmobiles reach at each stop last quarter? Two clicks from
    the console's front page, and the figures are the ones the laptops tapped in."""
    sign_in(page, account(Role.VIEWER))
    nav(page, "Reach")  # click 1
    page.get_by_role("link", name="Last quarter").click()  # click 2
    first, last = last_quarter(datetime.now(UTC).date())
    children = consortium.attended(first, last, {"0-5", "6-11"})
    assert children, "the seeded season must reach into last quarter"
    table = page.locator("table#attendance")
    headers = table.locator("thead th").all_inner_texts()
    young = [headers.index("0–5"), headers.index("6–11")]
    shown: dict[str, int] = {}
    for row in table.locator("tbody tr").all():
        cells = row.locator("th, td").all_inner_texts()
        stop = cells[0].split(": ", 1)[-1].rsplit(" (", 1)[0]
        shown[stop] = shown.get(stop, 0) + sum(int(cells[i]) for i in young)
    assert {k: v for k, v in shown.items() if v} == children
