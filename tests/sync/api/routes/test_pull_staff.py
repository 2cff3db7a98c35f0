"""Pull delivers the library's staff accounts (#17): what a laptop needs to check a PIN
offline — its hash, never the PIN — and a disabled account as ``active: false``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from popup.domain.protocol.entities import Entity, StaffData
from popup.domain.protocol.wire import decode
from popup.domain.staff import Role, verify_pin
from popup_sync import crud, staff_accounts
from popup_sync.core.db import Database

STAFF = Entity.STAFF.value


def _add(
    db: Database, code: str, login: str, role: Role, pin: str, badge: str | None = None
) -> str:
    def make(session: Any) -> str:
        library = crud.get_library(session=session, code=code)
        return staff_accounts.add_staff(
            session=session,
            library=library,
            login=login,
            name=f"{login.title()} Example",
            role=role,
            pin=pin,
            badge=badge,
        ).id

    return db.run_write(make)


def _change(db: Database, code: str, login: str, work: Callable[[Any, Any], object]) -> None:
    def run(session: Any) -> None:
        library = crud.get_library(session=session, code=code)
        work(session, staff_accounts.get_staff(session=session, library=library, login=login))

    db.run_write(run)


def test_staff_come_down_with_the_pins_hash_only_and_changes_follow(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any], kit: Any
) -> None:
    lib = make_library(items=1, patrons=1)
    other = make_library(items=0, patrons=0)
    vera = _add(db, lib.code, "vera", Role.VOLUNTEER, "1357", badge="B-0042")
    sam = _add(db, lib.code, "sam", Role.STAFF, "97531")
    hidden = _add(db, other.code, "oscar", Role.STAFF, "2468")
    device = enroll_device(lib.code)

    snapshot, cursor = device.pull_all(limit=2)

    staff = {c["key"]: c["data"] for c in snapshot if c["entity"] == STAFF}
    assert set(staff) == {vera, sam}  # never another library's accounts
    data = staff[vera]
    assert set(data) == {"id", "login", "name", "role", "pin_hash", "badge", "active"}
    assert decode(StaffData, data) == StaffData(
        id=vera,
        login="vera",
        name="Vera Example",
        role="volunteer",
        pin_hash=data["pin_hash"],
        badge="B-0042",
        active=True,
    )
    assert verify_pin("1357", data["pin_hash"]) and not verify_pin("1358", data["pin_hash"])
    assert "1357" not in str(data) and "97531" not in str(staff[sam])
    assert staff[sam]["role"] == "staff" and staff[sam]["badge"] is None
    assert hidden not in str(snapshot)

    _change(db, lib.code, "vera", lambda s, st: staff_accounts.disable(session=s, staff=st))
    _change(
        db, lib.code, "sam", lambda s, st: staff_accounts.set_pin(session=s, staff=st, pin="8642")
    )
    later, cursor = device.pull_all(
        cursor, until=lambda ch: kit.has(STAFF, vera)(ch) and kit.has(STAFF, sam)(ch)
    )
    disabled = kit.latest(later, STAFF, vera)
    assert disabled is not None and disabled["active"] is False
    renewed = kit.latest(later, STAFF, sam)
    assert renewed is not None and verify_pin("8642", renewed["pin_hash"])
    assert not verify_pin("97531", renewed["pin_hash"])

    _change(db, lib.code, "vera", lambda s, st: staff_accounts.enable(session=s, staff=st))
    _change(
        db,
        lib.code,
        "vera",
        lambda s, st: staff_accounts.set_role(session=s, staff=st, role="staff"),
    )
    last, _ = device.pull_all(cursor, until=kit.has(STAFF, vera))
    back = kit.latest(last, STAFF, vera)
    assert back is not None and back["active"] is True and back["role"] == "staff"
