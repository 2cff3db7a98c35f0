"""Settings held by the store services: read once, read again once a write changed them."""

from __future__ import annotations

from popup.store import library
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.events import Events


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
