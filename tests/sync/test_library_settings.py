"""A library's settings: declared once (``popup.domain.settings``), checked where they are set,
read typed by the rules, and downloaded by every device."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from popup.domain.settings import Scope, in_scope
from popup_sync import apply, crud, library_settings
from popup_sync.core.db import Database
from popup_sync.models import Library

LIBRARY_KEYS = {s.key for s in in_scope(Scope.LIBRARY)}


def _code() -> str:
    return f"S{uuid.uuid4().hex[:10].upper()}"


def test_a_new_library_keeps_every_library_setting_checked(db: Database) -> None:
    code = _code()
    db.run_write(
        lambda s: crud.create_library(
            session=s, code=code, name="Settings", settings={"timezone": "America/Chicago"}
        )
    )
    with db.read() as session:
        library = session.scalar(select(Library).where(Library.code == code))
        assert library is not None
        assert set(library.settings) == LIBRARY_KEYS
        assert library.settings["timezone"] == "America/Chicago"
        assert library.settings["closed_weekdays"] == [6]  # the declaration's default
    refused = _code()
    with pytest.raises(crud.AdminError, match="closed_weekdays: 7 is not a weekday"):
        db.run_write(
            lambda s: crud.create_library(
                session=s, code=refused, name="Bad", settings={"closed_weekdays": [7]}
            )
        )
    with db.read() as session:
        assert session.scalar(select(Library).where(Library.code == refused)) is None


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("fines_limit_cents", -5, "fines_limit_cents: must be between 0 and"),
        ("closed_weekdays", [0, 1, 2, 3, 4, 5, 6], "closed_weekdays: cannot close every day"),
        ("timezone", "Mars/Base", "timezone: 'Mars/Base' is not a time zone"),
        ("card_expiry_years", "3", "card_expiry_years: must be a whole number"),
        ("signup_required_fields", ["shoe_size"], "unknown field.*shoe_size"),
        ("category_bands", [{"code": "X"}], "category_bands: each band needs a code and a label"),
        ("library_name", "New name", "library_name: comes from the library itself"),
        ("branch_name", "Bus", "branch_name: is set on each laptop"),
        ("colour", "red", "colour: is not a setting"),
        ("currency", "Pesos", "currency: must be an ISO 4217 currency code"),
    ],
)
def test_every_setting_is_checked_by_its_declaration_when_it_is_set(
    db: Database, make_library: Callable[..., Any], key: str, value: object, problem: str
) -> None:
    lib = make_library(items=0, patrons=0)

    def change(session: Any) -> object:
        library = crud.get_library(session=session, code=lib.code)
        return crud.set_setting(session=session, library=library, key=key, value=value)

    with pytest.raises(crud.AdminError, match=problem):
        db.run_write(change)
    with db.read() as session:
        library = session.get(Library, lib.id)
        assert library is not None
        assert library.settings.get(key) != value  # nothing was kept


def test_a_good_value_is_kept_as_its_declaration_writes_it(
    db: Database, make_library: Callable[..., Any]
) -> None:
    lib = make_library(items=0, patrons=0)

    def change(session: Any) -> object:
        library = crud.get_library(session=session, code=lib.code)
        return crud.set_setting(
            session=session, library=library, key="closed_weekdays", value=[6, 5, 5]
        )

    assert db.run_write(change) == [5, 6]
    with db.read() as session:
        library = session.get(Library, lib.id)
        assert library is not None and library.settings["closed_weekdays"] == [5, 6]

    def currency(session: Any) -> object:
        library = crud.get_library(session=session, code=lib.code)
        return crud.set_setting(session=session, library=library, key="currency", value="mxn")

    assert db.run_write(currency) == "MXN"


def test_a_bad_value_stored_before_the_checks_reads_as_its_default_and_is_logged_by_key(
    db: Database,
    make_library: Callable[..., Any],
    enroll_device: Callable[..., Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    lib = make_library(items=0, patrons=0)

    def corrupt(session: Any) -> None:  # as an older server let an admin store it
        library = session.get(Library, lib.id)
        library.settings = {**library.settings, "closed_weekdays": ["Sunday-ish"]}

    db.run_write(corrupt)
    caplog.set_level(logging.WARNING, logger="popup_sync")
    with db.read() as session:
        library = session.get(Library, lib.id)
        assert library is not None
        rules = apply.load_rules(session, library)
    assert rules.calendar.closed_weekdays == frozenset({6})
    logged = [r.getMessage() for r in caplog.records]
    assert any("closed_weekdays" in m and lib.code in m for m in logged), logged
    assert not any("Sunday-ish" in m for m in logged)
    device = enroll_device(lib.code)
    pulled, _ = device.pull_all()
    served = {c["key"]: c["data"]["value"] for c in pulled if c["entity"] == "setting"}
    assert served["closed_weekdays"] == [6]


def test_devices_download_every_declared_setting_with_defaults_filled_in(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=0, patrons=0)
    device = enroll_device(lib.code)
    pulled, _ = device.pull_all()
    served = {c["key"]: c["data"]["value"] for c in pulled if c["entity"] == "setting"}
    assert set(served) == set(library_settings.SERVED)
    assert set(served) == {s.key for s in in_scope(Scope.IDENTITY, Scope.LIBRARY)}
    assert served["library_code"] == lib.code
    assert served["library_name"] == f"Library {lib.code}"
    assert served["fines_limit_cents"] == 500
    assert "branch_name" not in served  # each laptop's own
