"""Recovering from a background worker that died mid-task (issue 15).

django-tasks-db marks a task RUNNING when a worker claims it and records the outcome when the task
returns; a worker killed in between (SIGKILL, out of memory, a lost machine) leaves it RUNNING for
ever, and with it the PaperRender the clerk is waiting on. So each worker holds a lease:

    lease_start()  - the worker's row (WorkerLease), written before it claims anything
    lease_renew()  - moved on by its heartbeat thread every TASK_LEASE_SECONDS / 4, busy or idle
    lease_end()    - a clean stop ends the lease at once
    sweep()        - a RUNNING task whose worker holds no live lease is marked failed, and so is the
                     render waiting on it, with a message for the clerk

A task is therefore found dead at most TASK_LEASE_SECONDS after its worker's last heartbeat; sooner
when the sweep runs on the worker's own machine (the usual single-server install), which can see that
the process has gone (machine_key, process_gone) without waiting for the lease. The
sweep runs every 30 seconds from `schedule_reminders` and whenever a page asks about a render
(services/paper_renders.py), so a clerk watching the progress page sees the failure as soon as the
lease runs out. Clocks: every process stamps with its own clock, so the machines' clocks must agree
to well within the lease (NTP does).
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from actionplan.models import PaperRender, WorkerLease

LOST = "The PDF could not be finished; try again. The background worker stopped while it was being made."


class WorkerLost(Exception):
    """Recorded as the exception of a task the sweep found abandoned (django-tasks-db keeps its class path)."""


def lease_seconds() -> int:
    return settings.TASK_LEASE_SECONDS


def beat_interval() -> float:
    """Four heartbeats a lease: three can be missed (a busy database) before the lease runs out."""
    return lease_seconds() / 4


def machine_key() -> str:
    """This kernel's boot and this process-id namespace: two processes with the same key see the same
    process ids (a container has its own namespace, so it never judges another's processes). Empty
    where there is no /proc (then only the lease counts)."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        return ""
    return f"{boot} {namespace}"[:120]


def process_gone(pid: int) -> bool:
    """Whether no live process has this id: none at all, or a zombie (dead, its parent has not yet
    collected it). An id reused by another process counts as present: the lease then decides, as it
    would on another machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # someone else's process: present
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]  # the state follows the command name in brackets


def lease_start(worker_id: str) -> WorkerLease:
    now = timezone.now()
    lease, _ = WorkerLease.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "machine": machine_key(),
                  "started_at": now, "beat_at": now, "leased_until": now + timedelta(seconds=lease_seconds()),
                  "stopped_at": None},
    )
    return lease


def lease_renew(worker_id: str) -> None:
    now = timezone.now()
    WorkerLease.objects.filter(worker_id=worker_id).update(
        beat_at=now, leased_until=now + timedelta(seconds=lease_seconds())
    )


def lease_end(worker_id: str) -> None:
    now = timezone.now()
    WorkerLease.objects.filter(worker_id=worker_id).update(beat_at=now, leased_until=now, stopped_at=now)


@dataclass(frozen=True)
class SweepReport:
    tasks: int  # task results marked failed
    renders: int  # renders marked failed

    def __bool__(self) -> bool:
        return bool(self.tasks or self.renders)


def sweep(now: datetime | None = None) -> SweepReport:
    """Mark failed every running task whose worker's lease has run out, and every render waiting on a
    failed task. A task claimed less than a lease ago by a worker with no row at all is left alone (our
    worker writes its row before it claims anything, so that is a worker of another kind, given the
    benefit of the doubt for one lease). Each update is conditional on the row's state, so a worker
    finishing at the same moment wins or loses cleanly (paper_render_worker)."""
    now = now or timezone.now()
    grace = now - timedelta(seconds=lease_seconds())
    live = _live_workers(now)
    known = set(WorkerLease.objects.values_list("worker_id", flat=True))
    abandoned: dict[uuid.UUID, str] = {}
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values_list("id", "worker_ids", "started_at")
    for result_id, worker_ids, started_at in running:
        owner = worker_ids[-1] if worker_ids else None
        if owner in live or (owner not in known and started_at is not None and started_at > grace):
            continue
        abandoned[result_id] = owner or "unknown"
    tasks = 0
    with transaction.atomic():
        for result_id, owner in abandoned.items():
            tasks += DBTaskResult.objects.filter(id=result_id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED, finished_at=now, return_value=None,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=f"WorkerLost: worker {owner} stopped renewing its lease; found at {now.isoformat()}",
            )
        renders = _fail_renders_of_failed_tasks(now)
    return SweepReport(tasks=tasks, renders=renders)


def _live_workers(now: datetime) -> set[str]:
    """Workers holding a lease, less those seen from their own machine to have gone (their lease is ended)."""
    here = machine_key()
    live = set()
    for worker_id, machine, pid in WorkerLease.objects.filter(leased_until__gt=now).values_list(
        "worker_id", "machine", "pid"
    ):
        if here and machine == here and process_gone(pid):
            WorkerLease.objects.filter(worker_id=worker_id).update(leased_until=now)
        else:
            live.add(worker_id)
    return live


def _fail_renders_of_failed_tasks(now: datetime) -> int:
    waiting = {
        task_id: pk
        for task_id, pk in PaperRender.objects.filter(status__in=PaperRender.IN_FLIGHT).exclude(task_id="")
        .values_list("task_id", "pk")
        if _is_uuid(task_id)  # django-tasks-db's ids; another backend's would not be in its table
    }
    if not waiting:
        return 0
    failed = DBTaskResult.objects.filter(id__in=list(waiting), status=TaskResultStatus.FAILED).values_list(
        "id", flat=True
    )
    ids = [waiting[str(task_id)] for task_id in failed if str(task_id) in waiting]
    return PaperRender.objects.filter(pk__in=ids, status__in=PaperRender.IN_FLIGHT).update(
        status=PaperRender.Status.FAILED, error=LOST, finished_at=now, stage=""
    )


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
