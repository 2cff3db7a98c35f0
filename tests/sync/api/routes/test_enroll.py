from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from sqlalchemy import select

from popup_sync import crud
from popup_sync.core.db import Database
from popup_sync.models import Device as DeviceRow
from popup_sync.models import EnrollmentCode


def _code(db: Database, library: str) -> str:
    def make(session: Any) -> str:
        lib = crud.get_library(session=session, code=library)
        return crud.create_enrollment_code(session=session, library=lib)

    return db.run_write(make)


def test_code_is_traded_once_for_a_device_and_a_hashed_token(
    server: str, db: Database, make_library: Callable[..., Any]
) -> None:
    lib = make_library(items=0, patrons=0)
    code = _code(db, lib.code)
    first = requests.post(
        f"{server}/v1/enroll", json={"code": code, "device_name": "Bookmobile 2"}, timeout=30
    )
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["library_code"] == lib.code
    again = requests.post(
        f"{server}/v1/enroll", json={"code": code, "device_name": "Bookmobile 3"}, timeout=30
    )
    assert again.status_code == 400
    assert again.json()["error"] == "INVALID_CODE"
    assert "already used" in again.json()["message"]
    with db.read() as session:
        row = session.get(DeviceRow, body["device_id"])
        assert row is not None
        assert row.token_hash != body["token"]
        assert body["token"] not in row.token_hash
        assert row.token_hash == crud.hash_token(body["token"])


def test_unknown_and_expired_codes_are_refused(
    server: str, db: Database, make_library: Callable[..., Any]
) -> None:
    lib = make_library(items=0, patrons=0)
    unknown = requests.post(
        f"{server}/v1/enroll", json={"code": "NOPE-NOPE-NOPE", "device_name": "x"}, timeout=30
    )
    assert unknown.status_code == 400
    assert "unknown" in unknown.json()["message"]
    code = _code(db, lib.code)

    def expire(session: Any) -> None:
        row = session.scalar(
            select(EnrollmentCode).where(
                EnrollmentCode.code_hash == crud.hash_secret(code.replace("-", ""))
            )
        )
        row.expires_at = datetime.now(UTC) - timedelta(minutes=1)

    db.run_write(expire)
    expired = requests.post(
        f"{server}/v1/enroll", json={"code": code, "device_name": "x"}, timeout=30
    )
    assert expired.status_code == 400
    assert "expired" in expired.json()["message"]


def test_every_request_needs_a_known_token(server: str) -> None:
    missing = requests.get(f"{server}/v1/pull", timeout=10)
    assert missing.status_code == 401
    assert missing.json()["error"] == "UNAUTHENTICATED"
    wrong = requests.get(
        f"{server}/v1/pull", headers={"Authorization": "Bearer not-a-token"}, timeout=10
    )
    assert wrong.status_code == 401
    assert "not known" in wrong.json()["message"]


def test_revoked_device_is_refused_on_its_next_request(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=2, patrons=1)
    device = enroll_device(lib.code)
    assert device.pull().status_code == 200
    db.run_write(lambda session: crud.revoke_device(session=session, device_id=device.device_id))
    refused = device.pull()
    assert refused.status_code == 403
    assert refused.json()["error"] == "DEVICE_REVOKED"
    push = device.push([device.checkout(lib.patrons[0], lib.items[0])])
    assert push.status_code == 403
    ranges = device.http.post(
        f"{device.base}/v1/card-ranges", json={"size": 10}, headers=device.headers, timeout=10
    )
    assert ranges.status_code == 403
