"""The one place that decides where Popup keeps its files.

Order: an explicit ``--home DIR``, then the ``POPUP_HOME`` environment variable, then the
per-user data directory (platformdirs; never the roaming profile on Windows).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Popup"
APP_AUTHOR = "Popup"
ENV_HOME = "POPUP_HOME"


def home(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory, created if missing."""
    if override is not None:
        base = Path(override)
    elif os.environ.get(ENV_HOME):
        base = Path(os.environ[ENV_HOME])
    else:
        base = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))
    base = base.expanduser().resolve()
    base.mkdir(parents=True, exist_ok=True)
    return base


def store_file(base: Path) -> Path:
    return base / "popup.sqlite3"


def backups_dir(base: Path) -> Path:
    path = base / "backups"
    path.mkdir(exist_ok=True)
    return path


def logs_dir(base: Path) -> Path:
    path = base / "logs"
    path.mkdir(exist_ok=True)
    return path


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
