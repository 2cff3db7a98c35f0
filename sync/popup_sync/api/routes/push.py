from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from popup.domain.protocol.envelopes import Mutation, PushRequest, PushResponse, SeqGapAnswer
from popup.domain.protocol.wire import encode, parse_json
from popup_sync import push as pushing
from popup_sync.api.deps import DatabaseDep, PushingDevice, SettingsDep
from popup_sync.api.errors import ApiError, documented

router = APIRouter(tags=["sync"])

#: The body is read here, not by pydantic: a readable envelope whose one mutation is not
#: usable must reject that mutation alone (``push.Incoming.read``), never the whole push. The
#: document still describes the body as the ``PushRequest`` a laptop sends.
_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushRequest"}}},
    }
}


_ENVELOPE_FIELDS = frozenset(f.name for f in dataclasses.fields(PushRequest))
_RECORD_FIELDS = frozenset(f.name for f in dataclasses.fields(Mutation))


def _known_fields_only(body: object) -> None:
    """400 naming the first field the push envelope or a mutation record does not have.

    The envelope classes are shared with the laptop (``popup.domain.protocol``) and ignore
    unknown fields; the server refuses them, so a stray (or 100 MB) field is never accepted.
    (A laptop builds both with the shared classes, so it never sends one; an unknown field
    inside a payload is that mutation's own problem, ``push.Incoming.read``.)
    """
    if not isinstance(body, dict):
        return  # Envelope says what is wrong with it
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


class Envelope:
    """A push body: its device id, sent_at and each mutation read as far as it can be."""

    def __init__(self, body: object) -> None:
        now = datetime.now(UTC)
        try:
            self.device_id, self.sent_at, self.mutations = pushing.read_push(body, now)
        except pushing.EnvelopeError as exc:
            raise ApiError(400, exc.code, str(exc), field=exc.field) from None


async def _envelope(request: Request) -> Envelope:
    raw = await request.body()
    try:
        body: Any = parse_json(raw)  # nesting past the parser's limit: a marker, not an error
    except ValueError:  # not JSON, or not UTF-8
        raise ApiError(400, "INVALID_REQUEST", "the request body is not valid JSON") from None
    _known_fields_only(body)
    return Envelope(body)


@router.post(
    "/v1/push",
    response_model=PushResponse,
    openapi_extra=_BODY,
    responses={
        **documented(400, 401, 403),
        409: {
            "model": SeqGapAnswer,
            "description": "SEQ_GAP: a seq is missing; body has expected_seq and results. "
            "SEQ_CONFLICT: a seq already applied came with another mutation_id; body names "
            "the stored action (seq, mutation_id, kind).",
        },
    },
)
def push(
    device: PushingDevice,  # first: a request without a valid token is 401 whatever its body
    body: Annotated[Envelope, Depends(_envelope)],
    db: DatabaseDep,
    settings: SettingsDep,
) -> JSONResponse:
    """Upload outbox mutations; each is applied exactly once, in seq order."""
    if body.device_id != device.id:
        raise ApiError(403, "DEVICE_MISMATCH", "device_id does not match the token's device")
    try:
        result = pushing.push(
            db,
            device_id=device.id,
            mutations=body.mutations,
            sent_at=body.sent_at,
            chunk_size=settings.push_chunk,
            retries=settings.push_retries,
            skew_limit_s=settings.clock_skew_seconds,
            report=device.report,
        )
    except pushing.DeviceGone:
        raise ApiError(403, "DEVICE_REVOKED", "this device was revoked; enroll it again") from None
    except pushing.SeqConflict as conflict:
        raise ApiError(
            409,
            "SEQ_CONFLICT",
            f"seq {conflict.seq} was already applied as another action ({conflict.kind}"
            f" {conflict.mutation_id}); this device's outbox does not match what the server"
            " has from it",
            seq=conflict.seq,
            mutation_id=conflict.mutation_id,
            kind=conflict.kind,
        ) from None
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
