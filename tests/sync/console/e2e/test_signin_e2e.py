"""Signing in and out in a real browser: by keyboard alone, a wrong password, the lockout, and
the navigation each role gets."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import FloatRect, Locator, Page, expect

from popup_sync.console.access import Role
from popup_sync.console.render import NAV
from tests.sync.console.conftest import Account
from tests.sync.console.e2e.conftest import sign_in


def focused(page: Page) -> str:
    """The id of the element that has the keyboard focus."""
    return str(page.evaluate("document.activeElement ? document.activeElement.id : ''"))


def type_into_focus(page: Page, login: str, password: str) -> None:
    """Login, Tab, password, Enter: keys go to whatever has the focus, as from a keyboard."""
    assert focused(page) == "login", "the sign-in page must open with the focus on Login"
    page.keyboard.type(login)
    page.keyboard.press("Tab")
    assert focused(page) == "password"
    page.keyboard.type(password)
    page.keyboard.press("Enter")


def retype_password(page: Page, password: str) -> None:
    """After a refusal the login is kept and the focus is on Password: type it and Enter."""
    assert focused(page) == "password", "a refused sign-in must leave the focus on Password"
    page.keyboard.type(password)
    page.keyboard.press("Enter")


def nav_titles(page: Page) -> list[str]:
    return (
        page.get_by_role("navigation", name="Console pages").get_by_role("link").all_inner_texts()
    )


def test_sign_in_by_keyboard_alone(page: Page, account: Callable[..., Account]) -> None:
    who = account(Role.MANAGER, "MAIN")
    page.goto("/console")  # no session: the console sends the browser to sign in
    expect(page).to_have_url("/console/login?next=%2Fconsole")
    type_into_focus(page, who.login, who.password)
    page.wait_for_url("**/console")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Test Manager")
    expect(page.get_by_role("main")).to_contain_text("Riverside County Library")


def test_focus_is_visible_and_the_skip_link_comes_first(
    page: Page, account: Callable[..., Account]
) -> None:
    sign_in(page, account(Role.ADMIN))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the page")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Tab")
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert style[0] == "solid" and style[1] != "0px", style


def test_a_wrong_password_says_so_and_signs_nobody_in(
    page: Page, account: Callable[..., Account]
) -> None:
    who = account(Role.ADMIN)
    page.goto("/console/login")
    type_into_focus(page, who.login, "not the password")
    expect(page.get_by_role("alert")).to_have_text("The login or the password is wrong.")
    # Ready for the next try: the login kept, the focus on the password (typed again).
    expect(page.get_by_label("Login")).to_have_value(who.login)
    expect(page.get_by_label("Password")).to_be_focused()
    expect(page.get_by_label("Password")).to_have_value("")
    page.goto("/console")
    expect(page).to_have_url("/console/login?next=%2Fconsole")


def test_ten_wrong_passwords_lock_the_account(page: Page, account: Callable[..., Account]) -> None:
    who = account(Role.ADMIN)
    page.goto("/console/login")
    type_into_focus(page, who.login, "wrong 0")
    expect(page.get_by_role("alert")).to_be_visible()
    for n in range(1, 10):
        retype_password(page, f"wrong {n}")
        expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("This account is locked until")
    retype_password(page, who.password)  # even the right password, now
    expect(page.get_by_role("alert")).to_contain_text("too many wrong passwords")
    expect(page).to_have_url("/console/login")


def test_sign_out_ends_the_session(page: Page, account: Callable[..., Account]) -> None:
    sign_in(page, account(Role.VIEWER, "EAST"))
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_have_text("You are signed out.")
    expect(page.get_by_label("Login")).to_be_visible()
    page.go_back()  # the page was not cached: the browser must ask again, and is refused
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to the console")
    page.goto("/console")
    expect(page).to_have_url("/console/login?next=%2Fconsole")


def test_each_role_sees_only_its_pages_in_the_navigation(
    page: Page, account: Callable[..., Account]
) -> None:
    seen = {}
    for role, library in ((Role.VIEWER, "MAIN"), (Role.MANAGER, "MAIN"), (Role.ADMIN, None)):
        page.context.clear_cookies()
        sign_in(page, account(role, library))
        seen[role] = nav_titles(page)
        assert seen[role] == [entry.title for entry in NAV if role in entry.roles]
    assert "Settings" not in seen[Role.VIEWER]
    assert "Settings" in seen[Role.MANAGER] and "Accounts" not in seen[Role.MANAGER]
    assert "Accounts" in seen[Role.ADMIN]


def test_a_tablet_gets_the_whole_page_without_scrolling_sideways(
    page: Page, account: Callable[..., Account]
) -> None:
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto("/console/login")
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    sign_in(page, account(Role.ADMIN))
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    # The navigation keeps to one row under the brand and the sign-out button.
    tops = {round(box["y"]) for box in _boxes(page.get_by_role("navigation").get_by_role("link"))}
    assert len(tops) == 1, tops
    brand = page.get_by_role("link", name="Popup console").bounding_box()
    sign_out = page.get_by_role("button", name="Sign out").bounding_box()
    assert brand and sign_out and abs(brand["y"] - sign_out["y"]) < 20
    assert min(tops) > brand["y"] + brand["height"]


def _boxes(links: Locator) -> list[FloatRect]:
    return [box for link in links.all() if (box := link.bounding_box()) is not None]


def test_print_leaves_out_the_navigation_and_nothing_else(
    page: Page, account: Callable[..., Account]
) -> None:
    sign_in(page, account(Role.ADMIN))
    # A chart's bars may be called "bar" too: only the page's header goes.
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        ' \'<svg><g class="bar"><rect width="10" height="10"></rect></g></svg>\')'
    )
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation")).to_be_hidden()
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main g.bar rect")).to_be_visible()
