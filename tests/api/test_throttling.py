"""Throttling counts each token's calls on its own, in a store every worker shares, and answers 429 in the
one error shape."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection

from actionplan.api.auth import PerTokenThrottle
from tests.views.test_paper_renders import role_groups  # noqa: F401
from tests.views.test_worker_killed import shared_database  # noqa: F401

MANAGE_DIR = Path(django_settings.BASE_DIR)

# One worker process of its own: sets Django up from the environment and makes N calls with the token.
CALLS = """
import sys, django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
client = Client()
print(" ".join(str(client.get("/api/v1/plans/", HTTP_AUTHORIZATION="Bearer " + sys.argv[2]).status_code)
               for _ in range(int(sys.argv[1]))))
"""


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


def test_calls_that_fail_count_too(client, world, token_of, two_a_minute):
    """A failed call's transaction is rolled back; its count is kept (written before that transaction)."""
    _, headers = token_of(world.users["viewer"])
    missing = [client.get("/api/v1/actions/999999/", **headers).status_code for _ in range(2)]
    assert missing == [404, 404]
    assert client.get("/api/v1/plans/", **headers).status_code == 429


@pytest.fixture
def database_url(request, transactional_db):
    """An address other processes can open for the test database (a file copy for SQLite's in-memory one)."""
    if connection.vendor == "sqlite":
        return request.getfixturevalue("shared_database")
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def calls_from_another_worker(database_url: str, secret: str, calls: int) -> list[int]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jartracker.settings_test", "DATABASE_URL": database_url,
           "JARTRACKER_API_CALLS_PER_MINUTE": "2"}
    done = subprocess.run([sys.executable, "-c", CALLS, str(calls), secret], env=env, cwd=MANAGE_DIR,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return [int(status) for status in done.stdout.split()]


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_share_each_tokens_count(database_url, role_groups, world, token_of):  # noqa: F811
    """What gunicorn's workers do: separate processes, each with its own connection and memory. With counts in
    each process's memory (LocMemCache) the second would answer 200 twice more."""
    _, headers = token_of(world.users["viewer"])
    secret = headers["HTTP_AUTHORIZATION"].removeprefix("Bearer ")
    try:
        assert calls_from_another_worker(database_url, secret, 2) == [200, 200]
        assert calls_from_another_worker(database_url, secret, 1) == [429]
    finally:
        caches["throttle"].clear()


def test_the_documentation_and_schema_count_against_the_token(client, world, token_of, two_a_minute):
    _, headers = token_of(world.users["viewer"])
    assert client.get("/api/v1/schema/", **headers).status_code == 200
    assert client.get("/api/v1/plans/", **headers).status_code == 200
    refused = client.get("/api/v1/schema/", **headers)
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["field"] is None
