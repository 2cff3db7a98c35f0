"""``popup-sync admin add-console-user / set-console-password / disable-console-user``, run as
the real command with the password on stdin (as a provisioning script would)."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Callable
from typing import Any

from popup_sync.core.db import Database
from tests.helpers.server import EXECUTABLE
from tests.sync.console.conftest import ConsoleClient


def admin(database_url: str, *args: str, password: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXECUTABLE), "admin", "--database", database_url, *args],
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_accounts_are_made_changed_and_disabled_from_the_command_line(
    database_url: str,
    db: Database,
    make_library: Callable[..., Any],
    console_client: Callable[[], ConsoleClient],
) -> None:
    lib = make_library(items=0, patrons=0)
    login = f"ana-{uuid.uuid4().hex[:6]}"
    first, second = "first password 1", "second password 2"

    made = admin(
        database_url,
        "add-console-user",
        "--login",
        login,
        "--name",
        "Ana Ruiz",
        "--role",
        "manager",
        "--library",
        lib.code,
        password=first,
    )
    assert made.returncode == 0, made.stderr
    assert f"Library manager of {lib.code}" in made.stdout
    assert console_client().sign_in(login, first).status_code == 200

    again = admin(
        database_url,
        "add-console-user",
        "--login",
        login,
        "--name",
        "Ana",
        "--role",
        "viewer",
        password=first,
    )
    assert again.returncode == 2 and "already a console user" in again.stderr

    short = admin(database_url, "set-console-password", login, password="short")
    assert short.returncode == 2 and "at least 10 characters" in short.stderr

    changed = admin(database_url, "set-console-password", login, password=second)
    assert changed.returncode == 0, changed.stderr
    assert console_client().sign_in(login, first).status_code == 401
    assert console_client().sign_in(login, second).status_code == 200

    off = admin(database_url, "disable-console-user", login)
    assert off.returncode == 0 and "is disabled" in off.stdout
    assert console_client().sign_in(login, second).status_code == 401

    no_library = admin(
        database_url,
        "add-console-user",
        "--login",
        login + "x",
        "--name",
        "Bo",
        "--role",
        "manager",
        password=first,
    )
    assert no_library.returncode == 2 and "needs --library" in no_library.stderr
