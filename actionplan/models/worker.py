"""Signs of life of the background processes: a lease each `db_worker` renews while it lives, and the
last run of the reminders' scheduler. Not versioned: like PaperRender, these are records of processes,
not facts about the plan. Read by the recovery sweep (services/task_leases.py) and by /healthz."""

from django.db import models


class WorkerLease(models.Model):
    """One `manage.py db_worker` process. Its heartbeat thread moves `leased_until` on every
    TASK_LEASE_SECONDS / 4, whether or not it is running a task, so an idle worker is seen alive. A
    task result claimed by a worker (django-tasks-db's `worker_ids`) whose lease has run out was
    abandoned: the worker was killed or lost its machine."""

    worker_id = models.CharField(max_length=64, unique=True)
    # Where it ran, for the people who run the service (never shown by /healthz).
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    # The kernel's boot and the process-id namespace it ran in (services/task_leases.machine_key): a sweep
    # in the same one can see at once that the process is gone, without waiting for the lease.
    machine = models.CharField(max_length=120, blank=True)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField()
    leased_until = models.DateTimeField(db_index=True)
    # Set when the worker stopped cleanly (Ctrl-C, SIGTERM); its lease ends then.
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-beat_at"]

    def __str__(self):
        return f"Worker {self.worker_id} (pid {self.pid} on {self.host}), last heartbeat {self.beat_at:%Y-%m-%d %H:%M}"


class ScheduleRun(models.Model):
    """What `manage.py schedule_reminders` last did: one row per scheduler name (there is one, "reminders")."""

    name = models.CharField(max_length=40, unique=True)
    # Every pass of its loop (at most 30 seconds apart): the scheduler is alive.
    beat_at = models.DateTimeField()
    # The last day whose reminders it queued, and when it last pruned old task results and drafts.
    queued_for = models.DateField(null=True, blank=True)
    pruned_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Schedule {self.name}: last ran {self.beat_at:%Y-%m-%d %H:%M:%S}"
