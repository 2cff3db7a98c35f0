from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from math import ceil

from fastapi import APIRouter
from sqlalchemy.orm import Session

from popup_sync import crud
from popup_sync.api.deps import CurrentDevice, DatabaseDep, SettingsDep
from popup_sync.api.errors import ApiError, documented
from popup_sync.schemas import CardRangeRequest, CardRangeResponse, stamp

router = APIRouter(tags=["cards"])


@router.post(
    "/v1/card-ranges",
    status_code=201,
    response_model=CardRangeResponse,
    responses=documented(400, 401, 403, 409, 429),
)
def allocate(
    body: CardRangeRequest, device: CurrentDevice, db: DatabaseDep, settings: SettingsDep
) -> CardRangeResponse:
    """A block of card sequence numbers for this device; blocks never overlap.

    429 CARD_RANGE_QUOTA past the per-device daily quota (Retry-After: seconds to the next UTC
    day); 409 CARD_NUMBERS_EXHAUSTED when the library's card format has too few numbers left.
    """
    quota = crud.CardQuota(
        ranges_per_day=settings.card_ranges_per_device_day,
        numbers_per_day=settings.card_numbers_per_device_day,
    )
    try:
        first, last, ident = db.run_write(
            lambda session: _grant(session, device.library_id, device.id, body.size, quota)
        )
    except crud.CardQuotaExceeded as exc:
        raise ApiError(
            429,
            "CARD_RANGE_QUOTA",
            str(exc),
            headers={"Retry-After": str(_seconds_to_next_utc_day())},
        ) from None
    except crud.CardNumbersExhausted as exc:
        raise ApiError(409, "CARD_NUMBERS_EXHAUSTED", str(exc)) from None
    except crud.AdminError as exc:
        raise ApiError(400, "INVALID_SIZE", str(exc), field="size") from None
    return CardRangeResponse(id=ident, first=first, last=last, server_time=stamp(datetime.now(UTC)))


def _seconds_to_next_utc_day() -> int:
    now = datetime.now(UTC)
    tomorrow = datetime.combine(now.date() + timedelta(days=1), time(), UTC)
    return max(1, ceil((tomorrow - now).total_seconds()))


def _grant(
    session: Session, library_id: int, device_id: str, size: int, quota: crud.CardQuota
) -> tuple[int, int, int]:
    row = crud.grant_range(
        session=session, library_id=library_id, device_id=device_id, size=size, quota=quota
    )
    return row.first, row.last, row.id
