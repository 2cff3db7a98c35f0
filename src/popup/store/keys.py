"""The store's key: a random 256-bit key that encrypts the store file (SQLCipher), and where it
is kept.

Where the key lives is the administrator's choice, recorded next to the store in
``<store>.cipher.json`` (:func:`record_file`). The record says *where* the key is and holds a
check value to recognise it by (an HMAC of a constant under the key: it tells a wrong key from a
damaged file and reveals nothing of the key); it never holds the key itself.

* ``keyring`` (the default wherever one works): the operating system's credential store
  (Windows Credential Manager, macOS Keychain, Secret Service), through ``keyring``.
* ``file``: a key file readable by its owner only (mode 0600), by default in the data
  directory beside the store, or at a path the administrator gives (``POPUP_KEY_FILE``; a
  removable drive keeps the key away from the laptop).
* ``passphrase``: nothing is kept; the key is derived from a passphrase asked at every start
  with a slow KDF (scrypt) and the salt in the record.

Where keyring has no usable backend (its ``fail``/``null`` backends: a server, CI, a Linux
session without Secret Service) :func:`keyring_status` says so plainly, and the key goes where
the administrator chose: ``POPUP_KEY_STORE=file`` or ``passphrase`` (the window asks at the
first start; the command line and tests take the environment), else a key file.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from popup.domain.messages import specifics
from popup.store.errors import StoreError

log = logging.getLogger(__name__)

#: Where the key goes for a store that has no record yet: ``keyring``, ``file``,
#: ``passphrase``. Unset: the OS credential store when there is one, else a key file.
ENV_KEY_STORE = "POPUP_KEY_STORE"
#: The key file's path, for ``file`` (default: beside the store, ``<store>.key``).
ENV_KEY_FILE = "POPUP_KEY_FILE"
KEYRING_SERVICE = "Popup store key"
KEY_BYTES = 32
_CHECK = b"popup store key check v1"
#: scrypt for passphrases: 64 MiB and about a quarter of a second, once per start.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 1 << 16, 8, 1
MIN_PASSPHRASE = 8

#: ``ask(new)``: the passphrase typed by the administrator (``new``: a store without a key yet,
#: so ask twice), or None when they cancelled.
AskPassphrase = Callable[[bool], "str | None"]


class KeyStore(StrEnum):
    KEYRING = "keyring"
    FILE = "file"
    PASSPHRASE = "passphrase"


class StoreKey:
    """The 256-bit key. Its text never appears in a repr, a log or an error."""

    __slots__ = ("_raw",)

    def __init__(self, raw: bytes) -> None:
        if len(raw) != KEY_BYTES:
            raise ValueError("a store key is 32 bytes")
        self._raw = raw

    @classmethod
    def random(cls) -> StoreKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    def sql(self) -> str:
        """The key as SQLCipher's raw-key literal (``x'…'``: no key derivation per open)."""
        return f"x'{self._raw.hex()}'"

    def hex(self) -> str:
        return self._raw.hex()

    def check(self) -> str:
        return hmac.new(self._raw, _CHECK, hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        return "StoreKey(…)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StoreKey) and hmac.compare_digest(self._raw, other._raw)

    def __hash__(self) -> int:
        return hash(self.check())


@dataclass(frozen=True)
class KeyRecord:
    """Where the store's key is kept (``<store>.cipher.json``): never the key."""

    where: KeyStore
    check: str
    keyring_user: str = ""
    key_file: str = ""
    salt: str = ""
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    def dump(self) -> dict[str, Any]:
        data: dict[str, Any] = {"version": 1, "where": self.where.value, "check": self.check}
        if self.where is KeyStore.KEYRING:
            data["keyring"] = {"service": KEYRING_SERVICE, "username": self.keyring_user}
        elif self.where is KeyStore.FILE:
            data["key_file"] = self.key_file
        else:
            data["kdf"] = {"name": "scrypt", "salt": self.salt, "n": self.n, "r": self.r}
            data["kdf"]["p"] = self.p
        return data

    @classmethod
    def load(cls, data: dict[str, Any]) -> KeyRecord:
        where = KeyStore(data["where"])
        kdf = data.get("kdf", {})
        return cls(
            where,
            str(data["check"]),
            keyring_user=str(data.get("keyring", {}).get("username", "")),
            key_file=str(data.get("key_file", "")),
            salt=str(kdf.get("salt", "")),
            n=int(kdf.get("n", SCRYPT_N)),
            r=int(kdf.get("r", SCRYPT_R)),
            p=int(kdf.get("p", SCRYPT_P)),
        )


def record_file(store: Path) -> Path:
    """Where the store's key record is (beside the store file)."""
    return store.with_name(store.name + ".cipher.json")


def default_key_file(store: Path) -> Path:
    return store.with_name(store.name + ".key")


@dataclass(frozen=True)
class KeyringStatus:
    usable: bool
    #: The backend's class, e.g. ``keyring.backends.SecretService.Keyring``.
    backend: str


def _backend() -> Any | None:
    try:
        import keyring

        return keyring.get_keyring()
    except Exception:  # pragma: no cover - keyring is a declared dependency
        return None


#: Backends that are no credential store: keyring's fail/null ones, and keyrings.alt's, which
#: keep secrets in files beside the user's others (in plain text or weakly encrypted).
_NOT_A_CREDENTIAL_STORE = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def is_credential_store(module: str) -> bool:
    """Whether a keyring backend defined in ``module`` is a real credential store."""
    return not any(
        module == prefix or module.startswith(prefix + ".") for prefix in _NOT_A_CREDENTIAL_STORE
    )


def keyring_status() -> KeyringStatus:
    """Whether the OS credential store can keep the key (not keyring's fail/null backends,
    not keyrings.alt's files)."""
    backend = _backend()
    if backend is None:  # pragma: no cover
        return KeyringStatus(False, "none")
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if not is_credential_store(type(backend).__module__):
        return KeyringStatus(False, name)
    try:
        usable = float(getattr(backend, "priority", 0)) > 0
    except (TypeError, ValueError):  # pragma: no cover
        usable = False
    return KeyringStatus(usable, name)


def read_record(store: Path) -> KeyRecord | None:
    path = record_file(store)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError("KEY_RECORD_UNREADABLE", specifics(path=str(path))) from exc
    try:
        return KeyRecord.load(json.loads(text))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StoreError("KEY_RECORD_UNREADABLE", specifics(path=str(path))) from exc


_SQLITE_HEADER = b"SQLite format 3\x00"


#: SQLCipher's pages are a power of two of at least 512 bytes, and look random from the first
#: byte (page 1 starts with the file's random salt): 4 KiB of ciphertext hold nearly every byte
#: value, text or zeros written over a file (damage) a few.
_MIN_PAGE = 512
_RANDOM_LOOKING = 160


def looks_encrypted(store: Path) -> bool:
    """Whether ``store`` holds what an encrypted store looks like without its key: whole pages
    of random-looking bytes, not SQLite's header (damage of another kind is not this)."""
    try:
        size = store.stat().st_size
        with store.open("rb") as fh:
            head = fh.read(4096)
    except OSError:  # missing, a folder, unreadable: opening it says why
        return False
    if size < _MIN_PAGE or size % _MIN_PAGE or head.startswith(_SQLITE_HEADER):
        return False
    return len(set(head)) >= _RANDOM_LOOKING


def is_encrypted_without_record(store: Path) -> bool:
    """Whether ``store`` is an encrypted store file (:func:`looks_encrypted`) without its key
    record: no key made now could read it."""
    return looks_encrypted(store) and read_record(store) is None


def refuse_without_record(store: Path) -> None:
    """Refuse (``KEY_RECORD_MISSING``) an encrypted store file that has no key record: a new
    key would not read it, and whatever was done next (a fresh store put in its place, a key
    file written over, a second key in the credential store) would lose it for good."""
    if is_encrypted_without_record(store):
        raise StoreError(
            "KEY_RECORD_MISSING", specifics(path=str(store), record=str(record_file(store)))
        )


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` readable by the owner only (0600), atomically and durably."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    from popup.store.startup import fsync_dir

    fsync_dir(path.parent)


def _write_new_key(path: Path, text: str) -> None:
    """Write a new key file, readable by the owner only (0600), refusing one already there
    (``O_EXCL``): a key is never written over, whoever asks."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise StoreError("KEY_FILE_EXISTS", specifics(path=str(path))) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(path, 0o600)
    except BaseException:
        path.unlink(missing_ok=True)  # ours, made just now: nothing else was in it
        raise
    from popup.store.startup import fsync_dir

    fsync_dir(path.parent)


#: Said once, on stderr, when a new key goes to a file beside the store because nobody chose.
KEY_BESIDE_STORE_WARNING = (
    "popup: the store's key is kept in a file beside it ({path}): a thief who takes the"
    " laptop takes the key; keep it on a removable drive with POPUP_KEY_FILE, or choose a"
    " passphrase (POPUP_KEY_STORE=passphrase).\n"
)


def derive(passphrase: str, record: KeyRecord) -> StoreKey:
    """The key from a passphrase and the record's salt (scrypt: slow on purpose)."""
    raw = hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=bytes.fromhex(record.salt),
        n=record.n,
        r=record.r,
        p=record.p,
        maxmem=256 * record.n * record.r * record.p,
        dklen=KEY_BYTES,
    )
    return StoreKey(raw)


def chosen_store() -> KeyStore:
    """Where a new key goes: ``POPUP_KEY_STORE`` if set, else the OS credential store when
    there is one, else a key file."""
    wanted = os.environ.get(ENV_KEY_STORE, "").strip().lower()
    if wanted:
        try:
            return KeyStore(wanted)
        except ValueError:
            raise StoreError("KEY_STORE_UNKNOWN", specifics(value=wanted)) from None
    return KeyStore.KEYRING if keyring_status().usable else KeyStore.FILE


def _key_file_path(store: Path, given: Path | None) -> Path:
    if given is not None:
        return given
    env = os.environ.get(ENV_KEY_FILE)
    return Path(env).expanduser().absolute() if env else default_key_file(store)


def create(
    store: Path,
    where: KeyStore | None = None,
    *,
    passphrase: str | None = None,
    key_file: Path | None = None,
) -> StoreKey:
    """Make the key of a store that has none yet, keep it where chosen (``where``; None: where
    :func:`chosen_store` says) and write the record (the key first, then the record). Never
    for a store file that is already encrypted (``KEY_RECORD_MISSING``), and never over a key
    file already there (``KEY_FILE_EXISTS``): a kill between the key file and the record
    leaves a key file the administrator must move away (it cannot be told from another
    store's key)."""
    refuse_without_record(store)
    chosen = where is not None or bool(os.environ.get(ENV_KEY_STORE, "").strip())
    where = where or chosen_store()
    target = record_file(store)
    if where is KeyStore.PASSPHRASE:
        if passphrase is None:
            raise StoreError("PASSPHRASE_NEEDED", specifics(path=str(store)))
        if len(passphrase) < MIN_PASSPHRASE:
            raise StoreError("PASSPHRASE_TOO_SHORT", specifics(count=MIN_PASSPHRASE))
        record = KeyRecord(where, "", salt=secrets.token_bytes(16).hex())
        key = derive(passphrase, record)
        record = KeyRecord(where, key.check(), salt=record.salt)
    elif where is KeyStore.KEYRING:
        status = keyring_status()
        if not status.usable:
            raise StoreError("NO_KEYRING", specifics(backend=status.backend))
        key = StoreKey.random()
        user = str(uuid.uuid4())
        try:
            import keyring

            keyring.set_password(KEYRING_SERVICE, user, key.hex())
        except Exception as exc:
            log.warning("the credential store refused the key: %s", type(exc).__name__)
            raise StoreError("KEYRING_FAILED", specifics(backend=status.backend)) from exc
        record = KeyRecord(where, key.check(), keyring_user=user)
    else:
        key = StoreKey.random()
        path = _key_file_path(store, key_file)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_new_key(path, key.hex() + "\n")
        except OSError as exc:
            raise StoreError("KEY_FILE_UNWRITABLE", specifics(path=str(path))) from exc
        record = KeyRecord(where, key.check(), key_file=str(path.absolute()))
        if not chosen and key_file is None and not os.environ.get(ENV_KEY_FILE):
            import sys

            sys.stderr.write(KEY_BESIDE_STORE_WARNING.format(path=path))
    try:
        _write_private(target, json.dumps(record.dump(), indent=2, sort_keys=True) + "\n")
    except OSError as exc:
        raise StoreError("KEY_RECORD_UNREADABLE", specifics(path=str(target))) from exc
    log.info("a new store key was made, kept in: %s", where.value)
    return key


def load(record: KeyRecord, store: Path, passphrase: str | None = None) -> StoreKey:
    """The key the record points to, checked against the record. Raises :class:`StoreError`
    with a sentence: the credential store or the key file is missing, or it is not this
    store's key (a wrong passphrase, another laptop's key file)."""
    if record.where is KeyStore.PASSPHRASE:
        if passphrase is None:
            raise StoreError("PASSPHRASE_NEEDED", specifics(path=str(store)))
        key = derive(passphrase, record)
        if not hmac.compare_digest(key.check(), record.check):
            raise StoreError("WRONG_PASSPHRASE", specifics(path=str(store)))
        return key
    if record.where is KeyStore.KEYRING:
        status = keyring_status()
        if not status.usable:
            raise StoreError("NO_KEYRING", specifics(backend=status.backend))
        try:
            import keyring

            text = keyring.get_password(KEYRING_SERVICE, record.keyring_user)
        except Exception as exc:
            log.warning("the credential store could not be read: %s", type(exc).__name__)
            raise StoreError("KEYRING_FAILED", specifics(backend=status.backend)) from exc
        if text is None:
            raise StoreError("KEY_NOT_IN_KEYRING", specifics(path=str(store)))
        where = status.backend
    else:
        path = Path(record.key_file)
        try:
            text = path.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as exc:
            raise StoreError("KEY_FILE_MISSING", specifics(path=str(path))) from exc
        where = str(path)
    found: StoreKey | None
    try:
        found = StoreKey(bytes.fromhex(text.strip()))
    except ValueError:
        found = None
    if found is None or not hmac.compare_digest(found.check(), record.check):
        raise StoreError("WRONG_KEY", specifics(path=str(store), where=where))
    return found


def ask_on_terminal(new: bool) -> str | None:
    """The passphrase typed at the terminal (twice for a new one); None without a terminal."""
    import getpass
    import sys

    if not sys.stdin.isatty():
        return None
    try:
        typed = getpass.getpass("Popup store passphrase: ")
        if new and getpass.getpass("The same passphrase again: ") != typed:
            sys.stderr.write("popup: the two passphrases differ.\n")
            return None
    except (EOFError, KeyboardInterrupt):
        return None
    return typed


def resolve(
    store: Path, *, passphrase: str | None = None, ask: AskPassphrase | None = None
) -> StoreKey:
    """The key of the store at ``store``: the recorded one, or a new one kept where chosen
    (:func:`chosen_store`) when the store has no record yet. In passphrase mode the
    passphrase is ``passphrase``, else ``ask(new)``'s answer (default: asked at the terminal,
    when there is one)."""
    ask = ask or ask_on_terminal
    record = read_record(store)
    if record is None:
        refuse_without_record(store)  # before anything is asked or made
    where = record.where if record is not None else chosen_store()
    if where is KeyStore.PASSPHRASE and passphrase is None and ask is not None:
        passphrase = ask(record is None)
        if passphrase is None:
            raise StoreError("PASSPHRASE_NEEDED", specifics(path=str(store)))
    if record is None:
        # None when nobody chose: create() then says where the key went, if beside the store.
        return create(
            store, where if os.environ.get(ENV_KEY_STORE) else None, passphrase=passphrase
        )
    return load(record, store, passphrase)


def describe(store: Path) -> str:
    """One line for ``popup --self-test`` about the key of the store at ``store``: where it
    is kept and whether it is there (a passphrase is asked at start, so it is not checked)."""
    record = read_record(store)
    if record is None:
        return f"{store} has no key yet"
    if record.where is KeyStore.PASSPHRASE:
        return f"{store}: key from a passphrase asked at every start"
    try:
        load(record, store)
    except StoreError as exc:
        raise StoreError(exc.key, exc.params) from None
    if record.where is KeyStore.FILE:
        return f"{store}: key file {record.key_file} present"
    return f"{store}: key present in the credential store"


def forget(store: Path) -> None:
    """Delete a store's key and its record (tests, and a store deleted for good)."""
    record = read_record(store)
    if record is None:
        return
    if record.where is KeyStore.KEYRING:
        try:
            import keyring

            keyring.delete_password(KEYRING_SERVICE, record.keyring_user)
        except Exception as exc:  # already gone, or no credential store now
            log.info("the store key was not in the credential store: %s", type(exc).__name__)
    elif record.where is KeyStore.FILE:
        Path(record.key_file).unlink(missing_ok=True)
    record_file(store).unlink(missing_ok=True)


__all__ = [
    "ENV_KEY_FILE",
    "ENV_KEY_STORE",
    "KEYRING_SERVICE",
    "AskPassphrase",
    "KeyRecord",
    "KeyStore",
    "KeyringStatus",
    "StoreKey",
    "ask_on_terminal",
    "chosen_store",
    "create",
    "default_key_file",
    "derive",
    "describe",
    "forget",
    "is_credential_store",
    "is_encrypted_without_record",
    "keyring_status",
    "load",
    "looks_encrypted",
    "read_record",
    "record_file",
    "refuse_without_record",
    "resolve",
]
