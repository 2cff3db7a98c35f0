from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path

from popup_sync import crud
from popup_sync.api.deps import CurrentDevice, DatabaseDep
from popup_sync.api.errors import ApiError, documented
from popup_sync.schemas import ExceptionResolved, stamp

router = APIRouter(tags=["exceptions"])


@router.post(
    "/v1/exceptions/{exception_id}/resolve",
    response_model=ExceptionResolved,
    responses=documented(401, 403, 404),
)
def resolve(
    exception_id: Annotated[int, Path(ge=1, le=2**62)], device: CurrentDevice, db: DatabaseDep
) -> ExceptionResolved:
    """Mark an exception of this device's library done; the change flows back by pull."""
    try:
        db.run_write(
            lambda session: crud.resolve_exception(
                session=session,
                library_id=device.library_id,
                exception_id=exception_id,
                by=f"device {device.id}",
            )
        )
    except crud.AdminError as exc:
        raise ApiError(404, "NOT_FOUND", str(exc)) from None
    return ExceptionResolved(id=exception_id, resolved=True, server_time=stamp(datetime.now(UTC)))
