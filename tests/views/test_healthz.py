"""/healthz (issue 15): for a load balancer (its status code) and for monitoring (its JSON fields); no
sign-in, no session, no data."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from actionplan.models import ScheduleRun, WorkerLease
from actionplan.selectors import health

URL = "/healthz"


@pytest.fixture(autouse=True)
def fresh_migration_check(monkeypatch):
    """Each test looks at the migrations afresh (a process trusts an 'all applied' for a minute)."""
    monkeypatch.setattr(health, "_applied_seen_at", None)


def worker_lease(*, beat_seconds_ago: float, lease_left: float, stopped=False) -> WorkerLease:
    now = timezone.now()
    return WorkerLease.objects.create(
        worker_id="w-secret-id", host="secret-host.council.internal", pid=4242, started_at=now - timedelta(hours=2),
        beat_at=now - timedelta(seconds=beat_seconds_ago), leased_until=now + timedelta(seconds=lease_left),
        stopped_at=now if stopped else None,
    )


def schedule_run(seconds_ago: float) -> ScheduleRun:
    return ScheduleRun.objects.create(name="reminders", beat_at=timezone.now() - timedelta(seconds=seconds_ago),
                                      queued_for=timezone.localdate())


def get(client):
    response = client.get(URL)
    return response, json.loads(response.content)


def test_all_well_is_200_ok_without_signing_in_and_shows_no_data(client, db):
    worker_lease(beat_seconds_ago=5, lease_left=55)
    schedule_run(seconds_ago=12)
    response, body = get(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response  # no session started
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["migrations"] == "applied"
    assert body["worker"]["alive"] is True
    assert body["worker"]["workers_alive"] == 1
    assert 5 <= body["worker"]["seconds_since_heartbeat"] <= 7
    assert body["worker"]["lease_seconds"] == 60
    assert body["schedule"]["alive"] is True
    assert 12 <= body["schedule"]["seconds_since_run"] <= 14
    assert body["schedule"]["reminders_queued_for"] == timezone.localdate().isoformat()
    text = response.content.decode()
    for private in ("secret-host", "w-secret-id", "4242"):
        assert private not in text


def test_an_idle_worker_is_alive(client, db):
    """The heartbeat renews the lease whether or not a task is running: no task at all here."""
    worker_lease(beat_seconds_ago=1, lease_left=59)
    schedule_run(seconds_ago=1)
    assert get(client)[1]["worker"]["alive"] is True


def test_no_worker_ever_is_200_but_degraded(client, db):
    schedule_run(seconds_ago=1)
    response, body = get(client)
    assert response.status_code == 200  # pages work; PDFs and reminders wait
    assert body["status"] == "degraded"
    assert body["worker"] == {"alive": False, "workers_alive": 0, "last_heartbeat": None,
                              "seconds_since_heartbeat": None, "lease_seconds": 60}


def test_a_dead_worker_is_reported_with_its_last_heartbeat(client, db):
    worker_lease(beat_seconds_ago=600, lease_left=-540)
    schedule_run(seconds_ago=1)
    response, body = get(client)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["worker"]["alive"] is False
    assert 600 <= body["worker"]["seconds_since_heartbeat"] <= 602


def test_a_worker_that_stopped_cleanly_is_not_alive(client, db):
    worker_lease(beat_seconds_ago=1, lease_left=0, stopped=True)
    assert get(client)[1]["worker"]["alive"] is False


def test_a_stopped_scheduler_is_reported(client, db):
    worker_lease(beat_seconds_ago=1, lease_left=59)
    schedule_run(seconds_ago=health.SCHEDULE_STALE_SECONDS + 60)
    response, body = get(client)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["schedule"]["alive"] is False
    assert body["schedule"]["seconds_since_run"] >= 360


def test_a_scheduler_that_never_ran_is_reported(client, db):
    worker_lease(beat_seconds_ago=1, lease_left=59)
    body = get(client)[1]
    assert body["schedule"] == {"alive": False, "last_run": None, "seconds_since_run": None,
                                "reminders_queued_for": None}


def test_a_migration_not_applied_is_503(client, db):
    [(app, newest)] = MigrationLoader(connection).graph.leaf_nodes("actionplan")
    MigrationRecorder.Migration.objects.filter(app=app, name=newest).delete()  # as if just deployed
    response, body = get(client)
    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body["database"] == "ok"
    assert body["migrations"] == "1 unapplied"


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_database_is_503_without_needing_a_session(client, tmp_path):
    """The database cannot be reached (SQLite: a file that cannot be opened; PostgreSQL: a port nothing listens
    on): every query fails, as with a stopped PostgreSQL."""
    conn = connections["default"]
    conn.ensure_connection()
    kept, settings_before = conn.connection, dict(conn.settings_dict)
    conn.connection = None  # kept open meanwhile: closing the in-memory test database would destroy it
    if conn.vendor == "sqlite":
        conn.settings_dict["NAME"] = str(tmp_path / "no-such-directory" / "db.sqlite3")
    else:
        conn.settings_dict.update(HOST="127.0.0.1", PORT="1")
    try:
        client.cookies["sessionid"] = "a-session-the-database-would-hold"
        response, body = get(client)
    finally:
        conn.close()
        conn.settings_dict.update(settings_before)
        conn.connection = kept
    assert response.status_code == 503
    assert body == {"status": "unavailable", "database": "unreachable", "migrations": "unknown",
                    "worker": None, "schedule": None}


def test_it_answers_over_plain_http_when_https_is_enforced(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get(URL).status_code == 200


def test_it_only_answers_reads(client, db):
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405


def test_a_load_balancer_probing_by_address_is_answered(client, db):
    """The probe names the machine's address, not the service's host name; only this path allows it."""
    assert client.get("/", HTTP_HOST="10.0.0.5").status_code == 400
    assert client.get(URL, HTTP_HOST="10.0.0.5").status_code == 200
