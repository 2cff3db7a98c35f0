"""Settings are declared once; a bad value is refused where it is set and read as the default."""

from __future__ import annotations

import pytest

from popup.domain import settings
from popup.domain.age_bands import DEFAULT_ATTENDANCE_BANDS
from popup.domain.cards import CardFormat


def test_every_setting_is_declared_once_with_help_and_a_valid_default() -> None:
    keys = [s.key for s in settings.SETTINGS]
    assert len(keys) == len(set(keys))
    for decl in settings.SETTINGS:
        assert decl.help.strip(), decl.key
        assert decl.check(decl.default_json) == decl.default_json, decl.key


def test_missing_values_read_as_their_defaults() -> None:
    values = settings.Values({})
    assert values[settings.CARD_FORMAT] == CardFormat()
    assert values[settings.CLOSED_WEEKDAYS] == (6,)
    assert values[settings.ATTENDANCE_BANDS] == DEFAULT_ATTENDANCE_BANDS
    assert values[settings.TIMEZONE] is None
    assert values.problems == []


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("closed_weekdays", [7], "7 is not a weekday number"),
        ("closed_weekdays", "sunday", "must be a list of weekday numbers"),
        ("closed_weekdays", [0, 1, 2, 3, 4, 5, 6], "cannot close every day"),
        ("timezone", "Mars/Olympus", "is not a time zone name"),
        ("fines_limit_cents", True, "must be a whole number"),
        ("fines_limit_cents", -1, "must be between 0 and"),
        ("card_format", {"length": "14"}, "card format field 'length' must be a whole number"),
        ("signup_required_fields", ["name", "shoe_size"], "unknown field(s) shoe_size"),
        ("attendance_bands", [{"code": "A", "label": "a", "min_age": 3, "max_age": None}], "start"),
        ("card_expiry_years", 0, "must be between 1 and 100"),
        ("library_name", "  ", "must be non-empty text"),
        ("currency", "dollars", "must be an ISO 4217 currency code"),
        ("currency", 840, "must be an ISO 4217 currency code"),
        ("no_such_setting", 1, "is not a setting; known: library_code"),
    ],
)
def test_a_bad_value_is_refused_naming_the_setting(key: str, value: object, problem: str) -> None:
    with pytest.raises(settings.SettingError) as caught:
        settings.check(key, value)
    assert str(caught.value).startswith(f"{key}: ")
    assert problem in str(caught.value)


def test_good_values_are_normalised() -> None:
    assert settings.check("closed_weekdays", [6, 0, 6]) == [0, 6]
    assert settings.check("timezone", "") is None
    assert settings.check("timezone", "America/Chicago") == "America/Chicago"
    assert settings.check("currency", "eur") == "EUR"
    assert settings.Values({})[settings.CURRENCY] == "USD"


def test_a_stored_bad_value_reads_as_the_default_and_says_why() -> None:
    values = settings.Values({"closed_weekdays": [9], "fines_limit_cents": 250})
    assert values[settings.CLOSED_WEEKDAYS] == (6,)
    assert values[settings.FINES_LIMIT_CENTS] == 250
    assert [key for key, _ in values.problems] == ["closed_weekdays"]
    assert values.json(["closed_weekdays"]) == {"closed_weekdays": [6]}


def test_scopes_say_who_sets_what() -> None:
    library = {s.key for s in settings.in_scope(settings.Scope.LIBRARY)}
    assert "closed_weekdays" in library and "branch_name" not in library
    assert settings.BRANCH_NAME.scope is settings.Scope.LAPTOP
    assert settings.LIBRARY_CODE.scope is settings.Scope.IDENTITY


def test_the_idle_clear_is_this_laptops_own_two_minutes_and_zero_turns_it_off() -> None:
    assert settings.IDLE_CLEAR_SECONDS.scope is settings.Scope.LAPTOP
    assert settings.Values({})[settings.IDLE_CLEAR_SECONDS] == 120
    assert settings.check("idle_clear_seconds", 0) == 0
    for bad, problem in (("2m", "must be a whole number"), (-5, "must be between 0 and")):
        with pytest.raises(settings.SettingError, match=problem):
            settings.check("idle_clear_seconds", bad)
