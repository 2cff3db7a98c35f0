"""``popup list-staff`` and ``popup unlock-staff``: the staff on this laptop without a window.

The way back in when nobody can sign in to unlock an account (the laptop's only administrator
typed a wrong PIN five times): the command line acts as the system, which may manage staff.
It prints logins, roles and states, never a PIN hash.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from popup import paths
from popup.commands import command
from popup.store.db import Store, StoreError
from popup.store.models import PinFailures, Staff
from popup.store.staff import StaffBook, StaffRefusal


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def _warn(text: str) -> None:
    sys.stderr.write(text + "\n")


def _open(home: Path) -> Store | None:
    try:
        return Store.open(paths.store_file(home), paths.backups_dir(home))
    except StoreError as exc:
        _warn(f"popup: {exc}")
        return None


def _configure_list(parser: argparse.ArgumentParser) -> None:
    del parser  # no options


def _run_list(args: argparse.Namespace, home: Path) -> int:
    del args
    store = _open(home)
    if store is None:
        return 2
    try:
        with store.read() as session:
            rows = session.scalars(select(Staff).order_by(Staff.login)).all()
            locked = set(
                session.scalars(select(PinFailures.login).where(PinFailures.locked.is_(True)))
            )
        book = StaffBook(store, lambda: datetime.now(UTC))
        if book.needs_first_admin():
            _say("No staff on this laptop yet: the window asks for its first administrator.")
        for row in rows:
            states = [
                "local administrator" if row.local else "downloaded",
                "active" if row.active else "disabled",
            ]
            if row.login in locked:
                states.append("LOCKED")
            _say(f"{row.login}\t{row.role}\t{row.id}\t{', '.join(states)}")
    finally:
        store.close()
    return 0


def _configure_unlock(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("login", help="the login locked after too many wrong PINs")


def _run_unlock(args: argparse.Namespace, home: Path) -> int:
    store = _open(home)
    if store is None:
        return 2
    try:
        StaffBook(store, lambda: datetime.now(UTC)).unlock(args.login)
    except StaffRefusal as exc:
        _warn(f"popup: {exc}")
        return 1
    finally:
        store.close()
    _say(f"Unlocked {args.login}: they can sign in with their PIN again.")
    return 0


command("list-staff", "list the staff who may sign in on this laptop, and who is locked")(
    (_configure_list, _run_list)
)
command("unlock-staff", "unlock a login locked after too many wrong PINs")(
    (_configure_unlock, _run_unlock)
)
