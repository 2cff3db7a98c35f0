"""``POST /v1/token/rotate``: trade the device token for a new one (see PROTOCOL.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter
from pydantic import BaseModel

from popup_sync import crud
from popup_sync.api.deps import CurrentDevice, DatabaseDep, SettingsDep
from popup_sync.api.errors import ApiError, documented
from popup_sync.schemas import stamp

router = APIRouter(tags=["devices"])


class RotateResponse(BaseModel):
    token: str
    #: Until when the token used for this request keeps working.
    old_token_valid_until: str
    server_time: str


@router.post("/v1/token/rotate", response_model=RotateResponse, responses=documented(401, 403))
def rotate(device: CurrentDevice, db: DatabaseDep, settings: SettingsDep) -> RotateResponse:
    """A new token for this device; the one sent keeps working for the grace period."""
    grace = timedelta(hours=settings.token_grace_hours)
    try:
        token, valid_until = db.run_write(
            lambda session: crud.rotate_token(
                session=session, device_id=device.id, presented=device.token_hash, grace=grace
            )
        )
    except crud.TokenGone:  # replaced by a rotation that raced this one
        raise ApiError(401, "UNAUTHENTICATED", "this device token was replaced") from None
    except crud.AdminError:
        raise ApiError(403, "DEVICE_REVOKED", "this device was revoked; enroll it again") from None
    now = datetime.now(UTC)
    return RotateResponse(
        token=token, old_token_valid_until=stamp(valid_until), server_time=stamp(now)
    )
