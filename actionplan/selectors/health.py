"""What /healthz reports (issue 15): whether the database answers and its migrations are applied, and
when the background worker and the reminders' scheduler last showed signs of life.

Only times and yes/no answers: nothing about the plans, the people or the machines (no host names,
process ids or worker ids), since the page needs no sign-in.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from actionplan.models import ScheduleRun, WorkerLease

# The scheduler passes every 30 seconds; ten missed passes mean it has stopped.
SCHEDULE_STALE_SECONDS = 300
# Reading the migrations from disk takes about 30 ms (300 ms the first time): a process that found them
# all applied believes it for a minute, so a load balancer probing every few seconds costs little.
MIGRATIONS_TRUSTED_SECONDS = 60
_applied_seen_at: float | None = None


def health(now: datetime | None = None) -> tuple[dict[str, Any], bool]:
    """The report, and whether a load balancer should send this process traffic: the database answers
    and no migration is left to apply. The worker and scheduler are reported, not judged: without them
    pages still work (PDFs and reminders wait)."""
    now = now or timezone.now()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        unapplied = _unapplied_migrations()
    except DatabaseError:
        return {"status": "unavailable", "database": "unreachable", "migrations": "unknown",
                "worker": None, "schedule": None}, False
    worker: dict[str, Any] | None
    schedule: dict[str, Any] | None
    try:
        worker, schedule = _worker(now), _schedule(now)
    except DatabaseError:  # their tables are among the migrations not applied yet
        worker = schedule = None
    ok = unapplied == 0
    degraded = not (worker and worker["alive"] and schedule and schedule["alive"])
    return {
        "status": "unavailable" if not ok else "degraded" if degraded else "ok",
        "database": "ok",
        "migrations": "applied" if ok else f"{unapplied} unapplied",
        "worker": worker,
        "schedule": schedule,
    }, ok


def _unapplied_migrations() -> int:
    global _applied_seen_at
    if _applied_seen_at is not None and time.monotonic() - _applied_seen_at < MIGRATIONS_TRUSTED_SECONDS:
        return 0
    executor = MigrationExecutor(connection)
    unapplied = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    _applied_seen_at = time.monotonic() if unapplied == 0 else None
    return unapplied


def _since(moment: datetime | None, now: datetime) -> dict:
    return {"at": moment.isoformat() if moment else None,
            "seconds_ago": max(0, int((now - moment).total_seconds())) if moment else None}


def _worker(now: datetime) -> dict:
    last = WorkerLease.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    alive = WorkerLease.objects.filter(leased_until__gt=now, stopped_at__isnull=True).count()
    beat = _since(last, now)
    return {"alive": alive > 0, "workers_alive": alive, "last_heartbeat": beat["at"],
            "seconds_since_heartbeat": beat["seconds_ago"], "lease_seconds": settings.TASK_LEASE_SECONDS}


def _schedule(now: datetime) -> dict:
    run = ScheduleRun.objects.filter(name="reminders").first()
    beat = _since(run.beat_at if run else None, now)
    return {"alive": beat["seconds_ago"] is not None and beat["seconds_ago"] <= SCHEDULE_STALE_SECONDS,
            "last_run": beat["at"], "seconds_since_run": beat["seconds_ago"],
            "reminders_queued_for": run.queued_for.isoformat() if run and run.queued_for else None}
