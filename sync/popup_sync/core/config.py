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
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from popup_sync.core.db import Timeouts

CONFIG_ENV = "POPUP_SYNC_CONFIG"


class ConfigError(ValueError):
    """A config file that cannot be read; the message names the file and the problem."""


class Sip2Library(BaseModel):
    """How the bridge reaches one library's ILS SIP2 server (``[sip2.CODE]`` in the config)."""

    model_config = ConfigDict(extra="forbid")

    host: str
    port: int = Field(ge=1, le=65535)
    #: TLS to the SIP server (most ILSs put stunnel or a proxy in front for it); the CA file
    #: verifies a private certificate, the system's CAs otherwise.
    tls: bool = False
    tls_ca_file: str | None = None
    tls_server_name: str | None = None
    #: Login (93); an empty user skips it (a server that trusts the address).
    login_user: str = ""
    login_password: SecretStr = SecretStr("")
    #: CP of the login and AP of a checkin; the library's code when empty.
    location_code: str = ""
    #: AO (institution id) of every request; the library's code when empty.
    institution: str = ""
    terminal_password: str = ""
    encoding: str = "utf-8"
    #: Sequence numbers and checksums (AY/AZ); most ILS SIP servers require them.
    error_detection: bool = True
    #: Seconds to wait for a connection or an answer.
    timeout_seconds: float = Field(default=10.0, gt=0)
    #: Times a garbled answer is asked for again (97) and a request the ILS could not read (96)
    #: is sent again, before the connection is dropped.
    retries: int = Field(default=3, ge=0, le=10)
    #: Wait after a connection failure, doubled each time up to the maximum.
    retry_min_seconds: float = Field(default=2.0, gt=0)
    retry_max_seconds: float = Field(default=300.0, gt=0)
    #: A connection idle this long is closed (ILS SIP servers drop idle sessions; a session they
    #: dropped would cost a check of the next action).
    idle_close_seconds: float = Field(default=60.0, gt=0)
    #: ISO 4217 code of fee paid (37) messages.
    currency: str = Field(default="USD", min_length=3, max_length=3)
    #: Actions the server received before this time are not forwarded (already in the ILS,
    #: e.g. by KOC files); None forwards every applied action.
    forward_from: datetime | None = None
    #: Ask the ILS for patron information (63) of the patrons in forwarded actions, and keep
    #: its blocks and fines on the server (they reach the laptops with the next pull).
    refresh_patrons: bool = True


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
    #: Connection pool per process (PostgreSQL): ``pool_size`` kept open, up to
    #: ``max_overflow`` more under load. workers x (pool_size + max_overflow) must stay below
    #: the server's ``max_connections`` (PostgreSQL's default is 100), with room for admins.
    pool_size: int = Field(default=5, ge=1)
    max_overflow: int = Field(default=5, ge=0)
    #: Seconds a request waits for a pooled connection before it is answered 503.
    pool_timeout_seconds: float = Field(default=5.0, gt=0)
    #: Seconds to open a database connection (PostgreSQL connect_timeout; whole seconds, >= 2).
    connect_timeout_seconds: int = Field(default=5, ge=2)
    #: Longest a single SQL statement may run (PostgreSQL statement_timeout); then 503.
    statement_timeout_seconds: float = Field(default=30.0, gt=0)
    #: Longest a statement waits for a row or table lock (PostgreSQL lock_timeout), and the
    #: SQLite busy timeout; then 503 and the device retries.
    lock_timeout_seconds: float = Field(default=10.0, gt=0)
    #: Longest a request may take before it is answered 503 (the work may still finish, and
    #: the device's resend is then answered from the exactly-once record). This is what bounds
    #: a request when the database stalls without closing the connection.
    request_timeout_seconds: float = Field(default=60.0, gt=0)
    #: ``/health`` gives the database this long to answer before it says 503.
    health_timeout_seconds: float = Field(default=1.0, gt=0, le=10)
    #: Largest request body accepted, in bytes; bigger ones are refused 413 before they are
    #: read. The largest legitimate body is a full push batch (500 mutations, the client's
    #: maximum) of sign-ups with every text field at its maximum length in characters outside
    #: the BMP (JSON escapes each as 12 bytes): about 12.3 MB. 16 MiB leaves ~35% over that
    #: worst case; a batch of 500 checkouts is ~0.15 MB.
    max_body_bytes: int = Field(default=16 * 1024 * 1024, ge=64 * 1024)
    #: Card-number blocks one device may be given per UTC day (``/v1/card-ranges``), and the
    #: card numbers in them; past either, 429 until the next UTC day.
    card_ranges_per_device_day: int = Field(default=20, ge=1)
    card_numbers_per_device_day: int = Field(default=2_000, ge=1)
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
    #: ``popup-sync bridge``: the libraries whose applied actions go to their ILS over SIP2.
    sip2: dict[str, Sip2Library] = Field(default_factory=dict)
    #: Seconds the bridge waits for new actions when every queue is empty.
    bridge_poll_seconds: float = Field(default=2.0, gt=0)
    #: Run Alembic migrations when the app starts.
    migrate_on_start: bool = True
    #: The web console at /console (#19).
    console_enabled: bool = True
    #: A console session ends after this long without a request, and in any case after
    #: ``console_session_hours``.
    console_idle_minutes: float = Field(default=60.0, gt=0)
    console_session_hours: float = Field(default=12.0, gt=0)
    #: Wrong passwords in a row before a console account locks, and for how long.
    console_lockout_tries: int = Field(default=5, ge=1)
    console_lockout_minutes: float = Field(default=15.0, gt=0)
    #: Failed console sign-ins allowed per client address (a burst, then a rate) before the
    #: form answers 429 without checking anything: each check costs an argon2 hash (64 MiB),
    #: and spraying one password over many logins passes the per-account lockout.
    console_signin_failures_burst: int = Field(default=20, ge=1)
    console_signin_failures_per_minute: float = Field(default=10.0, ge=0)
    #: Sign-in over plain HTTP is refused except from this machine (a password would cross the
    #: network in clear); true allows it anyway (a closed network without TLS, knowingly).
    console_allow_plain_http: bool = False

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


def timeouts(settings: Settings) -> Timeouts:
    """The database timeouts of these settings."""
    return Timeouts(
        connect=settings.connect_timeout_seconds,
        statement=settings.statement_timeout_seconds,
        lock=settings.lock_timeout_seconds,
        pool=settings.pool_timeout_seconds,
        health=settings.health_timeout_seconds,
    )
