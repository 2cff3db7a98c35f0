"""The one error shape of the API: ``{"error", "message", "server_time"}`` (+ extra fields)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi.responses import JSONResponse

from popup.domain.protocol.envelopes import ErrorAnswer
from popup_sync.schemas import stamp


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra


def error_response(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    body = {"error": code, "message": message, "server_time": stamp(datetime.now(UTC)), **extra}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if isinstance(extra.get("retry_after"), int):  # 429 and 503 say when to come back
        headers["Retry-After"] = str(extra["retry_after"])
    return JSONResponse(body, status_code=status, headers=headers or None)


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for error statuses: each is an :class:`ErrorAnswer`."""
    return {status: {"model": ErrorAnswer} for status in statuses}
