"""Settings held by the store services: read once, read again after a sync changed them."""

from __future__ import annotations

from popup.store import library
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.events import Events


def test_every_service_rereads_settings_once_the_store_says_they_changed(
    demo_store: Store,
) -> None:
    desk, events = Desk(demo_store), Events(demo_store)
    assert desk.config.library_name == events.config.library_name != "Riverside Bookmobile"
    with demo_store.transaction() as session:
        library.put(session, "library_name", "Riverside Bookmobile")
        library.put(session, "fines_limit_cents", 1234)
    # Kept in memory: a plain write does not reach the services...
    assert desk.config.library_name != "Riverside Bookmobile"
    demo_store.settings_changed()  # ...until the sync (or settings screen) says so
    assert desk.config.library_name == "Riverside Bookmobile"
    assert desk.config.policy.fines_limit_cents == 1234
    assert events.config.library_name == "Riverside Bookmobile"
