"""Request and response bodies of the wire protocol (``sync/PROTOCOL.md``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class ErrorBody(BaseModel):
    error: str
    message: str
    server_time: str


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    version: str
    server_time: str


class EnrollRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=64)
    device_name: str = Field(min_length=1, max_length=200)


class EnrollResponse(BaseModel):
    device_id: str
    token: str
    library_code: str
    server_time: str


class MutationIn(BaseModel):
    seq: int = Field(ge=1, le=2**62)
    mutation_id: uuid.UUID
    client_time: AwareDatetime
    kind: str = Field(min_length=1, max_length=32)
    payload: dict[str, Any]


class PushRequest(BaseModel):
    device_id: uuid.UUID
    mutations: list[MutationIn] = Field(max_length=500)
    #: Optional: the device's clock when it sent the request (a better offset measure than
    #: the newest mutation's time, which may be hours old after a day offline).
    sent_at: AwareDatetime | None = None


class MutationResult(BaseModel):
    seq: int
    mutation_id: str
    status: Literal["applied", "applied_with_exception", "rejected"]
    codes: list[str]
    message: str
    detail: dict[str, Any]


class PushResponse(BaseModel):
    results: list[MutationResult]
    last_applied: int
    server_time: str


class Change(BaseModel):
    entity: str
    op: Literal["upsert", "delete"]
    key: str
    data: dict[str, Any] | None


class PullResponse(BaseModel):
    changes: list[Change]
    cursor: str
    has_more: bool
    reset: bool
    server_time: str


class CardRangeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    size: int = Field(ge=1, le=10_000)


class CardRangeResponse(BaseModel):
    id: int
    first: int
    last: int
    server_time: str


class ExceptionResolved(BaseModel):
    id: int
    resolved: bool
    server_time: str


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")
