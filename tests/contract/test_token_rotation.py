"""Device tokens are rotated on the server's schedule without anyone noticing; the replaced
token works for a grace period (a lost rotate answer is no lockout), then 401 TOKEN_EXPIRED.
Against the real server (SQLite and PostgreSQL), with the answer dropped by a proxy."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from sqlalchemy import update

from popup import paths
from popup.sync_client.credentials import CredentialStore
from popup_sync import crud
from popup_sync.models import Device
from tests.helpers.consortium import SyncServer
from tests.helpers.laptops import DropProxy, Laptop


def _set(server: SyncServer, device_id: str, **values: Any) -> None:
    assert server.db is not None
    server.db.run_write(
        lambda s: s.execute(update(Device).where(Device.id == device_id).values(**values))
    )


def _device(server: SyncServer, device_id: str) -> Device:
    assert server.db is not None
    with server.db.read() as s:
        row = s.get(Device, device_id)
        assert row is not None
        s.expunge(row)
        return row


def _pull(server: SyncServer, token: str) -> requests.Response:
    return requests.get(
        f"{server.url}/v1/pull",
        params={"limit": 1},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )


def _age(server: SyncServer, device_id: str, days: float) -> None:
    _set(server, device_id, token_issued_at=datetime.now(UTC) - timedelta(days=days))


def test_a_token_due_for_rotation_is_replaced_during_a_sync(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("rotate")
    first = laptop.enroll(sync_server)
    assert laptop.sync().ok
    assert CredentialStore(laptop.home).load() == first  # not due yet: nothing changes
    assert "X-Token-Rotate" not in _pull(sync_server, first.token).headers
    _age(sync_server, first.device_id, days=31)
    assert _pull(sync_server, first.token).headers["X-Token-Rotate"] == "due"
    report = laptop.sync()
    assert report.ok, report.error
    saved = CredentialStore(laptop.home).load()
    assert saved is not None and saved.token != first.token
    assert saved.device_id == first.device_id and saved.server_url == first.server_url
    row = _device(sync_server, first.device_id)
    assert row.token_hash == crud.hash_token(saved.token)
    assert row.old_token_hash == crud.hash_token(first.token)
    # The old token works during the grace period (and is told to rotate); the new one is fresh.
    old = _pull(sync_server, first.token)
    assert old.status_code == 200 and old.headers["X-Token-Rotate"] == "due"
    assert "X-Token-Rotate" not in _pull(sync_server, saved.token).headers
    assert laptop.sync().ok
    assert CredentialStore(laptop.home).load() == saved  # no rotation when not due


def test_a_lost_rotate_answer_is_no_lockout(
    sync_server: SyncServer, proxy: DropProxy, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("rotate-lost")
    first = laptop.enroll(sync_server)
    assert laptop.sync().ok
    _age(sync_server, first.device_id, days=31)
    proxy.drop_next("/v1/token/rotate", 4)  # every attempt of this pass: the server rotates,
    report = laptop.sync(proxy.url)  # the laptop never hears the new token
    assert report.ok, report.error  # a token not rotated is not a failed pass
    assert proxy.dropped == ["/v1/token/rotate"] * 4
    assert CredentialStore(laptop.home).load() == first
    undelivered = _device(sync_server, first.device_id)
    assert undelivered.token_hash != crud.hash_token(first.token)
    assert undelivered.old_token_hash == crud.hash_token(first.token)
    # The next pass: the old token still opens the server, and the rotation is done again.
    books, cards = laptop.available_barcodes(), laptop.patron_cards()
    laptop.desk.checkout(cards[0], books[0])
    report = laptop.sync(proxy.url)
    assert report.ok and report.pushed == 1, report.error
    saved = CredentialStore(laptop.home).load()
    assert saved is not None and saved.token != first.token
    row = _device(sync_server, first.device_id)
    assert row.token_hash == crud.hash_token(saved.token)
    assert row.old_token_hash == crud.hash_token(first.token)  # the one the laptop held
    assert row.token_hash != undelivered.token_hash  # the undelivered token is dropped
    assert laptop.sync().ok
    # After the grace period the replaced token is refused with its own code.
    _set(sync_server, first.device_id, old_token_expires_at=datetime.now(UTC) - timedelta(1))
    refused = _pull(sync_server, first.token)
    assert refused.status_code == 401 and refused.json()["error"] == "TOKEN_EXPIRED"
    assert _pull(sync_server, saved.token).status_code == 200


def test_an_expired_token_says_enroll_again(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("expired")
    creds = laptop.enroll(sync_server)
    assert laptop.sync().ok
    _age(sync_server, creds.device_id, days=400)  # not rotated for over a year
    sleeps: list[float] = []
    report = laptop.sync(sleep=sleeps.append)
    assert report.error_code == "TOKEN_EXPIRED" and report.error_key == "TOKEN_EXPIRED"
    assert "Enroll it again with a new code" in (report.error or "")
    assert sleeps == []
    cli = laptop.cli("sync", "--until-drained", "--max-seconds", "30")
    assert cli.returncode == 3 and "has expired" in cli.stdout
    # Enrolling again is the way back.
    laptop.enroll(sync_server)
    assert laptop.sync().ok


def test_a_rotated_token_that_cannot_be_saved_fails_nothing_and_is_traded_again(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("rotate-unsaved")
    first = laptop.enroll(sync_server)
    assert laptop.sync().ok
    _age(sync_server, first.device_id, days=31)
    # The new token cannot be written: a folder stands where its temporary file goes.
    blocker = paths.credentials_file(laptop.home).with_name("sync-credentials.json.tmp")
    blocker.mkdir()
    report = laptop.sync()
    assert report.ok, report.error  # the pass itself worked: uploads and downloads are done
    assert CredentialStore(laptop.home).load() == first  # still the token it holds
    assert _pull(sync_server, first.token).status_code == 200  # which keeps working
    blocker.rmdir()
    report = laptop.sync()  # the next pass trades the held (now old) token again
    assert report.ok, report.error
    saved = CredentialStore(laptop.home).load()
    assert saved is not None and saved.token != first.token
    assert _pull(sync_server, saved.token).status_code == 200
    assert laptop.sync().ok
