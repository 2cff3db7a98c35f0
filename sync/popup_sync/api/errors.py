"""The one error shape of the API: ``{"error", "message", "server_time"}`` (+ extra fields)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from fastapi.responses import JSONResponse

from popup.domain.protocol.envelopes import ErrorAnswer
from popup_sync.schemas import stamp


class _AsciiJSON(JSONResponse):
    """JSON with every non-ASCII character escaped. An error may quote what was sent (a field
    name, a code), and what was sent may hold a lone surrogate, which UTF-8 cannot encode:
    escaped, any text is answered, never a 500 while saying what was wrong."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, allow_nan=False).encode("ascii")


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.headers = headers
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra


#: Seconds a device is told to wait after a 503 (it backs off on its own schedule anyway).
RETRY_AFTER_S = 5


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {"error": code, "message": message, "server_time": stamp(datetime.now(UTC)), **extra}
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if status in (401, 413):
        # The rest of a refused body is not read: the connection closes after the answer.
        headers["Connection"] = "close"
    if isinstance(extra.get("retry_after"), int):  # 429 and 503 say when to come back
        headers["Retry-After"] = str(extra["retry_after"])
    return _AsciiJSON(body, status_code=status, headers=headers or None)


def unavailable(message: str) -> JSONResponse:
    """503 UNAVAILABLE with Retry-After: a fault that passes; the device retries later."""
    return error_response(503, "UNAVAILABLE", message, headers={"Retry-After": str(RETRY_AFTER_S)})


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for error statuses: each is an :class:`ErrorAnswer`."""
    return {status: {"model": ErrorAnswer} for status in statuses}
