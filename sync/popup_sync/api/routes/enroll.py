from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter

from popup_sync import crud
from popup_sync.api.deps import DatabaseDep
from popup_sync.api.errors import ApiError, documented
from popup_sync.schemas import EnrollRequest, EnrollResponse, stamp

router = APIRouter(tags=["devices"])


@router.post(
    "/v1/enroll",
    status_code=201,
    response_model=EnrollResponse,
    responses=documented(400),
)
def enroll(body: EnrollRequest, db: DatabaseDep) -> EnrollResponse:
    """Trade a one-time enrollment code for a device id and token (the token is shown once)."""
    try:
        done = db.run_write(
            lambda session: crud.enroll(
                session=session, code=body.code, device_name=body.device_name
            )
        )
    except crud.AdminError as exc:
        raise ApiError(400, "INVALID_CODE", str(exc)) from None
    return EnrollResponse(
        device_id=done.device_id,
        token=done.token,
        library_code=done.library_code,
        server_time=stamp(datetime.now(UTC)),
    )
