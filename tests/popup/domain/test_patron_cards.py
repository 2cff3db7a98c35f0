"""The shared rules of forgotten, lost and expired cards (#15)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from popup.domain import settings
from popup.domain.patron_cards import (
    lost_card_refused,
    masked_card,
    renewal_years,
    renewed_expiry,
)


def test_a_card_is_shown_by_its_last_four_only() -> None:
    assert masked_card("21120000006132") == "•••• 6132"
    assert masked_card("TABCDEF01-000417") == "•••• 0417"


def test_renewal_years_come_from_the_category_else_the_sign_up_period() -> None:
    by_category = {"CHILD": 1, "ADULT": 4}
    assert renewal_years("child", by_category, 3) == 1
    assert renewal_years(" Adult ", by_category, 3) == 4
    assert renewal_years("SENIOR", by_category, 3) == 3


def test_a_renewal_counts_from_the_later_of_today_and_the_expiry() -> None:
    today = date(2026, 12, 4)
    assert renewed_expiry(date(2026, 1, 1), today, 2) == date(2028, 12, 4)  # expired: today
    assert renewed_expiry(date(2027, 3, 1), today, 2) == date(2029, 3, 1)  # early: no loss
    assert renewed_expiry(None, today, 1) == date(2027, 12, 4)
    assert renewed_expiry(date(2028, 2, 29), today, 1) == date(2029, 2, 28)


def test_only_what_is_done_after_the_report_is_refused() -> None:
    lost = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
    assert lost_card_refused(lost, lost)
    assert lost_card_refused(lost, lost + timedelta(seconds=1))
    assert not lost_card_refused(lost, lost - timedelta(minutes=1))
    assert not lost_card_refused(None, lost)


def test_the_renewal_setting_is_checked_where_it_is_set() -> None:
    assert settings.check("card_renewal_years", {"child": 1, "ADULT": 3}) == {
        "CHILD": 1,
        "ADULT": 3,
    }
    assert settings.Values({})[settings.CARD_RENEWAL_YEARS] == {}
    for bad, said in (
        ([1], "must be an object"),
        ({"CHILD": 0}, "from 1 to 100"),
        ({"CHILD": True}, "from 1 to 100"),
        ({" ": 2}, "non-empty"),
    ):
        with pytest.raises(settings.SettingError, match=said):
            settings.check("card_renewal_years", bad)
