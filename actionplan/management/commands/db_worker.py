"""manage.py db_worker: django-tasks-db's worker, holding a lease while it lives (issue 15).

Everything the library's worker does is unchanged (same options, same claiming and running of
tasks); around it a heartbeat thread renews this worker's WorkerLease every TASK_LEASE_SECONDS / 4,
busy or idle, so that a task it claimed can be recovered if the process dies (services/task_leases.py)
and /healthz can say when a worker was last alive. This command hides the library's because
settings.INSTALLED_APPS lists actionplan before django_tasks_db.
"""

from __future__ import annotations

import logging
import os
import threading

from django.db import DatabaseError, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from actionplan.services.task_leases import beat_interval, lease_end, lease_renew, lease_start

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
                except DatabaseError:
                    log.warning("could not renew the lease of worker %s; trying again", self.worker_id, exc_info=True)
                    connection.close()
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=self.interval + 5)


class Command(db_worker.Command):
    help = db_worker.Command.help + ", renewing its lease so that a task it leaves behind is recovered"

    def handle(self, *args, **options) -> None:
        # With --reload the first process only watches the files; the worker is its child.
        if options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            return super().handle(*args, **options)
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
            except DatabaseError:  # the lease runs out by itself
                log.warning("could not end the lease of worker %s", worker_id, exc_info=True)
