"""Staff accounts (#17): the operations behind ``popup-sync admin add-staff`` and friends, the
console's Staff page, and the push's check of who made an action.

Every function works inside the caller's transaction and logs the account it changes
(``Entity.STAFF``, keyed by its id) so the library's laptops download it on their next pull:
the PIN only as its hash (``popup.domain.staff.hash_pin``), a disabled account as
``active: false``. Refusals are :class:`popup_sync.crud.AdminError` with a sentence saying what
was wrong (a bad PIN in :func:`popup.domain.staff.check_pin`'s words).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from popup.domain.protocol.entities import Entity
from popup.domain.staff import LOCAL_PREFIX, PinError, Role, StaffRecord, check_pin, hash_pin
from popup_sync import changes
from popup_sync.crud import AdminError
from popup_sync.models import AppliedMutation, Library, Staff

#: What a login may hold: lower-case letters, digits and . _ - @ (typed at the laptop).
LOGIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-@")
MAX_LOGIN = 64
MAX_NAME = 200
MAX_BADGE = 64


def _login(login: str) -> str:
    login = login.strip().lower()
    if not login:
        raise AdminError("a staff member needs a login")
    if len(login) > MAX_LOGIN or not set(login) <= LOGIN_CHARS:
        raise AdminError(
            f"a login is 1 to {MAX_LOGIN} lower-case letters, digits and . _ - @ "
            f"(not {login[: MAX_LOGIN + 1]!r})"
        )
    return login


def _name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise AdminError("a staff member needs a name")
    if len(name) > MAX_NAME or not name.isprintable():
        raise AdminError(
            f"a staff member's name is printable text of at most {MAX_NAME} characters"
        )
    return name


def _role(role: str | Role) -> Role:
    try:
        return Role(str(role).strip().lower())
    except ValueError:
        raise AdminError(f"a role is staff or volunteer (not {str(role)[:40]!r})") from None


def _pin_hash(pin: str) -> str:
    try:
        return hash_pin(check_pin(pin))
    except PinError as exc:
        raise AdminError(f"bad PIN: {exc}") from None


def _badge(session: Session, library: Library, badge: str | None, staff_id: str) -> str | None:
    if badge is None or not badge.strip():
        return None
    badge = badge.strip()
    if len(badge) > MAX_BADGE or not badge.isprintable():
        raise AdminError(f"a badge is printable text of at most {MAX_BADGE} characters")
    holder = session.scalar(
        select(Staff.login).where(
            Staff.library_id == library.id, Staff.badge == badge, Staff.id != staff_id
        )
    )
    if holder is not None:
        raise AdminError(f"badge {badge!r} is already {holder}'s in {library.code}")
    return badge


def _changed(session: Session, staff: Staff, now: datetime) -> None:
    staff.changed_at = now
    changes.record(session, staff.library_id, Entity.STAFF, staff.id)


def add_staff(
    *,
    session: Session,
    library: Library,
    login: str,
    name: str,
    role: str | Role,
    pin: str,
    badge: str | None = None,
) -> Staff:
    """A new account of ``library``; its laptops get it on their next pull."""
    login = _login(login)
    name = _name(name)
    chosen = _role(role)
    taken = session.scalar(
        select(Staff.id).where(Staff.library_id == library.id, Staff.login == login)
    )
    if taken is not None:
        raise AdminError(f"there is already a staff member {login!r} in {library.code}")
    staff_id = str(uuid.uuid4())
    kept_badge = _badge(session, library, badge, staff_id)
    now = datetime.now(UTC)
    staff = Staff(
        id=staff_id,
        library_id=library.id,
        login=login,
        name=name,
        role=chosen.value,
        pin_hash=_pin_hash(pin),
        badge=kept_badge,
        active=True,
        created_at=now,
        changed_at=now,
        disabled_at=None,
    )
    session.add(staff)
    _changed(session, staff, now)
    session.flush()
    return staff


def get_staff(*, session: Session, library: Library, login: str) -> Staff:
    """The account ``login`` of ``library`` (:class:`AdminError` if there is none)."""
    found = session.scalar(
        select(Staff).where(Staff.library_id == library.id, Staff.login == login.strip().lower())
    )
    if found is None:
        raise AdminError(f"there is no staff member {login.strip()[:80]!r} in {library.code}")
    return found


def list_staff(*, session: Session, library: Library) -> list[Staff]:
    return list(
        session.scalars(select(Staff).where(Staff.library_id == library.id).order_by(Staff.login))
    )


def set_pin(*, session: Session, staff: Staff, pin: str) -> None:
    """A new PIN (its hash reaches the laptops with the next pull)."""
    staff.pin_hash = _pin_hash(pin)
    _changed(session, staff, datetime.now(UTC))


def set_role(*, session: Session, staff: Staff, role: str | Role) -> bool:
    """Change the role; False when it was that already."""
    chosen = _role(role)
    if staff.role == chosen.value:
        return False
    staff.role = chosen.value
    _changed(session, staff, datetime.now(UTC))
    return True


def set_badge(*, session: Session, library: Library, staff: Staff, badge: str | None) -> None:
    staff.badge = _badge(session, library, badge, staff.id)
    _changed(session, staff, datetime.now(UTC))


def disable(*, session: Session, staff: Staff) -> bool:
    """Stop the account signing in (laptops refuse it from their next pull, and the server
    rejects its actions made from then on: an action made before ``disabled_at``, by the
    device's clock corrected by its measured offset, is still accepted). False when it was
    disabled already."""
    if not staff.active:
        return False
    now = datetime.now(UTC)
    staff.active = False
    staff.disabled_at = now
    _changed(session, staff, now)
    return True


def enable(*, session: Session, staff: Staff) -> bool:
    if staff.active:
        return False
    staff.active = True
    staff.disabled_at = None
    _changed(session, staff, datetime.now(UTC))
    return True


# -- the push's check -----------------------------------------------------------------------------


def records(
    session: Session, library_id: int, device_id: str, ids: Iterable[str | None]
) -> dict[str, StaffRecord]:
    """The staff of ``ids`` this server knows for the device's library, as the rules see them
    (``popup.domain.staff.StaffRecord``). ``local:<device id>`` of the pushing device itself
    (its first-start administrator) is known, as staff; any other device's is not."""
    wanted = {i for i in ids if i}
    out: dict[str, StaffRecord] = {}
    own = f"{LOCAL_PREFIX}{device_id}"
    if own in wanted:
        out[own] = StaffRecord(own, Role.STAFF, True)
    looked = [i for i in wanted if not i.startswith(LOCAL_PREFIX)]
    if looked:
        for staff_id, role, active, disabled_at in session.execute(
            select(Staff.id, Staff.role, Staff.active, Staff.disabled_at).where(
                Staff.library_id == library_id, Staff.id.in_(looked)
            )
        ):
            try:
                known = Role(role)
            except ValueError:  # a role this server does not know: may do nothing a volunteer can't
                known = Role.VOLUNTEER
            out[staff_id] = StaffRecord(staff_id, known, bool(active), disabled_at)
    return out


def logins(session: Session, library_id: int, ids: Iterable[str]) -> dict[str, str]:
    """Staff id -> login for the sentences that name a staff member."""
    wanted = [i for i in set(ids) if i and not i.startswith(LOCAL_PREFIX)]
    if not wanted:
        return {}
    rows = session.execute(
        select(Staff.id, Staff.login).where(Staff.library_id == library_id, Staff.id.in_(wanted))
    )
    return {staff_id: login for staff_id, login in rows}


def last_seen(session: Session, library_id: int) -> dict[str, datetime]:
    """Staff id -> when the server last received an action they made (the console's list)."""
    rows = session.execute(
        select(AppliedMutation.staff_id, func.max(AppliedMutation.received_at))
        .where(AppliedMutation.library_id == library_id, AppliedMutation.staff_id.is_not(None))
        .group_by(AppliedMutation.staff_id)
    ).tuples()
    return {staff_id: moment for staff_id, moment in rows if staff_id is not None}
