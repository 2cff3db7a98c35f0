"""Pull: a cursor the server did not issue is answered 400 INVALID_CURSOR, never 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

BAD_CURSORS = [
    "L.99999999999999999999999.1",  # OverflowError on PostgreSQL's BIGINT
    "L.1.9223372036854775808",  # 2**63: NumericValueOutOfRange
    "L.-1.5",
    "L.+1.5",
    "L.1_0.5",
    "L.\u0661.5",  # an Arabic-Indic digit int() would accept
    "S.1.1.0.%%%",  # not base64 at all
    "S.1.1.0.YW=J",  # padding inside
    "S.1.1.0.YWJ",  # stray bits: not a spelling the server makes
    "S.1.1.0.YWJ+",  # the standard alphabet, not the URL-safe one
    "S.1.1.9223372036854775808.YQ",
    "S.1.1.99.YQ",
]


@pytest.mark.parametrize("cursor", BAD_CURSORS)
def test_malformed_cursor_is_400_invalid_cursor(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any], cursor: str
) -> None:
    lib = make_library(items=1, patrons=1)
    device = enroll_device(lib.code)
    response = device.pull(cursor)
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "INVALID_CURSOR"


def test_largest_cursor_numbers_are_accepted(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=1, patrons=1)
    device = enroll_device(lib.code)
    top = 2**63 - 1
    response = device.pull(f"L.{top}.{top}")
    assert response.status_code == 200, response.text
    assert response.json()["changes"] == []
