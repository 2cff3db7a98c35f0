"""Server settings: environment variables (prefix ``POPUP_SYNC_``) over a TOML config file.

Precedence, highest first: explicit values (command-line options), environment variables,
the config file named by ``--config`` or ``POPUP_SYNC_CONFIG``, the defaults below.

Example config file::

    database_url = "postgresql+psycopg://popup@db.internal/popup_sync"
    clock_skew_seconds = 300
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

CONFIG_ENV = "POPUP_SYNC_CONFIG"


class ConfigError(ValueError):
    """A config file that cannot be read; the message names the file and the problem."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POPUP_SYNC_", extra="ignore")

    #: SQLAlchemy URL. SQLite for one library or the demo; PostgreSQL (psycopg 3) in production.
    database_url: str = "sqlite:///popup-sync.db"
    #: A device clock further than this from the server's adds CLOCK_SKEW to its results.
    clock_skew_seconds: float = Field(default=300.0, ge=0)
    #: Mutations applied per database transaction in a push (one commit per chunk). The items
    #: a chunk touches are locked up front, so a bigger chunk waits longer but never deadlocks.
    push_chunk: int = Field(default=500, ge=1, le=500)
    #: Retries of a chunk after a serialization failure or deadlock before answering 503.
    push_retries: int = Field(default=8, ge=0)
    #: Validity of an enrollment code.
    enrollment_days: int = Field(default=7, ge=1)
    #: Failed /v1/enroll attempts allowed per client address: a burst, then a rate; past
    #: them the answer is 429 with Retry-After (per process; nginx's limit_req comes first).
    enroll_failures_burst: int = Field(default=10, ge=1)
    enroll_failures_per_minute: float = Field(default=10.0, ge=0)
    #: The same for all addresses together (guesses spread over many addresses).
    enroll_failures_global_burst: int = Field(default=100, ge=1)
    enroll_failures_global_per_minute: float = Field(default=300.0, ge=0)
    #: A device token older than this is "due": pull answers carry X-Token-Rotate and the
    #: laptop trades it for a new one (POST /v1/token/rotate).
    token_rotate_days: float = Field(default=30.0, gt=0)
    #: The replaced token keeps working this long (a rotate answer lost on the way is no lockout).
    token_grace_hours: float = Field(default=720.0, ge=0)
    #: A token not rotated for this long is refused (401 TOKEN_EXPIRED); 0: never.
    token_expire_days: float = Field(default=365.0, ge=0)
    #: Connection pool per process (PostgreSQL).
    pool_size: int = Field(default=10, ge=1)
    #: Run Alembic migrations when the app starts.
    migrate_on_start: bool = True

    @classmethod
    def load(cls, config_file: str | Path | None = None, **overrides: Any) -> Settings:
        """Settings from overrides > environment > config file > defaults."""
        path = config_file or os.environ.get(CONFIG_ENV)
        file_values: dict[str, Any] = {}
        if path:
            try:
                file_values = tomllib.loads(Path(path).read_text(encoding="utf-8"))
            except OSError as exc:
                raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
        from_env = cls()
        env_values = {name: getattr(from_env, name) for name in from_env.model_fields_set}
        explicit = {k: v for k, v in overrides.items() if v is not None}
        return cls(**{**file_values, **env_values, **explicit})
