from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter
from sqlalchemy.orm import Session

from popup_sync import crud
from popup_sync.api.deps import CurrentDevice, DatabaseDep
from popup_sync.api.errors import ApiError, documented
from popup_sync.schemas import CardRangeRequest, CardRangeResponse, stamp

router = APIRouter(tags=["cards"])


@router.post(
    "/v1/card-ranges",
    status_code=201,
    response_model=CardRangeResponse,
    responses=documented(400, 401, 403),
)
def allocate(body: CardRangeRequest, device: CurrentDevice, db: DatabaseDep) -> CardRangeResponse:
    """A block of card sequence numbers for this device; blocks never overlap."""
    try:
        first, last, ident = db.run_write(
            lambda session: _allocate(session, device.library_id, device.id, body.size)
        )
    except crud.AdminError as exc:
        raise ApiError(400, "INVALID_SIZE", str(exc)) from None
    return CardRangeResponse(id=ident, first=first, last=last, server_time=stamp(datetime.now(UTC)))


def _allocate(session: Session, library_id: int, device_id: str, size: int) -> tuple[int, int, int]:
    row = crud.allocate_range(
        session=session, library_id=library_id, device_id=device_id, size=size
    )
    return row.first, row.last, row.id
