"""Throttling counts each token's calls on its own, and answers 429 in the one error shape."""

import pytest

from actionplan.api.auth import PerTokenThrottle


@pytest.fixture
def two_a_minute(monkeypatch):
    monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"token": "2/min"})


def test_a_token_over_its_rate_is_answered_429_and_another_token_is_not(client, world, token_of, two_a_minute):
    _, busy = token_of(world.users["viewer"], name="Busy")
    _, quiet = token_of(world.users["viewer"], name="Quiet")
    assert [client.get("/api/v1/plans/", **busy).status_code for _ in range(2)] == [200, 200]
    refused = client.get("/api/v1/plans/", **busy)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    [error] = refused.json()["errors"]
    assert error["field"] is None
    assert "throttled" in error["message"].lower()
    assert client.get("/api/v1/plans/", **quiet).status_code == 200
