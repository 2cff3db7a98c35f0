"""The one place that decides where Popup keeps its files.

Order: an explicit ``--home DIR``, then the ``POPUP_HOME`` environment variable, then the
per-user data directory (platformdirs; never the roaming profile on Windows).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Popup"
APP_AUTHOR = "Popup"
ENV_HOME = "POPUP_HOME"


def home(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory, created if missing (and if it can be: the store says why not)."""
    if override is not None:
        base = Path(override)
    elif os.environ.get(ENV_HOME):
        base = Path(os.environ[ENV_HOME])
    else:
        base = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))
    base = base.expanduser().resolve()
    with contextlib.suppress(OSError):
        base.mkdir(parents=True, exist_ok=True)
    return base


def store_file(base: Path) -> Path:
    return base / "popup.sqlite3"


def credentials_file(base: Path) -> Path:
    """The enrolled laptop's sync credentials (``popup.sync_client.credentials``)."""
    return base / "sync-credentials.json"


def _made(path: Path) -> Path:
    # A read-only data directory is reported by whoever writes there (the store, the log),
    # with words for staff, not a traceback from here.
    with contextlib.suppress(OSError):
        path.mkdir(exist_ok=True)
    return path


def backups_dir(base: Path) -> Path:
    """Created if it can be; ``Store.open`` says why when it cannot."""
    return _made(base / "backups")


def logs_dir(base: Path) -> Path:
    """Created if it can be; the log set-up logs to the console only when it cannot."""
    return _made(base / "logs")


def ils_codes_file(base: Path) -> Path:
    """The codes mapping file the Koha/Evergreen exports read when given none
    (:mod:`popup.interop.codes`)."""
    return base / "ils-codes.toml"


def exports_dir(base: Path) -> Path:
    path = base / "exports"
    path.mkdir(exist_ok=True)
    return path


def resources_dir() -> Path:
    """Bundled resources: next to the package in a source checkout, or in a frozen bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"
