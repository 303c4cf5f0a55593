"""Papers' PDFs made in the background, so that no request waits on WeasyPrint (issue 5, Speed).

The rule is simple: every PDF made from a web page goes through the task, whatever its length
(a Cabinet report with appendices is already 2-3 s; the full plan of a large council far longer).
Issued papers are served from their stored file, which takes no rendering. The `render_paper`
command still renders in the foreground: a command may block.

    render_start()  - a view asks for a draft PDF or an issue: a PaperRender row, then the task
    render_refresh() - the render as it stands, after the recovery sweep (services/task_leases.py) has
                       marked failed any task whose worker died mid-way, for the progress page

The task's body, run by the worker (`manage.py db_worker`, started by `make run`), is
services/paper_render_worker.py; tasks.py imports it, and this module imports tasks.py.
"""

from __future__ import annotations

import hashlib
import logging

from django.utils import timezone
from django.utils.text import slugify

from actionplan.models import Paper, PaperRender
from actionplan.services.paper_render_worker import finish
from actionplan.services.papers import PaperError
from actionplan.services.task_leases import sweep
from actionplan.tasks import render_paper_task

log = logging.getLogger(__name__)

Kind, Status = PaperRender.Kind, PaperRender.Status

# A render still waiting after this long suggests that no worker is running.
WORKER_SLOW_SECONDS = 45

NOT_QUEUED = "The PDF could not be queued. Nothing was saved: try again."


def render_start(*, paper: Paper, user, kind: str) -> PaperRender:
    """Ask for a paper's PDF: record the request, then queue the task.

    A request already waiting for the same thing is reused (a second click, two clerks), and so is
    an issue already under way: a paper is issued once. A render whose worker died is never handed
    back: the sweep first marks it failed, so the click starts a new job. The row is saved
    (committed, as the views run outside a transaction) before the task is queued, so the worker
    always finds it. With the immediate backend the task runs here and the row comes back finished.
    """
    sweep()
    waiting = PaperRender.objects.filter(
        paper=paper, kind=kind, status__in=PaperRender.IN_FLIGHT if kind == Kind.ISSUE else [Status.QUEUED]
    ).order_by("-requested_at", "-pk").first()
    if waiting is not None:
        return waiting
    job = PaperRender.objects.create(
        paper=paper, kind=kind, requested_by=user, requested_at=timezone.now(),
        stage="Waiting for the background worker to start",
    )
    try:
        result = render_paper_task.enqueue(job.pk)
    except Exception:
        log.exception("could not queue the PDF of paper %s (render %s)", paper.pk, job.pk)
        finish(job.pk, status=Status.FAILED, error=NOT_QUEUED)
    else:
        PaperRender.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def render_refresh(job: PaperRender) -> PaperRender:
    """The render as it stands, after the sweep has marked failed a task whose worker died (its lease
    ran out), so that the clerk is never left waiting on a dead worker."""
    if job.in_flight:
        sweep()
        job.refresh_from_db()
    return job


def render_seconds_waiting(job: PaperRender) -> int:
    since = job.started_at if job.status == Status.RUNNING and job.started_at else job.requested_at
    return max(0, int((timezone.now() - since).total_seconds()))


def render_file_bytes(job: PaperRender) -> bytes:
    """A finished draft PDF, byte for byte, after checking it still has the hash recorded when made."""
    if job.status != Status.DONE or not job.file:
        raise PaperError("this PDF is not ready")
    try:
        with job.file.open("rb") as f:
            data = f.read()
    except FileNotFoundError:
        raise PaperError("this PDF is no longer kept; prepare it again") from None
    if hashlib.sha256(data).hexdigest() != job.sha256:
        raise PaperError("the stored PDF no longer matches the SHA-256 recorded when it was made")
    return data


def render_download_name(job: PaperRender) -> str:
    paper = job.paper
    kind = slugify(paper.get_kind_display())
    return f"{paper.plan.slug}-{kind}-{paper.meeting_date:%Y-%m-%d}-v{paper.version}-draft.pdf"
