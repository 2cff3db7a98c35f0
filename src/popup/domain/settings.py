"""Every library setting, declared once: key, type, default, check and help text.

The sync server keeps a library's settings as JSON values and every laptop downloads them
(entity ``setting``); the laptop keeps them in its ``settings`` table. Both sides read and write
them through the declarations below, so a default lives in one place and a bad value is refused
where it is set (``popup-sync admin``, the console), with a sentence naming the setting and what
is wrong, instead of failing later on every laptop. A value that is somehow stored bad anyway (an
older server) reads as the default, and the reader is told why.

A declaration is a :class:`Setting`; its ``parse`` turns a JSON value into the typed value the
rules use and raises :class:`ValueError` with a sentence when it cannot, and ``dump`` turns the
typed value back into JSON. :class:`Values` reads typed values out of a key -> JSON mapping.

To add a setting: declare it here and add it to :data:`SETTINGS` (see CONTRIBUTING.md).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from popup.domain.age_bands import (
    DEFAULT_ATTENDANCE_BANDS,
    DEFAULT_CATEGORY_BANDS,
    AgeBand,
    validate_bands,
)
from popup.domain.cards import CardFormat
from popup.domain.signup import ALWAYS_REQUIRED, CONFIGURABLE_FIELDS

T = TypeVar("T")


class Scope(enum.Enum):
    """Where a setting is set, and who gets it."""

    #: The library's identity: the server's library row (code, name); downloaded.
    IDENTITY = "identity"
    #: Set per library at the server (admin commands, the console); downloaded by its laptops.
    LIBRARY = "library"
    #: This laptop's own; never sent up or down.
    LAPTOP = "laptop"


class SettingError(ValueError):
    """A value refused for a setting; ``str(exc)`` names the setting and what is wrong."""

    def __init__(self, key: str, problem: str) -> None:
        self.key = key
        self.problem = problem
        super().__init__(f"{key}: {problem}")


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T
    #: JSON value -> typed value; ValueError/TypeError with a sentence when it cannot.
    parse: Callable[[object], T]
    #: Typed value -> JSON value.
    dump: Callable[[T], object]
    scope: Scope
    help: str

    def check(self, value: object) -> object:
        """The JSON value to store for ``value``, or :class:`SettingError`."""
        try:
            return self.dump(self.parse(value))
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise SettingError(self.key, str(exc)) from None

    @property
    def default_json(self) -> object:
        return self.dump(self.default)


# -- value types -------------------------------------------------------------------------------


def _same(value: T) -> T:
    return value


def _text(limit: int) -> Callable[[object], str]:
    def parse(value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("must be non-empty text")
        if len(value) > limit:
            raise ValueError(f"must be at most {limit} characters")
        return value.strip()

    return parse


def _whole(low: int, high: int) -> Callable[[object], int]:
    def parse(value: object) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"must be a whole number, not {value!r}")
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high}, not {value}")
        return value

    return parse


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _currency(value: object) -> str:
    if not isinstance(value, str) or len(value) != 3 or not value.isascii() or not value.isalpha():
        raise ValueError(f"must be an ISO 4217 currency code such as USD or EUR, not {value!r}")
    return value.upper()


def _zone(value: object) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError("must be a time zone name such as America/Chicago, or null")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not a time zone name (e.g. America/Chicago)") from None
    return value


def _weekdays(value: object) -> tuple[int, ...]:
    if not isinstance(value, list | tuple):
        raise ValueError("must be a list of weekday numbers (0 Monday … 6 Sunday)")
    days = []
    for day in value:
        if not isinstance(day, int) or isinstance(day, bool) or not 0 <= day <= 6:
            raise ValueError(f"{day!r} is not a weekday number (0 Monday … 6 Sunday)")
        days.append(day)
    if len(set(days)) == 7:
        raise ValueError("cannot close every day of the week")
    return tuple(sorted(set(days)))


#: The longest card number a library may declare (the server's card columns hold 64).
MAX_CARD_LENGTH = 64


def _card_format(value: object) -> CardFormat:
    if not isinstance(value, dict):
        raise ValueError("must be an object of card format fields")
    fmt = CardFormat.from_dict(value)
    # What CardFormat itself lets through but no card could then be read or made with: a
    # length of 10**20 (making a number, or the size of a card block, would never finish), an
    # institution or prefix of letters in a digits-only format (every card refused).
    if not 2 <= fmt.length <= MAX_CARD_LENGTH:
        raise ValueError(f"length must be from 2 to {MAX_CARD_LENGTH} characters")
    if not 0 <= fmt.institution_length <= fmt.length:
        raise ValueError("institution_length must be from 0 to the card's length")
    parts = {"patron_prefix": fmt.patron_prefix, "item_prefix": fmt.item_prefix}
    if fmt.institution is not None:
        parts["institution"] = fmt.institution
    for name, text in parts.items():
        if not text or text != text.strip() or not text.isprintable():
            raise ValueError(f"{name} must be printable text without spaces around it")
        if (fmt.digits_only or fmt.luhn) and not (text.isascii() and text.isdigit()):
            raise ValueError(f"{name} must be digits (0-9) in a digits-only or Luhn format")
    if fmt.max_sequence < 1:
        raise ValueError("length leaves no digit for the card's own number")
    return fmt


def _bands(value: object) -> tuple[AgeBand, ...]:
    if not isinstance(value, list | tuple):
        raise ValueError("must be a list of bands, each with code, label, min_age, max_age")
    bands = []
    for raw in value:
        if not isinstance(raw, dict):
            raise ValueError("each band must be an object with code, label, min_age, max_age")
        code, label = raw.get("code"), raw.get("label")
        low, high = raw.get("min_age"), raw.get("max_age")
        if not isinstance(code, str) or not code.strip() or not isinstance(label, str):
            raise ValueError("each band needs a code and a label")
        if not isinstance(low, int) or isinstance(low, bool):
            raise ValueError(f"band {code}: min_age must be a whole number")
        if high is not None and (not isinstance(high, int) or isinstance(high, bool)):
            raise ValueError(f"band {code}: max_age must be a whole number or null")
        bands.append(AgeBand(code, label, low, high))
    validate_bands(bands)
    if len({b.code for b in bands}) != len(bands):
        raise ValueError("band codes must differ")
    return tuple(bands)


def _dump_bands(bands: tuple[AgeBand, ...]) -> object:
    return [
        {"code": b.code, "label": b.label, "min_age": b.min_age, "max_age": b.max_age}
        for b in bands
    ]


def _signup_fields(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValueError("must be a list of field names")
    allowed = set(CONFIGURABLE_FIELDS) | set(ALWAYS_REQUIRED)
    unknown = sorted(set(value) - allowed)
    if unknown:
        known = ", ".join(CONFIGURABLE_FIELDS)
        raise ValueError(f"lists unknown field(s) {', '.join(unknown)}; known: {known}")
    return tuple(dict.fromkeys(value))


def _years_by_category(value: object) -> dict[str, int]:
    if not isinstance(value, dict):
        raise ValueError('must be an object of category -> years, e.g. {"CHILD": 1, "ADULT": 3}')
    years: dict[str, int] = {}
    for category, count in value.items():
        if not isinstance(category, str) or not category.strip():
            raise ValueError("each category must be a non-empty code")
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 100:
            raise ValueError(f"{category}: years must be a whole number from 1 to 100")
        years[category.strip().upper()] = count
    return years


def _list(values: tuple[Any, ...]) -> object:
    return list(values)


# -- the declarations --------------------------------------------------------------------------

LIBRARY_CODE = Setting(
    "library_code", "MAIN", _text(32), _same, Scope.IDENTITY,
    "The library's code, e.g. MAIN (the desk routes items of other libraries home).",
)  # fmt: skip
LIBRARY_NAME = Setting(
    "library_name", "Popup Library", _text(200), _same, Scope.IDENTITY,
    "The library's name, shown in the window's header.",
)  # fmt: skip
BRANCH_NAME = Setting(
    "branch_name", "Bookmobile", _text(200), _same, Scope.LAPTOP,
    "This laptop's branch or vehicle, shown in the header after the library's name.",
)  # fmt: skip
TIMEZONE: Setting[str | None] = Setting(
    "timezone", None, _zone, _same, Scope.LIBRARY,
    "The library's IANA time zone (due dates, report times); empty: the laptop's own.",
)  # fmt: skip
FINES_LIMIT_CENTS = Setting(
    "fines_limit_cents", 500, _whole(0, 10_000_000), _same, Scope.LIBRARY,
    "Fines owed above this many cents block checkouts until staff override.",
)  # fmt: skip
CURRENCY = Setting(
    "currency", "USD", _currency, _same, Scope.LIBRARY,
    "The ISO 4217 code of the currency fines are owed in (e.g. USD, EUR, MXN).",
)  # fmt: skip
CARD_FORMAT = Setting(
    "card_format", CardFormat(), _card_format, CardFormat.to_dict, Scope.LIBRARY,
    "How patron cards and item barcodes are numbered (length, prefixes, institution, Luhn).",
)  # fmt: skip
CLOSED_WEEKDAYS: Setting[tuple[int, ...]] = Setting(
    "closed_weekdays", (6,), _weekdays, _list, Scope.LIBRARY,
    "Weekdays the library is closed (0 Monday … 6 Sunday); due dates move past them.",
)  # fmt: skip
CATEGORY_BANDS: Setting[tuple[AgeBand, ...]] = Setting(
    "category_bands", DEFAULT_CATEGORY_BANDS, _bands, _dump_bands, Scope.LIBRARY,
    "Patron categories by age at sign-up: code, label, min_age, max_age (null: no limit).",
)  # fmt: skip
ATTENDANCE_BANDS: Setting[tuple[AgeBand, ...]] = Setting(
    "attendance_bands", DEFAULT_ATTENDANCE_BANDS, _bands, _dump_bands, Scope.LIBRARY,
    "Age bands of event headcounts, as the annual survey asks for them.",
)  # fmt: skip
CARD_EXPIRY_YEARS = Setting(
    "card_expiry_years", 3, _whole(1, 100), _same, Scope.LIBRARY,
    "How many years a card signed up at a stop is valid.",
)  # fmt: skip
CARD_RENEWAL_YEARS: Setting[dict[str, int]] = Setting(
    "card_renewal_years", {}, _years_by_category, dict, Scope.LIBRARY,
    "Years a card renewed at the desk is extended, per patron category (e.g. {\"CHILD\": 1});"
    " a category not named gets card_expiry_years.",
)  # fmt: skip
CARD_RANGE_LOW_WARNING = Setting(
    "card_range_low_warning", 25, _whole(0, 100_000), _same, Scope.LIBRARY,
    "Warn at sign-up (and ask the server for more) below this many card numbers left.",
)  # fmt: skip
SIGNUP_REQUIRED_FIELDS: Setting[tuple[str, ...]] = Setting(
    "signup_required_fields", ("name", "date_of_birth", "contact", "consent"),
    _signup_fields, _list, Scope.LIBRARY,
    "Sign-up fields staff must fill in (name and consent always are); contact = phone or email.",
)  # fmt: skip
FISCAL_YEAR_START_MONTH = Setting(
    "fiscal_year_start_month", 7, _whole(1, 12), _same, Scope.LIBRARY,
    "The month the library's fiscal year starts (1 January … 12 December); reports name a"
    " fiscal year by the calendar year it ends in.",
)  # fmt: skip
IDLE_CLEAR_SECONDS = Setting(
    "idle_clear_seconds", 120, _whole(0, 86_400), _same, Scope.LAPTOP,
    "Clear the patron from every screen after this many seconds without a key, click or scan"
    " (0: never).",
)  # fmt: skip
IDLE_LOCK_SECONDS = Setting(
    "idle_lock_seconds", 300, _whole(0, 86_400), _same, Scope.LIBRARY,
    "Lock the laptop (sign-in needed again, every screen cleared) after this many seconds"
    " without a key, click or scan (0: never).",
)  # fmt: skip
VOLUNTEERS_MAY_SIGN_UP = Setting(
    "volunteers_may_sign_up", False, _flag, _same, Scope.LIBRARY,
    "Whether volunteers may sign new patrons up (staff always may).",
)  # fmt: skip

#: Every setting, in the order an administrator reads them.
SETTINGS: tuple[Setting[Any], ...] = (
    LIBRARY_CODE,
    LIBRARY_NAME,
    BRANCH_NAME,
    TIMEZONE,
    FINES_LIMIT_CENTS,
    CURRENCY,
    CARD_FORMAT,
    CLOSED_WEEKDAYS,
    CATEGORY_BANDS,
    ATTENDANCE_BANDS,
    CARD_EXPIRY_YEARS,
    CARD_RENEWAL_YEARS,
    CARD_RANGE_LOW_WARNING,
    SIGNUP_REQUIRED_FIELDS,
    FISCAL_YEAR_START_MONTH,
    IDLE_CLEAR_SECONDS,
    IDLE_LOCK_SECONDS,
    VOLUNTEERS_MAY_SIGN_UP,
)
BY_KEY: dict[str, Setting[Any]] = {s.key: s for s in SETTINGS}


def setting(key: str) -> Setting[Any]:
    """The declaration of ``key``, or :class:`SettingError` for a key nobody declared."""
    found = BY_KEY.get(key)
    if found is None:
        raise SettingError(key, f"is not a setting; known: {', '.join(BY_KEY)}")
    return found


def in_scope(*scopes: Scope) -> tuple[Setting[Any], ...]:
    return tuple(s for s in SETTINGS if s.scope in scopes)


def check(key: str, value: object) -> object:
    """The JSON value to store for ``key``, or :class:`SettingError` naming what is wrong."""
    return setting(key).check(value)


class Values:
    """Typed settings read from stored JSON values (missing keys: their defaults).

    A stored value its declaration refuses reads as the default; :attr:`problems` lists those
    (setting key, sentence) so the reader can log them. ``values[CARD_FORMAT]`` is a
    :class:`CardFormat`, ``values[CLOSED_WEEKDAYS]`` a tuple of weekday numbers, and so on.
    """

    def __init__(self, stored: Mapping[str, object]) -> None:
        self._typed: dict[str, object] = {}
        self.problems: list[tuple[str, str]] = []
        for decl in SETTINGS:
            if decl.key not in stored:
                self._typed[decl.key] = decl.default
                continue
            try:
                self._typed[decl.key] = decl.parse(stored[decl.key])
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                self.problems.append((decl.key, str(exc)))
                self._typed[decl.key] = decl.default

    def __getitem__(self, decl: Setting[T]) -> T:
        value: T = self._typed[decl.key]  # type: ignore[assignment]
        return value

    def json(self, keys: Iterable[str] | None = None) -> dict[str, object]:
        """The JSON values (defaults filled in) of ``keys``, or of every setting."""
        wanted = list(keys) if keys is not None else list(BY_KEY)
        return {k: BY_KEY[k].dump(self._typed[k]) for k in wanted}


__all__ = [
    "ATTENDANCE_BANDS",
    "BRANCH_NAME",
    "BY_KEY",
    "CARD_EXPIRY_YEARS",
    "CARD_FORMAT",
    "CARD_RANGE_LOW_WARNING",
    "CARD_RENEWAL_YEARS",
    "CATEGORY_BANDS",
    "CLOSED_WEEKDAYS",
    "CURRENCY",
    "FINES_LIMIT_CENTS",
    "FISCAL_YEAR_START_MONTH",
    "IDLE_CLEAR_SECONDS",
    "LIBRARY_CODE",
    "LIBRARY_NAME",
    "SETTINGS",
    "SIGNUP_REQUIRED_FIELDS",
    "TIMEZONE",
    "Scope",
    "Setting",
    "SettingError",
    "Values",
    "check",
    "in_scope",
    "setting",
]
