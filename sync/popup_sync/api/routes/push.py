from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from popup.domain.mutations import PayloadError, parse_kind, validate_payload
from popup_sync import push as pushing
from popup_sync.api.deps import CurrentDevice, DatabaseDep, SettingsDep
from popup_sync.api.errors import ApiError
from popup_sync.schemas import ErrorBody, PushRequest, PushResponse, stamp

router = APIRouter(tags=["sync"])


@router.post(
    "/v1/push",
    response_model=PushResponse,
    responses={
        400: {"model": ErrorBody},
        401: {"model": ErrorBody},
        403: {"model": ErrorBody},
        409: {"description": "SEQ_GAP: a seq is missing; body has expected_seq and results"},
    },
)
def push(
    body: PushRequest, device: CurrentDevice, db: DatabaseDep, settings: SettingsDep
) -> JSONResponse:
    """Upload outbox mutations; each is applied exactly once, in seq order."""
    if str(body.device_id) != device.id:
        raise ApiError(403, "DEVICE_MISMATCH", "device_id does not match the token's device")
    incoming: list[pushing.Incoming] = []
    previous = 0
    for m in body.mutations:
        if m.seq <= previous:
            raise ApiError(
                400,
                "SEQ_ORDER",
                f"mutations must be in ascending seq order; seq {m.seq} follows {previous}",
                seq=m.seq,
            )
        previous = m.seq
        try:
            kind = parse_kind(m.kind)
            validate_payload(kind, m.payload)
        except PayloadError as exc:
            raise ApiError(
                400, "MALFORMED_MUTATION", f"mutation seq {m.seq}: {exc}", seq=m.seq
            ) from None
        incoming.append(
            pushing.Incoming(m.seq, str(m.mutation_id), m.client_time, kind.value, m.payload)
        )
    try:
        result = pushing.push(
            db,
            device_id=device.id,
            mutations=incoming,
            sent_at=body.sent_at,
            chunk_size=settings.push_chunk,
            retries=settings.push_retries,
            skew_limit_s=settings.clock_skew_seconds,
        )
    except pushing.DeviceGone:
        raise ApiError(403, "DEVICE_REVOKED", "this device was revoked; enroll it again") from None
    now = stamp(datetime.now(UTC))
    if result.expected_seq is not None:
        gap: dict[str, Any] = {
            "error": "SEQ_GAP",
            "message": f"the server expects seq {result.expected_seq} next; resend from there",
            "expected_seq": result.expected_seq,
            "results": result.results,
            "last_applied": result.last_applied,
            "server_time": now,
        }
        return JSONResponse(gap, status_code=409)
    return JSONResponse(
        {"results": result.results, "last_applied": result.last_applied, "server_time": now}
    )
