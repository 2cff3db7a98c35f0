"""Library settings kept in the store, and the rule objects built from them.

Settings are JSON values under the keys :mod:`popup.domain.settings` declares, with their
defaults, types and checks: :func:`put` refuses a value its declaration refuses
(:class:`~popup.domain.settings.SettingError` names the setting), and a stored value that is
bad anyway (written by an older Popup) reads as the default, logged by key. :func:`load_config`
reads them together with the loan rules and closed days into a :class:`LibraryConfig` the desk
keeps in memory; a service reloads it after a write noted :attr:`Topic.SETTINGS`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from popup.domain import settings
from popup.domain.age_bands import (
    AgeBand,
)
from popup.domain.blocks import Policy
from popup.domain.cards import CardFormat
from popup.domain.due_dates import Calendar, zone_named
from popup.domain.loan_rules import RuleBook
from popup.domain.staff import Capability
from popup.store import staff
from popup.store.db import ACTOR_KEY, Store
from popup.store.models import ClosedDay, LoanRuleRow, Setting
from popup.store.notify import Topic, note

log = logging.getLogger(__name__)


def _stored(session: Session, keys: list[str] | None = None) -> dict[str, object]:
    """The JSON values in the settings table (of ``keys``, or all); unreadable JSON is left
    out, so it reads as the default."""
    query = select(Setting.key, Setting.value)
    if keys is not None:
        query = query.where(Setting.key.in_(keys))
    found: dict[str, object] = {}
    for key, raw in session.execute(query):
        try:
            found[key] = json.loads(raw)
        except ValueError:
            log.warning("setting %s: the stored value is not JSON; using the default", key)
    return found


def values(session: Session, keys: list[str] | None = None) -> settings.Values:
    """The typed settings; a stored value its declaration refuses reads as the default (logged
    by key only: a value may be anything)."""
    typed = settings.Values(_stored(session, keys))
    for key, _problem in typed.problems:
        log.warning("setting %s: the stored value is refused; using the default", key)
    return typed


def get(session: Session, key: str) -> Any:
    """The JSON value of setting ``key`` (its default when unset); SettingError for an unknown
    key."""
    settings.setting(key)
    return values(session, [key]).json([key])[key]


def put(session: Session, key: str, value: Any) -> None:
    """Store ``value`` for setting ``key``; :class:`SettingError` names what is wrong with it.

    Inside a store transaction, its actor must have :attr:`Capability.SETTINGS`
    (:class:`~popup.store.staff.SignInNeeded` / :class:`~popup.store.staff.NotAllowed`
    otherwise): a volunteer changes no setting."""
    if ACTOR_KEY in session.info:
        actor = session.info[ACTOR_KEY]
        if actor is None:
            raise staff.SignInNeeded()
        if not actor.may(Capability.SETTINGS):
            raise staff.NotAllowed(Capability.SETTINGS, actor.role)
    encoded = json.dumps(settings.check(key, value), sort_keys=True)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=encoded))
    else:
        row.value = encoded
    note(session, Topic.SETTINGS)


@dataclass(frozen=True)
class LibraryConfig:
    """The settings, loan rules and closed days the services read, built by
    :func:`load_config` (each setting's default is its declaration's)."""

    library_code: str
    library_name: str
    branch_name: str
    zone: tzinfo | None
    policy: Policy
    card_format: CardFormat
    rules: RuleBook
    calendar: Calendar
    category_bands: tuple[AgeBand, ...]
    attendance_bands: tuple[AgeBand, ...]
    card_expiry_years: int
    #: Years a renewal adds, per category (``card_renewal_years``; others: card_expiry_years).
    card_renewal_years: dict[str, int]
    card_range_low_warning: int
    signup_required_fields: tuple[str, ...]
    #: Seconds without a key, click or scan before every page forgets its patron (0: never).
    idle_clear_seconds: int
    #: ISO 4217 code of the fines' currency.
    currency: str = "USD"
    #: Whether volunteers may sign patrons up (staff always may).
    volunteers_may_sign_up: bool = False
    #: Seconds without a key, click or scan before the laptop locks (0: never).
    idle_lock_seconds: int = 300


def load_config(session: Session) -> LibraryConfig:
    typed = values(session)
    code = typed[settings.LIBRARY_CODE]
    weekdays: tuple[int, ...] = typed[settings.CLOSED_WEEKDAYS]
    return LibraryConfig(
        library_code=code,
        library_name=typed[settings.LIBRARY_NAME],
        branch_name=typed[settings.BRANCH_NAME],
        zone=zone_named(typed[settings.TIMEZONE]),
        policy=Policy(library_code=code, fines_limit_cents=typed[settings.FINES_LIMIT_CENTS]),
        card_format=typed[settings.CARD_FORMAT],
        rules=RuleBook.of_rows(session.scalars(select(LoanRuleRow))),
        calendar=Calendar.of(
            closed_dates=session.scalars(select(ClosedDay.day)),
            closed_weekdays=weekdays,
        ),
        category_bands=typed[settings.CATEGORY_BANDS],
        attendance_bands=typed[settings.ATTENDANCE_BANDS],
        card_expiry_years=typed[settings.CARD_EXPIRY_YEARS],
        card_renewal_years=typed[settings.CARD_RENEWAL_YEARS],
        card_range_low_warning=typed[settings.CARD_RANGE_LOW_WARNING],
        signup_required_fields=typed[settings.SIGNUP_REQUIRED_FIELDS],
        idle_clear_seconds=typed[settings.IDLE_CLEAR_SECONDS],
        currency=typed[settings.CURRENCY],
        volunteers_may_sign_up=typed[settings.VOLUNTEERS_MAY_SIGN_UP],
        idle_lock_seconds=typed[settings.IDLE_LOCK_SECONDS],
    )


def utcnow() -> datetime:
    return datetime.now(UTC)


class StoreService:
    """Base of the store APIs (the desk, events): one store, a clock, the library's settings.

    The settings are read once and kept, and read again once :meth:`Store.settings_changed`
    was called (a sync downloaded new ones). Not thread-safe: use a service from one thread at
    a time.
    """

    def __init__(
        self,
        store: Store,
        config: LibraryConfig | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store = store
        self.clock = clock
        self._config = config
        self._generation = store.settings_generation

    @property
    def config(self) -> LibraryConfig:
        if self._config is None or self._generation != self.store.settings_generation:
            self.reload_config()
        assert self._config is not None
        return self._config

    def require(self, capability: Capability) -> staff.Actor:
        """The signed-in actor if they may do ``capability`` (:func:`popup.store.staff.require`,
        with the library's sign-up setting)."""
        actor = self.store.actor
        if actor is not None and actor.may(capability):  # staff, or a volunteer's own task
            return actor
        flag = capability is Capability.SIGN_UP and self.config.volunteers_may_sign_up
        return staff.require(self.store, capability, volunteers_may_sign_up=flag)

    def signed_in(self) -> staff.Actor:
        """The signed-in actor, whoever they are; :class:`~popup.store.staff.SignInNeeded`."""
        actor = self.store.actor
        if actor is None:
            raise staff.SignInNeeded()
        return actor

    def reload_config(self) -> None:
        self._generation = self.store.settings_generation
        with self.store.read() as session:
            self._config = load_config(session)
