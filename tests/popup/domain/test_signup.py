"""Sign-up form rules: contact, dates, guardians, categories on the birthday, configuration."""

from __future__ import annotations

from datetime import date

import pytest

from popup.domain import signup
from popup.domain.age_bands import DEFAULT_CATEGORY_BANDS, AgeBand
from popup.domain.cards import CardFormat, ScanKind
from popup.domain.signup import BadBirthDate, DateOrder, SignupForm, parse_birth_date

TODAY = date(2026, 11, 27)
FMT = CardFormat()
GOOD = SignupForm(
    name="  Ana   María  López ",
    date_of_birth="1990-05-17",
    address="12 Elm Street\nRiverside",
    phone="+1 (555) 010-2030",
    email=" Ana.Lopez@Example.ORG ",
    language="Spanish",
    consent=True,
    notes="Prefers large print",
)


def check(form: SignupForm, **kw: object) -> tuple[signup.CleanSignup | None, dict[str, str]]:
    return signup.check(form, today=TODAY, bands=DEFAULT_CATEGORY_BANDS, card_format=FMT, **kw)  # type: ignore[arg-type]


def with_(**changes: object) -> SignupForm:
    data = {**GOOD.__dict__, **changes}
    return SignupForm(**data)  # type: ignore[arg-type]


def test_good_form_is_tidied() -> None:
    clean, errors = check(GOOD)
    assert errors == {}
    assert clean is not None
    assert clean.name == "Ana María López"
    assert clean.email == "ana.lopez@example.org"
    assert clean.category == "ADULT"
    assert not clean.minor
    assert clean.match_key == "anamarialopez|1990-05-17"


@pytest.mark.parametrize(
    ("email", "words"),
    [
        ("ana.example.org", "exactly one @"),
        ("ana@@example.org", "exactly one @"),
        ("ana@example", "not an email address"),
        ("ana lopez@example.org", "contains a space"),
        ("@example.org", "missing before or after"),
        ("ana..lopez@example.org", "misplaced dots"),
    ],
)
def test_bad_email_is_named(email: str, words: str) -> None:
    clean, errors = check(with_(email=email))
    assert clean is None
    assert set(errors) == {"email"}
    assert words in errors["email"]
    assert email.strip().lower() in errors["email"]


@pytest.mark.parametrize(
    ("phone", "words"),
    [("555-12", "too short"), ("call me maybe", "not a phone number"), ("1" * 16, "too long")],
)
def test_bad_phone_is_named(phone: str, words: str) -> None:
    _clean, errors = check(with_(phone=phone))
    assert words in errors["phone"]


def test_no_contact_at_all() -> None:
    clean, errors = check(with_(phone="", email="  "))
    assert clean is None
    assert errors == {"contact": "Give a phone number or an email address (at least one)"}


def test_either_contact_is_enough() -> None:
    assert check(with_(phone=""))[1] == {}
    assert check(with_(email=""))[1] == {}


def test_contact_can_be_made_optional() -> None:
    clean, errors = check(with_(phone="", email=""), required=["name", "date_of_birth"])
    assert errors == {}
    assert clean is not None and clean.phone is None and clean.email is None


def test_date_of_birth_in_the_future() -> None:
    _clean, errors = check(with_(date_of_birth="2026-11-28"))
    assert errors == {
        "date_of_birth": "Date of birth 2026-11-28 is in the future (today is 2026-11-27)"
    }


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("17/05/1990", "type it as YYYY-MM-DD"),
        ("1990-02-30", "not a real date"),
        ("1890-01-01", "over 120"),
    ],
)
def test_bad_birth_dates(typed: str, words: str) -> None:
    _clean, errors = check(with_(date_of_birth=typed))
    assert words in errors["date_of_birth"]


def test_birth_date_required_by_default_but_configurable() -> None:
    assert "date_of_birth" in check(with_(date_of_birth=""))[1]
    clean, errors = check(with_(date_of_birth=""), required=["contact"])
    assert errors == {}
    assert clean is not None and clean.category == "ADULT" and clean.match_key is None


def test_minor_without_guardian() -> None:
    clean, errors = check(with_(date_of_birth="2015-01-01"))
    assert clean is None
    assert errors == {"guardian_name": "A guardian's name is required: the patron is 11, under 18"}


def test_minor_with_guardian_and_card() -> None:
    card = FMT.make(ScanKind.PATRON, 42, "1120")
    clean, errors = check(
        with_(date_of_birth="2015-01-01", guardian_name="Rosa López", guardian_card=card)
    )
    assert errors == {}
    assert clean is not None
    assert clean.minor and clean.category == "CHILD"
    assert clean.guardian_name == "Rosa López" and clean.guardian_card == card


def test_guardian_card_is_checked() -> None:
    bad = FMT.make(ScanKind.PATRON, 42, "1120")[:-1] + "0"
    if bad == FMT.make(ScanKind.PATRON, 42, "1120"):
        bad = bad[:-1] + "1"
    _clean, errors = check(
        with_(date_of_birth="2015-01-01", guardian_name="Rosa", guardian_card=bad)
    )
    assert "check digit" in errors["guardian_card"]


def test_adult_sign_up_drops_guardian_fields() -> None:
    clean, _ = check(with_(guardian_name="Someone", guardian_card="x"))
    assert clean is not None and clean.guardian_name is None and clean.guardian_card is None


@pytest.mark.parametrize(
    ("born", "category", "minor"),
    [
        ("2013-11-27", "TEEN", True),  # 13 today: a teen from the birthday itself
        ("2013-11-28", "CHILD", True),  # 13 tomorrow: still a child
        ("2008-11-27", "ADULT", False),  # 18 today: adult, no guardian needed
        ("2008-11-28", "TEEN", True),  # 18 tomorrow: still needs a guardian
        ("1961-11-27", "SENIOR", False),  # 65 today
        ("1961-11-28", "ADULT", False),
        ("2026-11-27", "CHILD", True),  # born today
    ],
)
def test_age_band_edges_on_the_birthday(born: str, category: str, minor: bool) -> None:
    clean, errors = check(with_(date_of_birth=born, guardian_name="Guardian Person"))
    assert errors == {}
    assert clean is not None
    assert (clean.category, clean.minor) == (category, minor)


def test_leap_day_birthday_counts_from_first_of_march() -> None:
    bands = (AgeBand("YOUNG", "Young", 0, 17), AgeBand("GROWN", "Grown", 18, None))
    form = with_(date_of_birth="2008-02-29", guardian_name="G")
    before = signup.check(form, today=date(2026, 2, 28), bands=bands)[0]
    on = signup.check(form, today=date(2026, 3, 1), bands=bands)[0]
    assert before is not None and before.category == "YOUNG"
    assert on is not None and on.category == "GROWN"


def test_library_bands_are_used() -> None:
    bands = (AgeBand("KID", "Kid", 0, 15), AgeBand("BIG", "Big", 16, None))
    clean, _ = signup.check(
        with_(date_of_birth="2010-01-01", guardian_name="G"), today=TODAY, bands=bands
    )
    assert clean is not None and clean.category == "BIG" and clean.minor


def test_consent_and_name_are_always_required() -> None:
    _clean, errors = check(with_(name="  ", consent=False), required=[])
    assert errors["name"] == "Name is required"
    assert "privacy notice" in errors["consent"]
    assert "no letters" in check(with_(name="12345"))[1]["name"]


def test_configured_fields_become_required() -> None:
    _clean, errors = check(
        with_(address="", language=""),
        required=["name", "contact", "address", "language", "email", "phone"],
    )
    assert errors == {
        "address": "Address is required",
        "language": "Preferred language is required",
    }


def test_unknown_required_field_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="unknown field\\(s\\) shoe_size"):
        check(GOOD, required=["name", "shoe_size"])


def test_every_error_at_once() -> None:
    form = SignupForm(name="", date_of_birth="soon", email="x@", consent=False)
    _clean, errors = check(form)
    assert set(errors) == {"name", "date_of_birth", "email", "consent"}


def test_too_long_field() -> None:
    assert check(with_(notes="n" * 1001))[1]["notes"] == "Too long (1001 characters; at most 1000)"


def test_validate_raises_with_errors() -> None:
    with pytest.raises(signup.SignupInvalid) as caught:
        signup.validate(with_(email="bad"), today=TODAY, bands=DEFAULT_CATEGORY_BANDS)
    assert set(caught.value.errors) == {"email"}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("José O'Brien-Núñez", "jose obrien nunez"),
        ("  MARIA   garcia", "María García"),
        ("Zoë Ångström", "ZOE ANGSTROM"),
        ("Ｍａｒｉａ", "maria"),  # full-width letters fold too (NFKD)
    ],
)
def test_name_normalization_ignores_case_accents_spacing(a: str, b: str) -> None:
    assert signup.normalize_name(a) == signup.normalize_name(b)


def test_different_names_stay_different() -> None:
    assert signup.normalize_name("Ana Lopez") != signup.normalize_name("Ana Lopes")


def test_card_expiry_handles_leap_day() -> None:
    assert signup.card_expiry(date(2028, 2, 29), 3) == date(2031, 2, 28)
    assert signup.card_expiry(date(2026, 11, 27), 3) == date(2029, 11, 27)


def test_phone_digits_for_matching() -> None:
    assert signup.phone_digits("+1 (555) 010-2030") == "+15550102030"
    assert signup.phone_digits("555.010.2030") == "5550102030"


def test_keyed_match_key_is_the_plain_key_under_hmac() -> None:
    import hashlib
    import hmac

    from popup.domain.signup import keyed_match_key

    born = date(1979, 2, 14)
    one = keyed_match_key(b"k1", "Daniel Okoye", born)
    assert one == keyed_match_key(b"k1", "  daniel  OKOYE", born)
    full = hmac.new(b"k1", b"danielokoye|1979-02-14", hashlib.sha256).hexdigest()
    assert one == full[:1]  # 4 bits: ~2,900 dates of a century share it
    assert one != keyed_match_key(b"k2", "Daniel Okoye", born)  # another device's secret
    assert keyed_match_key(b"k1", "Daniel Okoye", None) is None
    with pytest.raises(ValueError):
        keyed_match_key(b"", "Daniel Okoye", born)


def test_same_name_reads_an_imported_surname_first_name_both_ways() -> None:
    from popup.domain.signup import same_name

    assert same_name("  jose  o'brien ", "José O'Brien")
    assert same_name("Maria Garcia", "Garcia, Maria")  # kept by a Koha import
    assert same_name("Garcia Maria", "Garcia, Maria")
    assert not same_name("Maria Garcia", "Maria Garcia-Lopez")
    assert not same_name("", "Garcia, Maria")


@pytest.mark.parametrize(
    ("text", "order", "born"),
    [
        ("1987-03-29", DateOrder.YMD, date(1987, 3, 29)),
        ("1987-03-29", DateOrder.MDY, date(1987, 3, 29)),  # ISO is always read
        ("03/29/1987", DateOrder.MDY, date(1987, 3, 29)),
        ("3/9/2014", DateOrder.MDY, date(2014, 3, 9)),
        ("29/03/1987", DateOrder.DMY, date(1987, 3, 29)),
        ("9.3.2014", DateOrder.DMY, date(2014, 3, 9)),
        ("09-03-2014", DateOrder.DMY, date(2014, 3, 9)),
    ],
)
def test_birth_date_in_the_locales_order(text: str, order: DateOrder, born: date) -> None:
    assert parse_birth_date(text, order) == born


@pytest.mark.parametrize(
    ("text", "order", "key"),
    [
        ("03/29/1987", DateOrder.YMD, "DATE_FORMAT"),
        ("29/03/87", DateOrder.DMY, "DATE_FORMAT_DMY"),  # a two-digit year is a guess
        ("March 29", DateOrder.MDY, "DATE_FORMAT_MDY"),
        ("29/03/1987", DateOrder.MDY, "DATE_NOT_REAL"),  # month 29
        ("1987-02-30", DateOrder.DMY, "DATE_NOT_REAL"),
    ],
)
def test_birth_date_refusals_say_the_expected_order(text: str, order: DateOrder, key: str) -> None:
    with pytest.raises(BadBirthDate) as caught:
        parse_birth_date(text, order)
    assert caught.value.problem.key == key
