"""Papers' PDFs made in the background, so that no request waits on WeasyPrint (issue 5, Speed).

The rule is simple: every PDF made from a web page goes through the task, whatever its length
(a Cabinet report with appendices is already 2-3 s; the full plan of a large council far longer).
Issued papers are served from their stored file, which takes no rendering. The `render_paper`
command still renders in the foreground: a command may block.

    render_start()  - a view asks for a draft PDF or an issue: a PaperRender row, then the task
    render_run()    - the task's body, in the worker (`manage.py db_worker`, started by `make run`)
    render_refresh() - notices a task the worker gave up on (killed mid-way), for the progress page

A draft's PDF is written to a temporary file beside its final name and moved into place with
os.replace, so a failure never leaves a half-written file; an issue calls paper_issue(), which
keeps the issued file and its SHA-256 exactly as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from actionplan.models import Paper, PaperRender
from actionplan.papers.context import uk_day
from actionplan.papers.render import PaperRenderError, html_to_pdf, render_paper_html
from actionplan.services.papers import PaperError, paper_issue

log = logging.getLogger(__name__)

Kind, Status = PaperRender.Kind, PaperRender.Status

# A render still waiting after this long suggests that no worker is running.
WORKER_SLOW_SECONDS = 45

UNEXPECTED = (
    "Something went wrong while making the PDF and nothing was saved. Try again; if it happens "
    "again, tell the people who run this service (the error is in the worker's log)."
)
ABANDONED = "The background worker stopped before the PDF was finished. Nothing was saved: try again."


def render_start(*, paper: Paper, user, kind: str) -> PaperRender:
    """Ask for a paper's PDF: record the request, then queue the task.

    A request already waiting for the same thing is reused (a second click, two clerks), and so is
    an issue already under way: a paper is issued once. The row is saved (committed, as the views
    run outside a transaction) before the task is queued, so the worker always finds it. With the
    immediate backend the task runs here and the row comes back finished.
    """
    from actionplan.tasks import render_paper_task

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
        _finish(job.pk, status=Status.FAILED, error="The PDF could not be queued. Nothing was saved: try again.")
    else:
        PaperRender.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def render_run(render_id: int) -> str:
    """Make the PDF a PaperRender asks for and record the outcome on it; returns the status.

    Only a queued render is started (a task delivered twice does the work once). Expected
    failures (the layout failed; the paper cannot be issued) are recorded with their message for
    the clerk; anything else is recorded in general words and re-raised for the worker's log.
    """
    now = timezone.now()
    started = PaperRender.objects.filter(pk=render_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=now, stage="Starting"
    )
    if not started:
        return "not queued"
    job = PaperRender.objects.select_related("paper__plan", "requested_by").get(pk=render_id)
    try:
        if job.kind == Kind.ISSUE:
            _issue(job)
        else:
            _draft(job)
    except (PaperError, PaperRenderError) as e:
        _finish(render_id, status=Status.FAILED, error=str(e))
        return Status.FAILED
    except BaseException:  # includes the worker being told to stop mid-render
        with contextlib.suppress(Exception):  # the database may be what failed
            _finish(render_id, status=Status.FAILED, error=UNEXPECTED)
        raise
    return Status.DONE


def _stage(render_id: int, text: str) -> None:
    PaperRender.objects.filter(pk=render_id).update(stage=text[:200])


def _finish(render_id: int, **fields) -> None:
    PaperRender.objects.filter(pk=render_id).update(finished_at=timezone.now(), stage="", **fields)


def _draft(job: PaperRender) -> None:
    paper = job.paper
    _stage(job.pk, f"Reading the plan as it stood at the end of {uk_day(paper.as_at)}")
    html = render_paper_html(paper)
    _stage(job.pk, "Laying out the pages")
    pdf = html_to_pdf(html)
    _stage(job.pk, "Saving the file")
    digest = hashlib.sha256(pdf).hexdigest()
    name = render_file_name(job, digest)
    stored = _write_whole(job.file.storage, name, pdf)
    try:
        _finish(job.pk, status=Status.DONE, file=stored, sha256=digest, size=len(pdf), error="")
    except BaseException:
        job.file.storage.delete(stored)
        raise


def _issue(job: PaperRender) -> None:
    _stage(job.pk, "Laying out the pages and storing the issued PDF with its SHA-256")
    issued = paper_issue(paper_id=job.paper_id, user=job.requested_by)
    _finish(job.pk, status=Status.DONE, sha256=issued.issued_sha256, size=issued.issued_pdf.size, error="")


def render_file_name(job: PaperRender, digest: str) -> str:
    # Generated, never from the title: no path tricks; unique per render.
    paper = job.paper
    return f"renders/{paper.plan.slug}/paper-{paper.pk}-v{paper.version}-render-{job.pk}-{digest[:16]}.pdf"


def _write_whole(storage, name: str, data: bytes) -> str:
    """Write data to a temporary file in the same folder, then move it into place in one step."""
    try:
        final = Path(storage.path(name))
    except NotImplementedError:  # a storage without local files saves the whole object at once
        return storage.save(name, ContentFile(data))
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=final.parent, prefix=".part-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        mode = getattr(storage, "file_permissions_mode", None)
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, final)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    return name


def render_refresh(job: PaperRender) -> PaperRender:
    """If the task behind a waiting or running render has failed (the worker was killed, the task
    could not be loaded), record that on the render so the clerk is not left waiting forever."""
    if not job.in_flight or not job.task_id:
        return job
    from django_tasks import TaskResultStatus
    from django_tasks.exceptions import TaskResultDoesNotExist

    from actionplan.tasks import render_paper_task

    backend = render_paper_task.get_backend()
    if not backend.supports_get_result:
        return job
    try:
        result = backend.get_result(job.task_id)
    except TaskResultDoesNotExist:
        return job
    if result.status == TaskResultStatus.FAILED:
        PaperRender.objects.filter(pk=job.pk, status__in=PaperRender.IN_FLIGHT).update(
            status=Status.FAILED, error=ABANDONED, finished_at=timezone.now(), stage=""
        )
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
