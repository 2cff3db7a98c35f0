"""A laptop past its daily card-number quota: the sync goes on, nothing is retried in a loop,
and the blocks it already has stay."""

from __future__ import annotations

from collections.abc import Callable

import requests
from sqlalchemy import func, select

from popup.store.models import CardRange
from tests.helpers.consortium import SyncServer
from tests.helpers.laptops import Laptop


def test_a_429_on_card_blocks_neither_stops_the_sync_nor_is_retried(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("quota")
    creds = laptop.enroll(sync_server)
    headers = {"Authorization": f"Bearer {creds.token}"}
    # Another program with this token used up today's 20 blocks (1 number each).
    for _ in range(20):
        response = requests.post(
            f"{sync_server.url}/v1/card-ranges", json={"size": 1}, headers=headers, timeout=30
        )
        assert response.status_code == 201, response.text
    response = requests.post(
        f"{sync_server.url}/v1/card-ranges", json={"size": 1}, headers=headers, timeout=30
    )
    assert response.status_code == 429 and response.json()["error"] == "CARD_RANGE_QUOTA"

    sleeps: list[float] = []
    report = laptop.sync(sleep=sleeps.append)  # 20 numbers left < 25: it asks, and is told 429
    assert report.ok, report.error
    assert sleeps == []  # no retry loop against a quota
    with laptop.store.read() as session:
        blocks = session.scalar(
            select(func.count()).select_from(CardRange).where(CardRange.source == "server")
        )
    assert blocks == 20  # the downloaded ones; the refused block is simply not there
    report = laptop.sync(sleep=sleeps.append)
    assert report.ok and sleeps == []
