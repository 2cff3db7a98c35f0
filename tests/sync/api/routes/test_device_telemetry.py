"""What a device says about itself (X-Popup-Version, X-Popup-Pending), when it was last seen and
its last refused push or pull, as the server keeps them for the console's fleet page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update

from popup_sync.core.db import Database
from popup_sync.models import Device


def _row(db: Database, device_id: str) -> Device:
    with db.read() as s:
        row = s.get(Device, device_id)
        assert row is not None
        s.expunge(row)
        return row


def test_a_request_records_version_backlog_and_last_seen_at_most_once_a_minute(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=2, patrons=1)
    device = enroll_device(lib.code)
    assert _row(db, device.device_id).last_seen_at is None  # enrolled, never synced
    device.http.headers.update({"X-Popup-Version": "0.1.0", "X-Popup-Pending": "7"})
    assert device.pull(limit=1).status_code == 200
    first = _row(db, device.device_id)
    assert (first.app_version, first.pending_actions) == ("0.1.0", 7)
    assert first.last_seen_at is not None and first.pending_reported_at is not None
    # Nothing new within the minute: no write.
    assert device.pull(limit=1).status_code == 200
    assert _row(db, device.device_id).last_seen_at == first.last_seen_at
    # A changed backlog is written at once.
    device.http.headers["X-Popup-Pending"] = "3"
    assert device.pull(limit=1).status_code == 200
    assert _row(db, device.device_id).pending_actions == 3
    # A minute later the same values refresh the last-seen time.
    old = datetime.now(UTC) - timedelta(minutes=2)
    db.run_write(
        lambda s: s.execute(
            update(Device).where(Device.id == device.device_id).values(last_seen_at=old)
        )
    )
    assert device.pull(limit=1).status_code == 200
    assert _row(db, device.device_id).last_seen_at > old  # type: ignore[operator]


def test_unreadable_values_are_ignored_never_refused(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=2, patrons=1)
    device = enroll_device(lib.code)
    device.http.headers.update({"X-Popup-Version": "<script>" * 10, "X-Popup-Pending": "-4"})
    assert device.pull(limit=1).status_code == 200
    row = _row(db, device.device_id)
    assert row.last_seen_at is not None
    assert row.app_version is None and row.pending_actions is None


def test_a_push_records_the_backlog_less_what_it_delivered(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=3, patrons=1)
    device = enroll_device(lib.code)
    device.http.headers.update({"X-Popup-Version": "0.2.0", "X-Popup-Pending": "5"})
    results = device.push_ok(
        [
            device.checkout(lib.patrons[0], lib.items[0]),
            device.checkout(lib.patrons[0], lib.items[1]),
        ]
    )
    assert len(results) == 2
    row = _row(db, device.device_id)
    assert (row.app_version, row.pending_actions) == ("0.2.0", 3)
    assert row.last_seen_at is not None and row.last_seen_at == row.last_push_at


def test_a_refused_push_or_pull_is_the_devices_last_sync_error_in_fixed_words(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=2, patrons=1)
    device = enroll_device(lib.code)
    other = enroll_device(lib.code)
    refused = device.push([], device_id=other.device_id)
    assert refused.status_code == 403 and refused.json()["error"] == "DEVICE_MISMATCH"
    row = _row(db, device.device_id)
    assert row.last_error_code == "DEVICE_MISMATCH"
    assert row.last_error_message == "the upload named another device than its token"
    assert row.last_error_at is not None
    # What the device sent is never kept, even where the answer quotes it.
    refused = device.push([], surname="Alice Example")
    assert refused.status_code == 400
    row = _row(db, device.device_id)
    assert row.last_error_code == "INVALID_REQUEST"
    assert row.last_error_message == "the upload could not be read"  # not the field's name
    bad_seq = device.push([{**device.checkout(lib.patrons[0], lib.items[0]), "seq": "x"}])
    assert bad_seq.status_code == 400
    row = _row(db, device.device_id)
    assert row.last_error_message == "the upload could not be read (at mutations.0.seq)"
    assert device.pull("not-a-cursor").status_code == 400
    assert _row(db, device.device_id).last_error_code == "INVALID_CURSOR"
    assert _row(db, other.device_id).last_error_code is None
