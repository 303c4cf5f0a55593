"""The progress page of a paper's PDF being made in the background, and the finished file.

"Download PDF" (a draft) and "Issue" on the paper pages queue the task (views/papers.py, through
services/paper_renders.render_start) and land here. While the PDF is being prepared the page
refreshes itself every 3 seconds with <meta http-equiv="refresh">: no JavaScript, nothing inline
for the CSP to refuse. Same permissions as the paper pages that start them: clerks and plan
managers (readers download issued papers directly, which needs no rendering).
"""

from __future__ import annotations

import base64

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render

from actionplan import permissions as perms
from actionplan.models import PaperRender
from actionplan.services.paper_renders import (
    WORKER_SLOW_SECONDS,
    render_download_name,
    render_file_bytes,
    render_refresh,
    render_seconds_waiting,
)
from actionplan.services.papers import PaperError
from jartracker.db.reads import writes_on_read

REFRESH_SECONDS = 3


@writes_on_read  # render_refresh records a render whose task failed
@login_required
def paper_render(request, pk, render_pk):
    job = render_refresh(perms.render_for(request.user, pk, render_pk))
    waiting = render_seconds_waiting(job) if job.in_flight else 0
    return render(
        request, "actionplan/papers/paper_render.html",
        {
            "plan": job.paper.plan, "paper": job.paper, "job": job, "seconds": waiting,
            "refresh_seconds": REFRESH_SECONDS,
            "worker_slow": job.status == PaperRender.Status.QUEUED and waiting >= WORKER_SLOW_SECONDS,
            "took": (job.finished_at - (job.started_at or job.requested_at)).total_seconds()
            if job.finished_at else None,
        },
    )


@transaction.non_atomic_requests
@login_required
def paper_render_file(request, pk, render_pk):
    """A finished draft PDF, byte for byte, with its SHA-256; an issue's file is the issued paper's."""
    job = perms.render_for(request.user, pk, render_pk)
    if job.status != PaperRender.Status.DONE:
        return redirect("paper_render", pk=pk, render_pk=render_pk)
    if job.kind == PaperRender.Kind.ISSUE:
        return redirect("paper_pdf", pk=pk)
    try:
        data = render_file_bytes(job)
    except PaperError as e:
        return HttpResponse(f"The PDF cannot be downloaded: {e}.", status=410, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{render_download_name(job)}"'
    response["Cache-Control"] = "no-store"
    response["Repr-Digest"] = f"sha-256=:{base64.b64encode(bytes.fromhex(job.sha256)).decode()}:"
    return response
