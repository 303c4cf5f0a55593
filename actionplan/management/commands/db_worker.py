"""manage.py db_worker: django-tasks-db's worker, holding a lease while it lives (issue 15).

Everything the library's worker does is unchanged (same options, same claiming and running of
tasks); around it a heartbeat thread renews this worker's WorkerLease every TASK_LEASE_SECONDS / 4,
busy or idle, so that a task it claimed can be recovered if the process dies (services/task_leases.py)
and /healthz can say when a worker was last alive. When the database goes away (a restart), the
library's worker stops; this one waits and starts again. This command hides the library's because
settings.INSTALLED_APPS lists actionplan before django_tasks_db.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands import db_worker

from actionplan.services.task_leases import beat_interval, lease_end, lease_renew, lease_start, sweep

log = logging.getLogger(__name__)


class Heartbeat(threading.Thread):
    """Renews the lease until stopped. A daemon: it never keeps a finished worker alive. It uses its own
    database connection (Django's are per thread) and drops it after a failure, so that the next beat
    reconnects to a restarted database."""

    def __init__(self, worker_id: str, interval: float):
        super().__init__(name=f"lease-{worker_id[:8]}", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.wait(self.interval):
                try:
                    lease_renew(self.worker_id)
                except DatabaseError as e:
                    log.warning("could not renew the lease of worker %s (%s); trying again", self.worker_id,
                                str(e).strip()[:200])
                    connection.close()
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=self.interval + 5)


# What a database restart or a dropped connection raises: the worker waits and starts again.
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_MAX_SECONDS = 10


class Command(db_worker.Command):
    help = db_worker.Command.help + ", renewing its lease so that a task it leaves behind is recovered"

    def handle(self, *args, **options) -> None:
        # With --reload the first process only watches the files; the worker is its child.
        if options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            return super().handle(*args, **options)
        worker_id, delay = options["worker_id"], 1.0
        stale: list[str] = []  # ids this process ran under before the database went away
        while True:
            try:
                self.run_leased(stale, *args, **{**options, "worker_id": worker_id})
                return
            except DATABASE_DOWN as e:
                # The library's loop stops at a database error other than a lock. Rather than leave the
                # service without a worker until someone restarts it, wait and start again, under a new
                # id: whatever task the old one held is then a dead worker's, for the sweep to fail.
                self.stderr.write(f"The database could not be reached ({str(e).strip()[:200]}); the worker "
                                  f"starts again in {delay:.0f} s")
            connections.close_all()
            time.sleep(delay)
            delay = min(delay * 2, RETRY_MAX_SECONDS)
            stale.append(worker_id)
            worker_id = get_random_string(32)

    def run_leased(self, stale: list[str], *args, **options) -> None:
        """The library's worker under its `worker_id`, holding its lease. The leases of the ids this process
        ran under before the database went away are ended first, so their tasks are failed at once."""
        if stale:
            for old in stale:
                lease_end(old)
            stale.clear()
            sweep()
        worker_id = options["worker_id"]
        lease_start(worker_id)
        heartbeat = Heartbeat(worker_id, beat_interval())
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
            try:
                lease_end(worker_id)
            except DatabaseError as e:
                log.warning("could not end the lease of worker %s (%s); it runs out by itself", worker_id,
                            str(e).strip()[:200])
