"""The bridge's shipped examples: the TOML loads into the server's settings as written, and
the bridge's connections still fit PostgreSQL's default limit beside the server's."""

from __future__ import annotations

from pathlib import Path

from popup_sync.core.config import Settings

DEPLOY = Path(__file__).resolve().parents[3] / "sync" / "deploy"


def test_the_example_config_is_read_as_written() -> None:
    settings = Settings.load(DEPLOY / "popup-sync-bridge.toml")
    main = settings.sip2["MAIN"]
    assert (main.host, main.port, main.tls, main.login_user) == (
        "ils.example.org",
        6001,
        True,
        "popup",
    )
    assert main.login_password.get_secret_value() == "change-me"
    assert "change-me" not in repr(settings)  # the password stays out of logs and tracebacks
    assert main.error_detection and main.refresh_patrons


def test_the_bridge_fits_beside_the_server_under_postgres_default_connections() -> None:
    service = (DEPLOY / "popup-sync-bridge.service").read_text(encoding="utf-8")
    assert "popup-sync bridge --config /etc/popup-sync-bridge.toml" in service
    defaults = Settings()
    # The server's example: 4 workers x (8 + 8); the bridge: one Database with the defaults.
    server, bridge = 4 * (8 + 8), defaults.pool_size + defaults.max_overflow
    assert server + bridge <= 100 - 3 - 10
