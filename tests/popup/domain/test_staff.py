"""The shared staff rules: what each role may do, the server's check of an action, PINs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from popup.domain import staff
from popup.domain.staff import Capability, Role, StaffRecord


def test_staff_may_do_everything_a_volunteer_only_clean_desk_work() -> None:
    assert all(staff.may(Role.STAFF, c) for c in Capability)
    allowed = {c for c in Capability if staff.may(Role.VOLUNTEER, c)}
    assert allowed == {
        Capability.CHECKOUT,
        Capability.CHECKIN,
        Capability.ATTENDANCE,
        Capability.CARD_SCAN,
        Capability.UNDO_OWN,
    }
    assert not staff.may(Role.VOLUNTEER, Capability.SIGN_UP)
    assert staff.may(Role.VOLUNTEER, Capability.SIGN_UP, volunteers_may_sign_up=True)


def test_every_action_kind_names_what_it_needs() -> None:
    from popup.domain.protocol.actions import Kind

    assert set(staff.KIND_NEEDS) == {k.value for k in Kind}


VOLUNTEER = StaffRecord("v-1", Role.VOLUNTEER)
STAFF = StaffRecord("s-1", Role.STAFF)


@pytest.mark.parametrize(
    ("kind", "payload", "who", "approver", "code"),
    [
        ("checkout", {}, VOLUNTEER, None, None),
        ("checkout", {"override_reason": "ok"}, VOLUNTEER, None, staff.STAFF_NOT_ALLOWED),
        ("checkout", {"override_reason": "ok"}, VOLUNTEER, STAFF, None),
        ("checkout", {"override_reason": "ok"}, VOLUNTEER, VOLUNTEER, staff.STAFF_NOT_ALLOWED),
        ("payment", {}, VOLUNTEER, STAFF, staff.STAFF_NOT_ALLOWED),
        ("payment", {}, STAFF, None, None),
        ("renew", {"override_reason": "ok"}, STAFF, None, None),
        ("patron_register", {}, VOLUNTEER, None, staff.STAFF_NOT_ALLOWED),
        (
            "checkin",
            {},
            StaffRecord("s-2", Role.STAFF, active=False),
            None,
            staff.STAFF_NOT_ALLOWED,
        ),
        ("checkout", {"override_reason": "x"}, None, None, None),
        ("checkout", {"found_by_lookup": True}, VOLUNTEER, None, staff.STAFF_NOT_ALLOWED),
        ("card_replace", {"found_by_lookup": True}, STAFF, None, None),
    ],
)
def test_the_servers_check_of_an_action(
    kind: str,
    payload: dict[str, str],
    who: StaffRecord | None,
    approver: StaffRecord | None,
    code: str | None,
) -> None:
    refusal = staff.action_refusal(kind, payload, who, approver, volunteers_may_sign_up=False)
    assert (refusal.code if refusal else None) == code
    if refusal:
        assert refusal.message  # names what was wrong


def test_a_disabled_accounts_action_made_before_it_was_disabled_is_its() -> None:
    noon = datetime(2026, 12, 4, 12, tzinfo=UTC)
    gone = StaffRecord("v-2", Role.VOLUNTEER, active=False, disabled_at=noon)
    morning, afternoon = noon - timedelta(hours=3), noon + timedelta(minutes=1)
    check = staff.action_refusal
    assert check("checkin", {}, gone, None, volunteers_may_sign_up=False, made_at=morning) is None
    late = check("checkin", {}, gone, None, volunteers_may_sign_up=False, made_at=afternoon)
    assert late is not None and late.code == staff.STAFF_NOT_ALLOWED
    unknown_time = check("checkin", {}, gone, None, volunteers_may_sign_up=False)
    assert unknown_time is not None  # without the time: as the account is now
    approved = check(
        "checkout",
        {"override_reason": "ok"},
        VOLUNTEER,
        StaffRecord("s-9", Role.STAFF, active=False, disabled_at=noon),
        volunteers_may_sign_up=False,
        made_at=morning,
    )
    assert approved is None


def test_a_pin_is_kept_only_as_a_salted_slow_hash() -> None:
    first, second = staff.hash_pin("4821"), staff.hash_pin("4821")
    assert first != second  # salted
    assert "4821" not in first and first.startswith("scrypt$16384$8$1$")
    assert staff.verify_pin("4821", first)
    assert not staff.verify_pin("4822", first)


@pytest.mark.parametrize("pin", ["", "123", "1234567890123", "12a4", " 1234", "１２３４"])
def test_a_pin_is_four_to_twelve_digits(pin: str) -> None:
    with pytest.raises(staff.PinError, match="4 to 12 digits"):
        staff.hash_pin(pin)
    assert not staff.verify_pin(pin, staff.hash_pin("1234"))


@pytest.mark.parametrize(
    "stored",
    ["", "plain", "scrypt$1$8$1$AA==$AA==", "scrypt$16384$8$1$!!$AA==", "md5$1$1$1$AA==$AA=="],
)
def test_a_malformed_stored_hash_never_matches(stored: str) -> None:
    assert not staff.verify_pin("1234", stored)


def test_wrong_pins_cost_more_time_each() -> None:
    waits = [staff.wait_after(n) for n in range(8)]
    assert waits[:3] == [0, 0, 0] and waits[3:] == [2, 4, 8, 16, 32]
    assert staff.wait_after(100) == 60


@pytest.mark.parametrize(
    ("name", "shown"),
    [("Maria Garcia Lopez", "Maria L."), ("Prince", "Prince"), ("", ""), ("  ", "")],
)
def test_a_volunteer_sees_a_first_name_and_an_initial(name: str, shown: str) -> None:
    assert staff.display_name(name) == shown
