"""Request dependencies: the database, settings, a read session and the calling device."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from popup_sync import crud, telemetry
from popup_sync.api.errors import ApiError
from popup_sync.core.config import Settings
from popup_sync.core.db import Database
from popup_sync.models import Library


def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


DatabaseDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_read_session(db: DatabaseDep) -> Iterator[Session]:
    with db.read() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_read_session)]

_bearer = HTTPBearer(auto_error=False, description="The device token from /v1/enroll")


@dataclass(frozen=True)
class DeviceInfo:
    id: str
    library_id: int
    library_code: str
    #: The token is older than ``token_rotate_days`` (or is the replaced one): pull answers
    #: say ``X-Token-Rotate: due``.
    rotate_due: bool = False
    #: The request came with the replaced token, still in its grace period.
    used_old_token: bool = False
    #: The hash of the token the request came with (a rotation is decided on it, under lock).
    token_hash: str = ""
    #: What the request said about the laptop (X-Popup-Version, X-Popup-Pending).
    report: telemetry.Report = field(default_factory=telemetry.Report)


def _authenticate(
    request: Request,
    db: Database,
    settings: Settings,
    credentials: HTTPAuthorizationCredentials | None,
    *,
    record: bool,
) -> DeviceInfo:
    if credentials is None or not credentials.credentials.strip():
        raise ApiError(401, "UNAUTHENTICATED", "send the device token as 'Authorization: Bearer'")
    expire_days = settings.token_expire_days
    with db.read() as session:
        token = credentials.credentials.strip()
        check = crud.check_token(
            session=session,
            token=token,
            rotate_after=timedelta(days=settings.token_rotate_days),
            expire_after=timedelta(days=expire_days) if expire_days else None,
        )
        if check is None:
            raise ApiError(401, "UNAUTHENTICATED", "the device token is not known to this server")
        device = check.device
        # A refused push or pull is kept as this device's last sync error (main's ApiError
        # handler), this refusal's included.
        request.state.device_id = device.id
        if device.revoked_at is not None:
            raise ApiError(
                403, "DEVICE_REVOKED", "this device was revoked; enroll it again to sync"
            )
        if check.expired:
            raise ApiError(
                401,
                "TOKEN_EXPIRED",
                "this device token has expired (it was replaced, or not renewed in time);"
                " enroll the device again",
            )
        library = session.get(Library, device.library_id)
        assert library is not None
        info = DeviceInfo(
            device.id,
            device.library_id,
            library.code,
            check.rotate_due,
            check.old,
            crud.hash_token(token),
            telemetry.Report.from_headers(request.headers),
        )
        now = datetime.now(UTC)
        write = record and telemetry.due(device, info.report, now)
    if write:
        db.run_write(lambda session: telemetry.note_seen(session, info.id, info.report, now))
    return info


def current_device(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> DeviceInfo:
    """The device behind the bearer token; checked against the database on every request.
    What the laptop says about itself (:mod:`popup_sync.telemetry`) is recorded, at most once
    a minute unless it changed."""
    return _authenticate(request, db, settings, credentials, record=True)


def pushing_device(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> DeviceInfo:
    """:func:`current_device` for a push, which records what the laptop says in its own
    transaction (no write of its own here)."""
    return _authenticate(request, db, settings, credentials, record=False)


CurrentDevice = Annotated[DeviceInfo, Depends(current_device)]
PushingDevice = Annotated[DeviceInfo, Depends(pushing_device)]
