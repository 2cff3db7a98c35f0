"""The shared rules of forgotten, lost and expired cards (#15)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from popup.domain import settings
from popup.domain.patron_cards import (
    lost_card_refused,
    masked_card,
    masked_text,
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


@pytest.mark.parametrize(
    ("message", "cards", "keep", "shown", "hidden"),
    [
        # The card the action named, wherever it appears, and any other long number ...
        (
            "No patron has the card 21120000000042; item 31120000000007 and 21120000000099.",
            ["21120000000042"],
            ["31120000000007"],
            ["•••• 0042", "31120000000007", "•••• 0099"],
            ["21120000000042", "21120000000099"],
        ),
        # ... a library's own card format after "card" (letters, dashes) ...
        ("Card P-2024-77 is blocked", [], [], ["Card •••• 4-77"], ["P-2024-77"]),
        # ... but not the item barcodes a reader needs whole, nor short numbers.
        ("item 31120000000007 line 12", [], ["31120000000007"], ["31120000000007", "12"], []),
        ("", [None, ""], [], [""], []),
    ],
)
def test_a_message_never_shows_a_whole_card(
    message: str, cards: list[str | None], keep: list[str], shown: list[str], hidden: list[str]
) -> None:
    said = masked_text(message, cards, keep)
    assert all(s in said for s in shown), said
    assert not any(h in said for h in hidden), said
