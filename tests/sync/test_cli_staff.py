"""``popup-sync admin add-staff / set-pin / disable-staff / enable-staff / list-staff`` (#17),
run as the real command: the PIN on stdin with ``--pin-stdin`` (as a provisioning script
would), never on the command line; every refusal is a sentence and exit code 2."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from popup.domain.staff import verify_pin
from popup_sync import crud, staff_accounts
from popup_sync.core.db import Database
from popup_sync.models import ConsoleAudit
from tests.helpers.server import EXECUTABLE


def admin(database_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXECUTABLE), "admin", "--database", database_url, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _account(db: Database, code: str, login: str) -> tuple[str, str, bool, str | None]:
    with db.read() as session:
        library = crud.get_library(session=session, code=code)
        staff = staff_accounts.get_staff(session=session, library=library, login=login)
        return staff.role, staff.pin_hash, staff.active, staff.badge


def test_staff_accounts_are_made_listed_changed_and_disabled_from_the_command_line(
    database_url: str, db: Database, make_library: Callable[..., Any]
) -> None:
    lib = make_library(items=0, patrons=0)
    add = ("add-staff", "--library", lib.code, "--name", "Vera Volunteer", "--role", "volunteer")

    made = admin(
        database_url, *add, "--login", "Vera", "--badge", "B7", "--pin-stdin", stdin="4321\n"
    )
    assert made.returncode == 0, made.stderr
    assert f"Staff member vera (volunteer of {lib.code}" in made.stdout
    role, pin_hash, active, badge = _account(db, lib.code, "vera")
    assert (role, active, badge) == ("volunteer", True, "B7")
    assert verify_pin("4321", pin_hash) and "4321" not in pin_hash

    listed = admin(database_url, "list-staff", "--library", lib.code)
    assert listed.returncode == 0, listed.stderr
    [line] = [row for row in listed.stdout.splitlines() if row.startswith("vera ")]
    assert "volunteer" in line and "active" in line and "B7" in line and "Vera Volunteer" in line
    assert pin_hash not in listed.stdout

    changed = admin(
        database_url, "set-pin", "--library", lib.code, "vera", "--pin-stdin", stdin="98765\n"
    )
    assert changed.returncode == 0 and "has a new PIN" in changed.stdout
    assert verify_pin("98765", _account(db, lib.code, "vera")[1])

    off = admin(database_url, "disable-staff", "--library", lib.code, "vera")
    assert off.returncode == 0 and "is disabled" in off.stdout
    assert _account(db, lib.code, "vera")[2] is False
    assert "disabled" in admin(database_url, "list-staff", "--library", lib.code).stdout
    twice = admin(database_url, "disable-staff", "--library", lib.code, "vera")
    assert twice.returncode == 0 and "disabled already" in twice.stdout
    on = admin(database_url, "enable-staff", "--library", lib.code, "vera")
    assert on.returncode == 0 and "enabled again" in on.stdout
    assert _account(db, lib.code, "vera")[2] is True
    # The console's audit trail holds each change made here (not the one that changed nothing).
    with db.read() as session:
        trail = session.execute(
            select(
                ConsoleAudit.action, ConsoleAudit.login, ConsoleAudit.target, ConsoleAudit.detail
            )
            .where(ConsoleAudit.library_id == lib.id)
            .order_by(ConsoleAudit.id)
        ).all()
    assert [row.action for row in trail] == [
        "staff.add",
        "staff.pin",
        "staff.disable",
        "staff.enable",
    ]
    assert {(row.login, row.target) for row in trail} == {("(command line)", "vera")}
    assert all("4321" not in str(row.detail) and "98765" not in str(row.detail) for row in trail)


def test_every_bad_input_is_refused_in_a_sentence_and_changes_nothing(
    database_url: str, db: Database, make_library: Callable[..., Any]
) -> None:
    lib = make_library(items=0, patrons=0)
    add = ("add-staff", "--library", lib.code, "--name", "Sam Staff", "--role", "staff")
    assert (
        admin(
            database_url, *add, "--login", "sam", "--badge", "S1", "--pin-stdin", stdin="1111\n"
        ).returncode
        == 0
    )
    before = _account(db, lib.code, "sam")

    cases = {
        "no library with the code": admin(
            database_url,
            "add-staff",
            "--library",
            "NOPE-LIB",
            "--login",
            "x",
            "--name",
            "X",
            "--role",
            "staff",
            "--pin-stdin",
            stdin="1234\n",
        ),
        "already a staff member 'sam'": admin(
            database_url, *add, "--login", "SAM", "--pin-stdin", stdin="1234\n"
        ),
        "badge 'S1' is already sam's": admin(
            database_url, *add, "--login", "sue", "--badge", "S1", "--pin-stdin", stdin="1234\n"
        ),
        "bad PIN: a PIN is 4 to 12 digits": admin(
            database_url, *add, "--login", "sid", "--pin-stdin", stdin="12a4\n"
        ),
        "a PIN is 4 to 12 digits": admin(
            database_url, "set-pin", "--library", lib.code, "sam", "--pin-stdin", stdin="123\n"
        ),
        "no staff member 'nobody'": admin(
            database_url, "disable-staff", "--library", lib.code, "nobody"
        ),
        "lower-case letters, digits": admin(
            database_url, *add, "--login", "sam smith", "--pin-stdin", stdin="1234\n"
        ),
        # No terminal and no --pin-stdin: the command does not guess where the PIN is.
        "--pin-stdin": admin(database_url, *add, "--login", "sol", stdin="1234\n"),
    }
    for sentence, answer in cases.items():
        assert answer.returncode == 2, (sentence, answer.stdout, answer.stderr)
        assert sentence in answer.stderr, (sentence, answer.stderr)
        assert "Traceback" not in answer.stderr
    # A PIN is never taken from the command line.
    on_line = admin(database_url, *add, "--login", "sol", "--pin", "1234")
    assert on_line.returncode == 2 and "unrecognized arguments" in on_line.stderr
    assert _account(db, lib.code, "sam") == before
    listed = admin(database_url, "list-staff", "--library", lib.code).stdout
    assert [row.split()[0] for row in listed.splitlines()[1:]] == ["sam"]
