"""Settings held by the store services: declared once, refused when bad, reread after a change."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import update

from popup.domain import settings
from popup.domain.settings import SettingError
from popup.store import library
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.events import Events
from popup.store.models import Setting


def test_every_service_rereads_settings_once_a_write_changed_them(demo_store: Store) -> None:
    desk, events = Desk(demo_store), Events(demo_store)
    assert desk.config.library_name == events.config.library_name != "Riverside Bookmobile"
    generation = demo_store.settings_generation
    with demo_store.transaction() as session:
        library.put(session, "library_name", "Riverside Bookmobile")
        library.put(session, "fines_limit_cents", 1234)
        # Kept in memory while the write is open: nothing is committed yet...
        assert desk.config.library_name != "Riverside Bookmobile"
    # ...and read afresh once it committed: the store notes settings changes itself.
    assert demo_store.settings_generation == generation + 1
    assert desk.config.library_name == "Riverside Bookmobile"
    assert desk.config.policy.fines_limit_cents == 1234
    assert events.config.library_name == "Riverside Bookmobile"
    # A write that noted nothing reaches the services once the store is told.
    with demo_store.transaction() as session:
        session.execute(
            update(Setting).where(Setting.key == "library_name").values(value='"Lakeside"')
        )
    assert desk.config.library_name == "Riverside Bookmobile"
    demo_store.settings_changed()
    assert desk.config.library_name == "Lakeside"


def test_put_refuses_a_bad_value_naming_the_setting_and_keeps_the_old(store: Store) -> None:
    with store.transaction() as session:
        library.put(session, "closed_weekdays", [5, 6])
    for key, bad in (
        ("closed_weekdays", [7]),
        ("fines_limit_cents", "lots"),
        ("timezone", "Mars/Olympus"),
        ("no_such_setting", 1),
    ):
        with pytest.raises(SettingError) as err, store.transaction() as session:
            library.put(session, key, bad)
        assert err.value.key == key and str(err.value).startswith(f"{key}: ")
    with store.read() as session:
        assert library.get(session, "closed_weekdays") == [5, 6]
        assert library.get(session, "fines_limit_cents") == settings.FINES_LIMIT_CENTS.default


def test_a_bad_stored_value_reads_as_the_default_logged_by_key_only(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    with store.transaction() as session:
        # Written by an older Popup that did not check: every laptop used to fail on it.
        session.add(Setting(key="closed_weekdays", value=json.dumps(["Sunday-secret"])))
        session.add(Setting(key="branch_name", value="not json"))
    with store.read() as session:
        config = library.load_config(session)
        assert library.get(session, "closed_weekdays") == [6]
    assert config.calendar.closed_weekdays == frozenset({6})
    assert config.branch_name == settings.BRANCH_NAME.default
    logged = caplog.text
    assert "closed_weekdays" in logged and "branch_name" in logged
    assert "Sunday-secret" not in logged and "not json" not in logged


def test_the_branch_name_is_this_laptops_own() -> None:
    assert settings.BRANCH_NAME.scope is settings.Scope.LAPTOP


def test_the_idle_clear_time_is_read_from_the_store(store: Store) -> None:
    with store.read() as session:
        assert library.load_config(session).idle_clear_seconds == 120
    with store.transaction() as session:
        library.put(session, "idle_clear_seconds", 45)
    with store.read() as session:
        assert library.load_config(session).idle_clear_seconds == 45
