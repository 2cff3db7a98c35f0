"""Screenshots of every console page, for each role that sees it, to look at.

    .venv/bin/python packaging/dev/console_screenshots.py --out DIR [--sizes 1366x768,768x1024]

Starts ``popup-sync serve`` on a temporary SQLite database, seeds it with
``tests/helpers/outreach.py`` (two libraries' vehicles, four months of stops pushed through the
API), creates an administrator, a manager of MAIN and a viewer of MAIN, signs each in with
Playwright in Debian's Chromium and saves, for every size, ``<size>-<role>-<page>.png``: the
sign-in page (empty and after a wrong password), the home page, every page of the navigation
the role sees (and, for the administrator, a library's, an exception's and an account's own
page), an error page (a form sent without its CSRF token) and the print view of the
reach report (print media). A page that answers 404 (not built yet) is listed, not fatal; so is
a page, or a box in it, that scrolls sideways (what a full-page picture does not show).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "src"), str(REPO / "sync")]
# The server process imports this checkout too, not whatever the virtualenv points at.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(REPO / "src"), str(REPO / "sync"), os.environ.get("PYTHONPATH", "")]
).rstrip(os.pathsep)

from popup_sync import crud  # noqa: E402
from popup_sync.console import auth  # noqa: E402
from popup_sync.console.access import Role  # noqa: E402
from popup_sync.console.render import NAV  # noqa: E402
from popup_sync.core.db import Database  # noqa: E402
from tests.helpers import browser as chromium  # noqa: E402
from tests.helpers import outreach  # noqa: E402
from tests.helpers.server import ServerProcess  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PASSWORD = "screenshots only"
#: The page itself, or elements in it, wider than what shows (a table cut off at the edge).
WIDER_THAN_THE_SCREEN = """(() => {
  const out = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) out.push(`the page (${root.scrollWidth} px)`);
  for (const e of document.querySelectorAll("main *")) {
    const style = getComputedStyle(e);
    if (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 1
        && ["auto", "scroll", "hidden"].includes(style.overflowX)) {
      const what = e.tagName.toLowerCase() + (e.className ? "." + e.className : "");
      out.push(`${what} (${e.scrollWidth} px in ${e.clientWidth})`);
    }
  }
  return out;
})()"""


@dataclass(frozen=True)
class Person:
    login: str
    name: str
    role: Role
    library: str | None


PEOPLE = (
    Person("alex", "Alex Adeyemi", Role.ADMIN, None),
    Person("morgan", "Morgan Castillo", Role.MANAGER, "MAIN"),
    Person("val", "Val Okonkwo", Role.VIEWER, "MAIN"),
)


def add_people(db: Database) -> None:
    def create(session: Any) -> None:
        for person in PEOPLE:
            library = (
                crud.get_library(session=session, code=person.library) if person.library else None
            )
            auth.add_user(
                session=session,
                login=person.login,
                name=person.name,
                role=person.role,
                library=library,
                password=PASSWORD,
            )

    db.run_write(create)


class Shooter:
    """Saves the screenshots of one size and notes the pages that are not there."""

    def __init__(self, out: Path, size: str) -> None:
        self.out, self.size = out, size
        self.saved: list[Path] = []
        self.missing: set[str] = set()
        self.notes: list[str] = []

    def shoot(self, page: Page, name: str) -> None:
        path = self.out / f"{self.size}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        self.saved.append(path)
        # What a full-page picture hides: a page, or a box in it, that scrolls sideways.
        wide = page.evaluate(WIDER_THAN_THE_SCREEN)
        if wide:
            self.notes.append(f"{path.name}: scrolls sideways: {', '.join(wide)}")

    def visit(self, page: Page, path: str, name: str) -> bool:
        """Open ``path`` and screenshot it; False (and noted) when it answers 404."""
        response = page.goto(path)
        status = response.status if response else 0
        if status == 404:
            self.missing.add(path)
            return False
        if status >= 400:
            print(f"  {path} answered {status} for {name}", file=sys.stderr)
        self.shoot(page, name)
        return True


def sign_in(page: Page, login: str, password: str) -> None:
    page.goto("/console/login")
    page.get_by_label("Login").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def shoot_size(browser: Browser, base: str, out: Path, width: int, height: int) -> Shooter:
    shooter = Shooter(out, f"{width}x{height}")
    viewport: Any = {"width": width, "height": height}
    context = browser.new_context(base_url=base, viewport=viewport)
    page = context.new_page()
    shooter.visit(page, "/console/login", "signin")
    sign_in(page, "alex", "not the password")
    shooter.shoot(page, "signin-wrong-password")
    context.close()
    for person in PEOPLE:
        context = browser.new_context(base_url=base, viewport=viewport)
        page = context.new_page()
        sign_in(page, person.login, PASSWORD)
        role = person.role.value
        shooter.shoot(page, f"{role}-home")
        for entry in NAV:
            if person.role in entry.roles:
                shooter.visit(page, entry.path, f"{role}-{entry.path.rsplit('/', 1)[-1]}")
        if person.role is Role.ADMIN:
            # The pages one opens from a list: a library, an exception, an account.
            for path, name in (
                ("/console/libraries/MAIN", "library"),
                ("/console/exceptions/1", "exception"),
                ("/console/accounts/1", "account"),
            ):
                shooter.visit(page, path, f"{role}-{name}")
            # A stale form (its CSRF token gone) shows the error page.
            page.goto("/console")
            page.locator("form.signout input[name=csrf_token]").evaluate("e => e.remove()")
            page.get_by_role("button", name="Sign out").click()
            page.wait_for_load_state()
            shooter.shoot(page, f"{role}-error")
            # The report as a board gets it: the page printed, and its print view if it has one.
            page.emulate_media(media="print")
            for path, name in (
                ("/console/reach", "reach-printed"),
                ("/console/reach/print", "reach-print-view"),
            ):
                shooter.visit(page, path, f"{role}-{name}")
            page.emulate_media(media="screen")
        context.close()
    return shooter


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="where the PNGs go")
    parser.add_argument("--sizes", default="1366x768,768x1024", help="viewports, WxH,WxH")
    args = parser.parse_args(argv)
    sizes = [tuple(int(n) for n in size.split("x")) for size in args.sizes.split(",")]
    problem = chromium.unavailable()
    if problem:
        print(f"Cannot take screenshots: {problem}.", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="popup-console-shots-") as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'sync.db'}")
        db.migrate()
        server = ServerProcess(db.url, Path(tmp) / "server.log", args=("--log-level", "warning"))
        server.start()
        try:
            print("Seeding four months of outreach through the API ...")
            outreach.seed(db, server.url)
            add_people(db)
            missing: set[str] = set()
            saved: list[Path] = []
            notes: list[str] = []
            with chromium.chromium() as browser:
                for width, height in sizes:
                    shooter = shoot_size(browser, server.url, args.out, width, height)
                    saved += shooter.saved
                    missing |= shooter.missing
                    notes += shooter.notes
        finally:
            server.stop()
            db.dispose()
    for path in saved:
        print(path)
    for note in notes:
        print(note)
    if missing:
        print("Not there yet (404): " + ", ".join(sorted(missing)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
