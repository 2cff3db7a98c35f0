"""Card-number blocks: allocated per device, never overlapping, even when asked at once."""

from __future__ import annotations

import itertools
import threading
import uuid
from collections.abc import Callable
from typing import Any

import requests

from popup.domain.cards import CardFormat, ScanKind
from popup_sync import crud
from tests.helpers import mutations


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


def _ask(device: Any, size: object) -> requests.Response:
    response: requests.Response = device.http.post(
        f"{device.base}/v1/card-ranges", json={"size": size}, headers=device.headers, timeout=30
    )
    return response


def test_size_must_be_a_real_integer(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    """``true`` and ``1.0`` were read as 1 (pydantic's lax mode): refused, naming the field."""
    lib = make_library(items=0, patrons=0)
    device = enroll_device(lib.code)
    for size in (True, 1.0, 5.0, "5", [5], None):
        response = _ask(device, size)
        assert response.status_code == 400, (size, response.text)
        body = response.json()
        assert body["error"] == "INVALID_REQUEST" and body["field"] == "size"
    assert _ask(device, 5).status_code == 201


def test_daily_quota_per_device_answers_429_and_spares_other_devices(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any], db: Any
) -> None:
    """The defaults (20 blocks, 2,000 numbers per device per UTC day) stop a runaway device;
    a second laptop of the same library is not affected, and the counter does not move."""
    lib = make_library(items=0, patrons=0)
    runaway, other = enroll_device(lib.code, "runaway"), enroll_device(lib.code, "other")
    sent = 0
    for _ in range(20):
        assert _ask(runaway, 1).status_code == 201
        sent += 1
    before = db.run_write(lambda s: crud.get_library(session=s, code=lib.code).next_card_seq)
    refused = 0
    for _ in range(30):
        response = _ask(runaway, 1)
        sent += 1
        assert response.status_code == 429, response.text
        refused += 1
    body = response.json()
    assert body["error"] == "CARD_RANGE_QUOTA"
    assert "20 card-number blocks" in body["message"] and "per device per day" in body["message"]
    assert 0 < int(response.headers["Retry-After"]) <= 86_400
    after = db.run_write(lambda s: crud.get_library(session=s, code=lib.code).next_card_seq)
    assert after == before and refused == 30 and sent == 50
    # Numbers count too: 2,000 a day, whatever the block size.
    assert _ask(other, 2_000).status_code == 201
    response = _ask(other, 1)
    assert response.status_code == 429 and "2000 numbers" in response.json()["message"]


def test_a_range_never_passes_the_card_formats_capacity(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any], db: Any
) -> None:
    """The default format has 8 sequence digits: 99,999,999 is the last number a range holds,
    and past it the answer is 409 CARD_NUMBERS_EXHAUSTED (the counter stays put)."""
    lib = make_library(items=0, patrons=0)
    device = enroll_device(lib.code)
    capacity = CardFormat().max_sequence
    assert capacity == 99_999_999

    def near_the_end(session: Any) -> None:
        crud.get_library(session=session, code=lib.code).next_card_seq = capacity - 9

    db.run_write(near_the_end)
    response = _ask(device, 11)
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["error"] == "CARD_NUMBERS_EXHAUSTED" and "10 card numbers left" in body["message"]
    response = _ask(device, 10)
    assert response.status_code == 201, response.text
    assert response.json()["last"] == capacity
    # The last number of the range still makes a valid card.
    CardFormat().validate_patron(CardFormat().make(ScanKind.PATRON, capacity, "1120"))
    response = _ask(device, 1)
    assert response.status_code == 409 and "0 card numbers left" in response.json()["message"]
    counter = db.run_write(lambda s: crud.get_library(session=s, code=lib.code).next_card_seq)
    assert counter == capacity + 1


def test_a_temporary_sign_up_when_numbers_are_exhausted_is_rejected_not_500(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any], db: Any
) -> None:
    """The server replaces a temporary card from the same counter: past the capacity the
    sign-up gets a ``rejected`` outcome saying why, and the device's queue moves on."""
    lib = make_library(items=1, patrons=0)
    device = enroll_device(lib.code)
    capacity = CardFormat().max_sequence

    def exhausted(session: Any) -> None:
        crud.get_library(session=session, code=lib.code).next_card_seq = capacity + 1

    db.run_write(exhausted)
    signup = device.mutation(mutations.register("T-" + uuid.uuid4().hex[:8], temporary=True))
    after = device.mutation(mutations.in_house_use(lib.items[0]))
    registered, used = device.push_ok([signup, after])
    assert registered["status"] == "rejected"
    assert "No permanent card number could be given" in registered["message"]
    assert "0 card numbers left" in registered["message"]
    assert used["status"] == "applied"
