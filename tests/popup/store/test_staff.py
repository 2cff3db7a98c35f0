"""Staff sign-in on a real store file (#17): the first administrator, PINs checked offline,
wrong PINs that cost a growing wait and then lock the account until another staff member
unlocks it (across a restart), badges, disabled and replaced accounts, and approvals."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from popup import paths
from popup.domain.staff import LOCK_AFTER, Capability, Role, local_admin_id, wait_after
from popup.store import device
from popup.store.db import Store
from popup.store.models import PinFailures, Staff, SyncState
from popup.store.notify import StoreChange, Topic
from popup.store.staff import (
    SYSTEM,
    Approval,
    NotAllowed,
    SignInNeeded,
    SignInRefused,
    StaffBook,
    StaffRefusal,
)
from tests.helpers.staff import (
    PIN,
    STAFF,
    VOLUNTEER,
    Clock,
    Member,
    download,
    download_staff,
)


def _reopen(store: Store, home: Path) -> Store:
    store.close()
    return Store.open(paths.store_file(home), paths.backups_dir(home))


def test_a_store_opens_as_the_system_and_signing_out_locks_it(store: Store) -> None:
    assert store.actor is SYSTEM
    assert SYSTEM.staff_id is None and SYSTEM.role is Role.STAFF
    StaffBook(store, Clock()).sign_out()
    assert store.actor is None


def test_the_first_administrator_of_a_fresh_laptop(store: Store, home: Path) -> None:
    book = StaffBook(store, Clock())
    assert book.needs_first_admin()
    seen: list[StoreChange] = []
    store.subscribe(seen.append)
    admin = book.create_first_admin(" ada ", " Ada  Lovelace ", "246810")
    assert admin.staff_id == local_admin_id(device.device_id(store))
    assert (admin.login, admin.name, admin.role) == ("ada", "Ada Lovelace", Role.STAFF)
    assert store.actor == admin
    assert any(Topic.STAFF in change.topics for change in seen)
    with store.read() as s:
        row = s.scalar(select(Staff))
        assert row is not None and row.local and row.active
        assert "246810" not in row.pin_hash  # a hash, never the PIN
    assert not book.needs_first_admin()
    with pytest.raises(StaffRefusal) as again:
        book.create_first_admin("eve", "Eve", "1111")
    assert again.value.key == "ALREADY_SET_UP"

    reopened = _reopen(store, home)
    try:
        assert reopened.actor is SYSTEM  # opening signs nobody in
        assert StaffBook(reopened, Clock()).sign_in("ADA", "246810") == admin
    finally:
        reopened.close()


@pytest.mark.parametrize(
    ("login", "name", "pin", "key"),
    [
        ("", "Ada", "1234", "LOGIN_FORM"),
        ("ada", " ", "1234", "NAME_FORM"),
        ("ada", "Ada", "12a4", "PIN_FORM"),
    ],
)
def test_a_first_administrator_needs_a_login_a_name_and_a_pin_of_digits(
    store: Store, login: str, name: str, pin: str, key: str
) -> None:
    book = StaffBook(store, Clock())
    with pytest.raises(StaffRefusal) as refused:
        book.create_first_admin(login, name, pin)
    assert refused.value.key == key
    assert book.needs_first_admin()


def test_sign_in_by_login_or_badge_and_the_refusals(store: Store) -> None:
    download_staff(store, STAFF, VOLUNTEER, Member("gone", "olga", "Olga Old", active=False))
    book = StaffBook(store, Clock())
    assert book.sign_in("sam", PIN).staff_id == "st-1"
    volunteer = book.sign_in("VOL-0001", PIN)  # a badge scan
    assert (volunteer.staff_id, volunteer.role) == ("vol-1", Role.VOLUNTEER)
    assert store.actor == volunteer
    with pytest.raises(SignInRefused) as unknown:
        book.sign_in("nobody", PIN)
    assert unknown.value.reason == "unknown"
    with pytest.raises(SignInRefused) as disabled:
        book.sign_in("olga", PIN)
    assert disabled.value.reason == "disabled"
    assert store.actor == volunteer  # a refused sign-in changes nobody


def test_wrong_pins_wait_longer_then_lock_until_staff_unlock_even_after_a_restart(
    store: Store, home: Path
) -> None:
    download_staff(store, STAFF, VOLUNTEER)
    clock = Clock()
    book = StaffBook(store, clock)
    waits = []
    for n in range(1, LOCK_AFTER):
        with pytest.raises(SignInRefused) as wrong:
            book.sign_in("val", "0000")
        assert wrong.value.reason == "wrong_pin"
        waits.append(wrong.value.wait_seconds)
        assert wrong.value.wait_seconds == wait_after(n)
        if wrong.value.wait_seconds:
            # Trying again before the wait is over is refused without checking the PIN.
            with pytest.raises(SignInRefused) as early:
                book.sign_in("val", PIN)
            assert early.value.reason == "wait" and early.value.wait_seconds > 0
            assert str(early.value).startswith("Too many wrong PINs. Wait ")
        clock.advance(wait_after(n))
    assert waits == [0.0, 0.0, 2.0, 4.0]
    with pytest.raises(SignInRefused) as last:
        book.sign_in("val", "0000")
    assert last.value.reason == "locked"
    assert book.locked() == ["val"]

    store = _reopen(store, home)  # quitting Popup resets nothing
    try:
        clock.advance(3600)
        book = StaffBook(store, clock)
        assert book.locked() == ["val"]
        with pytest.raises(SignInRefused) as still:
            book.sign_in("val", PIN)  # the right PIN does not open a locked account
        assert still.value.reason == "locked"

        store.actor = None
        with pytest.raises(SignInNeeded):
            book.unlock("val")
        download_staff(store, Member("vol-3", "wes", "Wes Helper", "volunteer"))
        book.sign_in("wes", PIN)
        with pytest.raises(NotAllowed):
            book.unlock("val")  # a volunteer unlocks nobody
        book.sign_in("sam", PIN)
        book.unlock("val")
        assert book.locked() == []
        with store.read() as s:
            assert s.scalar(select(PinFailures)) is None  # the count starts again
        with pytest.raises(StaffRefusal) as not_locked:
            book.unlock("val")
        assert not_locked.value.key == "NOT_LOCKED"
        assert book.sign_in("val", PIN).staff_id == "vol-1"
    finally:
        store.close()


def test_a_right_pin_clears_the_wrong_ones_before_it(store: Store) -> None:
    download_staff(store, STAFF)
    clock = Clock()
    book = StaffBook(store, clock)
    for _ in range(3):
        with pytest.raises(SignInRefused):
            book.sign_in("sam", "9999")
        clock.advance(60)
    book.sign_in("sam", PIN)
    with pytest.raises(SignInRefused) as wrong:
        book.sign_in("sam", "9999")
    assert wrong.value.wait_seconds == 0.0  # one slip in a row, not four


def test_downloaded_staff_replace_the_local_administrator(store: Store) -> None:
    book = StaffBook(store, Clock())
    book.create_first_admin("admin", "Ada Admin", "1357")
    # An inactive member, or volunteers alone (nobody to unlock or approve), change nothing.
    download_staff(store, Member("st-9", "nina", "Nina", active=False), VOLUNTEER)
    assert book.sign_in("admin", "1357").staff_id is not None
    download_staff(store, STAFF)
    with pytest.raises(SignInRefused) as replaced:
        book.sign_in("admin", "1357")
    assert replaced.value.reason == "disabled"
    assert book.sign_in("sam", PIN).staff_id == "st-1"
    assert not book.needs_first_admin()


def test_a_downloaded_member_with_the_administrators_login_takes_it(store: Store) -> None:
    StaffBook(store, Clock()).create_first_admin("sam", "Local Sam", "1357")
    download_staff(store, STAFF)
    with store.read() as s:
        rows = {(r.id, r.login, r.local) for r in s.scalars(select(Staff))}
    assert rows == {("st-1", "sam", False)}
    assert StaffBook(store, Clock()).sign_in("sam", PIN).staff_id == "st-1"


def test_an_approval_is_a_staff_members_own_pin_and_leaves_the_actor(store: Store) -> None:
    download_staff(store, STAFF, VOLUNTEER)
    clock = Clock()
    book = StaffBook(store, clock)
    volunteer = book.sign_in("val", PIN)
    approval = book.approve("STAFF-0001", PIN, "Known family, fines paid at the branch")
    assert approval.approver.staff_id == "st-1"
    assert approval.reason == "Known family, fines paid at the branch"
    assert store.actor == volunteer
    with pytest.raises(StaffRefusal) as not_staff:
        book.approve("val", PIN, "I say so")
    assert not_staff.value.key == "APPROVER_NOT_STAFF"
    with pytest.raises(SignInRefused) as wrong:
        book.approve("sam", "0000", "reason")
    assert wrong.value.reason == "wrong_pin"
    with store.read() as s:
        counted = s.get(PinFailures, "sam")
        assert counted is not None and counted.failures == 1  # counted as at sign-in
    with pytest.raises(TypeError):
        Approval(volunteer, "made up")  # only StaffBook.approve makes one


def test_the_refusals_are_sentences_for_staff() -> None:
    assert str(SignInNeeded()).startswith("Nobody is signed in.")
    assert str(NotAllowed(Capability.EXPORT, Role.VOLUNTEER)) == "Please ask a staff member."
    assert str(SignInRefused("wrong_pin", 4.0)) == "Wrong PIN. Try again in 4 s."
    assert str(SignInRefused("wrong_pin", 0.0)) == "Wrong PIN. Try again."
    assert str(SignInRefused("locked")).startswith("Too many wrong PINs: this account is locked")


def _popup(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "popup", "--home", str(home), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


def test_the_command_line_lists_staff_and_unlocks_a_locked_out_administrator(
    store: Store, home: Path
) -> None:
    """The laptop's only administrator locked out: nobody can sign in to unlock them, so the
    command line (the system) does it."""
    clock = Clock()
    book = StaffBook(store, clock)
    book.create_first_admin("admin", "Ada Admin", "1357")
    for _ in range(LOCK_AFTER):
        with pytest.raises(SignInRefused):
            book.sign_in("admin", "0000")
        clock.advance(120)
    assert book.locked() == ["admin"]
    store.close()

    listed = _popup(home, "list-staff")
    assert listed.returncode == 0, listed.stderr
    assert "admin\tstaff\tlocal:" in listed.stdout and "LOCKED" in listed.stdout
    assert "scrypt" not in listed.stdout  # never the hash
    unlocked = _popup(home, "unlock-staff", "admin")
    assert unlocked.returncode == 0, unlocked.stderr
    again = _popup(home, "unlock-staff", "admin")
    assert again.returncode == 1 and "not locked" in again.stderr

    reopened = Store.open(paths.store_file(home), paths.backups_dir(home))
    try:
        assert StaffBook(reopened, clock).sign_in("admin", "1357").login == "admin"
    finally:
        reopened.close()


def test_only_a_laptop_never_enrolled_that_never_had_staff_offers_to_make_an_administrator(
    store: Store, home: Path
) -> None:
    assert StaffBook(store, Clock()).needs_first_admin()
    # Its staff come down, then all of them are deleted by the server: nobody at the screen
    # may make themselves administrator now.
    download_staff(store, VOLUNTEER)
    download(store, [{"entity": "staff", "op": "delete", "key": VOLUNTEER.id}], "after")
    store = _reopen(store, home)
    with store.read() as s:
        assert s.scalars(select(Staff)).all() == []
        assert s.scalar(select(SyncState.server_url)) is None  # not enrolled: the flag says it
    assert not StaffBook(store, Clock()).needs_first_admin()


def test_a_laptop_enrolled_before_staff_accounts_makes_its_administrator_once(
    store: Store,
) -> None:
    """A laptop enrolled by a Popup from before staff accounts, updated: its staff can sign in
    at once (as its own administrator) without waiting for accounts at the server; once it has
    had staff, an empty staff table offers nothing to whoever is at the screen."""
    with store.transaction() as s:
        state = s.get(SyncState, 1) or SyncState(id=1, seq_base=0)
        state.server_url = "https://sync.example.org"  # as enrolling records it
        s.merge(state)
    book = StaffBook(store, Clock())
    assert book.needs_first_admin()
    admin = book.create_first_admin("me", "Pat Admin", "1357")
    assert admin.staff_id == local_admin_id(device.device_id(store))
    with store.transaction() as s:
        s.execute(delete(Staff))  # gone, however it happened
    assert not book.needs_first_admin()
    with pytest.raises(StaffRefusal):
        book.create_first_admin("me2", "Anyone At The Screen", "1357")


def test_a_volunteer_with_the_administrators_login_leaves_the_administrator_its_account(
    store: Store,
) -> None:
    book = StaffBook(store, Clock())
    book.create_first_admin("val", "Local Val", "1357")
    download_staff(store, VOLUNTEER)  # login "val" too
    with store.read() as s:
        rows = {(r.id, r.login, r.local) for r in s.scalars(select(Staff))}
    admin = next(i for i, _, local in rows if local)
    assert rows == {(admin, "val-local", True), ("vol-1", "val", False)}
    assert book.sign_in("val-local", "1357").staff_id == admin
    assert book.sign_in("val", PIN).staff_id == "vol-1"
    download_staff(store, Member("st-3", "val-local", "Server Val"))  # staff: it replaces
    with store.read() as s:
        assert {r.id for r in s.scalars(select(Staff))} == {"vol-1", "st-3"}
