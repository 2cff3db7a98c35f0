from __future__ import annotations

from datetime import UTC, datetime, timedelta

import requests


def test_health_reports_version_and_server_time(server: str) -> None:
    response = requests.get(f"{server}/health", timeout=10)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["version"] == "0.1.0"
    told = datetime.fromisoformat(body["server_time"])
    assert abs(told - datetime.now(UTC)) < timedelta(seconds=30)
    header = datetime.fromisoformat(response.headers["X-Server-Time"])
    assert abs(header - told) < timedelta(seconds=5)


def test_unknown_path_gets_the_error_shape(server: str) -> None:
    response = requests.get(f"{server}/v1/nothing-here", timeout=10)
    assert response.status_code == 404
    body = response.json()
    assert body["error"] == "NOT_FOUND"
    assert "/v1/nothing-here" in body["message"]
    assert "server_time" in body
    assert "X-Server-Time" in response.headers


def test_openapi_schema_is_served(server: str) -> None:
    schema = requests.get(f"{server}/openapi.json", timeout=10).json()
    assert {"/health", "/v1/enroll", "/v1/push", "/v1/pull", "/v1/card-ranges"} <= set(
        schema["paths"]
    )
