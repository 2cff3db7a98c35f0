"""The ILS bridge page, with the real bridge run against the fake ILS (a SIP2 server on
127.0.0.1) and a server process whose config bridges one library: its backlog, refusals,
confirmed today and last contact are the page's numbers; a library without a bridge says so."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from popup.domain.protocol import actions
from popup_sync.bridge.forward import LibraryBridge
from popup_sync.bridge.sip2 import Sip2Error
from popup_sync.console.access import Role
from popup_sync.core.db import Database
from popup_sync.models import Sip2Contact, Sip2Delivery, SyncException
from tests.helpers import mutations
from tests.helpers.fake_ils import FakeIls
from tests.helpers.server import ServerProcess
from tests.sync.bridge.test_bridge import Laptop, checkout, config
from tests.sync.conftest import Lib
from tests.sync.console.conftest import ConsoleClient, add_account


@pytest.fixture
def ils() -> Iterator[FakeIls]:
    server = FakeIls().start()
    yield server
    server.stop()


def figures(page: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'data-figure="(\w+)">(\d+)<', page)}


def client_of(url: str, db: Database, role: Role, code: str | None) -> ConsoleClient:
    account = add_account(db, role, code)
    client = ConsoleClient(url)
    assert client.sign_in(account.login, account.password).status_code == 200
    return client


def test_the_page_shows_what_the_bridge_did(
    db: Database,
    database_url: str,
    make_library: Callable[..., Lib],
    ils: FakeIls,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lib = make_library(patron_overrides={1: {"fines_owed_cents": 100}})
    unbridged = make_library(items=1, patrons=1)
    laptop = Laptop(db, lib)
    ils.refuse[lib.items[0]] = "Item is marked lost"
    laptop.push(
        checkout(lib, 0),
        checkout(lib, 1),
        checkout(lib, 2),
        actions.Payment(
            payment_id=mutations.new_id(),
            patron_card=lib.patrons[0],
            amount_cents=100,
            waiver=True,
            paid_at=mutations.now(),
            balance_before_cents=100,
            balance_after_cents=0,
        ),
    )
    bridge_config = config(ils.port)
    assert LibraryBridge(db, lib.code, bridge_config).run_once() == 4

    # The server reads the same [sip2.CODE] section the bridge process would.
    toml = tmp_path / "popup-sync.toml"
    toml.write_text(f'[sip2.{lib.code}]\nhost = "127.0.0.1"\nport = {ils.port}\n')
    monkeypatch.setenv("POPUP_SYNC_CONFIG", str(toml))
    server = ServerProcess(database_url, tmp_path / "server.log").start()
    try:
        manager = client_of(server.url, db, Role.MANAGER, lib.code)
        page = manager.get("/console/bridge")
        assert page.status_code == 200
        assert figures(page.text) == {
            "pending": 0,
            "sent": 0,
            "refused": 1,
            "unknown": 0,
            "by_hand": 1,
            "confirmed_today": 2,
        }
        assert f"127.0.0.1:{ils.port}" in page.text
        assert re.search(r"<strong data-contact>just now</strong>", page.text)
        assert "could not reach the ILS" not in page.text
        # The latest refusals: the ILS's words, the item, the patron's card masked only, and
        # the exception each opened.
        with db.read() as session:
            opened = set(
                session.scalars(select(SyncException.id).where(SyncException.library_id == lib.id))
            )
        assert len(opened) == 2
        for exception_id in opened:
            # Each links to the exception's own page, where it can be resolved.
            assert f'href="/console/exceptions/{exception_id}"' in page.text
            assert manager.get(f"/console/exceptions/{exception_id}").status_code == 200
        assert "Item is marked lost" in page.text and lib.items[0] in page.text
        assert lib.patrons[0] not in page.text
        assert f"•••• {lib.patrons[0][-4:]}" in page.text
        assert "SIP2 cannot waive fines" in page.text

        # More actions while the ILS is down: they wait, and the page says why.
        laptop.push(checkout(lib, 3), checkout(lib, 4))
        ils.stop()
        with pytest.raises(Sip2Error):
            LibraryBridge(db, lib.code, bridge_config).run_once()
        # A row whose answer was lost stays "sent" until it is checked.
        db.run_write(
            lambda s: s.execute(
                update(Sip2Delivery)
                .where(Sip2Delivery.library_id == lib.id, Sip2Delivery.state == "pending")
                .where(Sip2Delivery.item_barcode == lib.items[4])
                .values(state="sent")
            )
        )
        page = manager.get("/console/bridge")
        numbers = figures(page.text)
        assert (numbers["pending"], numbers["sent"], numbers["confirmed_today"]) == (1, 1, 2)
        assert "The bridge could not reach the ILS" in page.text
        assert "cannot connect to 127.0.0.1" in page.text
        with db.read() as session:
            contact = session.get(Sip2Contact, lib.id)
            assert contact is not None and contact.last_contact_at is not None
            assert contact.last_error_at is not None
            assert contact.last_error_at > contact.last_contact_at

        # A library with no bridge says so; its manager sees nothing of the other library.
        theirs = client_of(server.url, db, Role.MANAGER, unbridged.code)
        page = theirs.get("/console/bridge")
        assert page.status_code == 200
        assert "No ILS bridge is configured for this library" in page.text
        assert lib.code not in page.text and "Item is marked lost" not in page.text
        other = theirs.get(f"/console/bridge?library={lib.code}")
        unknown = theirs.get("/console/bridge?library=NO-SUCH-LIBRARY")
        assert other.status_code == unknown.status_code == 404
        assert "There is no library" in other.text

        # A viewer of the library reads the page (it changes nothing); an administrator sees
        # both libraries, each with its own word.
        viewer = client_of(server.url, db, Role.VIEWER, lib.code)
        assert figures(viewer.get("/console/bridge").text)["refused"] == 1
        admin = client_of(server.url, db, Role.ADMIN, None)
        both = admin.get(f"/console/bridge?library={unbridged.code}").text
        assert "No ILS bridge is configured" in both
        assert figures(admin.get(f"/console/bridge?library={lib.code}").text)["by_hand"] == 1
    finally:
        server.stop()


def contact(db: Database, lib: Lib) -> Sip2Contact | None:
    with db.read() as session:
        found = session.get(Sip2Contact, lib.id)
        if found is not None:
            session.expunge(found)
        return found


def wait_for(check: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.05)


def test_the_running_bridge_notes_its_contact_then_the_ils_going_down(
    db: Database, make_library: Callable[..., Lib], ils: FakeIls
) -> None:
    lib = make_library()
    laptop = Laptop(db, lib)
    laptop.push(checkout(lib, 0))
    bridge = LibraryBridge(db, lib.code, config(ils.port))
    stop = threading.Event()
    thread = threading.Thread(target=bridge.run, args=(stop, 0.05), daemon=True)
    thread.start()
    try:
        wait_for(lambda: (c := contact(db, lib)) is not None and c.last_contact_at is not None)
        first = contact(db, lib)
        assert first is not None and first.last_error is None
        ils.stop()
        laptop.push(checkout(lib, 1))
        wait_for(lambda: (c := contact(db, lib)) is not None and c.last_error is not None)
        down = contact(db, lib)
        assert down is not None and down.last_error_at is not None
        assert first.last_contact_at is not None and down.last_error_at > first.last_contact_at
        assert "127.0.0.1" in (down.last_error or "")
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_without_a_session_the_page_asks_to_sign_in(
    console_client: Callable[[], ConsoleClient],
) -> None:
    response = console_client().get("/console/bridge?library=MAIN", allow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/console/login?next=%2Fconsole%2Fbridge")
