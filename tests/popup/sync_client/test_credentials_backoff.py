"""Credentials on disk (0600) and in a keyring; the backoff schedule."""

from __future__ import annotations

import json
import random
import stat
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from popup.sync_client.backoff import Backoff
from popup.sync_client.credentials import (
    FILE_NAME,
    Credentials,
    CredentialsError,
    CredentialStore,
)

CREDS = Credentials(
    "http://127.0.0.1:8765", "0b7c1f9e-5d1f-4a43-9a38-2f4f4bcf0d11", "s3cret", "MAIN"
)


class MemoryKeyring(KeyringBackend):
    """A real keyring backend kept in memory (what Secret Service would do, minus D-Bus)."""

    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.data.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.data[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.data[(service, username)]


@pytest.fixture
def no_keyring() -> object:
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring() -> object:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_without_a_keyring_the_token_goes_to_a_0600_file(home: Path, no_keyring: object) -> None:
    store = CredentialStore(home)
    assert store.backend is None
    store.save(CREDS)
    path = home / FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["token"] == "s3cret"
    assert "file" in store.where
    assert CredentialStore(home).load() == CREDS
    assert not list(home.glob("*.tmp"))


def test_with_a_keyring_the_file_holds_no_secret(home: Path, memory_keyring: MemoryKeyring) -> None:
    store = CredentialStore(home)
    store.save(CREDS)
    record = json.loads((home / FILE_NAME).read_text())
    assert record["token"] is None and record["token_in"] == "keyring"
    assert "s3cret" not in (home / FILE_NAME).read_text()
    assert memory_keyring.data[("popup-sync", CREDS.device_id)] == "s3cret"
    assert CredentialStore(home).load() == CREDS
    store.forget()
    assert memory_keyring.data == {}
    assert CredentialStore(home).load() is None


def test_token_lost_from_keyring_says_what_to_do(home: Path, memory_keyring: MemoryKeyring) -> None:
    CredentialStore(home).save(CREDS)
    memory_keyring.data.clear()
    with pytest.raises(CredentialsError, match="enroll this laptop again"):
        CredentialStore(home).load()


def test_damaged_file_is_reported(home: Path, no_keyring: object) -> None:
    (home / FILE_NAME).write_text("{not json")
    with pytest.raises(CredentialsError, match="damaged"):
        CredentialStore(home).load()


def test_backoff_ceiling_doubles_then_caps() -> None:
    b = Backoff(base=0.5, cap=30.0, rng=random.Random(1))
    assert [b.ceiling(n) for n in range(8)] == [0.5, 1, 2, 4, 8, 16, 30, 30]
    assert b.ceiling(10_000) == 30.0  # no overflow after a long outage
    with pytest.raises(ValueError):
        b.ceiling(-1)


def test_backoff_delays_are_jittered_within_the_ceiling() -> None:
    b = Backoff(base=0.5, cap=30.0, rng=random.Random(42))
    for attempt in range(12):
        delays = [b.delay(attempt) for _ in range(200)]
        assert all(0.0 <= d <= b.ceiling(attempt) for d in delays)
        assert len(set(delays)) > 150  # jitter: laptops do not retry in lockstep
    late = [b.delay(9) for _ in range(500)]
    assert 10 < sum(late) / len(late) < 20  # full jitter: mean about cap / 2
