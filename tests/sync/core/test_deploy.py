"""The shipped deploy examples stay inside PostgreSQL's default connection limit.

The audit found the systemd example allowing 4 workers x (10 + 20) = 120 connections against
PostgreSQL's default ``max_connections = 100``: under load the database refused connections.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

from popup_sync.core.config import Settings

DEPLOY = Path(__file__).resolve().parents[3] / "sync" / "deploy"
#: PostgreSQL's default max_connections, less its 3 superuser slots and room for psql/backups.
BUDGET = 100 - 3 - 10


def _workers() -> int:
    service = (DEPLOY / "popup-sync.service").read_text(encoding="utf-8")
    line = next(ln for ln in service.splitlines() if ln.startswith("ExecStart="))
    args = shlex.split(line.removeprefix("ExecStart="))
    return int(args[args.index("--workers") + 1]) if "--workers" in args else 1


def _env() -> dict[str, str]:
    values: dict[str, str] = {}
    for raw in (DEPLOY / "popup-sync.env").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"(POPUP_SYNC_[A-Z_]+)=(.*)", raw.strip())
        if match:
            values[match[1].removeprefix("POPUP_SYNC_").lower()] = match[2]
    return values


def test_the_service_example_stays_under_postgres_default_connections() -> None:
    workers = _workers()
    settings = Settings(**_env())  # strings, parsed as the environment is
    connections = workers * (settings.pool_size + settings.max_overflow)
    assert workers >= 2
    assert connections <= BUDGET, f"{workers} x ({settings.pool_size} + {settings.max_overflow})"


def test_the_toml_example_agrees_with_the_env_example() -> None:
    toml = tomllib.loads((DEPLOY / "popup-sync.toml").read_text(encoding="utf-8"))
    env = _env()
    for key in ("pool_size", "max_overflow", "max_body_bytes", "lock_timeout_seconds"):
        assert str(toml[key]) == env[key], key
    settings = Settings(**toml)
    assert _workers() * (settings.pool_size + settings.max_overflow) <= BUDGET


def test_the_defaults_alone_stay_under_the_limit_with_the_example_workers() -> None:
    defaults = Settings()
    assert _workers() * (defaults.pool_size + defaults.max_overflow) <= BUDGET
