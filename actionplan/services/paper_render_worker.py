"""The background worker's side of a paper's PDF: the body of the render task (tasks.py).

    render_run()  - make the PDF a PaperRender asks for and record the outcome on it
    finish()      - record how a render ended (also used when the task could not be queued)

A render the recovery sweep has given up on (services/task_leases.py: its worker's lease ran out,
and the clerk was told to try again) stays failed: finish() only changes a render still in flight,
a draft finished too late is deleted, and an issue is recorded in the same transaction that marks
its render done, so a paper is issued by a live job or not at all, never twice from one click.

A draft's PDF is written to a temporary file beside its final name and moved into place with
os.replace, so a failure never leaves a half-written file; an issue calls paper_issue(), which
keeps the issued file and its SHA-256 exactly as before. Requesting and following a render is
services/paper_renders.py, which queues the task; this module knows nothing of the task, so
the two import in one direction only (paper_renders -> tasks -> paper_render_worker).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone

from actionplan.dates import uk_date
from actionplan.models import PaperRender
from actionplan.papers.render import PaperRenderError, html_to_pdf, paper_appended_files, render_paper_html
from actionplan.services.papers import PaperError, paper_issue

Kind, Status = PaperRender.Kind, PaperRender.Status

UNEXPECTED = (
    "Something went wrong while making the PDF and nothing was saved. Try again; if it happens "
    "again, tell the people who run this service (the error is in the worker's log)."
)


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
        finish(render_id, status=Status.FAILED, error=str(e))
        return Status.FAILED
    except BaseException:  # includes the worker being told to stop mid-render
        with contextlib.suppress(Exception):  # the database may be what failed
            finish(render_id, status=Status.FAILED, error=UNEXPECTED)
        raise
    return Status.DONE


def _stage(render_id: int, text: str) -> None:
    PaperRender.objects.filter(pk=render_id).update(stage=text[:200])


class GivenUp(PaperError):
    """The sweep marked this render failed while it was still being made; its result is not kept."""


def finish(render_id: int, **fields) -> bool:
    """Record how a render ended, unless the sweep already gave up on it; whether it was recorded."""
    return bool(PaperRender.objects.filter(pk=render_id, status__in=PaperRender.IN_FLIGHT).update(
        finished_at=timezone.now(), stage="", **fields
    ))


def _draft(job: PaperRender) -> None:
    paper = job.paper
    _stage(job.pk, f"Reading the plan as it stood at the end of {uk_date(paper.as_at)}")
    html = render_paper_html(paper)
    _stage(job.pk, "Laying out the pages")
    pdf = html_to_pdf(html, appended=paper_appended_files(paper))
    _stage(job.pk, "Saving the file")
    digest = hashlib.sha256(pdf).hexdigest()
    name = render_file_name(job, digest)
    stored = _write_whole(job.file.storage, name, pdf)
    try:
        if not finish(job.pk, status=Status.DONE, file=stored, sha256=digest, size=len(pdf), error=""):
            raise GivenUp("the render was given up before it finished")
    except BaseException:
        job.file.storage.delete(stored)
        raise


def _issue(job: PaperRender) -> None:
    _stage(job.pk, "Laying out the pages and storing the issued PDF with its SHA-256")

    def render_done(issued) -> None:  # inside paper_issue's transaction: both are recorded, or neither
        if not finish(job.pk, status=Status.DONE, sha256=issued.issued_sha256, size=issued.issued_pdf.size, error=""):
            raise GivenUp("the issue was given up before it finished; the paper was not issued")

    paper_issue(paper_id=job.paper_id, user=job.requested_by, on_issued=render_done)


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
