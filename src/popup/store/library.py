"""Library settings kept in the store, and the rule objects built from them.

Settings are JSON values under fixed keys. :func:`load_config` reads them together with the loan
rules and closed days into a :class:`LibraryConfig` the desk keeps in memory; reload it after a
sync changes them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from popup.domain.age_bands import (
    DEFAULT_ATTENDANCE_BANDS,
    DEFAULT_CATEGORY_BANDS,
    AgeBand,
)
from popup.domain.blocks import Policy
from popup.domain.cards import CardFormat
from popup.domain.due_dates import Calendar, zone_named
from popup.domain.loan_rules import RuleBook
from popup.store.db import Store
from popup.store.models import ClosedDay, LoanRuleRow, Setting
from popup.store.notify import Topic, note

# Keys of the settings table, with their defaults.
DEFAULTS: dict[str, Any] = {
    "library_code": "MAIN",
    "library_name": "Popup Library",
    "branch_name": "Bookmobile",
    "timezone": None,  # IANA name; None = the laptop's zone
    "fines_limit_cents": 500,
    "card_format": CardFormat().to_dict(),
    "closed_weekdays": [6],  # Sunday
    "category_bands": [
        {"code": b.code, "label": b.label, "min_age": b.min_age, "max_age": b.max_age}
        for b in DEFAULT_CATEGORY_BANDS
    ],
    "attendance_bands": [
        {"code": b.code, "label": b.label, "min_age": b.min_age, "max_age": b.max_age}
        for b in DEFAULT_ATTENDANCE_BANDS
    ],
    "card_expiry_years": 3,
    "card_range_low_warning": 25,
    "signup_required_fields": ["name", "date_of_birth", "contact", "consent"],
}


def get(session: Session, key: str) -> Any:
    if key not in DEFAULTS:
        raise KeyError(f"unknown setting {key!r}")
    row = session.get(Setting, key)
    return DEFAULTS[key] if row is None else json.loads(row.value)


def put(session: Session, key: str, value: Any) -> None:
    if key not in DEFAULTS:
        raise KeyError(f"unknown setting {key!r}")
    encoded = json.dumps(value, sort_keys=True)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=encoded))
    else:
        row.value = encoded
    note(session, Topic.SETTINGS)


def _bands(raw: list[dict[str, Any]]) -> tuple[AgeBand, ...]:
    return tuple(
        AgeBand(
            str(b["code"]),
            str(b["label"]),
            int(b["min_age"]),
            None if b["max_age"] is None else int(b["max_age"]),
        )
        for b in raw
    )


@dataclass(frozen=True)
class LibraryConfig:
    library_code: str
    library_name: str
    branch_name: str
    zone: tzinfo | None
    policy: Policy
    card_format: CardFormat
    rules: RuleBook
    calendar: Calendar
    category_bands: tuple[AgeBand, ...] = field(default=DEFAULT_CATEGORY_BANDS)
    attendance_bands: tuple[AgeBand, ...] = field(default=DEFAULT_ATTENDANCE_BANDS)
    card_expiry_years: int = 3
    card_range_low_warning: int = 25
    signup_required_fields: tuple[str, ...] = ()


def load_config(session: Session) -> LibraryConfig:
    zone = zone_named(get(session, "timezone"))
    rules = RuleBook.of_rows(session.scalars(select(LoanRuleRow)))
    calendar = Calendar.of(
        closed_dates=session.scalars(select(ClosedDay.day)),
        closed_weekdays=get(session, "closed_weekdays"),
    )
    code = str(get(session, "library_code"))
    return LibraryConfig(
        library_code=code,
        library_name=str(get(session, "library_name")),
        branch_name=str(get(session, "branch_name")),
        zone=zone,
        policy=Policy(library_code=code, fines_limit_cents=int(get(session, "fines_limit_cents"))),
        card_format=CardFormat.from_dict(get(session, "card_format")),
        rules=rules,
        calendar=calendar,
        category_bands=_bands(get(session, "category_bands")),
        attendance_bands=_bands(get(session, "attendance_bands")),
        card_expiry_years=int(get(session, "card_expiry_years")),
        card_range_low_warning=int(get(session, "card_range_low_warning")),
        signup_required_fields=tuple(get(session, "signup_required_fields")),
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

    def reload_config(self) -> None:
        self._generation = self.store.settings_generation
        with self.store.read() as session:
            self._config = load_config(session)
