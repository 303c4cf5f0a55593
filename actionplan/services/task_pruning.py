"""Pruning what the background work leaves behind (issue 15): `schedule_reminders` runs it once a day,
`manage.py tidy_tasks` on demand.

Removed when older than TASK_KEEP_DAYS (14 by default):
- draft PDFs (PaperRender of kind draft, finished) and their files: a convenience copy, made again
  with one click. Never the renders of an issued paper, nor an issue's own record (the issued file
  is the paper's, and is never touched here);
- finished task results (django-tasks-db's table): successes and failures alike;
- the leases of workers that stopped or died that long ago.
Nothing waiting or running is touched.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from actionplan.models import PaperRender, WorkerLease


@dataclass(frozen=True)
class PruneReport:
    draft_renders: int
    files: int
    task_results: int
    worker_leases: int
    cutoff: datetime
    keep_days: int

    def lines(self) -> list[str]:
        def n(count, one, many):
            return f"{count} {one if count == 1 else many}"

        return [
            f"Removed what finished before {timezone.localtime(self.cutoff):%d %B %Y %H:%M} "
            f"(kept for {self.keep_days} days):",
            f"  {n(self.draft_renders, 'draft PDF', 'draft PDFs')} "
            f"({n(self.files, 'file', 'files')} deleted; issued papers' PDFs are never removed)",
            f"  {n(self.task_results, 'finished task result', 'finished task results')}",
            f"  {n(self.worker_leases, 'lease of a stopped worker', 'leases of stopped workers')}",
        ]


def prune(now: datetime | None = None, keep_days: int | None = None) -> PruneReport:
    now = now or timezone.now()
    keep_days = keep_days if keep_days is not None else settings.TASK_KEEP_DAYS
    cutoff = now - timedelta(days=keep_days)
    drafts, files = _prune_drafts(cutoff)
    results, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=cutoff
    ).delete()
    leases, _ = WorkerLease.objects.filter(leased_until__lt=cutoff).delete()
    return PruneReport(draft_renders=drafts, files=files, task_results=results, worker_leases=leases, cutoff=cutoff,
                       keep_days=keep_days)


def _prune_drafts(cutoff: datetime) -> tuple[int, int]:
    """Each file is deleted before its row: a process stopped in between leaves a row whose download
    says the PDF is no longer kept, never a file nothing points to."""
    old = (
        PaperRender.objects.filter(kind=PaperRender.Kind.DRAFT, status__in=[PaperRender.Status.DONE,
                                                                             PaperRender.Status.FAILED])
        .filter(Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, requested_at__lt=cutoff))
        .filter(paper__issued_at__isnull=True)
    )
    rows = files = 0
    for render in old.iterator():
        if render.file:
            with contextlib.suppress(FileNotFoundError):
                if render.file.storage.exists(render.file.name):
                    render.file.storage.delete(render.file.name)
                    files += 1
        rows += PaperRender.objects.filter(pk=render.pk).delete()[0]
    return rows, files
