"""The server's own request and response bodies: enrollment, health, card ranges, exceptions.

The bodies laptops exchange with push and pull (and the error body) are the dataclasses of
``popup.domain.protocol.envelopes``: the laptop and the server share them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt


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


class CardRangeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    #: Strict: ``true``, ``1.0`` and ``"5"`` are refused, not read as a number.
    size: StrictInt = Field(ge=1, le=10_000)


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
