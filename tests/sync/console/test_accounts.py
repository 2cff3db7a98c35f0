"""The accounts page (consortium administrators only): list, add, new password (which
unlocks), disable and enable, role and library; the last enabled administrator stays; every
change audited. Also the demo's console administrator (``popup-sync demo``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update

from popup_sync.cli import DEMO_CONSOLE_LOGIN, DEMO_CONSOLE_PASSWORD, seed_demo_console
from popup_sync.console.access import Role
from popup_sync.core.db import Database
from popup_sync.models import ConsoleAudit, ConsoleUser
from tests.sync.console.conftest import PASSWORD, ConsoleClient, add_account

NEW_PASSWORD = "a brand new password"


def account_of(db: Database, login: str) -> ConsoleUser:
    with db.read() as session:
        found = session.scalar(select(ConsoleUser).where(ConsoleUser.login == login))
        assert found is not None, login
        session.expunge(found)
        return found


def audited(db: Database, action: str, target: str) -> list[ConsoleAudit]:
    with db.read() as session:
        rows = list(
            session.scalars(
                select(ConsoleAudit).where(
                    ConsoleAudit.action == action, ConsoleAudit.target == target
                )
            )
        )
        for row in rows:
            session.expunge(row)
        return rows


def add_form(login: str, **more: str) -> dict[str, str]:
    return {
        "login": login,
        "name": "Ana Ruiz",
        "role": "manager",
        "library": "",
        "password": PASSWORD,
        **more,
    }


def test_only_a_consortium_administrator_sees_the_accounts(
    signed_in: Callable[..., ConsoleClient],
    console_client: Callable[[], ConsoleClient],
    db: Database,
    make_library: Callable[..., Any],
) -> None:
    lib = make_library(items=0, patrons=0)
    listed = add_account(db, Role.VIEWER, lib.code)
    anonymous = console_client().get("/console/accounts", allow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/console/login?next=%2Fconsole%2Faccounts")

    admin = signed_in(Role.ADMIN)
    page = admin.get("/console/accounts")
    assert page.status_code == 200
    assert listed.login in page.text and lib.code in page.text
    assert 'href="/console/accounts"' in page.text  # in the navigation

    target = account_of(db, listed.login).id
    for role in (Role.MANAGER, Role.VIEWER):
        client = signed_in(role, lib.code)
        assert 'href="/console/accounts"' not in client.get("/console").text
        for path in ("/console/accounts", f"/console/accounts/{target}"):
            refused = client.get(path)
            assert refused.status_code == 403, (role, path)
            assert "only a consortium administrator" in refused.text
        # A change is refused too (with a valid CSRF token), and changes nothing.
        response = client.submit("/console", f"/console/accounts/{target}/disable", {})
        assert response.status_code == 403
        response = client.submit("/console", "/console/accounts", add_form(f"x{role.value}"))
        assert response.status_code == 403
    assert account_of(db, listed.login).disabled_at is None
    assert audited(db, "account.disable", listed.login) == []


def test_an_administrator_adds_an_account_that_can_sign_in(
    signed_in: Callable[..., ConsoleClient],
    console_client: Callable[[], ConsoleClient],
    db: Database,
    make_library: Callable[..., Any],
) -> None:
    lib = make_library(items=0, patrons=0)
    admin = signed_in(Role.ADMIN)
    login = f"ana-{lib.code.lower()}"
    response = admin.submit(
        "/console/accounts", "/console/accounts", add_form(login, library=lib.code)
    )
    assert response.status_code == 200, response.text
    assert f"Account {login} added" in response.text
    made = account_of(db, login)
    assert (made.role, made.library_id, made.name) == ("manager", lib.id, "Ana Ruiz")
    assert made.password_hash.startswith("$argon2id$")
    [entry] = audited(db, "account.add", login)
    assert entry.library_id == lib.id and entry.detail["role"] == "manager"
    assert PASSWORD not in str(entry.detail)

    newcomer = console_client()
    assert newcomer.sign_in(login, PASSWORD).status_code == 200
    assert lib.code in newcomer.get("/console").text


def test_bad_account_forms_say_which_field_is_wrong(
    signed_in: Callable[..., ConsoleClient], db: Database, make_library: Callable[..., Any]
) -> None:
    lib = make_library(items=0, patrons=0)
    admin = signed_in(Role.ADMIN)
    taken = add_account(db, Role.VIEWER)
    cases = [
        (add_form("short-pw", library=lib.code, password="short"), "Password:"),
        (add_form("no-lib"), "Library: a library manager needs"),
        (add_form("admin-lib", role="admin", library=lib.code), "Library: a consortium admin"),
        (add_form("bad-role", role="superuser"), "Role: choose"),
        (add_form("bad-lib", library="NO-SUCH-LIB"), "Library: there is no library"),
        (add_form("Bad Login!", library=lib.code), "Login:"),
        (add_form("no-name", library=lib.code, name="  "), "Name:"),
        (add_form(taken.login, library=lib.code), "Login: There is already"),
    ]
    for form, said in cases:
        response = admin.submit("/console/accounts", "/console/accounts", form)
        assert response.status_code == 400, form
        assert said in response.text, (form, response.text[-1500:])
        assert 'value="Ana Ruiz"' in response.text or form["name"] != "Ana Ruiz"
    with db.read() as session:
        logins = set(session.scalars(select(ConsoleUser.login)))
    assert not {"short-pw", "no-lib", "admin-lib", "bad-role", "bad-lib"} & logins


def test_a_new_password_unlocks_the_account_and_ends_its_sessions(
    signed_in: Callable[..., ConsoleClient],
    console_client: Callable[[], ConsoleClient],
    db: Database,
) -> None:
    locked = add_account(db, Role.VIEWER)
    their_browser = console_client()
    assert their_browser.sign_in(locked.login, locked.password).status_code == 200
    for n in range(5):
        console_client().sign_in(locked.login, f"wrong {n}")
    assert console_client().sign_in(locked.login, locked.password).status_code == 429
    admin = signed_in(Role.ADMIN)
    page = f"/console/accounts/{account_of(db, locked.login).id}"
    assert "Locked" in admin.get(page).text

    differ = admin.submit(
        page, page + "/password", {"password": NEW_PASSWORD, "password_again": "something else"}
    )
    assert differ.status_code == 400 and "Password: the two passwords differ" in differ.text
    short = admin.submit(page, page + "/password", {"password": "x", "password_again": "x"})
    assert short.status_code == 400 and "Password: A console password needs" in short.text

    done = admin.submit(
        page, page + "/password", {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert done.status_code == 200 and "has a new password and is unlocked" in done.text
    assert their_browser.get("/console", allow_redirects=False).status_code == 303
    assert console_client().sign_in(locked.login, locked.password).status_code == 401
    assert console_client().sign_in(locked.login, NEW_PASSWORD).status_code == 200
    assert len(audited(db, "account.password", locked.login)) == 1


def test_disable_then_enable(
    signed_in: Callable[..., ConsoleClient],
    console_client: Callable[[], ConsoleClient],
    db: Database,
    make_library: Callable[..., Any],
) -> None:
    lib = make_library(items=0, patrons=0)
    account = add_account(db, Role.MANAGER, lib.code)
    their_browser = console_client()
    their_browser.sign_in(account.login, account.password)
    admin = signed_in(Role.ADMIN)
    page = f"/console/accounts/{account_of(db, account.login).id}"

    response = admin.submit(page, page + "/disable", {})
    assert response.status_code == 200 and "is disabled" in response.text
    assert "Disabled" in admin.get("/console/accounts").text
    assert their_browser.get("/console", allow_redirects=False).status_code == 303
    assert console_client().sign_in(account.login, account.password).status_code == 401
    [entry] = audited(db, "account.disable", account.login)
    assert entry.library_id == lib.id

    response = admin.submit(page, page + "/enable", {})
    assert response.status_code == 200 and "is enabled again" in response.text
    assert console_client().sign_in(account.login, account.password).status_code == 200
    assert len(audited(db, "account.enable", account.login)) == 1


def test_role_and_library_change(
    signed_in: Callable[..., ConsoleClient],
    console_client: Callable[[], ConsoleClient],
    db: Database,
    make_library: Callable[..., Any],
) -> None:
    east, main = make_library(items=0, patrons=0), make_library(items=0, patrons=0)
    account = add_account(db, Role.VIEWER, east.code)
    admin = signed_in(Role.ADMIN)
    page = f"/console/accounts/{account_of(db, account.login).id}"

    refused = admin.submit(page, page + "/role", {"role": "manager", "library": ""})
    assert refused.status_code == 400 and "Library: a library manager needs" in refused.text
    assert account_of(db, account.login).role == "viewer"

    response = admin.submit(page, page + "/role", {"role": "manager", "library": main.code})
    assert response.status_code == 200
    assert f"is now Library manager of {main.code}" in response.text
    changed = account_of(db, account.login)
    assert (changed.role, changed.library_id) == ("manager", main.id)
    [entry] = audited(db, "account.role", account.login)
    assert entry.detail["was_role"] == "viewer" and entry.detail["was_library_id"] == east.id

    # Their next page is the new role's: a manager of MAIN, who may open Settings, not EAST.
    them = console_client()
    them.sign_in(account.login, account.password)
    home = them.get("/console").text
    assert main.code in home and east.code not in home


def test_the_last_enabled_administrator_can_be_neither_disabled_nor_demoted(
    console_client: Callable[[], ConsoleClient], db: Database, make_library: Callable[..., Any]
) -> None:
    lib = make_library(items=0, patrons=0)
    mine = add_account(db, Role.ADMIN)
    me = console_client()
    assert me.sign_in(mine.login, mine.password).status_code == 200
    my_id = account_of(db, mine.login).id
    other = add_account(db, Role.ADMIN)
    other_id = account_of(db, other.login).id

    # With another enabled administrator, demoting that one is fine.
    page = f"/console/accounts/{other_id}"
    response = me.submit(page, page + "/role", {"role": "viewer", "library": lib.code})
    assert response.status_code == 200 and account_of(db, other.login).role == "viewer"

    # Every other administrator of the shared test database disabled: I am the last one.
    db.run_write(
        lambda s: s.execute(
            update(ConsoleUser)
            .where(ConsoleUser.role == "admin", ConsoleUser.id != my_id)
            .values(disabled_at=datetime.now(UTC))
        )
    )
    page = f"/console/accounts/{my_id}"
    demote = me.submit(page, page + "/role", {"role": "manager", "library": lib.code})
    assert demote.status_code == 400 and "last enabled consortium administrator" in demote.text
    disable = me.submit(page, page + "/disable", {})
    assert disable.status_code == 400 and "last enabled consortium administrator" in disable.text
    still = account_of(db, mine.login)
    assert still.role == "admin" and still.disabled_at is None
    assert audited(db, "account.disable", mine.login) == []
    # Keeping the role (nothing demoted) is allowed.
    kept = me.submit(page, page + "/role", {"role": "admin", "library": ""})
    assert kept.status_code == 200 and account_of(db, mine.login).role == "admin"

    # Another administrator again: now I may step down, and land on the console's front page.
    db.run_write(
        lambda s: s.execute(
            update(ConsoleUser)
            .where(ConsoleUser.id == other_id)
            .values(role="admin", library_id=None, disabled_at=None)
        )
    )
    stepped = me.submit(page, page + "/role", {"role": "viewer", "library": ""})
    assert stepped.status_code == 200 and stepped.url.endswith("/console")
    assert "is now Viewer (reports only)" in stepped.text
    assert me.get("/console/accounts").status_code == 403


def test_unknown_accounts_and_forms_without_their_token(
    signed_in: Callable[..., ConsoleClient], db: Database
) -> None:
    admin = signed_in(Role.ADMIN)
    for path in ("/console/accounts/999999999", "/console/accounts/not-a-number"):
        response = admin.get(path)
        assert response.status_code == 404
        assert "There is no console account here." in response.text
    response = admin.submit("/console/accounts", "/console/accounts/999999999/disable", {})
    assert response.status_code == 404

    target = add_account(db, Role.VIEWER)
    target_id = account_of(db, target.login).id
    for data in ({}, {"csrf_token": "forged"}):
        for action in ("disable", "password", "role"):
            response = admin.post(
                f"/console/accounts/{target_id}/{action}",
                {**data, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD, "role": "admin"},
            )
            assert response.status_code == 403, action
            assert "security token" in response.text
        response = admin.post("/console/accounts", {**data, **add_form("forged-add")})
        assert response.status_code == 403
    unchanged = account_of(db, target.login)
    assert unchanged.disabled_at is None and unchanged.role == "viewer"
    with db.read() as session:
        assert session.scalar(select(ConsoleUser).where(ConsoleUser.login == "forged-add")) is None


def test_the_demo_has_a_console_administrator(
    db: Database, console_client: Callable[[], ConsoleClient]
) -> None:
    seed_demo_console(db)
    # Run again (a demo started twice, its password changed or locked meanwhile): it works.
    db.run_write(
        lambda s: s.execute(
            update(ConsoleUser)
            .where(ConsoleUser.login == DEMO_CONSOLE_LOGIN)
            .values(disabled_at=datetime.now(UTC))
        )
    )
    seed_demo_console(db)
    client = console_client()
    response = client.sign_in(DEMO_CONSOLE_LOGIN, DEMO_CONSOLE_PASSWORD)
    assert response.status_code == 200
    assert "Consortium administrator" in response.text
    assert client.get("/console/accounts").status_code == 200


def test_two_administrators_demoting_each_other_at_once_leave_one(db: Database) -> None:
    """Both check "is this the last administrator?" before either commits: the second check
    waits for the first change and then counts one, so one administrator is always left."""
    import threading
    import time

    from popup_sync.console.routes.accounts import is_last_admin

    first, second = add_account(db, Role.ADMIN), add_account(db, Role.ADMIN)
    db.run_write(
        lambda s: s.execute(
            update(ConsoleUser)
            .where(
                ConsoleUser.role == "admin", ConsoleUser.login.not_in([first.login, second.login])
            )
            .values(disabled_at=datetime.now(UTC))
        )
    )
    answers: list[bool] = []

    def demote_second() -> None:
        with db.write() as session:
            other = session.scalars(
                select(ConsoleUser).where(ConsoleUser.login == second.login)
            ).one()
            answers.append(is_last_admin(session, other))

    with db.write() as session:
        mine = session.scalars(select(ConsoleUser).where(ConsoleUser.login == first.login)).one()
        assert not is_last_admin(session, mine)  # two enabled administrators
        mine.role = "viewer"
        session.flush()
        racing = threading.Thread(target=demote_second)
        racing.start()
        time.sleep(0.5)  # the other check is under way (and must wait) before this commits
        assert answers == []
    racing.join(timeout=30)
    assert answers == [True]  # the second one is the last now, and stays
