"""A library's rules as ``popup.domain`` objects, loaded once per push chunk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from sqlalchemy.orm import Session

from popup.domain.blocks import Policy
from popup.domain.due_dates import Calendar, zone_named
from popup.domain.loan_rules import RuleBook
from popup.domain.settings import CLOSED_WEEKDAYS, FINES_LIMIT_CENTS, TIMEZONE
from popup_sync import library_settings
from popup_sync.apply.scope import LibraryScope
from popup_sync.models import Library


@dataclass(frozen=True)
class Rules:
    rules: RuleBook
    calendar: Calendar
    policy: Policy
    zone: tzinfo | None


def load_rules(session: Session, library: Library) -> Rules:
    settings = library_settings.values(library)
    weekdays = settings[CLOSED_WEEKDAYS]
    scope = LibraryScope(session, library.id)
    book = RuleBook.of_rows(scope.rule_rows())
    calendar = Calendar.of(closed_dates=scope.closed_days(), closed_weekdays=weekdays)
    policy = Policy(library_code=library.code, fines_limit_cents=settings[FINES_LIMIT_CENTS])
    return Rules(book, calendar, policy, zone_named(settings[TIMEZONE]))
