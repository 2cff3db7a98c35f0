"""Laptops against the real sync server: a laptop with its own data directory and store,
a TCP proxy that drops answers, and the exactly-once checks.

Used by the contract tests and by the laptop's own tests that sync with a real server.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from popup import paths
from popup.store import outbox
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.models import Item, Loan, OutboxEntry, Patron
from popup.sync_client.backoff import Backoff
from popup.sync_client.client import SyncClient
from popup.sync_client.credentials import Credentials, CredentialStore
from popup.sync_client.engine import SyncEngine, SyncReport
from popup.sync_client.enroll import enroll
from tests.helpers.consortium import SyncServer

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def file_credentials() -> Iterator[None]:
    """Tokens go to the 0600 file in this process and its ``popup`` subprocesses, whatever
    the machine's keyring (the keyring path has its own test in tests/popup/sync_client)."""
    import keyring
    from keyring.backends import fail

    saved = {k: os.environ.get(k) for k in ("PYTHON_KEYRING_BACKEND", "POPUP_SYNC_CRASH_AT")}
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    os.environ.pop("POPUP_SYNC_CRASH_AT", None)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class Laptop:
    """One laptop: its own data directory, store file and enrollment."""

    def __init__(self, base: Path, name: str) -> None:
        self.name = name
        self.home = base / name
        self.home.mkdir(parents=True)
        self.store = Store.open(paths.store_file(self.home), paths.backups_dir(self.home))
        self.desk = Desk(self.store)
        self.creds: Credentials | None = None

    def enroll(self, server: SyncServer) -> Credentials:
        self.creds = enroll(self.store, self.home, server.url, server.new_code(), self.name)
        assert CredentialStore(self.home).load() == self.creds
        return self.creds

    def engine(self, url: str | None = None, **kw: Any) -> SyncEngine:
        assert self.creds is not None
        client = SyncClient(url or self.creds.server_url, self.creds.token, timeout=(2.0, 10.0))
        kw.setdefault("backoff", Backoff(base=0.05, cap=0.4))
        kw.setdefault("max_attempts", 4)
        kw.setdefault("save_token", self._save_token)
        return SyncEngine(self.store, client, self.creds.device_id, **kw)

    def _save_token(self, token: str) -> None:
        """A rotated token: kept where the app keeps it, and used from now on."""
        CredentialStore(self.home).save_token(token)
        self.creds = CredentialStore(self.home).load()

    def sync(self, url: str | None = None, **kw: Any) -> SyncReport:
        engine = self.engine(url, **kw)
        try:
            return engine.sync()
        finally:
            engine.client.close()

    def cli(
        self, *args: str, crash_at: str | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        """Run ``popup --home H ARGS`` as a separate process (optionally crashing itself)."""
        env = dict(os.environ)
        env.pop("POPUP_SYNC_CRASH_AT", None)
        if crash_at:
            env["POPUP_SYNC_CRASH_AT"] = crash_at
        return subprocess.run(
            [sys.executable, "-m", "popup", "--home", str(self.home), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
        )

    # -- local state -------------------------------------------------------------------------

    def available_barcodes(self) -> list[str]:
        with self.store.read() as s:
            return list(
                s.scalars(
                    select(Item.barcode)
                    .where(
                        Item.status == "available",
                        Item.item_type == "BOOK",
                        Item.on_hold.is_(False),  # a held item asks for an override
                    )
                    .order_by(Item.barcode)
                )
            )

    def patron_cards(self) -> list[str]:
        with self.store.read() as s:
            return list(
                s.scalars(
                    select(Patron.card_number)
                    .where(
                        Patron.manual_block.is_(False),
                        Patron.fines_owed_cents == 0,
                        Patron.category == "ADULT",
                        Patron.card_expiry > datetime.now(UTC).date(),
                    )
                    .order_by(Patron.card_number)
                )
            )

    def outbox_states(self) -> dict[int, str]:
        with self.store.read() as s:
            return dict(s.execute(select(OutboxEntry.seq, OutboxEntry.state)).all())  # type: ignore[arg-type]

    def waiting(self) -> int:
        with self.store.read() as s:
            return outbox.pending_count(s)

    def open_loans(self) -> dict[str, str]:
        with self.store.read() as s:
            rows = s.execute(
                select(Item.barcode, Loan.id)
                .join(Loan, Loan.item_id == Item.id)
                .where(Loan.returned_at.is_(None))
            ).all()
            return {r.barcode: r.id for r in rows}

    def item_statuses(self) -> dict[str, str]:
        with self.store.read() as s:
            return dict(s.execute(select(Item.barcode, Item.status)).all())  # type: ignore[arg-type]

    def close(self) -> None:
        self.store.close()


def laptop_maker(base: Path) -> tuple[Callable[[str], Laptop], Callable[[], None]]:
    """``make(name)`` builds laptops under ``base``; ``close()`` closes every one made."""
    made: list[Laptop] = []

    def make(name: str) -> Laptop:
        laptop = Laptop(base, name)
        made.append(laptop)
        return laptop

    def close() -> None:
        for laptop in made:
            laptop.close()

    return make, close


class DropProxy:
    """A loopback TCP proxy in front of the server, one request per connection.

    ``drop_next(path_prefix, n)``: for the next ``n`` requests whose path starts with the
    prefix, the request is forwarded and the server's whole answer read (so the server has
    committed), then the client's connection is closed without a byte of it.
    ``down = True`` refuses every request (connection closed at once): a partition.
    """

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = int(self.sock.getsockname()[1])
        self.drops: dict[str, int] = {}
        self.unavailable: dict[str, int] = {}  # answer 503 without forwarding
        self.dropped: list[str] = []
        self.down = False
        self._lock = threading.Lock()
        self._stopping = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def drop_next(self, prefix: str, n: int = 1) -> None:
        with self._lock:
            self.drops[prefix] = self.drops.get(prefix, 0) + n

    def fail_next(self, prefix: str, n: int = 1) -> None:
        """Answer the next ``n`` matching requests 503 (as a server whose database is down)."""
        with self._lock:
            self.unavailable[prefix] = self.unavailable.get(prefix, 0) + n

    def _serve(self) -> None:
        while not self._stopping:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    @staticmethod
    def _read_request(conn: socket.socket) -> bytes | None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            body += chunk
        lines = [
            line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:")
        ]
        return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + body

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            try:
                request = self._read_request(conn)
                if request is None or self.down:
                    return
                path = request.split(b" ", 2)[1].decode()
                with self._lock:
                    busy = next(
                        (p for p, n in self.unavailable.items() if n > 0 and path.startswith(p)),
                        None,
                    )
                    if busy is not None:
                        self.unavailable[busy] -= 1
                if busy is not None:
                    body = b'{"error": "UNAVAILABLE", "message": "The database cannot be reached."}'
                    conn.sendall(
                        b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                        b"Content-Length: " + str(len(body)).encode() + b"\r\n"
                        b"Connection: close\r\n\r\n" + body
                    )
                    return
                with socket.create_connection(("127.0.0.1", self.upstream_port)) as up:
                    up.sendall(request)
                    answer = b""
                    while True:
                        chunk = up.recv(65536)
                        if not chunk:
                            break
                        answer += chunk
                with self._lock:
                    prefix = next(
                        (p for p, n in self.drops.items() if n > 0 and path.startswith(p)), None
                    )
                    if prefix is not None:
                        self.drops[prefix] -= 1
                        self.dropped.append(path)
                if prefix is not None:
                    return  # the server committed; the laptop never hears about it
                conn.sendall(answer)
            except OSError:
                return

    def close(self) -> None:
        self._stopping = True
        self.sock.close()


def assert_exactly_once(server: SyncServer, laptop: Laptop) -> None:
    """The server's applied (device, seq) set is the laptop's outbox prefix, no gaps."""
    assert laptop.creds is not None
    applied = server.applied_seqs(laptop.creds.device_id)
    states = laptop.outbox_states()
    acked = sorted(seq for seq, state in states.items() if state == "acked")
    assert applied == list(range(1, len(applied) + 1)), "gap or duplicate in the server's seqs"
    assert acked == applied[: len(acked)], "the laptop marked done something the server lacks"
    assert server.last_applied(laptop.creds.device_id) == len(applied)


def sync_until_converged(server: SyncServer, laptops: list[Laptop], timeout: float = 30.0) -> int:
    """Sync every laptop until each one's loans and item statuses equal the server's.

    On PostgreSQL the download hands out only change-log positions below the oldest write
    transaction still open anywhere in the cluster, so a change may arrive one pass later:
    convergence is "eventually", bounded here. Returns the number of rounds it took.
    """
    deadline = time.monotonic() + timeout
    rounds = 0
    while True:
        rounds += 1
        for laptop in laptops:
            report = laptop.sync()
            assert report.ok, report.error
        truth_loans, truth_items = server.open_loans(), server.item_statuses()
        if all(
            laptop.open_loans() == truth_loans and laptop.item_statuses() == truth_items
            for laptop in laptops
        ):
            return rounds
        if time.monotonic() > deadline:
            for laptop in laptops:
                assert laptop.open_loans() == truth_loans, laptop.name
                assert laptop.item_statuses() == truth_items, laptop.name
        time.sleep(0.2)
