from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

from fastapi import APIRouter, Request

from popup_sync import crud
from popup_sync.api.deps import DatabaseDep, SettingsDep
from popup_sync.api.errors import ApiError, documented
from popup_sync.api.ratelimit import EnrollLimiter
from popup_sync.core.config import Settings
from popup_sync.schemas import EnrollRequest, EnrollResponse, stamp

log = logging.getLogger("popup_sync")

router = APIRouter(tags=["devices"])

_making = threading.Lock()


def _limiter(request: Request, settings: Settings) -> EnrollLimiter:
    """The app's limiter, made on first use (one per process: see ``api.ratelimit``)."""
    state = request.app.state
    with _making:
        limiter: EnrollLimiter | None = getattr(state, "enroll_limiter", None)
        if limiter is None:
            limiter = EnrollLimiter(
                settings.enroll_failures_per_minute,
                settings.enroll_failures_burst,
                settings.enroll_failures_global_per_minute,
                settings.enroll_failures_global_burst,
            )
            state.enroll_limiter = limiter
    return limiter


@router.post(
    "/v1/enroll",
    status_code=201,
    response_model=EnrollResponse,
    responses=documented(400, 429),
)
def enroll(
    body: EnrollRequest, db: DatabaseDep, settings: SettingsDep, request: Request
) -> EnrollResponse:
    """Trade a one-time enrollment code for a device id and token (the token is shown once).

    Failed attempts are limited per client address and overall: past the allowance every
    attempt is answered 429 ``TOO_MANY_ATTEMPTS`` with ``Retry-After``, before any lookup.
    """
    limiter = _limiter(request, settings)
    address = request.client.host if request.client is not None else "unknown"
    wait = limiter.retry_after(address)
    if wait:
        raise ApiError(
            429,
            "TOO_MANY_ATTEMPTS",
            f"too many failed enrollment attempts; try again in {wait} seconds",
            retry_after=wait,
        )
    try:
        done = db.run_write(
            lambda session: crud.enroll(
                session=session, code=body.code, device_name=body.device_name
            )
        )
    except crud.AdminError as exc:
        limiter.failed(address)
        raise ApiError(400, "INVALID_CODE", str(exc)) from None
    return EnrollResponse(
        device_id=done.device_id,
        token=done.token,
        library_code=done.library_code,
        server_time=stamp(datetime.now(UTC)),
    )
