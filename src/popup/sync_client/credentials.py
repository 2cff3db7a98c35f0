"""Where the device's identity and secret token live.

The token goes to the OS keyring (Windows Credential Locker, macOS Keychain, Secret Service)
when a real one is available. Without one (keyring's ``fail``/``null`` backends, or a keyring
that errors) the token is written to ``sync-credentials.json`` in the app data directory with
mode 0600. The non-secret part (server URL, device id, library) is always in that file, so
the app knows it is enrolled without unlocking the keyring.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from popup import paths

log = logging.getLogger(__name__)

FILE_NAME = "sync-credentials.json"
KEYRING_SERVICE = "popup-sync"


@dataclass(frozen=True)
class Credentials:
    server_url: str
    device_id: str
    token: str
    library_code: str


class CredentialsError(Exception):
    """The saved credentials cannot be read; ``str()`` says what to do."""


def _usable_keyring() -> Any | None:
    """The keyring backend, or None when only a fail/null/chainer-of-nothing backend exists."""
    try:
        import keyring
        from keyring.backend import KeyringBackend
    except Exception:  # pragma: no cover - keyring is a declared dependency
        return None
    try:
        backend: KeyringBackend = keyring.get_keyring()
    except Exception:
        return None
    module = type(backend).__module__
    if module.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return None
    priority = getattr(backend, "priority", 0)
    try:
        if float(priority) <= 0:
            return None
    except (TypeError, ValueError):
        return None
    return backend


def _write_private(path: Path, data: dict[str, Any]) -> None:
    """Write JSON readable by the owner only, atomically (never a half-written file)."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


class CredentialStore:
    """Save, load and forget the credentials of the laptop whose data directory is ``home``."""

    def __init__(self, home: Path, use_keyring: bool = True) -> None:
        self.path = paths.credentials_file(home)
        self.backend = _usable_keyring() if use_keyring else None

    @property
    def where(self) -> str:
        if self.backend is not None:
            return f"the system keyring ({type(self.backend).__name__})"
        return f"the file {self.path} (readable by this user only)"

    def save(self, creds: Credentials) -> None:
        record: dict[str, Any] = asdict(creds)
        if self.backend is not None:
            try:
                self.backend.set_password(KEYRING_SERVICE, creds.device_id, creds.token)
                record["token"] = None
                record["token_in"] = "keyring"
            except Exception as exc:
                log.warning("keyring refused the token (%s); using the private file", exc)
                record["token_in"] = "file"
        else:
            record["token_in"] = "file"
        _write_private(self.path, record)

    def save_token(self, token: str) -> None:
        """Keep a rotated token for the enrolled device (the file is replaced atomically)."""
        current = self.load()
        if current is None:
            raise CredentialsError(f"No sync credentials in {self.path} to give a new token.")
        self.save(replace(current, token=token))

    def load(self) -> Credentials | None:
        if not self.path.exists():
            return None
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
            server_url = str(record["server_url"])
            device_id = str(record["device_id"])
            library_code = str(record.get("library_code") or "")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CredentialsError(
                f"The sync credentials file {self.path} is damaged ({exc}). Enroll this laptop"
                " again with a new code."
            ) from exc
        token = record.get("token")
        if record.get("token_in") == "keyring":
            backend = self.backend or _usable_keyring()
            token = None
            if backend is not None:
                try:
                    token = backend.get_password(KEYRING_SERVICE, device_id)
                except Exception as exc:
                    log.warning("keyring could not be read: %s", exc)
            if not token:
                raise CredentialsError(
                    "The sync token is not in the system keyring any more (or the keyring is"
                    " locked). Unlock it, or enroll this laptop again with a new code."
                )
        if not isinstance(token, str) or not token:
            raise CredentialsError(
                f"The sync credentials file {self.path} has no token. Enroll this laptop again."
            )
        return Credentials(server_url, device_id, token, library_code)

    def forget(self) -> None:
        if not self.path.exists():
            return
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            record = {}
        if record.get("token_in") == "keyring" and self.backend is not None:
            try:
                self.backend.delete_password(KEYRING_SERVICE, str(record.get("device_id")))
            except Exception as exc:
                log.info("keyring entry already gone: %s", exc)
        self.path.unlink(missing_ok=True)
