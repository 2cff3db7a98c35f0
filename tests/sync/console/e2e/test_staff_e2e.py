"""The Staff page in a real browser (#17): a manager adds a volunteer with a PIN, makes them
staff and disables them, by labels and buttons as a person does; no page breaks the console's
Content-Security-Policy (the ``page`` fixture fails the test on a violation)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from playwright.sync_api import Page, expect

from popup.domain.staff import verify_pin
from popup_sync import crud, staff_accounts
from popup_sync.console.access import Role
from popup_sync.core.db import Database
from tests.helpers.outreach import Outreach
from tests.sync.console.conftest import Account
from tests.sync.console.e2e.conftest import sign_in


def test_a_manager_adds_a_volunteer_makes_them_staff_and_disables_them(
    page: Page, site_db: Database, consortium: Outreach, account: Callable[..., Account]
) -> None:
    login = f"vol-{uuid.uuid4().hex[:6]}"
    sign_in(page, account(Role.MANAGER, "MAIN"))
    page.get_by_role("navigation", name="Console pages").get_by_role("link", name="Staff").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff")

    page.get_by_label("Login").fill(login)
    page.get_by_label("Name").fill("Vera Volunteer")
    page.get_by_label("Role").select_option("volunteer")
    page.get_by_label("PIN", exact=True).fill("2580")
    page.get_by_label("The PIN again").fill("2580")
    page.get_by_role("button", name="Add the staff member").click()
    expect(page.get_by_role("status")).to_contain_text(f"{login} added")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vera Volunteer")

    page.get_by_label("Role").select_option("staff")
    page.get_by_role("button", name="Change the role").click()
    expect(page.get_by_role("status")).to_contain_text(f"{login} is now staff")
    page.get_by_role("button", name=f"Disable {login}").click()
    expect(page.get_by_role("status")).to_contain_text(f"{login} is disabled")
    expect(page.get_by_role("button", name=f"Enable {login}")).to_be_visible()

    with site_db.read() as session:
        library = crud.get_library(session=session, code="MAIN")
        staff = staff_accounts.get_staff(session=session, library=library, login=login)
        assert (staff.role, staff.active) == ("staff", False)
        assert verify_pin("2580", staff.pin_hash)
