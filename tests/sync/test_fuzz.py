"""Schema-driven fuzzing: schemathesis generates requests from /openapi.json; none may get 5xx."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def test_no_generated_request_gets_a_server_error(
    server: str, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=5, patrons=3)
    device = enroll_device(lib.code)
    schema = schemathesis.openapi.from_url(f"{server}/openapi.json")
    failures: list[str] = []
    calls = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=30,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), authorized=st.booleans())
        def probe(case: Any, authorized: bool) -> None:
            nonlocal calls
            headers = dict(device.headers) if authorized else {}
            if authorized and isinstance(case.body, dict) and "device_id" in case.body:
                case.body["device_id"] = device.device_id  # reach past the mismatch check
            response = case.call(base_url=server, headers=headers, timeout=30)
            calls += 1
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} -> {response.status_code}: "
                    f"{response.text[:300]}"
                )
            else:
                body = response.json()
                if response.status_code >= 400:
                    assert body["message"], body

        probe()
    assert calls >= 100
    assert failures == []
