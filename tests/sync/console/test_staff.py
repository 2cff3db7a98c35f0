"""The Staff page (#17): a library's staff and volunteers — login, name, role, badge, status
and the last action the server received from them — added, given a new PIN, a new role or
badge, disabled and enabled by an administrator or the library's manager (audited, never with
the PIN); a manager sees and changes only their library's; a viewer reads. Also the staff
check's rejection as the Exceptions page shows it, and the settings #17 added."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from popup.domain import settings as declared
from popup.domain.staff import Role as StaffRole
from popup.domain.staff import verify_pin
from popup_sync import crud, staff_accounts
from popup_sync.console.access import Role
from popup_sync.core.db import Database
from popup_sync.models import ConsoleAudit, Library, Staff
from tests.helpers import mutations
from tests.sync.console.conftest import ConsoleClient
from tests.sync.console.test_settings import form_on

Signed = Callable[..., ConsoleClient]
MakeLib = Callable[..., Any]
_MEMBER = re.compile(r'href="/console/staff/([0-9a-f-]{36})">([^<]+)</a>')


def staff_of(db: Database, code: str, login: str) -> Staff:
    with db.read() as session:
        library = crud.get_library(session=session, code=code)
        found = staff_accounts.get_staff(session=session, library=library, login=login)
        session.expunge(found)
        return found


def add_direct(db: Database, code: str, login: str, role: StaffRole = StaffRole.STAFF) -> str:
    def make(session: Any) -> str:
        library = crud.get_library(session=session, code=code)
        return staff_accounts.add_staff(
            session=session, library=library, login=login, name="Olga Other", role=role, pin="1212"
        ).id

    return db.run_write(make)


def audit_of(db: Database, library_id: int) -> list[ConsoleAudit]:
    with db.read() as session:
        rows = list(
            session.scalars(
                select(ConsoleAudit)
                .where(ConsoleAudit.library_id == library_id, ConsoleAudit.action.like("staff.%"))
                .order_by(ConsoleAudit.id)
            )
        )
        for row in rows:
            session.expunge(row)
        return rows


def add_form(code: str, login: str, **more: str) -> dict[str, str]:
    return {
        "library": code,
        "login": login,
        "name": "Vera Volunteer",
        "role": "volunteer",
        "badge": "",
        "pin": "4455",
        "pin_again": "4455",
        **more,
    }


def test_a_manager_adds_and_manages_their_librarys_staff_and_every_change_is_audited(
    signed_in: Signed, make_library: MakeLib, db: Database
) -> None:
    lib = make_library(items=0, patrons=0)
    manager = signed_in(Role.MANAGER, lib.code)
    assert 'href="/console/staff"' in manager.get("/console").text  # in the navigation
    empty = manager.get("/console/staff")
    assert empty.status_code == 200 and "No staff accounts yet" in empty.text

    added = manager.submit(
        "/console/staff", "/console/staff", add_form(lib.code, "Vera", badge="B-9")
    )
    assert added.status_code == 200, added.text[:500]
    assert "vera added" in html.unescape(added.text)
    vera = staff_of(db, lib.code, "vera")
    assert (vera.role, vera.badge, vera.active) == ("volunteer", "B-9", True)
    assert verify_pin("4455", vera.pin_hash)
    member = f"/console/staff/{vera.id}"
    assert added.url.endswith(member)

    listing = manager.get("/console/staff").text
    assert _MEMBER.findall(listing) == [(vera.id, "vera")]
    assert "Vera Volunteer" in listing and "B-9" in listing and "none yet" in listing

    # Refusals say what was wrong and change nothing.
    for form, said in (
        (add_form(lib.code, "vera"), "Login: There is already a staff member 'vera'"),
        (
            add_form(lib.code, "vic", pin="12", pin_again="12"),
            "PIN: Bad PIN: a PIN is 4 to 12 digits",
        ),
        (add_form(lib.code, "vic", pin_again="4456"), "PIN: the two PINs differ"),
        (add_form(lib.code, "vic", badge="B-9"), "Badge: Badge 'B-9' is already vera's"),
        (add_form(lib.code, "vic", role="boss"), "Role: A role is staff or volunteer"),
    ):
        refused = manager.submit("/console/staff", "/console/staff", form)
        assert refused.status_code == 400, (form, refused.status_code)
        assert said in html.unescape(refused.text), (said, refused.text[-2000:])
    with db.read() as session:
        assert (
            session.scalar(
                select(Staff.login).where(Staff.login == "vic", Staff.library_id == lib.id)
            )
            is None
        )

    pin = manager.submit(member, f"{member}/pin", {"pin": "778899", "pin_again": "778899"})
    assert pin.status_code == 200 and "has a new PIN" in pin.text
    assert verify_pin("778899", staff_of(db, lib.code, "vera").pin_hash)
    bad_pin = manager.submit(member, f"{member}/pin", {"pin": "77a8", "pin_again": "77a8"})
    assert bad_pin.status_code == 400 and "a PIN is 4 to 12 digits" in bad_pin.text
    role = manager.submit(member, f"{member}/role", {"role": "staff"})
    assert role.status_code == 200 and "vera is now staff" in role.text
    badge = manager.submit(member, f"{member}/badge", {"badge": ""})
    assert badge.status_code == 200 and staff_of(db, lib.code, "vera").badge is None
    off = manager.submit(member, f"{member}/disable", {})
    assert off.status_code == 200 and "vera is disabled" in off.text
    assert staff_of(db, lib.code, "vera").active is False
    assert "Disabled" in manager.get("/console/staff").text
    again = manager.submit(member, f"{member}/disable", {})  # changes (and audits) nothing
    assert again.status_code == 200 and "vera was disabled already" in again.text
    on = manager.submit(member, f"{member}/enable", {})
    assert on.status_code == 200 and staff_of(db, lib.code, "vera").active is True

    trail = audit_of(db, lib.id)
    assert [row.action for row in trail] == [
        "staff.add",
        "staff.pin",
        "staff.role",
        "staff.badge",
        "staff.disable",
        "staff.enable",
    ]
    assert all(row.target == "vera" and row.detail["staff_id"] == vera.id for row in trail)
    assert trail[2].detail["role"] == "staff" and trail[2].detail["was_role"] == "volunteer"
    for row in trail:  # never the PIN nor its hash
        said = str(row.detail)
        assert "4455" not in said and "778899" not in said and "scrypt" not in said


def test_a_manager_sees_and_changes_only_their_own_librarys_staff(
    signed_in: Signed, make_library: MakeLib, db: Database
) -> None:
    mine, theirs = make_library(items=0, patrons=0), make_library(items=0, patrons=0)
    add_direct(db, mine.code, "mona")
    foreign = add_direct(db, theirs.code, "theo")
    manager = signed_in(Role.MANAGER, mine.code)

    listing = manager.get("/console/staff").text
    assert "mona" in listing and "theo" not in listing and theirs.code not in listing
    assert manager.get(f"/console/staff?library={theirs.code}").status_code == 404
    unknown = manager.get("/console/staff/00000000-0000-0000-0000-000000000000")
    other = manager.get(f"/console/staff/{foreign}")
    assert unknown.status_code == other.status_code == 404
    assert html.unescape(unknown.text).count("no staff member here") == 1
    assert manager.get("/console/staff/not-an-id").status_code == 404
    for action, data in (("pin", {"pin": "9999", "pin_again": "9999"}), ("disable", {})):
        refused = manager.submit("/console/staff", f"/console/staff/{foreign}/{action}", data)
        assert refused.status_code == 404, action
    into_theirs = manager.submit("/console/staff", "/console/staff", add_form(theirs.code, "sneak"))
    assert into_theirs.status_code == 400 and "no library" in html.unescape(into_theirs.text)
    theo = staff_of(db, theirs.code, "theo")
    assert theo.active and verify_pin("1212", theo.pin_hash)
    assert audit_of(db, theirs.id) == []

    admin = signed_in(Role.ADMIN)
    everything = admin.get("/console/staff").text
    assert "mona" in everything and "theo" in everything
    only = admin.get(f"/console/staff?library={theirs.code}").text
    assert "theo" in only and "mona" not in only


def test_a_viewer_reads_the_staff_and_changes_nothing(
    signed_in: Signed, make_library: MakeLib, db: Database
) -> None:
    lib = make_library(items=0, patrons=0)
    staff_id = add_direct(db, lib.code, "vik", StaffRole.VOLUNTEER)
    viewer = signed_in(Role.VIEWER, lib.code)
    listing = viewer.get("/console/staff")
    assert listing.status_code == 200 and "vik" in listing.text
    assert "Add a staff member" not in listing.text
    assert 'method="post" action="/console/staff"' not in listing.text
    page = viewer.get(f"/console/staff/{staff_id}")
    assert page.status_code == 200 and "vik" in page.text
    assert "/pin" not in page.text and "/disable" not in page.text
    for path, data in (
        ("/console/staff", add_form(lib.code, "viv")),
        (f"/console/staff/{staff_id}/pin", {"pin": "5555", "pin_again": "5555"}),
        (f"/console/staff/{staff_id}/role", {"role": "staff"}),
        (f"/console/staff/{staff_id}/disable", {}),
    ):
        refused = viewer.submit("/console/staff", path, data)
        assert refused.status_code == 403, path
    vik = staff_of(db, lib.code, "vik")
    assert (vik.role, vik.active) == ("volunteer", True) and verify_pin("1212", vik.pin_hash)
    assert audit_of(db, lib.id) == []


def test_the_last_action_seen_and_a_refused_action_on_the_exceptions_page(
    signed_in: Signed, make_library: MakeLib, db: Database, enroll_device: Callable[..., Any]
) -> None:
    blocked = {1: {"manual_block": True, "name": "Quentin Hiddenname"}}
    lib = make_library(items=2, patrons=1, patron_overrides=blocked)
    volunteer = add_direct(db, lib.code, "val", StaffRole.VOLUNTEER)
    device = enroll_device(lib.code)
    payload = mutations.checkout(lib.patrons[0], lib.items[0])
    payload = type(payload)(**{**vars(payload), "override_reason": "regular patron"})
    record = {**device.mutation(payload, client_time=payload.out_at), "staff_id": volunteer}
    boss = add_direct(db, lib.code, "bea", StaffRole.STAFF)
    approved = mutations.checkout(lib.patrons[0], lib.items[1])
    approved = type(approved)(**{**vars(approved), "override_reason": "regular patron"})
    second = {
        **device.mutation(approved, client_time=approved.out_at),
        "staff_id": volunteer,
        "approved_by": boss,
    }
    result, accepted = device.push_ok([record, second])
    assert result["codes"] == ["STAFF_NOT_ALLOWED"]
    assert accepted["status"] == "applied_with_exception", accepted

    manager = signed_in(Role.MANAGER, lib.code)
    listing = manager.get("/console/staff").text
    rows = dict(re.findall(r">(val|bea)</a></th>(.*?)</tr>", listing, re.S))
    assert "just now" in rows["val"] and "none yet" in rows["bea"]
    exceptions = html.unescape(manager.get("/console/exceptions").text)
    assert "val" in exceptions and volunteer in exceptions and "STAFF_NOT_ALLOWED" in exceptions
    assert "may not make it" in exceptions  # what happened, in the inbox's words
    assert "Quentin" not in exceptions and "Hiddenname" not in exceptions

    # Each one's page counts what they did (and approved) over the last days.
    counted = manager.get(f"/console/staff/{volunteer}").text
    row = re.search(r"<code>checkout</code></th>(.*?)</tr>", counted)
    assert row and re.findall(r'class="num">(\d+)<', row.group(1)) == ["0", "1", "1"]
    approver = manager.get(f"/console/staff/{boss}").text
    assert "None received." in approver
    assert "Overrides approved for a volunteer: <strong>1</strong>" in approver


def test_the_staff_settings_are_on_the_settings_page_and_the_box_keeps_true_and_false(
    signed_in: Signed, make_library: MakeLib, db: Database
) -> None:
    lib = make_library(items=0, patrons=0)
    manager = signed_in(Role.MANAGER, lib.code)
    path = f"/console/settings/{lib.code}"
    page = manager.get(path).text
    assert "Staff and volunteers" in page and "Volunteers may sign patrons up" in page
    box = 'name="s.volunteers_may_sign_up" value="1"'
    assert box + " aria" in page  # unchecked: the default is false
    form = form_on(page, path)
    assert "s.volunteers_may_sign_up" not in form
    saved = manager.post(
        path, {**form, "s.volunteers_may_sign_up": "1", "s.idle_lock_seconds": "120"}
    )
    assert saved.status_code == 200, saved.text[-1000:]

    def stored() -> dict[str, Any]:
        with db.read() as session:
            library = session.scalars(select(Library).where(Library.code == lib.code)).one()
            return dict(library.settings)

    assert stored()[declared.VOLUNTEERS_MAY_SIGN_UP.key] is True
    assert stored()[declared.IDLE_LOCK_SECONDS.key] == 120
    page = manager.get(path).text
    assert box + " checked" in page
    off = {k: v for k, v in form_on(page, path).items() if k != "s.volunteers_may_sign_up"}
    assert manager.post(path, off).status_code == 200
    assert stored()[declared.VOLUNTEERS_MAY_SIGN_UP.key] is False
