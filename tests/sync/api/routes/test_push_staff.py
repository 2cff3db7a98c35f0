"""Push checks who made each action (#17): the staff member a laptop names, and the staff
approver of a volunteer's override, against the accounts the server holds for the device's
library (``popup.domain.staff.action_refusal``); the exactly-once log keeps both ids."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from popup.domain.payments import PaymentMethod
from popup.domain.protocol import actions
from popup.domain.staff import Role, local_admin_id
from popup_sync import crud, staff_accounts
from popup_sync.core.db import Database
from popup_sync.models import AppliedMutation, SyncException
from tests.helpers import mutations

PIN = "2468"


def add_staff(db: Database, library_code: str, login: str, role: Role) -> str:
    def make(session: Any) -> str:
        library = crud.get_library(session=session, code=library_code)
        made = staff_accounts.add_staff(
            session=session, library=library, login=login, name=f"{login} Test", role=role, pin=PIN
        )
        return made.id

    return db.run_write(make)


def set_active(db: Database, library_code: str, login: str, active: bool) -> None:
    def change(session: Any) -> None:
        library = crud.get_library(session=session, code=library_code)
        staff = staff_accounts.get_staff(session=session, library=library, login=login)
        if active:
            staff_accounts.enable(session=session, staff=staff)
        else:
            staff_accounts.disable(session=session, staff=staff)

    db.run_write(change)


def by(
    record: dict[str, Any], staff_id: str | None, approved_by: str | None = None
) -> dict[str, Any]:
    """``record`` as a laptop with staff sign-in sends it."""
    return {**record, "staff_id": staff_id, "approved_by": approved_by}


def overridden(device: Any, card: str, barcode: str) -> dict[str, Any]:
    payload = mutations.checkout(card, barcode)
    payload = type(payload)(**{**vars(payload), "override_reason": "known to staff"})
    record: dict[str, Any] = device.mutation(payload, client_time=payload.out_at)
    return record


def stored(db: Database, device_id: str) -> dict[int, tuple[str | None, str | None, str]]:
    with db.read() as session:
        rows = session.execute(
            select(
                AppliedMutation.seq,
                AppliedMutation.staff_id,
                AppliedMutation.approved_by,
                AppliedMutation.status,
            ).where(AppliedMutation.device_id == device_id)
        ).all()
    return {seq: (staff, approver, status) for seq, staff, approver, status in rows}


def test_a_volunteers_override_needs_a_staff_approver_and_both_are_kept(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    blocked = {1: {"manual_block": True, "block_reason": "see staff", "name": "Zelda Secretname"}}
    lib = make_library(items=4, patrons=2, patron_overrides=blocked)
    volunteer = add_staff(db, lib.code, "vera", Role.VOLUNTEER)
    boss = add_staff(db, lib.code, "sam", Role.STAFF)
    other_volunteer = add_staff(db, lib.code, "vic", Role.VOLUNTEER)
    device = enroll_device(lib.code)

    results = device.push_ok(
        [
            by(overridden(device, lib.patrons[0], lib.items[0]), volunteer),
            by(overridden(device, lib.patrons[0], lib.items[1]), volunteer, other_volunteer),
            by(overridden(device, lib.patrons[0], lib.items[2]), volunteer, boss),
            by(device.checkout(lib.patrons[1], lib.items[3]), volunteer),
        ]
    )

    alone, badly_approved, approved, clean = results
    assert alone["status"] == "rejected" and alone["codes"] == ["STAFF_NOT_ALLOWED"]
    assert "vera" in alone["message"] and volunteer in alone["message"]
    assert "needs a staff approver" in alone["message"]
    assert alone["detail"]["staff_id"] == volunteer
    assert badly_approved["status"] == "rejected"
    assert badly_approved["codes"] == ["STAFF_NOT_ALLOWED"]
    assert other_volunteer in badly_approved["message"]
    assert approved["status"] != "rejected", approved
    assert clean["status"] == "applied", clean
    assert stored(db, device.device_id) == {
        1: (volunteer, None, "rejected"),
        2: (volunteer, other_volunteer, "rejected"),
        3: (volunteer, boss, approved["status"]),
        4: (volunteer, None, "applied"),
    }
    # The refusal is an exception staff see, naming the staff member and never the patron.
    with db.read() as session:
        exceptions = session.scalars(
            select(SyncException).where(
                SyncException.device_id == device.device_id,
                SyncException.code == "STAFF_NOT_ALLOWED",
            )
        ).all()
    assert sorted(e.seq for e in exceptions) == [1, 2]
    for exception in exceptions:
        assert "vera" in exception.message
        assert "Zelda" not in exception.message and "Secretname" not in exception.message
        assert lib.patrons[0] not in exception.message


def test_unknown_staff_are_rejected_but_the_laptops_own_administrator_is_staff(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=6, patrons=1)
    elsewhere = make_library(items=0, patrons=0)
    stranger = add_staff(db, elsewhere.code, "stan", Role.STAFF)
    device = enroll_device(lib.code)
    neighbour = enroll_device(lib.code, "the other laptop")
    own_admin = local_admin_id(device.device_id)

    results = device.push_ok(
        [
            by(device.checkout(lib.patrons[0], lib.items[0]), "f" * 36),
            by(device.checkout(lib.patrons[0], lib.items[1]), stranger),
            by(device.checkout(lib.patrons[0], lib.items[2]), local_admin_id(neighbour.device_id)),
            by(device.checkout(lib.patrons[0], lib.items[3]), own_admin),
            by(overridden(device, lib.patrons[0], lib.items[4]), own_admin),
            device.checkout(lib.patrons[0], lib.items[5]),  # an older laptop: names nobody
        ]
    )

    codes = [(r["status"], r["codes"]) for r in results]
    assert codes[:3] == [("rejected", ["STAFF_UNKNOWN"])] * 3
    assert "not a staff account of" in results[1]["message"] and stranger in results[1]["message"]
    assert [s for s, _ in codes[3:]] == ["applied", "applied", "applied"], results[3:]
    assert stored(db, device.device_id)[4] == (own_admin, None, "applied")
    assert stored(db, device.device_id)[6] == (None, None, "applied")


def test_a_disabled_account_acts_no_more_and_a_resend_answers_as_before(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=3, patrons=1)
    staff = add_staff(db, lib.code, "dora", Role.STAFF)
    device = enroll_device(lib.code)
    first = by(device.checkout(lib.patrons[0], lib.items[0]), staff)
    [accepted] = device.push_ok([first])
    assert accepted["status"] == "applied"

    set_active(db, lib.code, "dora", False)
    later = by(device.checkout(lib.patrons[0], lib.items[1]), staff)
    [refused] = device.push_ok([later])
    assert refused["status"] == "rejected" and refused["codes"] == ["STAFF_NOT_ALLOWED"]
    assert "disabled" in refused["message"] and "dora" in refused["message"]

    # The same (device, seq) again answers what it answered then, whatever the account is now.
    assert device.push_ok([first, later]) == [accepted, refused]
    set_active(db, lib.code, "dora", True)
    assert device.push_ok([first, later]) == [accepted, refused]
    assert stored(db, device.device_id) == {
        1: (staff, None, "applied"),
        2: (staff, None, "rejected"),
    }


def test_a_volunteer_may_not_take_money_nor_name_an_unusable_staff_id(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=2, patrons=1, patron_overrides={1: {"fines_owed_cents": 500}})
    volunteer = add_staff(db, lib.code, "val", Role.VOLUNTEER)
    device = enroll_device(lib.code)
    payment = device.mutation(
        actions.Payment(
            payment_id=mutations.new_id(),
            patron_card=lib.patrons[0],
            amount_cents=200,
            method=PaymentMethod.CASH,
            paid_at=mutations.now(),
            balance_before_cents=500,
            balance_after_cents=300,
        )
    )
    not_text = {**device.checkout(lib.patrons[0], lib.items[0]), "staff_id": 42}
    too_long = by(device.checkout(lib.patrons[0], lib.items[1]), "x" * 81)

    paid, number, long_id = device.push_ok([by(payment, volunteer), not_text, too_long])

    assert paid["status"] == "rejected" and paid["codes"] == ["STAFF_NOT_ALLOWED"]
    assert "volunteer may not make a payment" in paid["message"]
    for result in (number, long_id):
        assert result["status"] == "rejected"
        assert result["detail"]["error"] == "INVALID_FIELD"
        assert result["detail"]["field"] == "staff_id"


def test_what_a_volunteer_did_before_being_disabled_is_accepted_when_it_arrives(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=3, patrons=1)
    volunteer = add_staff(db, lib.code, "val", Role.VOLUNTEER)
    device = enroll_device(lib.code)
    morning = by(
        device.checkin(lib.items[0], returned_at=mutations.now(timedelta(hours=-3))), volunteer
    )
    set_active(db, lib.code, "val", False)  # at noon, while the laptop was offline
    [accepted] = device.push_ok([morning])
    assert accepted["status"] != "rejected" and "STAFF_NOT_ALLOWED" not in accepted["codes"]

    # A laptop whose clock is 4 hours slow returns an item now, after the account was
    # disabled, and pushes at once: its "4 hours ago" is corrected by the offset measured.
    slow = mutations.now(timedelta(hours=-4))
    late = by(device.checkin(lib.items[1], returned_at=slow), volunteer)
    [refused] = device.push_ok([late], sent_at=slow.isoformat())
    assert refused["status"] == "rejected"
    assert refused["codes"] == ["STAFF_NOT_ALLOWED", "CLOCK_SKEW"]
    assert "disabled" in refused["message"]


def test_a_volunteer_may_not_find_a_patron_by_name_nor_take_back_anothers_action(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=4, patrons=1)
    volunteer = add_staff(db, lib.code, "val", Role.VOLUNTEER)
    boss = add_staff(db, lib.code, "sam", Role.STAFF)
    device = enroll_device(lib.code)
    looked_up = mutations.checkout(lib.patrons[0], lib.items[0])
    looked_up = type(looked_up)(**{**vars(looked_up), "found_by_lookup": True})
    by_name = by(device.mutation(looked_up, client_time=looked_up.out_at), volunteer)
    staffs = by(device.checkout(lib.patrons[0], lib.items[1]), boss)
    own = by(device.checkout(lib.patrons[0], lib.items[2]), volunteer)
    undo_staffs = by(device.mutation(mutations.undo(staffs)), volunteer)
    undo_own = by(device.mutation(mutations.undo(own)), volunteer)
    undo_by_staff = by(device.mutation(mutations.undo(undo_own)), boss)

    results = device.push_ok([by_name, staffs, own, undo_staffs, undo_own, undo_by_staff])

    found, _, _, others, mine, staff_undo = results
    assert found["status"] == "rejected" and found["codes"] == ["STAFF_NOT_ALLOWED"]
    assert "found_by_lookup" in found["message"]
    assert others["status"] == "rejected" and others["codes"] == ["STAFF_NOT_ALLOWED"]
    assert "made themselves" in others["message"]
    assert mine["status"] == "applied", mine
    assert staff_undo["codes"] != ["STAFF_NOT_ALLOWED"], staff_undo
    assert [r["status"] for r in results[1:3]] == ["applied", "applied"], results
