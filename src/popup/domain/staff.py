"""Who may do what at the desk: staff roles, what each may do, and PINs checked offline.

The one table of the rules the laptop's services and the sync server both apply (#17):

* :class:`Role` — ``staff`` may do everything; ``volunteer`` may lend and take back clean
  transactions, count attendance and scan cards, and sign patrons up where the library allows
  it (the ``volunteers_may_sign_up`` setting).
* :class:`Capability` — one name per thing the services check; :func:`may` answers it.
* :func:`action_refusal` — the server's check of an uploaded action against its staff member:
  the same table, read for an action kind and its payload.
* PINs are kept only as slow salted hashes (:func:`hash_pin`, :func:`verify_pin`): scrypt from
  the standard library, so the laptop (and a frozen build) verifies a PIN offline with nothing
  more installed, and the server makes the hash the laptop downloads — never the PIN.

No Qt, no storage: the laptop and the server import this unchanged.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any


class Role(enum.StrEnum):
    STAFF = "staff"
    VOLUNTEER = "volunteer"


class Capability(enum.StrEnum):
    """What a service checks before it acts (or shows)."""

    CHECKOUT = "checkout"  # a clean checkout: no block, no concern
    CHECKIN = "checkin"
    ATTENDANCE = "attendance"  # headcount taps and card scans at an event
    CARD_SCAN = "card_scan"  # find a patron by scanning their card
    SIGN_UP = "sign_up"  # volunteers only where the library allows it
    UNDO_OWN = "undo_own"  # take back one's own last scan (a volunteer's wrong scan)
    OVERRIDE = "override"  # lend or renew despite a block or a concern
    RENEW = "renew"
    IN_HOUSE_USE = "in_house_use"
    PAYMENT = "payment"  # take or waive fines
    SEE_FINES = "see_fines"  # amounts owed
    SEE_LOANS = "see_loans"  # a patron's loan list, full name, card details
    LOOKUP = "lookup"  # find a patron by name; the catalogue and holds pages
    EXPORT = "export"  # KOC, pending.xacts, reports, CSV, backups
    SETTINGS = "settings"  # settings, stops, events, enrollment, sync actions
    CARDS = "cards"  # replace, renew, print cards
    EVENTS = "events"  # open a stop, create events, registrations, capacity
    UNDO_ANY = "undo_any"
    MANAGE_STAFF = "manage_staff"  # unlock another staff member's PIN lock


#: What a volunteer may do; staff may do every :class:`Capability`.
VOLUNTEER_MAY = frozenset(
    {
        Capability.CHECKOUT,
        Capability.CHECKIN,
        Capability.ATTENDANCE,
        Capability.CARD_SCAN,
        Capability.UNDO_OWN,
        # SIGN_UP: only with the library's setting (see may()).
    }
)


def may(role: Role, capability: Capability, *, volunteers_may_sign_up: bool = False) -> bool:
    """Whether someone of ``role`` may do ``capability``."""
    if role is Role.STAFF:
        return True
    if capability is Capability.SIGN_UP:
        return volunteers_may_sign_up
    return capability in VOLUNTEER_MAY


# -- the server's check of an uploaded action --------------------------------------------------

#: What each action kind needs (the kinds' text values, as they travel: a newer laptop's kind
#: this server does not know is refused elsewhere, before this check).
KIND_NEEDS: Mapping[str, Capability] = {
    "checkout": Capability.CHECKOUT,
    "checkin": Capability.CHECKIN,
    "renew": Capability.RENEW,
    "in_house_use": Capability.IN_HOUSE_USE,
    "undo": Capability.UNDO_OWN,
    "patron_register": Capability.SIGN_UP,
    "stop_open": Capability.EVENTS,
    "event_create": Capability.EVENTS,
    "attendance_count": Capability.ATTENDANCE,
    "attendance_scan": Capability.ATTENDANCE,
    "registration_add": Capability.EVENTS,
    "registration_cancel": Capability.EVENTS,
    "event_capacity": Capability.EVENTS,
    "card_replace": Capability.CARDS,
    "card_renew": Capability.CARDS,
    "payment": Capability.PAYMENT,
}

#: The staff id of a laptop's own administrator, made at first start before the laptop is
#: enrolled: ``local:<device id>``. The server accepts it only from that device, as staff.
LOCAL_PREFIX = "local:"


def local_admin_id(device_id: str) -> str:
    return f"{LOCAL_PREFIX}{device_id}"


@dataclass(frozen=True)
class StaffRecord:
    """What the server (or the laptop) knows of a staff member to check their actions."""

    id: str
    role: Role
    active: bool = True
    #: When the account was disabled (None: not known, or not disabled). An action made before
    #: it is the account's as it was then (see :func:`action_refusal`'s ``made_at``).
    disabled_at: datetime | None = None

    def active_at(self, made_at: datetime | None) -> bool:
        """Whether the account could act at ``made_at`` (None: judged as it is now)."""
        if self.active:
            return True
        return made_at is not None and self.disabled_at is not None and made_at < self.disabled_at


@dataclass(frozen=True)
class ActionRefusal:
    """Why an action's staff member may not have made it: an outcome code and a sentence."""

    code: str
    message: str


STAFF_UNKNOWN = "STAFF_UNKNOWN"
STAFF_NOT_ALLOWED = "STAFF_NOT_ALLOWED"


def action_refusal(
    kind: str,
    payload: Mapping[str, Any],
    staff: StaffRecord | None,
    approver: StaffRecord | None,
    *,
    volunteers_may_sign_up: bool,
    made_at: datetime | None = None,
) -> ActionRefusal | None:
    """None when ``staff`` may have made this action (with ``approver`` for an override);
    otherwise what is wrong. ``staff`` None: the action names nobody (an older laptop's, made
    before staff sign-in existed) — accepted, as every action of those laptops was.

    ``made_at`` (optional): when the action was made, on the server's clock. A disabled
    account's action made before its ``disabled_at`` is judged as the account was then
    (active, with its role as it is now: the role's history is not kept). Without it a
    disabled account's actions are all refused."""
    if staff is None:
        return None
    if not staff.active_at(made_at):
        return ActionRefusal(STAFF_NOT_ALLOWED, f"staff member {staff.id} is disabled")
    needs = KIND_NEEDS.get(kind)
    overrides = bool(payload.get("override_reason"))
    flags = {"volunteers_may_sign_up": volunteers_may_sign_up}
    if needs is not None and not may(staff.role, needs, **flags):
        return ActionRefusal(
            STAFF_NOT_ALLOWED, f"a {staff.role.value} may not make a {kind} action"
        )
    if payload.get("found_by_lookup") is True and not may(staff.role, Capability.LOOKUP):
        return ActionRefusal(
            STAFF_NOT_ALLOWED,
            f"a {staff.role.value} may not find a patron by name (found_by_lookup)",
        )
    if overrides and not may(staff.role, Capability.OVERRIDE):
        if approver is None:
            return ActionRefusal(
                STAFF_NOT_ALLOWED, f"a {staff.role.value}'s override needs a staff approver"
            )
        if not approver.active_at(made_at) or not may(approver.role, Capability.OVERRIDE):
            return ActionRefusal(
                STAFF_NOT_ALLOWED, f"approver {approver.id} may not approve an override"
            )
    return None


# -- PINs --------------------------------------------------------------------------------------

PIN_MIN = 4
PIN_MAX = 12
_PIN = re.compile(rf"[0-9]{{{PIN_MIN},{PIN_MAX}}}")
# scrypt with 16 MiB of memory: about 50 ms on the 2-core test machine, fine at the desk. A PIN
# is short, so the hash alone does not stop a patient guesser: on the laptop it lies inside the
# encrypted store, and the server never sends it anywhere but to its own library's laptops.
_N, _R, _P = 2**14, 8, 1
_SCHEME = "scrypt"


class PinError(ValueError):
    """A PIN that cannot be set; the message says why."""


def check_pin(pin: str) -> str:
    """``pin`` if it is 4 to 12 digits; :class:`PinError` otherwise."""
    if not _PIN.fullmatch(pin):
        raise PinError(f"a PIN is {PIN_MIN} to {PIN_MAX} digits")
    return pin


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """The stored form of ``pin``: ``scrypt$N$r$p$salt$hash`` (base64)."""
    check_pin(pin)
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, maxmem=64 * 2**20, dklen=32)
    return f"{_SCHEME}${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_pin(pin: str, stored: str) -> bool:
    """Whether ``pin`` matches ``stored`` (a :func:`hash_pin` result). A malformed stored hash
    or one with absurd parameters never matches (and never runs for minutes)."""
    try:
        scheme, n_text, r_text, p_text, salt_text, digest_text = stored.split("$")
        n, r, p = int(n_text), int(r_text), int(p_text)
        salt = base64.b64decode(salt_text, validate=True)
        digest = base64.b64decode(digest_text, validate=True)
    except ValueError:
        return False
    if scheme != _SCHEME or not (2**10 <= n <= 2**17 and 1 <= r <= 16 and 1 <= p <= 4):
        return False
    if not _PIN.fullmatch(pin) or len(digest) != 32:
        return False
    candidate = hashlib.scrypt(
        pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * 2**20, dklen=len(digest)
    )
    return hmac.compare_digest(candidate, digest)


# -- a wrong PIN's cost --------------------------------------------------------------------------

#: Wrong PINs in a row before an account is locked on this laptop until another staff member
#: signs in to unlock it.
LOCK_AFTER = 5


def wait_after(failures: int) -> float:
    """Seconds the sign-in screen waits before the next try after ``failures`` wrong PINs in a
    row: nothing for the first two slips, then 2, 4, 8 s …"""
    if failures < 3:
        return 0.0
    return float(min(2 ** (failures - 2), 60))


def display_name(name: str) -> str:
    """What a volunteer sees of a patron: the first name and the initial of the last
    ("Maria G."); the whole of a one-word name."""
    parts = name.split()
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return f"{parts[0]} {parts[-1][0].upper()}."
