"""Debian's Chromium driven by Playwright for Python (the console's end-to-end tests and
screenshots).

Playwright's own browser download is not reachable from where the project is built, so it
drives ``/usr/bin/chromium`` (``apt-get install chromium``; ``packaging/dev/setup.sh`` installs
it). The availability rule is PostgreSQL's (:mod:`tests.helpers.postgres`): without Chromium
the end-to-end tests are skipped, except under ``POPUP_EXPECT_CHROMIUM=1`` (CI), where they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = Path(os.environ.get("POPUP_CHROMIUM", "/usr/bin/chromium"))
#: CI sets POPUP_EXPECT_CHROMIUM=1: Chromium must be there, and the browser tests run.
EXPECTED = os.environ.get("POPUP_EXPECT_CHROMIUM") == "1"
#: What works headless on a build machine: no sandbox (containers run as root), no GPU, and no
#: call home (updates, sync, QUIC probes) that would hang on a closed network. Playwright adds
#: --headless and a fresh user data directory per browser.
ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def unavailable() -> str | None:
    """Why the browser cannot be driven, or None when it can."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        found = shutil.which("chromium")
        return f"no Chromium at {CHROMIUM}" + (f" (there is one at {found})" if found else "")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"Playwright for Python is not installed ({exc})"
    return None


def require() -> None:
    """Skip the calling test when Chromium is missing; fail it when it is expected."""
    problem = unavailable()
    if problem is None:
        return
    message = f"{problem}: install it with `apt-get install chromium` (packaging/dev/setup.sh)"
    if EXPECTED:
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium for the block (a launch failure is an error, never a skip)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=list(ARGS)
        )
        try:
            yield browser
        finally:
            browser.close()
