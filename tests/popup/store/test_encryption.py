"""The store at rest (#17): encrypted on disk with its journal and backups, a key kept where the
administrator chose, a wrong key refused in words, a plain store encrypted with nothing lost and
safely under kill -9."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy import select

from popup import paths
from popup.domain import signup as rules
from popup.domain.age_bands import DEFAULT_CATEGORY_BANDS
from popup.store import cipher, demo, keys, startup
from popup.store.circulation import Desk, NeedsOverride
from popup.store.db import Store, StoreError
from popup.store.errors import journal_files
from popup.store.models import Item, Patron
from popup.store.signup import register
from tests.helpers import raw

SIGNUPS = [
    ("Ximena Quiroga-Bautista", "ximena.q@example.org", "77 Juniper Lane"),
    ("Oluwaseun Adeyemi", "seun.adeyemi@example.org", "4 Larkspur Court"),
    ("Bartholomew Quince", "b.quince@example.org", "19 Wren Terrace"),
]


def _signup(name: str, email: str, address: str) -> rules.CleanSignup:
    today = datetime.now(UTC).date()
    form = rules.SignupForm(
        name=name,
        date_of_birth="1984-03-09",
        email=email,
        phone="",
        address=address,
        language="en",
        consent=True,
    )
    return rules.validate(form, today=today, bands=DEFAULT_CATEGORY_BANDS)


def _busy_stop(store: Store, loans: int = 60) -> None:
    """A busy stop on the demo data: checkouts, returns, sign-ups."""
    desk = Desk(store)
    with store.read() as session:
        cards = list(session.scalars(select(Patron.card_number).order_by(Patron.id).limit(40)))
        barcodes = list(
            session.scalars(
                select(Item.barcode).where(Item.status == "available").order_by(Item.id).limit(400)
            )
        )
    done = 0
    for n, barcode in enumerate(barcodes):
        try:
            result = desk.checkout(cards[n % len(cards)], barcode, override_reason="busy stop")
        except NeedsOverride:  # pragma: no cover - the override reason covers it
            continue
        if done % 3 == 0:
            desk.checkin(result.barcode)
        done += 1
        if done == loans:
            break
    for name, email, address in SIGNUPS:
        register(store, _signup(name, email, address), allow_duplicate=True)


def _secrets(store: Store) -> list[bytes]:
    """Every patron name and card number the store holds, and what sign-ups typed."""
    with store.read() as session:
        rows = session.execute(select(Patron.name, Patron.card_number)).all()
    found = {value for row in rows for value in row if value and len(value) >= 6}
    found |= {value for signup in SIGNUPS for value in signup}
    return sorted(text.encode("utf-8") for text in found)


def _in_clear(files: list[Path], secrets: list[bytes]) -> list[str]:
    leaks = []
    for path in files:
        data = path.read_bytes()
        leaks += [f"{path.name}: {s.decode()}" for s in secrets if s in data]
    return leaks


def _plain_copy(store: Store, target: Path) -> None:
    """An unencrypted copy of the store (as a store from before encryption was)."""
    con = raw.connect(store.path, isolation_level=None)
    try:
        con.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
        con.execute("SELECT sqlcipher_export('plain')")
        con.execute("DETACH DATABASE plain")
    finally:
        con.close()


def test_a_busy_stop_leaves_no_patron_name_or_card_in_clear(home: Path) -> None:
    path, backups = paths.store_file(home), paths.backups_dir(home)
    store = Store.open(path, backups)
    demo.seed(store, showcase=True)
    _busy_stop(store)
    secrets = _secrets(store)
    assert len(secrets) > 400
    # A backup from before encryption, holding everything in clear (the positive control).
    stamp = (datetime.now(UTC) - timedelta(days=2)).strftime("%Y%m%dT%H%M%SZ")
    old_backup = backups / f"popup-0009_keep_less-{stamp}.sqlite3"
    _plain_copy(store, old_backup)
    assert len(_in_clear([old_backup], secrets)) > 400
    store.close()

    store = Store.open(path, backups)  # encrypts the plain backup
    startup.backup(path, backups, "test", store.key)  # a pre-migration backup, as startup makes
    _busy_stop(store, loans=30)  # more of the stop, in the journal now
    try:
        wal = journal_files(path)[0]
        assert wal.is_file() and wal.stat().st_size > 0
        files = [path, wal, *sorted(backups.iterdir())]
        assert old_backup in files and len(files) >= 4
        assert _in_clear(files, secrets) == []
        assert not any(cipher.is_plain(f) for f in files)
        assert (
            raw.connect(old_backup, store=path)
            .execute("SELECT count(*) FROM patrons")
            .fetchone()[0]
            > 400
        )
    finally:
        store.close()
    assert _in_clear([path, *backups.iterdir()], secrets) == []


def test_the_key_file_is_the_owners_only_and_the_record_holds_no_key(home: Path) -> None:
    path = paths.store_file(home)
    Store.open(path, paths.backups_dir(home)).close()
    record = keys.read_record(path)
    assert record is not None and record.where is keys.KeyStore.FILE
    key_file = Path(record.key_file)
    assert key_file.parent == home
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key_hex = key_file.read_text(encoding="ascii").strip()
    assert len(key_hex) == 64
    assert key_hex not in keys.record_file(path).read_text(encoding="utf-8")
    assert key_hex.encode() not in path.read_bytes()


def test_a_key_file_elsewhere_is_used_when_given(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    where = tmp_path / "usb" / "popup.key"
    monkeypatch.setenv(keys.ENV_KEY_FILE, str(where))
    path = paths.store_file(home)
    Store.open(path, paths.backups_dir(home)).close()
    assert stat.S_IMODE(where.stat().st_mode) == 0o600
    where.rename(tmp_path / "unplugged.key")
    with pytest.raises(StoreError) as refused:
        Store.open(path, paths.backups_dir(home))
    assert refused.value.key == "KEY_FILE_MISSING" and str(where) in str(refused.value)


def test_a_wrong_key_is_refused_with_a_sentence(home: Path) -> None:
    path = paths.store_file(home)
    store = Store.open(path, paths.backups_dir(home))
    demo.seed(store, items=50, patrons=10)
    store.close()
    record = keys.read_record(path)
    assert record is not None
    Path(record.key_file).write_text(keys.StoreKey.random().hex() + "\n", encoding="ascii")
    before = path.read_bytes()
    with pytest.raises(StoreError) as refused:
        Store.open(path, paths.backups_dir(home))
    text = str(refused.value)
    assert refused.value.key == "WRONG_KEY"
    assert str(path) in text and "not the key" in text
    assert "not a database" not in text and "Traceback" not in text
    assert path.read_bytes() == before


def test_a_passphrase_store_opens_only_with_its_passphrase(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(keys.ENV_KEY_STORE, "passphrase")
    path = paths.store_file(home)
    asked: list[bool] = []

    def ask(new: bool) -> str:
        asked.append(new)
        return "correct horse battery"

    store = Store.open(path, paths.backups_dir(home), ask=ask)
    demo.seed(store, items=50, patrons=10)
    store.close()
    assert asked == [True]
    record_text = keys.record_file(path).read_text(encoding="utf-8")
    assert "scrypt" in record_text and "correct horse" not in record_text
    assert not list(home.glob("*.key"))

    monkeypatch.delenv(keys.ENV_KEY_STORE)  # the record decides from now on
    Store.open(path, paths.backups_dir(home), ask=ask).close()
    assert asked == [True, False]
    with pytest.raises(StoreError) as wrong:
        Store.open(path, paths.backups_dir(home), ask=lambda new: "incorrect horse battery")
    assert wrong.value.key == "WRONG_PASSPHRASE"
    with pytest.raises(StoreError) as none:
        Store.open(path, paths.backups_dir(home), ask=lambda new: None)
    assert none.value.key == "PASSPHRASE_NEEDED"


def _plain_store_with_journal(home: Path, tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """A plain store (as before encryption) whose last writes are still in its journal."""
    source = Store.open(tmp_path / "source" / "popup.sqlite3")
    demo.seed(source, showcase=True)
    _busy_stop(source, loans=20)
    path = paths.store_file(home)
    _plain_copy(source, path)
    source.close()
    con = raw.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA wal_autocheckpoint = 0")
    con.execute("UPDATE patrons SET block_reason = 'in the journal only' WHERE id = 1")
    counts = cipher.table_counts(con)
    # A copy of the file and its journal while the journal still holds the last write.
    wal = journal_files(path)[0]
    held = tmp_path / "held"
    held.mkdir()
    for member in (path, wal):
        (held / member.name).write_bytes(member.read_bytes())
    con.close()
    for member in (path, *journal_files(path)):
        member.unlink(missing_ok=True)
    for member in held.iterdir():
        member.rename(home / member.name)
    assert cipher.is_plain(path) and wal.stat().st_size > 0
    return path, counts


def _check_encrypted(path: Path, counts: dict[str, int]) -> None:
    assert not cipher.is_plain(path)
    leftovers = [
        p.name for p in path.parent.iterdir() if p.name.endswith((".plain", ".encrypting"))
    ]
    assert leftovers == []
    con = raw.connect(path)
    try:
        assert cipher.table_counts(con) == counts
        assert cipher.check(con)
        reason = con.execute("SELECT block_reason FROM patrons WHERE id = 1").fetchone()[0]
        assert reason == "in the journal only"
    finally:
        con.close()


def test_a_plain_store_is_encrypted_at_open_with_nothing_lost(home: Path, tmp_path: Path) -> None:
    path, counts = _plain_store_with_journal(home, tmp_path)
    store = Store.open(path, paths.backups_dir(home))
    store.close()
    _check_encrypted(path, counts)
    assert not journal_files(path)[0].exists() or not cipher.is_plain(path)
    assert keys.read_record(path) is not None


_OPEN = """
import sys
from pathlib import Path
from popup.store.db import Store
Store.open(Path(sys.argv[1])).close()
print("opened", flush=True)
"""


@pytest.mark.parametrize("moment", ["exported", "linked", "swapped"])
def test_kill_9_while_encrypting_leaves_a_usable_store(
    home: Path, tmp_path: Path, moment: str
) -> None:
    path, counts = _plain_store_with_journal(home, tmp_path)
    proc = subprocess.run(
        [sys.executable, "-c", _OPEN, str(path)],
        env={**os.environ, cipher.CRASH_ENV: moment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    # Whatever the kill left, the store opens whole: plain before the swap, encrypted after.
    assert cipher.is_plain(path) == (moment != "swapped")
    store = Store.open(path, paths.backups_dir(home))
    store.close()
    _check_encrypted(path, counts)


def _memory_keyring() -> Any:
    """A credential store in memory: the stand-in for Windows Credential Manager, the macOS
    Keychain or Secret Service, which this machine does not have. Taken off keyring's registry
    of backends at once, so no other test's keyring ever finds it."""

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.saved: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.saved.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.saved[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            del self.saved[(service, username)]

    KeyringBackend._classes.discard(MemoryKeyring)  # type: ignore[attr-defined]
    return MemoryKeyring()


def test_where_a_credential_store_exists_the_key_is_kept_there(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(keys.ENV_KEY_STORE)
    previous = keyring.get_keyring()
    memory = _memory_keyring()
    keyring.set_keyring(memory)
    try:
        assert keys.keyring_status().usable
        path = paths.store_file(home)
        store = Store.open(path, paths.backups_dir(home))
        demo.seed(store, items=50, patrons=10)
        store.close()
        record = keys.read_record(path)
        assert record is not None and record.where is keys.KeyStore.KEYRING
        assert list(memory.saved) == [(keys.KEYRING_SERVICE, record.keyring_user)]
        assert not list(home.glob("*.key"))
        saved = next(iter(memory.saved.values()))
        assert saved not in keys.record_file(path).read_text(encoding="utf-8")
        Store.open(path, paths.backups_dir(home)).close()  # found there again

        memory.saved.clear()
        with pytest.raises(StoreError) as refused:
            Store.open(path, paths.backups_dir(home))
        assert refused.value.key == "KEY_NOT_IN_KEYRING"
    finally:
        keyring.set_keyring(previous)
