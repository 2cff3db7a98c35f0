from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from popup_sync import __version__
from popup_sync.api.deps import DatabaseDep
from popup_sync.schemas import Health, stamp

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
def health(db: DatabaseDep) -> JSONResponse:
    """Server time and version; 503 when the database cannot be reached."""
    ok = db.healthy()  # bounded by its own short timeout, even when the database stalls
    status, code = ("ok", 200) if ok else ("unavailable", 503)
    body = {"status": status, "version": __version__, "server_time": stamp(datetime.now(UTC))}
    headers = None if ok else {"Retry-After": "5"}
    return JSONResponse(body, status_code=code, headers=headers)
