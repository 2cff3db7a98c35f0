"""Who is at the laptop (#17): the signed-in staff member, sign-in with a PIN, approvals.

* :class:`Actor` — the one who acts: every service checks a
  :class:`~popup.domain.staff.Capability` against ``Store.actor`` (:func:`require`) and every
  outbox record carries its ``staff_id``. :data:`SYSTEM` is the command line's and the
  scripts' (``Store.open``'s default); the window sets ``Store.actor`` to None until someone
  signs in.
* :class:`StaffBook` — sign-in (login or badge + PIN, checked offline against the stored hash),
  the first local administrator of a laptop not enrolled yet, a staff member's approval of a
  volunteer's override, and the wrong-PIN count kept in the store (a growing wait, then a lock
  until another staff member unlocks it).
* :class:`SignInNeeded`, :class:`NotAllowed`, :class:`SignInRefused` — refusals with keys in
  the ``STAFF`` catalogue of :mod:`popup.domain.messages`.

The log names staff by id, never by name.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Literal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from popup.domain import staff as rules
from popup.domain.messages import STAFF, Params, specifics
from popup.domain.refusals import Refusal
from popup.domain.staff import Capability, Role
from popup.store.models import Device, PinFailures, Setting, Staff
from popup.store.notify import Topic, note

if TYPE_CHECKING:
    from popup.store.db import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Actor:
    """Someone signed in (or :data:`SYSTEM`)."""

    staff_id: str | None  # None only for SYSTEM
    login: str
    name: str
    role: Role

    def may(self, capability: Capability, *, volunteers_may_sign_up: bool = False) -> bool:
        return rules.may(self.role, capability, volunteers_may_sign_up=volunteers_may_sign_up)

    @property
    def is_volunteer(self) -> bool:
        return self.role is Role.VOLUNTEER


#: The command line and scripts: staff, and names no staff member in the outbox.
SYSTEM = Actor(staff_id=None, login="system", name="Popup", role=Role.STAFF)


# -- refusals -----------------------------------------------------------------------------------


class StaffRefusal(Refusal):
    """Something about who is signed in; ``key`` is in :data:`popup.domain.messages.STAFF`."""

    CATALOGUE = STAFF


class SignInNeeded(StaffRefusal):
    """Nobody is signed in (the window is locked)."""

    def __init__(self) -> None:
        super().__init__("SIGN_IN_NEEDED")


class NotAllowed(StaffRefusal):
    """The signed-in staff member's role may not do ``capability``. For a volunteer the
    sentence is "Please ask a staff member."."""

    def __init__(self, capability: Capability, role: Role) -> None:
        self.capability = capability
        self.role = role
        super().__init__("NOT_ALLOWED_VOLUNTEER" if role is Role.VOLUNTEER else "NOT_ALLOWED")


Reason = Literal["unknown", "wrong_pin", "wait", "locked", "disabled"]


class SignInRefused(StaffRefusal):
    """A sign-in (or an approval) refused: ``reason`` says why; ``wait_seconds`` is how long the
    sign-in screen waits before the next try ("wait", and after a wrong PIN)."""

    KEYS: ClassVar[dict[str, str]] = {
        "unknown": "UNKNOWN",
        "wrong_pin": "WRONG_PIN",
        "wait": "WAIT",
        "locked": "LOCKED",
        "disabled": "DISABLED",
    }

    def __init__(self, reason: Reason, wait_seconds: float = 0.0) -> None:
        self.reason: Reason = reason
        self.wait_seconds = wait_seconds
        key = self.KEYS[reason]
        params: Params = ()
        if reason in ("wrong_pin", "wait"):
            seconds = math.ceil(wait_seconds)
            if reason == "wrong_pin" and seconds == 0:
                key = "WRONG_PIN_NOW"
            else:
                params = specifics(wait=seconds)
        super().__init__(key, params)


def require(store: Store, capability: Capability, *, volunteers_may_sign_up: bool = False) -> Actor:
    """``store.actor`` if it may do ``capability``; :class:`SignInNeeded` when nobody is signed
    in, :class:`NotAllowed` when their role may not."""
    actor = store.actor
    if actor is None:
        raise SignInNeeded()
    if not actor.may(capability, volunteers_may_sign_up=volunteers_may_sign_up):
        raise NotAllowed(capability, actor.role)
    return actor


# -- approvals ----------------------------------------------------------------------------------

_MINT = object()


class Approval:
    """A staff member typed their own PIN to approve a volunteer's override (made only by
    :meth:`StaffBook.approve`): the desk records ``reason`` as the override's reason and the
    approver in the outbox's ``approved_by``."""

    __slots__ = ("approver", "reason")

    def __init__(self, approver: Actor, reason: str, *, _mint: object = None) -> None:
        if _mint is not _MINT:
            raise TypeError("an Approval is made by StaffBook.approve()")
        self.approver = approver
        self.reason = reason

    def __repr__(self) -> str:
        return f"Approval(approver={self.approver.staff_id!r})"


# -- the book of staff on this laptop -----------------------------------------------------------

#: A row of the settings table (not a declared setting: no reader of settings sees it) set when
#: this laptop first holds a staff row, made here or downloaded; never removed.
HAD_STAFF = "_had_staff"


def _fresh(session: Session) -> bool:
    """Never had staff, and none now (:meth:`StaffBook.needs_first_admin`)."""
    return not (
        session.scalar(select(func.count()).select_from(Staff))
        or session.get(Setting, HAD_STAFF) is not None
    )


def mark_had_staff(session: Session) -> None:
    """Remember, in the caller's transaction, that this laptop has had staff."""
    if session.get(Setting, HAD_STAFF) is None:
        session.add(Setting(key=HAD_STAFF, value="true"))


def actor_of(row: Staff) -> Actor:
    return Actor(staff_id=row.id, login=row.login, name=row.name, role=Role(row.role))


def _replaced(session: Session) -> bool:
    """Whether an active downloaded staff member (role staff) is here: the local administrator
    then may no longer sign in. Downloaded volunteers alone do not replace it, or nobody here
    could unlock an account or approve an override."""
    return (
        session.scalar(
            select(Staff.id)
            .where(Staff.local.is_(False), Staff.active.is_(True), Staff.role == Role.STAFF.value)
            .limit(1)
        )
        is not None
    )


class StaffBook:
    """Sign-in and approvals over one :class:`~popup.store.db.Store`; ``clock`` is the desk's
    (an aware datetime)."""

    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.clock = clock

    # -- first start ---------------------------------------------------------------------------

    def needs_first_admin(self) -> bool:
        """A laptop whose administrator is still to be made: it never had a staff row
        (:data:`HAD_STAFF`) and has none now — a fresh one, or one enrolled by a Popup from
        before staff accounts, updated (without this its staff could not sign in until the
        consortium had made accounts at the server). A laptop whose staff were deleted or swept
        by a sync offers nobody at the screen to make themselves administrator: it waits for
        its staff to come down again. The administrator is ``local:<device id>``, which the
        server accepts from this device only."""
        with self.store.read() as session:
            return _fresh(session)

    def create_first_admin(self, login: str, name: str, pin: str) -> Actor:
        """Make the laptop's local administrator (id ``local:<device id>``, role staff) and
        sign them in. Refused unless :meth:`needs_first_admin`."""
        login, name = login.strip(), " ".join(name.split())
        if not login or len(login) > 64:
            raise StaffRefusal("LOGIN_FORM")
        if not name or len(name) > 200:
            raise StaffRefusal("NAME_FORM")
        try:
            pin_hash = rules.hash_pin(pin)
        except rules.PinError:
            raise StaffRefusal("PIN_FORM") from None
        with self.store.transaction() as session:
            if not _fresh(session):
                raise StaffRefusal("ALREADY_SET_UP")
            device_id = session.scalar(select(Device.device_id).where(Device.id == 1))
            assert device_id is not None, "the store has no device row"
            row = Staff(
                id=rules.local_admin_id(device_id),
                login=login,
                name=name,
                role=Role.STAFF.value,
                pin_hash=pin_hash,
                badge=None,
                active=True,
                local=True,
            )
            session.add(row)
            mark_had_staff(session)
            note(session, Topic.STAFF)
            actor = actor_of(row)
        log.info("local administrator %s made", actor.staff_id)
        self.store.actor = actor
        return actor

    # -- PINs ----------------------------------------------------------------------------------

    def _find(self, who: str) -> tuple[Staff, bool] | None:
        """The staff row for a login (exact, then ignoring case) or a badge scan, and whether
        it was replaced by the downloaded staff (a local administrator)."""
        who = who.strip()
        if not who:
            return None
        with self.store.read() as session:
            row = session.scalar(select(Staff).where(Staff.login == who))
            if row is None:
                row = session.scalar(
                    select(Staff).where(func.lower(Staff.login) == who.lower()).limit(1)
                )
            if row is None:
                row = session.scalar(
                    select(Staff).where(Staff.badge == who).order_by(Staff.active.desc()).limit(1)
                )
            if row is None:
                return None
            return row, bool(row.local and _replaced(session))

    def _check(self, who: str, pin: str) -> Actor:
        """The actor whose PIN ``pin`` is, counting a wrong one; :class:`SignInRefused`."""
        found = self._find(who)
        if found is None:
            raise SignInRefused("unknown")
        row, replaced = found
        if not row.active or replaced:
            raise SignInRefused("disabled")
        now = self.clock()
        with self.store.read() as session:
            failures = session.get(PinFailures, row.login)
        if failures is not None:
            if failures.locked:
                raise SignInRefused("locked")
            if failures.last_failure_at is not None:
                waited = (now - failures.last_failure_at).total_seconds()
                left = rules.wait_after(failures.failures) - waited
                if left > 0:
                    raise SignInRefused("wait", left)
        if rules.verify_pin(pin, row.pin_hash):  # ~50 ms of scrypt, outside any transaction
            if failures is not None:
                with self.store.transaction() as session:
                    session.execute(delete(PinFailures).where(PinFailures.login == row.login))
            return actor_of(row)
        with self.store.transaction() as session:
            counted = session.get(PinFailures, row.login)
            if counted is None:
                counted = PinFailures(login=row.login, failures=0, locked=False)
                session.add(counted)
            counted.failures += 1
            counted.last_failure_at = now
            counted.locked = counted.failures >= rules.LOCK_AFTER
            count, locked = counted.failures, counted.locked
            note(session, Topic.STAFF)
        if locked:
            log.warning("staff %s locked on this laptop after %d wrong PINs", row.id, count)
            raise SignInRefused("locked")
        log.info("wrong PIN for staff %s (%d in a row)", row.id, count)
        raise SignInRefused("wrong_pin", rules.wait_after(count))

    def sign_in(self, who: str, pin: str) -> Actor:
        """Sign in by login or badge scan and PIN: sets and returns ``store.actor``."""
        actor = self._check(who, pin)
        self.store.actor = actor
        log.info("staff %s signed in", actor.staff_id)
        return actor

    def approve(self, who: str, pin: str, reason: str) -> Approval:
        """A staff member's approval (their own login or badge and PIN) of an override for
        ``reason``; ``store.actor`` is unchanged. Wrong PINs count as at sign-in."""
        approver = self._check(who, pin)
        if not approver.may(Capability.OVERRIDE):
            raise StaffRefusal("APPROVER_NOT_STAFF")
        log.info("staff %s approved an override", approver.staff_id)
        return Approval(approver, reason, _mint=_MINT)

    def unlock(self, login: str) -> None:
        """Unlock ``login`` after too many wrong PINs (needs :attr:`Capability.MANAGE_STAFF`)."""
        actor = require(self.store, Capability.MANAGE_STAFF)
        with self.store.transaction() as session:
            gone = session.execute(delete(PinFailures).where(PinFailures.login == login))
            if not getattr(gone, "rowcount", 0):
                raise StaffRefusal("NOT_LOCKED")
            note(session, Topic.STAFF)
        log.info("staff %s unlocked a login", actor.staff_id)

    def locked(self) -> list[str]:
        """The logins locked on this laptop."""
        with self.store.read() as session:
            return list(
                session.scalars(
                    select(PinFailures.login)
                    .where(PinFailures.locked.is_(True))
                    .order_by(PinFailures.login)
                )
            )

    def sign_out(self) -> None:
        actor = self.store.actor
        self.store.actor = None
        if actor is not None and actor.staff_id is not None:
            log.info("staff %s signed out", actor.staff_id)


__all__ = [
    "SYSTEM",
    "Actor",
    "Approval",
    "NotAllowed",
    "SignInNeeded",
    "SignInRefused",
    "StaffBook",
    "StaffRefusal",
    "actor_of",
    "require",
]
