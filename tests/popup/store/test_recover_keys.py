"""The store's key is never lost by Popup itself: an encrypted store whose key record is missing
is refused by ``Store.open`` and ``popup recover`` alike (no new key made, no key file written
over, no empty store put in its place), plain copies ``popup recover`` set aside before
encryption are encrypted too, and a key kept beside the store by default is said plainly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from sqlalchemy import func, select

from popup import paths
from popup.store import cipher, demo, keys, startup
from popup.store.db import Store, StoreError
from popup.store.errors import journal_files
from popup.store.models import OutboxEntry
from popup.store.recover import recover
from tests.helpers import raw
from tests.popup.store.faults import ROOT, digest
from tests.popup.store.test_encryption import (
    _busy_stop,
    _in_clear,
    _memory_keyring,
    _plain_copy,
    _secrets,
)

WARNING = "a thief who takes the laptop takes the key"


def _store_files(home: Path) -> dict[str, str]:
    """Every file in the data directory (store, journal, key, record), by its hash."""
    return {p.name: digest(p) for p in sorted(home.iterdir()) if p.is_file()}


def _seeded(home: Path) -> tuple[Path, int]:
    path = paths.store_file(home)
    store = Store.open(path, paths.backups_dir(home))
    demo.seed(store, showcase=True)
    _busy_stop(store, loans=10)  # the stop's unsynced actions: what losing the key would lose
    with store.read() as session:
        actions = int(session.scalar(select(func.count()).select_from(OutboxEntry)) or 0)
    store.close()
    assert actions > 0 and not cipher.is_plain(path)
    return path, actions


def _refused_for_the_record(path: Path, refused: pytest.ExceptionInfo[StoreError]) -> None:
    assert refused.value.key == "KEY_RECORD_MISSING"
    sentence = str(refused.value)
    assert str(keys.record_file(path)) in sentence and "restore" in sentence


def test_a_store_whose_key_record_is_missing_is_refused_and_nothing_is_changed(
    home: Path,
) -> None:
    path, actions = _seeded(home)
    record = keys.record_file(path)
    assert keys.default_key_file(path).is_file()
    kept = home.parent / "record-copy.json"
    shutil.copy2(record, kept)
    record.unlink()  # lost: a copy of the data folder without it, a cleanup tool
    before = _store_files(home)
    assert {"popup.sqlite3", "popup.sqlite3.key"} <= set(before)

    with pytest.raises(StoreError) as opened:
        Store.open(path, paths.backups_dir(home))
    _refused_for_the_record(path, opened)
    with pytest.raises(StoreError) as recovered:
        recover(path, paths.credentials_file(home))
    _refused_for_the_record(path, recovered)
    with pytest.raises(StoreError) as checked:
        startup.check_readable(path)
    _refused_for_the_record(path, checked)
    cli = subprocess.run(
        [sys.executable, "-m", "popup", "--home", str(home), "recover"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert cli.returncode == 2, cli.stdout
    assert str(record) in cli.stderr and "is missing" in cli.stderr

    # The store, its key file and everything beside them exactly as they were; no new record.
    assert _store_files(home) == before
    assert not record.exists()
    recovery = home / "recovery"
    assert not recovery.exists() or not any(recovery.iterdir())

    # Damage is not taken for an encrypted store: text written over a file is damage.
    garbage = home.parent / "garbage" / "popup.sqlite3"
    garbage.parent.mkdir()
    garbage.write_bytes(b"\x00garbage" * 512)
    with pytest.raises(StoreError) as damaged:
        startup.check_readable(garbage)
    assert damaged.value.key == "DAMAGED"

    shutil.copy2(kept, record)  # restored from where it was copied: everything is there
    store = Store.open(path, paths.backups_dir(home))
    try:
        with store.read() as session:
            assert session.scalar(select(func.count()).select_from(OutboxEntry)) == actions
    finally:
        store.close()


def test_in_keyring_mode_a_missing_record_makes_no_second_key(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(keys.ENV_KEY_STORE)
    previous = keyring.get_keyring()
    memory = _memory_keyring()
    keyring.set_keyring(memory)
    try:
        path, _ = _seeded(home)
        saved = dict(memory.saved)
        assert len(saved) == 1
        keys.record_file(path).unlink()
        before = _store_files(home)
        with pytest.raises(StoreError) as opened:
            Store.open(path, paths.backups_dir(home))
        _refused_for_the_record(path, opened)
        with pytest.raises(StoreError) as recovered:
            recover(path, paths.credentials_file(home))
        _refused_for_the_record(path, recovered)
        assert memory.saved == saved  # the old key alone, under its own username
        assert _store_files(home) == before
    finally:
        keyring.set_keyring(previous)


def test_a_key_file_already_there_is_never_written_over(home: Path) -> None:
    path = paths.store_file(home)
    key_file = keys.default_key_file(path)
    key_file.write_text(keys.StoreKey.random().hex() + "\n", encoding="ascii")
    before = digest(key_file)

    with pytest.raises(StoreError) as made:
        keys.create(path, keys.KeyStore.FILE)
    assert made.value.key == "KEY_FILE_EXISTS" and str(key_file) in str(made.value)
    with pytest.raises(StoreError) as opened:  # the first start of a store beside that key
        Store.open(path, paths.backups_dir(home))
    assert opened.value.key == "KEY_FILE_EXISTS"
    assert digest(key_file) == before
    assert keys.read_record(path) is None


def test_plain_copies_recover_set_aside_are_encrypted_or_shredded(home: Path) -> None:
    path = paths.store_file(home)
    store = Store.open(path, paths.backups_dir(home))
    demo.seed(store, items=120, patrons=40)
    secrets = _secrets(store)
    # What `popup recover` left before encryption: recovery/<time>/<store name> (and
    # <store name>.1 when a second original was set aside in the same folder), in clear.
    aside = home / "recovery" / "20261101T101010Z"
    aside.mkdir(parents=True)
    whole, second = aside / path.name, aside / f"{path.name}.1"
    _plain_copy(store, whole)
    _plain_copy(store, second)
    store.close()
    # The second one cut short: it does not read whole, so it is not kept in clear.
    second.write_bytes(second.read_bytes()[: 3 * 4096])
    (aside / "README.txt").write_text("what recover said", encoding="utf-8")
    assert cipher.is_plain(whole) and cipher.is_plain(second)
    assert len(_in_clear([whole], secrets)) > 30

    store = Store.open(path, paths.backups_dir(home))
    store.close()

    assert not second.exists()  # shredded
    assert whole.exists() and not cipher.is_plain(whole)
    left = [p for p in aside.iterdir() if p.is_file()]
    assert _in_clear(left, secrets) == []
    assert sorted(p.name for p in left) == ["README.txt", path.name]
    con = raw.connect(whole, store=path)  # still the store it was, under the store's key
    try:
        assert con.execute("SELECT count(*) FROM patrons").fetchone()[0] == 40
    finally:
        con.close()
    assert not any(p.name.endswith((".plain", ".encrypting")) for p in aside.iterdir())
    assert not journal_files(whole)[0].exists()


def test_a_key_file_made_beside_the_store_by_default_is_said_once(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(keys.ENV_KEY_STORE)
    monkeypatch.delenv(keys.ENV_KEY_FILE, raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        path = paths.store_file(home)
        Store.open(path, paths.backups_dir(home)).close()
        Store.open(path, paths.backups_dir(home)).close()
        err = capsys.readouterr().err
        assert err.count(WARNING) == 1
        assert str(keys.default_key_file(path)) in err and "POPUP_KEY_FILE" in err

        # Chosen beforehand (the variable, a key file elsewhere): nothing to warn about.
        monkeypatch.setenv(keys.ENV_KEY_STORE, "file")
        other = home / "chosen" / "popup.sqlite3"
        Store.open(other).close()
        monkeypatch.delenv(keys.ENV_KEY_STORE)
        monkeypatch.setenv(keys.ENV_KEY_FILE, str(home / "drive" / "popup.key"))
        Store.open(home / "elsewhere" / "popup.sqlite3").close()
        assert WARNING not in capsys.readouterr().err
    finally:
        keyring.set_keyring(previous)


def _alt_backend(module: str) -> Any:
    """A keyring backend defined in ``module`` (as keyrings.alt's are), keeping its secrets
    in memory; off keyring's registry at once."""

    def get_password(self: Any, service: str, username: str) -> str | None:
        return self.saved.get((service, username))  # type: ignore[no-any-return]

    def set_password(self: Any, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def delete_password(self: Any, service: str, username: str) -> None:
        del self.saved[(service, username)]

    cls = type(
        "PlaintextKeyring",
        (KeyringBackend,),
        {
            "__module__": module,
            "priority": 1,
            "get_password": get_password,
            "set_password": set_password,
            "delete_password": delete_password,
        },
    )
    KeyringBackend._classes.discard(cls)  # type: ignore[attr-defined]
    backend = cls()
    backend.saved = {}
    return backend


def test_keyrings_alt_backends_are_no_credential_store(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not keys.is_credential_store("keyrings.alt.file")
    assert not keys.is_credential_store("keyrings.alt")
    assert not keys.is_credential_store("keyring.backends.fail")
    assert keys.is_credential_store("keyring.backends.SecretService")
    assert keys.is_credential_store("keyrings.alternative")  # a name, not the package

    monkeypatch.delenv(keys.ENV_KEY_STORE)
    monkeypatch.delenv(keys.ENV_KEY_FILE, raising=False)
    previous = keyring.get_keyring()
    plain_file = _alt_backend("keyrings.alt.file")
    keyring.set_keyring(plain_file)
    try:
        status = keys.keyring_status()
        assert not status.usable and status.backend == "keyrings.alt.file.PlaintextKeyring"
        assert keys.chosen_store() is keys.KeyStore.FILE
        path = paths.store_file(home)
        Store.open(path, paths.backups_dir(home)).close()
        record = keys.read_record(path)
        assert record is not None and record.where is keys.KeyStore.FILE
        assert plain_file.saved == {}  # the key never went into its file
    finally:
        keyring.set_keyring(previous)
    assert os.environ.get(keys.ENV_KEY_STORE) is None
