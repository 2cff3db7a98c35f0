from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic_core import to_json

from popup.domain.protocol.envelopes import PullPage
from popup.domain.protocol.wire import encode
from popup_sync import changes
from popup_sync.api.deps import CurrentDevice, DatabaseDep
from popup_sync.api.errors import ApiError, documented
from popup_sync.models import Library

router = APIRouter(tags=["sync"])


@router.get(
    "/v1/pull",
    response_model=PullPage,
    responses=documented(400, 401, 403, 503),
)
def pull(
    device: CurrentDevice,
    db: DatabaseDep,
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
    # The whole page is read AND its transaction ended (commit) before the response starts:
    # a database fault anywhere in it, the commit included, raises here and is answered 503
    # (main's DBAPIError handler), never a connection cut after a 200 began. (A yield
    # dependency's session would end after the response had started.)
    with db.read() as session:
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
    body = to_json({**encode(answer), "changes": page.changes})
    # The laptop trades a token due for rotation at the end of its pass (POST /v1/token/rotate).
    headers = {"X-Token-Rotate": "due"} if device.rotate_due else None
    return Response(body, media_type="application/json", headers=headers)
