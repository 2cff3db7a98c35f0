"""A laptop tells the server its app version and outbox backlog with every request, and the
server keeps them, with when it last saw the laptop and the last push or pull it refused, for
the console's fleet page. Real laptop engine against the real server (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update

from popup import __version__
from popup_sync.models import Device
from tests.helpers.consortium import SyncServer
from tests.helpers.laptops import Laptop


def _device(server: SyncServer, device_id: str) -> Device:
    assert server.db is not None
    with server.db.read() as s:
        row = s.get(Device, device_id)
        assert row is not None
        s.expunge(row)
        return row


def _set(server: SyncServer, device_id: str, **values: Any) -> None:
    assert server.db is not None
    server.db.run_write(
        lambda s: s.execute(update(Device).where(Device.id == device_id).values(**values))
    )


def test_the_server_knows_the_laptops_version_backlog_and_last_contact(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("telemetry")
    creds = laptop.enroll(sync_server)
    before = datetime.now(UTC)
    assert laptop.sync().ok
    row = _device(sync_server, creds.device_id)
    assert row.app_version == __version__
    assert row.pending_actions == 0
    assert row.last_seen_at is not None and row.last_seen_at >= before - timedelta(seconds=1)
    assert row.last_error_code is None
    # Two actions recorded offline; a download alone reports them waiting...
    books, cards = laptop.available_barcodes(), laptop.patron_cards()
    laptop.desk.checkout(cards[0], books[0])
    laptop.desk.checkout(cards[0], books[1])
    engine = laptop.engine()
    try:
        engine.pull_all()
    finally:
        engine.client.close()
    assert _device(sync_server, creds.device_id).pending_actions == 2
    # ...and the pass that uploads them leaves nothing waiting (one action per push: each
    # push counts what it delivered).
    report = laptop.sync(batch_size=1)
    assert report.ok and report.pushed == 2, report.error
    row = _device(sync_server, creds.device_id)
    assert row.pending_actions == 0
    assert row.pending_reported_at is not None and row.pending_reported_at >= before


def test_a_refused_sync_is_kept_as_the_devices_last_error(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("telemetry-refused")
    creds = laptop.enroll(sync_server)
    assert laptop.sync().ok
    # Not rotated for over a year: the server refuses the token.
    _set(sync_server, creds.device_id, token_issued_at=datetime.now(UTC) - timedelta(days=400))
    report = laptop.sync(sleep=lambda _s: None)
    assert report.error_code == "TOKEN_EXPIRED"
    row = _device(sync_server, creds.device_id)
    assert row.last_error_code == "TOKEN_EXPIRED"
    assert row.last_error_message == "the device token has expired"
    assert row.last_error_at is not None
