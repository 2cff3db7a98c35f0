"""Fixtures for the sync server: every test runs on SQLite AND on the real PostgreSQL.

* ``database_url`` is parametrized over both backends (session scope). PostgreSQL gets a fresh
  database ``popup_sync_<random>`` for the session, dropped afterwards. If PostgreSQL at
  127.0.0.1:5432 is unreachable the PostgreSQL half fails when ``POPUP_EXPECT_POSTGRES=1`` (CI)
  and is skipped otherwise.
* ``server`` is a real ``popup-sync serve`` process on a free loopback port.
* Tests isolate from each other by creating their own libraries (``make_library``).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from popup.domain.cards import CardFormat, ScanKind
from popup.domain.loan_rules import LoanRule
from popup.domain.protocol import actions
from popup.domain.protocol.entities import Entity
from popup_sync import changes, crud
from popup_sync.core.db import Database
from popup_sync.models import Item, Patron
from tests.helpers import mutations, postgres
from tests.helpers.server import ServerProcess, free_port

FMT = CardFormat()
INSTITUTION = "1120"
RULES = (
    LoanRule("*", "*", 21, 2, 30),
    LoanRule("*", "DVD", 7, 1, 5),
    LoanRule("*", "REFERENCE", 0, 0, 0, loanable=False),
)


def item_barcode(n: int) -> str:
    return FMT.make(ScanKind.ITEM, n, INSTITUTION)


def patron_card(n: int) -> str:
    return FMT.make(ScanKind.PATRON, n, INSTITUTION)


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('sync') / 'sync.db'}"
        return
    with postgres.scratch_database("popup_sync") as url:
        yield url


@pytest.fixture
def blank_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of the same backend as ``database_url`` (for migration tests)."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'blank.db'}"
        return
    with postgres.scratch_database("popup_sync_blank") as url:
        yield url


@pytest.fixture(scope="session")
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    database.migrate()
    yield database
    database.dispose()


def start_server(database_url: str, log: Path, *extra: str) -> ServerProcess:
    return ServerProcess(database_url, log, args=extra).start()


@pytest.fixture(scope="session")
def server(
    database_url: str, db: Database, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    # The shared server sees the fuzzer's many wrong codes: a wide enrollment allowance keeps
    # them from holding up the next tests' enrollments (test_enroll_limit has its own server).
    with pytest.MonkeyPatch.context() as env:
        env.setenv("POPUP_SYNC_ENROLL_FAILURES_BURST", "1000000")
        env.setenv("POPUP_SYNC_ENROLL_FAILURES_GLOBAL_BURST", "1000000")
        env.setenv("POPUP_SYNC_CONSOLE_SIGNIN_FAILURES_BURST", "1000000")
        proc = start_server(database_url, tmp_path_factory.mktemp("server") / "server.log")
    yield proc.url
    proc.stop()


# -- libraries and devices ---------------------------------------------------------------------


@dataclass
class Lib:
    code: str
    id: int
    items: list[str] = field(default_factory=list)
    patrons: list[str] = field(default_factory=list)


def seed_library(
    db: Database,
    *,
    items: int = 10,
    patrons: int = 5,
    code: str | None = None,
    patron_overrides: dict[int, dict[str, Any]] | None = None,
    item_overrides: dict[int, dict[str, Any]] | None = None,
    first_item: int = 1,
) -> Lib:
    """A library with rules, items and patrons (``item_overrides`` count from 1 whatever
    ``first_item``, the sequence number of the first barcode)."""
    code = code or f"L{uuid.uuid4().hex[:10].upper()}"
    overrides = patron_overrides or {}
    item_over = item_overrides or {}

    def build(session: Any) -> Lib:
        library = crud.create_library(session=session, code=code, name=f"Library {code}")
        for rule in RULES:
            crud.add_rule(session=session, library=library, rule=rule)
        lib = Lib(code, library.id)
        for n in range(1, items + 1):
            barcode = item_barcode(first_item - 1 + n)
            values: dict[str, Any] = {
                "title": f"Title {n}",
                "item_type": "BOOK",
                "home_library": code,
                "status": "available",
                "on_hold": False,
                **item_over.get(n, {}),
            }
            session.add(Item(library_id=library.id, barcode=barcode, **values))
            changes.record(session, library.id, Entity.ITEM, barcode)
            lib.items.append(barcode)
        for n in range(1, patrons + 1):
            card = patron_card(n)
            values = {
                "name": f"Patron Number{n}",
                "category": "ADULT",
                "card_expiry": date.today() + timedelta(days=365),
                "fines_owed_cents": 0,
                "manual_block": False,
                "home_library": code,
                "temporary": False,
                **overrides.get(n, {}),
            }
            session.add(Patron(library_id=library.id, card_number=card, **values))
            changes.record(session, library.id, Entity.PATRON, card)
            lib.patrons.append(card)
        library.next_card_seq = 500_000
        return lib

    return db.run_write(build)


@pytest.fixture
def make_library(db: Database) -> Callable[..., Lib]:
    def make(**kwargs: Any) -> Lib:
        return seed_library(db, **kwargs)

    return make


def now_iso(delta: timedelta = timedelta(0)) -> str:
    return mutations.now(delta).isoformat()


@dataclass
class Device:
    """A laptop as the server sees it: id, token and its own outbox seq counter."""

    base: str
    device_id: str
    token: str
    library_code: str
    seq: int = 0
    http: requests.Session = field(default_factory=requests.Session)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def mutation(
        self, payload: actions.Payload, client_time: datetime | None = None
    ) -> dict[str, Any]:
        """This device's next outbox record (``tests.helpers.mutations``)."""
        self.seq += 1
        return mutations.record(self.seq, payload, client_time=client_time)

    def malformed(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """The next record with a payload no laptop would send (a test of the refusals)."""
        self.seq += 1
        return {
            "seq": self.seq,
            "mutation_id": str(uuid.uuid4()),
            "client_time": now_iso(),
            "kind": kind,
            "payload": payload,
        }

    def checkout(
        self, card: str, barcode: str, out_at: datetime | None = None, loan_id: str | None = None
    ) -> dict[str, Any]:
        payload = mutations.checkout(card, barcode, out_at=out_at, loan_id=loan_id)
        return self.mutation(payload, client_time=payload.out_at)

    def checkin(
        self, barcode: str, returned_at: datetime | None = None, loan_id: str | None = None
    ) -> dict[str, Any]:
        payload = mutations.checkin(barcode, returned_at=returned_at, loan_id=loan_id)
        return self.mutation(payload, client_time=payload.returned_at)

    def push(self, mutations: list[dict[str, Any]], **body: Any) -> requests.Response:
        return self.http.post(
            f"{self.base}/v1/push",
            json={
                "device_id": self.device_id,
                "mutations": mutations,
                "sent_at": now_iso(),
                **body,
            },
            headers=self.headers,
            timeout=60,
        )

    def push_ok(self, mutations: list[dict[str, Any]], **body: Any) -> list[dict[str, Any]]:
        response = self.push(mutations, **body)
        assert response.status_code == 200, response.text
        results: list[dict[str, Any]] = response.json()["results"]
        return results

    def pull(self, cursor: str | None = None, limit: int = 1000) -> requests.Response:
        params: dict[str, Any] = {"limit": limit}
        if cursor is not None:
            params["cursor"] = cursor
        return self.http.get(
            f"{self.base}/v1/pull", params=params, headers=self.headers, timeout=60
        )

    def pull_all(
        self,
        cursor: str | None = None,
        limit: int = 1000,
        until: Callable[[list[dict[str, Any]]], bool] | None = None,
    ) -> tuple[list[dict[str, Any]], str]:
        """Pull pages until has_more is false; returns the changes and the final cursor.

        With ``until``, keep pulling (for up to 30 s) until the changes satisfy it. On
        PostgreSQL the cursor waits for every older write transaction of the whole cluster to
        end (the watermark), so a change can reach devices a moment after its commit when
        other sessions (other test runs) hold transactions open.
        """
        out: list[dict[str, Any]] = []
        deadline = time.monotonic() + 30
        for _ in range(10_000):
            response = self.pull(cursor, limit)
            assert response.status_code == 200, response.text
            body = response.json()
            out += body["changes"]
            cursor = body["cursor"]
            if not body["has_more"]:
                assert cursor is not None
                if until is None or until(out) or time.monotonic() > deadline:
                    return out, cursor
                time.sleep(0.1)
        raise AssertionError("pull never finished")

    def pull_while_writing(
        self,
        cursor: str,
        write: Callable[[int, int], str],
        writers: int,
        per_writer: int,
        limit: int,
    ) -> tuple[set[str], set[str]]:
        """Writer threads call ``write(writer, n)`` (which commits an item and returns its
        barcode) while this device pulls small pages; returns (written, received) barcodes."""
        written: set[str] = set()
        lock, stop = threading.Lock(), threading.Event()
        failures: list[BaseException] = []

        def writer(w: int) -> None:
            try:
                for n in range(per_writer):
                    barcode = write(w, n)
                    with lock:
                        written.add(barcode)
            except BaseException as exc:  # pragma: no cover - reported below
                failures.append(exc)

        received: set[str] = set()

        def reader() -> None:
            nonlocal cursor
            while not stop.is_set():
                page, cursor = self.pull_all(cursor, limit=limit)
                received.update(c["key"] for c in page if c["entity"] == "item")

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
        pulling = threading.Thread(target=reader)
        pulling.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        stop.set()
        pulling.join()
        assert not failures
        final, _ = self.pull_all(
            cursor,
            until=lambda ch: received | {c["key"] for c in ch if c["entity"] == "item"} >= written,
        )
        received.update(c["key"] for c in final if c["entity"] == "item")
        return written, received


def enroll(base: str, db: Database, library_code: str, name: str = "test laptop") -> Device:
    def make_code(session: Any) -> str:
        library = crud.get_library(session=session, code=library_code)
        return crud.create_enrollment_code(session=session, library=library)

    code = db.run_write(make_code)
    response = requests.post(
        f"{base}/v1/enroll", json={"code": code, "device_name": name}, timeout=30
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return Device(base, body["device_id"], body["token"], body["library_code"])


@pytest.fixture
def enroll_device(server: str, db: Database) -> Callable[..., Device]:
    def make(library_code: str, name: str = "test laptop") -> Device:
        return enroll(server, db, library_code, name)

    return make


def has(entity: str, key: str) -> Callable[[list[dict[str, Any]]], bool]:
    """An ``until`` for pull_all: the changes mention ``entity``/``key``."""
    return lambda changes_: any(c["entity"] == entity and c["key"] == key for c in changes_)


def latest(changes_: list[dict[str, Any]], entity: str, key: str) -> dict[str, Any] | None:
    """The last state of ``entity``/``key`` in a list of pulled changes (None if deleted)."""
    state: dict[str, Any] | None = None
    found = False
    for change in changes_:
        if change["entity"] == entity and change["key"] == key:
            found = True
            state = change["data"] if change["op"] == "upsert" else None
    assert found, f"{entity} {key} was never pulled"
    return state


class Kit:
    """Module-level helpers for the test modules (they cannot import conftest directly)."""

    item_barcode = staticmethod(item_barcode)
    patron_card = staticmethod(patron_card)
    latest = staticmethod(latest)
    has = staticmethod(has)
    now_iso = staticmethod(now_iso)
    start_server = staticmethod(start_server)
    free_port = staticmethod(free_port)
    enroll = staticmethod(enroll)
    seed_library = staticmethod(seed_library)


@pytest.fixture
def kit() -> type[Kit]:
    return Kit
