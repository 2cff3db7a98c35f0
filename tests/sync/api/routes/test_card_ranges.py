"""Card-number blocks: allocated per device, never overlapping, even when asked at once."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any

import requests


def test_concurrent_allocations_never_overlap_and_flow_to_their_device_only(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=0, patrons=0)
    devices = [enroll_device(lib.code, f"laptop {n}") for n in range(6)]
    got: dict[str, list[tuple[int, int, int]]] = {d.device_id: [] for d in devices}
    errors: list[str] = []

    def ask(device: Any) -> None:
        session = requests.Session()
        for size in (50, 200, 1, 75):
            response = session.post(
                f"{device.base}/v1/card-ranges",
                json={"size": size},
                headers=device.headers,
                timeout=60,
            )
            if response.status_code != 201:
                errors.append(response.text)
                continue
            body = response.json()
            assert body["last"] - body["first"] + 1 == size
            got[device.device_id].append((body["first"], body["last"], body["id"]))

    threads = [threading.Thread(target=ask, args=(d,)) for d in devices]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ranges = sorted(r for rs in got.values() for r in rs)
    assert len(ranges) == 6 * 4
    for (_, last, _), (first, _, _) in itertools.pairwise(ranges):
        assert last < first, f"ranges overlap: {ranges}"
    # Each device downloads its own ranges and nobody else's.
    for device in devices:
        changes, _ = device.pull_all()
        pulled = {
            (c["data"]["first"], c["data"]["last"], c["data"]["id"])
            for c in changes
            if c["entity"] == "card_range"
        }
        assert pulled == set(got[device.device_id])


def test_size_out_of_bounds_is_400(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=0, patrons=0)
    device = enroll_device(lib.code)
    for size in (0, -5, 10_001, "many"):
        response = device.http.post(
            f"{device.base}/v1/card-ranges", json={"size": size}, headers=device.headers, timeout=10
        )
        assert response.status_code == 400, response.text
        assert response.json()["field"] == "size"
