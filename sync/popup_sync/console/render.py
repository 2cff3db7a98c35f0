"""Pages: the Jinja2 environment, the navigation, flash messages and redirects.

Templates are autoescaped; the console serves no inline script or style (its
Content-Security-Policy forbids them), so every asset is a file under ``static/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from popup.domain.circulation import initials
from popup.domain.messages import format_money
from popup.domain.patron_cards import masked_card
from popup_sync import __version__
from popup_sync.console.access import ConsoleUserInfo, Role

HERE = Path(__file__).parent
FLASH_COOKIE = "popup_console_flash"


@dataclass(frozen=True)
class NavEntry:
    title: str
    path: str
    #: Who sees the entry (the page itself checks again).
    roles: frozenset[Role]


_EVERYONE = frozenset(Role)
_CHANGERS = frozenset({Role.ADMIN, Role.MANAGER})
#: Every page of the console, in the order of the navigation bar.
NAV = (
    NavEntry("Reach", "/console/reach", _EVERYONE),
    NavEntry("Fleet", "/console/fleet", _EVERYONE),
    NavEntry("Exceptions", "/console/exceptions", _EVERYONE),
    NavEntry("Settings", "/console/settings", _CHANGERS),
    NavEntry("Libraries", "/console/libraries", _CHANGERS),
    NavEntry("Staff", "/console/staff", _EVERYONE),
    NavEntry("ILS bridge", "/console/bridge", _EVERYONE),
    NavEntry("Accounts", "/console/accounts", frozenset({Role.ADMIN})),
    NavEntry("Audit", "/console/audit", _CHANGERS),
)


def when(moment: datetime | None, zone: str | None = None) -> str:
    """A moment for people: ``2026-12-04 14:03`` in ``zone`` (UTC when none), or an em dash."""
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if zone:
        local = moment.astimezone(ZoneInfo(zone))
        return local.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def money(cents: int, currency: str) -> str:
    """An amount of the library's currency as a coordinator reads it: ``650`` -> "6.50 USD"
    (the laptop's amounts, with the ISO code the ``currency`` setting holds)."""
    return f"{format_money(cents)} {currency}"


def ago(moment: datetime | None, now: datetime | None = None) -> str:
    """How long ago, in the largest whole unit: ``3 min ago``, ``2 days ago``; or ``never``."""
    if moment is None:
        return "never"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    delta = (now or datetime.now(UTC)) - moment
    if delta < timedelta(minutes=1):
        return "just now"
    for unit, size in (("day", 86400), ("h", 3600), ("min", 60)):
        count = int(delta.total_seconds() // size)
        if count >= 1:
            if unit == "day":
                return f"{count} day{'s' if count != 1 else ''} ago"
            return f"{count} {unit} ago"
    return "just now"  # pragma: no cover - covered by the first test


_env = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["when"] = when
_env.filters["ago"] = ago
_env.filters["urlquote"] = lambda text: quote(str(text), safe="")
#: A patron on a console page: the card's tail and the name's initials, never more.
_env.filters["masked_card"] = masked_card
_env.filters["initials"] = initials
_env.filters["money"] = money
_env.globals["version"] = __version__


def render(
    request: Request,
    template: str,
    user: ConsoleUserInfo | None,
    *,
    status: int = 200,
    title: str = "",
    **context: Any,
) -> HTMLResponse:
    """``template`` with the page's user, navigation, CSRF token and flash message."""
    flash = unquote(request.cookies.get(FLASH_COOKIE, ""))
    nav = [entry for entry in NAV if user is not None and user.role in entry.roles]
    html = _env.get_template(template).render(
        request=request,
        user=user,
        nav=nav,
        path=request.url.path,
        csrf=user.csrf_token if user else "",
        flash=flash[:300],
        title=title,
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    if flash:
        response.delete_cookie(FLASH_COOKIE, path="/console")
    return response


def redirect(url: str, flash: str = "") -> RedirectResponse:
    """303 to ``url`` (after a form post), with ``flash`` shown once on the next page."""
    response = RedirectResponse(url, status_code=303)
    if flash:
        response.set_cookie(
            FLASH_COOKIE, quote(flash[:300]), path="/console", httponly=True, samesite="strict"
        )
    return response


def page_url(path: str, query: Mapping[str, object]) -> str:
    """``path`` with the non-empty ``query`` values (a filter form's link)."""
    pairs = [
        f"{quote(k, safe='')}={quote(str(v), safe='')}"
        for k, v in query.items()
        if v not in (None, "")
    ]
    return path + ("?" + "&".join(pairs) if pairs else "")
