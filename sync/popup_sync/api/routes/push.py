from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from popup.domain.protocol.actions import PayloadError
from popup.domain.protocol.envelopes import Mutation, PushRequest, PushResponse, SeqGapAnswer
from popup.domain.protocol.wire import encode
from popup_sync import push as pushing
from popup_sync.api.deps import CurrentDevice, DatabaseDep, SettingsDep
from popup_sync.api.errors import ApiError, documented

router = APIRouter(tags=["sync"])

_ENVELOPE_FIELDS = frozenset(f.name for f in dataclasses.fields(PushRequest))
_RECORD_FIELDS = frozenset(f.name for f in dataclasses.fields(Mutation))


async def known_fields_only(request: Request) -> None:
    """400 naming the first field the push envelope or a mutation record does not have.

    The envelope classes are shared with the laptop (``popup.domain.protocol``) and ignore
    unknown fields; the server refuses them, so a stray (or 100 MB) field is never accepted.
    The body is parsed once: FastAPI keeps the JSON it read for the route's own parameter.
    """
    try:
        body: Any = await request.json()
    except ValueError:
        return  # not JSON: the route's own parsing answers that
    if not isinstance(body, dict):
        return
    for name in body:
        if name not in _ENVELOPE_FIELDS:
            raise ApiError(400, "INVALID_REQUEST", f"{name}: is not a field of a push", field=name)
    records = body.get("mutations")
    if isinstance(records, list):
        for index, record in enumerate(records):
            if isinstance(record, dict):
                for name in record:
                    if name not in _RECORD_FIELDS:
                        where = f"mutations.{index}.{name}"
                        raise ApiError(
                            400,
                            "INVALID_REQUEST",
                            f"{where}: is not a field of a mutation record",
                            field=where,
                        )


@router.post(
    "/v1/push",
    response_model=PushResponse,
    responses={
        **documented(400, 401, 403),
        409: {
            "model": SeqGapAnswer,
            "description": "SEQ_GAP: a seq is missing; body has expected_seq and results",
        },
    },
    dependencies=[Depends(known_fields_only)],
)
def push(
    body: PushRequest, device: CurrentDevice, db: DatabaseDep, settings: SettingsDep
) -> JSONResponse:
    """Upload outbox mutations; each is applied exactly once, in seq order."""
    if body.device_id != device.id:
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
            incoming.append(pushing.Incoming.read(m))
        except PayloadError as exc:
            raise ApiError(
                400, "MALFORMED_MUTATION", f"mutation seq {m.seq}: {exc}", seq=m.seq
            ) from None
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
    now = datetime.now(UTC)
    # The results are MutationResult JSON already (stored ones are resent as they were).
    if result.expected_seq is not None:
        gap = SeqGapAnswer(
            error="SEQ_GAP",
            message=f"the server expects seq {result.expected_seq} next; resend from there",
            expected_seq=result.expected_seq,
            last_applied=result.last_applied,
            server_time=now,
        )
        return JSONResponse({**encode(gap), "results": result.results}, status_code=409)
    done = PushResponse(results=(), last_applied=result.last_applied, server_time=now)
    return JSONResponse({**encode(done), "results": result.results})
