"""The audit page: newest first, paged, filtered; an administrator sees everything, a library
manager their library's entries only (never the consortium's own), a viewer nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from popup_sync.console import audit
from popup_sync.console.access import Role
from popup_sync.core.db import Database
from tests.sync.console.conftest import ConsoleClient


def record(db: Database, action: str, target: str, library_id: int | None, **detail: Any) -> None:
    db.run_write(
        lambda s: audit.record(
            s, None, action, library_id=library_id, target=target, login="tester", **detail
        )
    )


def test_the_audit_trail_needs_a_manager_or_an_administrator(
    signed_in: Callable[..., ConsoleClient],
    console_client: Callable[[], ConsoleClient],
    make_library: Callable[..., Any],
) -> None:
    lib = make_library(items=0, patrons=0)
    anonymous = console_client().get("/console/audit?library=X", allow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/console/login?next=%2Fconsole%2Faudit")
    for viewer in (signed_in(Role.VIEWER, lib.code), signed_in(Role.VIEWER)):
        assert 'href="/console/audit"' not in viewer.get("/console").text
        refused = viewer.get("/console/audit")
        assert refused.status_code == 403
        assert "the audit trail is for administrators and library managers" in refused.text
    manager = signed_in(Role.MANAGER, lib.code)
    assert 'href="/console/audit"' in manager.get("/console").text
    assert manager.get("/console/audit").status_code == 200


def test_a_manager_sees_only_their_library_and_an_administrator_everything(
    signed_in: Callable[..., ConsoleClient], make_library: Callable[..., Any], db: Database
) -> None:
    east, main = make_library(items=0, patrons=0), make_library(items=0, patrons=0)
    tag = uuid.uuid4().hex[:8]
    record(db, f"t{tag}.east", f"east-{tag}", east.id, device="d1")
    record(db, f"t{tag}.main", f"main-{tag}", main.id)
    record(db, f"t{tag}.consortium", f"consortium-{tag}", None)

    manager = signed_in(Role.MANAGER, east.code)
    page = manager.get(f"/console/audit?action=t{tag}").text
    assert f"east-{tag}" in page and "device: d1" in page
    assert f"main-{tag}" not in page and f"consortium-{tag}" not in page
    # Another library's code is answered exactly like an unknown one.
    other = manager.get(f"/console/audit?library={main.code}")
    unknown = manager.get("/console/audit?library=NO-SUCH-LIBRARY")
    assert other.status_code == unknown.status_code == 404
    assert "There is no library" in other.text and main.code in other.text
    assert manager.get("/console/audit?library=-").status_code == 404
    # Filtering on a login never widens the scope.
    page = manager.get("/console/audit?login=tester").text
    assert f"east-{tag}" in page and f"main-{tag}" not in page

    admin = signed_in(Role.ADMIN)
    page = admin.get(f"/console/audit?action=t{tag}").text
    assert all(f"{t}-{tag}" in page for t in ("east", "main", "consortium"))
    assert "3 entries" in page
    only_main = admin.get(f"/console/audit?action=t{tag}&library={main.code}").text
    assert f"main-{tag}" in only_main and f"east-{tag}" not in only_main
    consortium = admin.get(f"/console/audit?action=t{tag}&library=-").text
    assert f"consortium-{tag}" in consortium and f"east-{tag}" not in consortium
    exact = admin.get(f"/console/audit?action=t{tag}.east").text
    assert f"east-{tag}" in exact and f"main-{tag}" not in exact
    assert f"east-{tag}" not in admin.get(f"/console/audit?action=t{tag}&login=nobody").text


def test_newest_first_fifty_a_page(
    signed_in: Callable[..., ConsoleClient], make_library: Callable[..., Any], db: Database
) -> None:
    lib = make_library(items=0, patrons=0)
    tag = uuid.uuid4().hex[:8]
    for n in range(60):
        record(db, f"p{tag}.step", f"entry-{n:02d}-{tag}", lib.id)
    manager = signed_in(Role.MANAGER, lib.code)
    first = manager.get(f"/console/audit?action=p{tag}").text
    assert first.count(f"-{tag}</td>") == 50
    assert first.index(f"entry-59-{tag}") < first.index(f"entry-58-{tag}")
    assert f"entry-09-{tag}" not in first and "page 1 of 2" in first
    assert f"/console/audit?action=p{tag}&amp;page=2" in first
    second = manager.get(f"/console/audit?action=p{tag}&page=2").text
    assert second.count(f"-{tag}</td>") == 10 and f"entry-00-{tag}" in second
    assert "Newer" in second and "Older" not in second
    bad = manager.get(f"/console/audit?action=p{tag}&page=zero")
    assert bad.status_code == 400 and "Page: a page number" in bad.text


def test_a_change_made_in_the_console_is_on_the_trail(
    signed_in: Callable[..., ConsoleClient], make_library: Callable[..., Any]
) -> None:
    lib = make_library(items=0, patrons=0)
    admin = signed_in(Role.ADMIN)
    login = f"new-{uuid.uuid4().hex[:8]}"
    form = {
        "login": login,
        "name": "New Viewer",
        "role": "viewer",
        "library": lib.code,
        "password": "long enough password",
    }
    assert admin.submit("/console/accounts", "/console/accounts", form).status_code == 200
    page = admin.get(f"/console/audit?action=account.add&library={lib.code}").text
    assert login in page and "role: viewer" in page
    assert "long enough password" not in page
    # The library's manager sees it too (an account of their library).
    manager = signed_in(Role.MANAGER, lib.code)
    assert login in manager.get("/console/audit?action=account").text
