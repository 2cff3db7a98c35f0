"""Patron sign-up rules: what a valid sign-up form holds, and the key used to spot duplicates.

The form arrives as typed text (plus the consent tick box). :func:`check` returns either a
:class:`CleanSignup` ready to store, or the errors keyed by field name, each a sentence staff
can read beside the field. Each error is a :class:`FieldError`: the English sentence (the server
and logs use it as it is) that also carries a stable ``key`` and its specifics as ``params``,
so a UI can word it in its own language (as :class:`popup.domain.concerns.Concern` does).
Nothing here touches storage, so the sync server can apply the same rules to an uploaded
sign-up.

Which fields are required is configured per library (the ``signup_required_fields`` setting),
using the names in :data:`CONFIGURABLE_FIELDS`. The name and the consent to the privacy notice
are always required; a guardian's name is always required for a minor.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from popup.domain.age_bands import AgeBand, age_on, band_for
from popup.domain.cards import CardFormat, InvalidNumber
from popup.domain.messages import FIELDS, Params, specifics

#: Field names, as the errors dict and the form use them.
NAME = "name"
DATE_OF_BIRTH = "date_of_birth"
ADDRESS = "address"
CONTACT = "contact"  # phone and/or email: at least one
PHONE = "phone"
EMAIL = "email"
LANGUAGE = "language"
GUARDIAN_NAME = "guardian_name"
GUARDIAN_CARD = "guardian_card"
CONSENT = "consent"
NOTES = "notes"

#: Names a library may list in ``signup_required_fields``.
CONFIGURABLE_FIELDS: tuple[str, ...] = (
    NAME,
    DATE_OF_BIRTH,
    ADDRESS,
    CONTACT,
    PHONE,
    EMAIL,
    LANGUAGE,
    CONSENT,
    NOTES,
)
ALWAYS_REQUIRED: frozenset[str] = frozenset({NAME, CONSENT})

#: Age from which a patron signs up without a guardian.
ADULT_AGE = 18
#: Oldest plausible age; an older date of birth is a typing slip.
MAX_AGE = 120

MAX_LENGTHS = {
    NAME: 200,
    ADDRESS: 500,
    PHONE: 64,
    EMAIL: 254,
    LANGUAGE: 32,
    GUARDIAN_NAME: 200,
    NOTES: 1000,
}

_EMAIL_RE = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_PHONE_ALLOWED_RE = re.compile(r"^\+?[0-9 ()./-]+$")


class FieldError(str):
    """An error beside a field: a ``key`` of :data:`popup.domain.messages.FIELDS` and its
    ``params``; the string itself is the English sentence rendered from them.

    A ``str`` so the errors stay a plain field -> message mapping for the server and tests.
    Keys (params): ``REQUIRED.<field>``; ``TOO_LONG`` (length, limit); ``NAME_NO_LETTERS``
    (name); ``DATE_FORMAT``, ``DATE_FORMAT_MDY``, ``DATE_FORMAT_DMY``, ``DATE_NOT_REAL``
    (text); ``DATE_IN_FUTURE`` (born, today: ISO
    dates); ``TOO_OLD`` (born, max_age); ``EMAIL_SPACE``, ``EMAIL_AT``, ``EMAIL_PARTS``,
    ``EMAIL_DOTS``, ``EMAIL_FORM`` (email); ``PHONE_CHARS`` (phone); ``PHONE_SHORT``,
    ``PHONE_LONG`` (phone, digits); ``CONTACT_REQUIRED``; ``NO_CATEGORY`` (age);
    ``GUARDIAN_REQUIRED`` (age, adult_age); ``GUARDIAN_CARD`` (the number's problem in
    ``invalid``); ``CONSENT_REQUIRED``.
    """

    key: str
    params: Params
    invalid: InvalidNumber | None

    def __new__(
        cls, key: str, params: Params = (), invalid: InvalidNumber | None = None
    ) -> FieldError:
        extra = {"problem": str(invalid)} if invalid is not None else None
        made = super().__new__(cls, FIELDS.english(key, params, extra))
        made.key = key
        made.params = params
        made.invalid = invalid
        return made

    def __reduce__(self) -> tuple[object, ...]:
        return (FieldError, (self.key, self.params, self.invalid))


class BadBirthDate(ValueError):
    """A date of birth that is not a date; ``problem`` says so for a UI."""

    def __init__(self, problem: FieldError) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class SignupForm:
    """The form as typed. Empty strings mean "left blank"."""

    name: str = ""
    date_of_birth: str = ""  # YYYY-MM-DD, or the locale's order (see parse_birth_date)
    address: str = ""
    phone: str = ""
    email: str = ""
    language: str = ""
    guardian_name: str = ""
    guardian_card: str = ""
    consent: bool = False
    notes: str = ""


@dataclass(frozen=True)
class CleanSignup:
    """A valid sign-up, tidied: spacing collapsed, email lower-cased, phone kept as typed."""

    name: str
    date_of_birth: date | None
    category: str
    minor: bool
    address: str | None
    phone: str | None
    email: str | None
    language: str | None
    guardian_name: str | None
    guardian_card: str | None
    notes: str | None

    @property
    def match_key(self) -> str | None:
        return match_key(self.name, self.date_of_birth)


class SignupInvalid(ValueError):
    """The form has errors; ``errors`` maps field name -> message for staff."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def required_fields(configured: Iterable[str]) -> frozenset[str]:
    """The configured required fields plus those always required; unknown names refused."""
    names = frozenset(configured)
    unknown = sorted(names - set(CONFIGURABLE_FIELDS))
    if unknown:
        known = ", ".join(CONFIGURABLE_FIELDS)
        raise ValueError(
            f"signup_required_fields lists unknown field(s) {', '.join(unknown)}; known: {known}"
        )
    return names | ALWAYS_REQUIRED


# -- normalization ----------------------------------------------------------------------------


def tidy(text: str) -> str:
    """Trim and collapse runs of whitespace to one space."""
    return " ".join(text.split())


def normalize_name(name: str) -> str:
    """A name for matching: case, accents, punctuation spacing and spacing ignored.

    ``"  José  O'Brien-Núñez"`` and ``"jose o'brien-nunez"`` give the same key.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = stripped.casefold()
    # Letters and digits only: "O'Brien", "O Brien" and "OBrien" are one person to staff.
    return "".join(ch for ch in folded if ch.isalnum())


def match_key(name: str, born: date | None) -> str | None:
    """Normalized name + date of birth; None without a date of birth."""
    if born is None:
        return None
    key = normalize_name(name)
    return f"{key}|{born.isoformat()}" if key else None


#: Hex digits of the HMAC a patron row keeps: one (4 bits). With the secret in the same file a
#: full HMAC gives the erased birth date back to anyone who tries every day of a century; one
#: hex digit is shared by ~2,900 of the days 1900-2030, and still by ~110 within the five years
#: a TEEN category (also on the row) allows, so it cannot. The duplicate check also wants the
#: same name (:func:`same_name`), so a false warning needs a namesake and a 1-in-16 chance.
MATCH_KEY_HEX_DIGITS = 1


def keyed_match_key(secret: bytes, name: str, born: date | None) -> str | None:
    """:func:`match_key` under a keyed hash, truncated (see :data:`MATCH_KEY_HEX_DIGITS`): what a
    laptop keeps after the personal data is erased. Equal people give equal keys under one
    secret; the key narrows a name's birth date to about 1 day in 256, never to one day.
    None without a date of birth."""
    plain = match_key(name, born)
    return None if plain is None else key_with(secret, plain)


def key_with(secret: bytes, plain: str) -> str:
    """A plain :func:`match_key` value under ``secret`` (see :func:`keyed_match_key`)."""
    if not secret:
        raise ValueError("a match key needs a non-empty secret")
    digest = hmac.new(secret, plain.encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:MATCH_KEY_HEX_DIGITS]


def same_name(typed: str, stored: str) -> bool:
    """Whether a stored patron name is ``typed`` for the duplicate check (:func:`normalize_name`).

    An imported name is kept as "Surname, Firstname" but was keyed as "Firstname Surname", so
    that order counts too.
    """
    wanted = normalize_name(typed)
    if not wanted:
        return False
    forms = {normalize_name(stored)}
    if "," in stored:
        surname, firstname = stored.split(",", 1)
        forms.add(normalize_name(f"{firstname} {surname}"))
    return wanted in forms


def normalize_email(email: str) -> str:
    return email.strip().lower()


def phone_digits(phone: str) -> str:
    """The digits of a phone number (a leading + kept), for matching."""
    text = phone.strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    return ("+" if text.startswith("+") else "") + digits


# -- field checks -----------------------------------------------------------------------------


class DateOrder(enum.StrEnum):
    """The order a locale writes a short date in; ISO (YYYY-MM-DD) is always read too."""

    YMD = "YMD"
    MDY = "MDY"  # 03/09/2014, as in the US
    DMY = "DMY"  # 09/03/2014, as in Spanish and most of the world


_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_LOCAL_DATE_RE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
#: The DATE_FORMAT key that says how to type a date in each order.
_FORMAT_KEYS = {
    DateOrder.YMD: "DATE_FORMAT",
    DateOrder.MDY: "DATE_FORMAT_MDY",
    DateOrder.DMY: "DATE_FORMAT_DMY",
}


def parse_birth_date(text: str, order: DateOrder = DateOrder.YMD) -> date:
    """A date typed as YYYY-MM-DD, or in the locale's ``order`` with a four-digit year
    (``03/09/2014`` for MDY, ``09/03/2014`` or ``9.3.2014`` for DMY); :class:`BadBirthDate`
    (a ValueError) otherwise. A two-digit year is refused: for a birth date it is a guess."""
    cleaned = text.strip()
    said = specifics(text=cleaned)
    parts: tuple[int, int, int] | None = None
    if iso := _ISO_DATE_RE.fullmatch(cleaned):
        year, month, day = (int(v) for v in iso.groups())
        parts = (year, month, day)
    elif order is not DateOrder.YMD and (local := _LOCAL_DATE_RE.fullmatch(cleaned)):
        first, second, year = (int(v) for v in local.groups())
        month, day = (first, second) if order is DateOrder.MDY else (second, first)
        parts = (year, month, day)
    if parts is None:
        raise BadBirthDate(FieldError(_FORMAT_KEYS[order], said))
    try:
        return date(*parts)
    except ValueError:
        raise BadBirthDate(FieldError("DATE_NOT_REAL", said)) from None


def email_problem(email: str) -> FieldError | None:
    said = specifics(email=email)
    if len(email) > MAX_LENGTHS[EMAIL]:
        return FieldError(
            "TOO_LONG",
            specifics(length=len(email), limit=MAX_LENGTHS[EMAIL]),
        )
    if " " in email:
        return FieldError("EMAIL_SPACE", said)
    if email.count("@") != 1:
        return FieldError("EMAIL_AT", said)
    local, domain = email.split("@")
    if not local or not domain:
        return FieldError(
            "EMAIL_PARTS",
            said,
        )
    if ".." in email or local.startswith(".") or local.endswith("."):
        return FieldError("EMAIL_DOTS", said)
    if not _EMAIL_RE.match(email):
        return FieldError(
            "EMAIL_FORM",
            said,
        )
    return None


def phone_problem(phone: str) -> FieldError | None:
    if not _PHONE_ALLOWED_RE.match(phone):
        return FieldError(
            "PHONE_CHARS",
            specifics(phone=phone),
        )
    digits = len(phone_digits(phone).lstrip("+"))
    if digits < 7:
        return FieldError(
            "PHONE_SHORT",
            specifics(phone=phone, digits=digits),
        )
    if digits > 15:
        return FieldError(
            "PHONE_LONG",
            specifics(phone=phone, digits=digits),
        )
    return None


def check(
    form: SignupForm,
    *,
    today: date,
    bands: Sequence[AgeBand],
    required: Iterable[str] = (NAME, DATE_OF_BIRTH, CONTACT, CONSENT),
    card_format: CardFormat | None = None,
    default_category: str = "ADULT",
    adult_age: int = ADULT_AGE,
    date_order: DateOrder = DateOrder.YMD,
) -> tuple[CleanSignup | None, dict[str, FieldError]]:
    """Validate a sign-up form. Returns ``(clean, {})`` or ``(None, errors)``.

    ``today`` is the library's local date (a birthday counts from its first minute there).
    ``date_order`` is how the UI's locale writes dates (see :func:`parse_birth_date`).
    """
    needed = required_fields(required)
    errors: dict[str, FieldError] = {}

    def text_field(field: str, value: str) -> str | None:
        cleaned = tidy(value) if field != ADDRESS and field != NOTES else value.strip()
        if not cleaned:
            if field in needed:
                errors[field] = FieldError(f"REQUIRED.{field}")
            return None
        if len(cleaned) > MAX_LENGTHS[field]:
            errors[field] = FieldError(
                "TOO_LONG",
                specifics(length=len(cleaned), limit=MAX_LENGTHS[field]),
            )
            return None
        return cleaned

    name = text_field(NAME, form.name)
    if name is not None and not any(ch.isalpha() for ch in name):
        errors[NAME] = FieldError("NAME_NO_LETTERS", specifics(name=name))
        name = None

    born: date | None = None
    if form.date_of_birth.strip():
        try:
            born = parse_birth_date(form.date_of_birth, date_order)
        except BadBirthDate as exc:
            errors[DATE_OF_BIRTH] = exc.problem
        else:
            if born > today:
                errors[DATE_OF_BIRTH] = FieldError(
                    "DATE_IN_FUTURE",
                    specifics(born=born.isoformat(), today=today.isoformat()),
                )
                born = None
            elif age_on(born, today) > MAX_AGE:
                errors[DATE_OF_BIRTH] = FieldError(
                    "TOO_OLD",
                    specifics(born=born.isoformat(), max_age=MAX_AGE),
                )
                born = None
    elif DATE_OF_BIRTH in needed:
        errors[DATE_OF_BIRTH] = FieldError("REQUIRED.date_of_birth")

    address = text_field(ADDRESS, form.address)
    language = text_field(LANGUAGE, form.language)
    notes = text_field(NOTES, form.notes)

    phone = tidy(form.phone) or None
    if phone is not None:
        problem = phone_problem(phone)
        if problem:
            errors[PHONE] = problem
            phone = None
    elif PHONE in needed:
        errors[PHONE] = FieldError("REQUIRED.phone")

    email = normalize_email(form.email) or None
    if email is not None:
        problem = email_problem(email)
        if problem:
            errors[EMAIL] = problem
            email = None
    elif EMAIL in needed:
        errors[EMAIL] = FieldError("REQUIRED.email")

    if (
        CONTACT in needed
        and not form.phone.strip()
        and not form.email.strip()
        and PHONE not in errors
        and EMAIL not in errors
    ):
        errors[CONTACT] = FieldError("CONTACT_REQUIRED")

    category = default_category
    minor = False
    if born is not None:
        try:
            category = band_for(bands, born, today).code
        except LookupError:
            errors[DATE_OF_BIRTH] = FieldError(
                "NO_CATEGORY",
                specifics(age=age_on(born, today)),
            )
        minor = age_on(born, today) < adult_age

    guardian_name = tidy(form.guardian_name) or None
    guardian_card = tidy(form.guardian_card) or None
    if guardian_name is not None and len(guardian_name) > MAX_LENGTHS[GUARDIAN_NAME]:
        errors[GUARDIAN_NAME] = FieldError(
            "TOO_LONG",
            specifics(length=len(guardian_name), limit=MAX_LENGTHS[GUARDIAN_NAME]),
        )
    if minor and guardian_name is None:
        assert born is not None
        age = age_on(born, today)
        errors[GUARDIAN_NAME] = FieldError(
            "GUARDIAN_REQUIRED",
            specifics(age=age, adult_age=adult_age),
        )
    if minor and guardian_card is not None and card_format is not None:
        try:
            guardian_card = card_format.validate_patron(guardian_card)
        except InvalidNumber as exc:
            errors[GUARDIAN_CARD] = FieldError("GUARDIAN_CARD", invalid=exc)
    if not minor:
        # An adult's sign-up keeps no guardian details typed before the birth date was fixed.
        guardian_name = guardian_card = None

    if not form.consent:
        errors[CONSENT] = FieldError("CONSENT_REQUIRED")

    if errors:
        return None, errors
    assert name is not None
    return (
        CleanSignup(
            name=name,
            date_of_birth=born,
            category=category,
            minor=minor,
            address=address,
            phone=phone,
            email=email,
            language=language,
            guardian_name=guardian_name,
            guardian_card=guardian_card,
            notes=notes,
        ),
        {},
    )


def validate(
    form: SignupForm,
    *,
    today: date,
    bands: Sequence[AgeBand],
    required: Iterable[str] = (NAME, DATE_OF_BIRTH, CONTACT, CONSENT),
    card_format: CardFormat | None = None,
    default_category: str = "ADULT",
    adult_age: int = ADULT_AGE,
) -> CleanSignup:
    """Like :func:`check`, raising :class:`SignupInvalid` with all the errors."""
    clean, errors = check(
        form,
        today=today,
        bands=bands,
        required=required,
        card_format=card_format,
        default_category=default_category,
        adult_age=adult_age,
    )
    if clean is None:
        raise SignupInvalid(errors)
    return clean


def card_expiry(signed_up: date, years: int) -> date:
    """The card's expiry ``years`` after sign-up (29 February -> 28 February)."""
    try:
        return signed_up.replace(year=signed_up.year + years)
    except ValueError:
        return signed_up.replace(year=signed_up.year + years, day=28)


# -- temporary cards --------------------------------------------------------------------------

#: A sign-up's stand-in card number starts with this letter, so it never equals a real (all
#: digit) card number; the server replaces it with a real one and keeps it as an alias. Such a
#: card skips the library's card format on both sides.
TEMPORARY_PREFIX = "T"


def temporary_card(device_id: str, seq: int) -> str:
    """The stand-in number of the sign-up that is outbox action ``seq`` of ``device_id``:
    ``T<first 8 hex digits of the device id>-<seq, 6+ digits>``, e.g. ``T3F9A0C12-000417``.

    The seq is the sign-up action's own, committed with the patron, so it never repeats.
    """
    tag = device_id.replace("-", "")[:8].upper()
    return f"{TEMPORARY_PREFIX}{tag}-{seq:06d}"


def is_temporary(number: str) -> bool:
    return number.startswith(TEMPORARY_PREFIX)
