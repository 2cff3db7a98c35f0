from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic_core import to_json

from popup.domain.protocol.envelopes import PullPage
from popup.domain.protocol.wire import encode
from popup_sync import changes
from popup_sync.api.deps import CurrentDevice, SessionDep
from popup_sync.api.errors import ApiError, documented
from popup_sync.models import Library

router = APIRouter(tags=["sync"])


@router.get(
    "/v1/pull",
    response_model=PullPage,
    responses=documented(400, 401, 403),
)
def pull(
    device: CurrentDevice,
    session: SessionDep,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> Response:
    """One page of changes after ``cursor`` (none, or ``reset``: start a snapshot)."""
    position: changes.Cursor | None = None
    if cursor and cursor != "reset":
        try:
            position = changes.Cursor.decode(cursor)
        except changes.BadCursor:
            raise ApiError(
                400, "INVALID_CURSOR", "the cursor was not issued by this server; pull without one"
            ) from None
    library = session.get(Library, device.library_id)
    assert library is not None
    reader = changes.Reader(session, library, device.id)
    page = changes.pull(reader, position, limit)
    answer = PullPage(
        changes=(),
        cursor=page.cursor.encode(),
        has_more=page.has_more,
        reset=page.reset,
        server_time=datetime.now(UTC),
    )
    # The changes are JSON already, serialized by hand (pydantic-core's Rust encoder): building
    # and validating thousands of rows through the Change dataclass would cost more than
    # reading them.
    body = {**encode(answer), "changes": page.changes}
    return Response(to_json(body), media_type="application/json")
