"""Papers' PDFs made by the background worker (issue 5, Speed): no request lays out a PDF.

The suite runs tasks with the immediate backend (jartracker/settings_test.py); the tests marked
`worker` here switch to the database backend, see the progress page while the task waits, then run
`manage.py db_worker --batch` (one pass over the queue, then exit) and see the file.
"""

import hashlib
import io
import re
import signal
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from actionplan import roles
from actionplan.models import Paper, PaperRender, Status
from actionplan.papers.render import PaperRenderError
from actionplan.services import paper_render_worker
from actionplan.services import papers as paper_services
from actionplan.services.papers import paper_create_from_type

COMPLETE = {
    "portfolio": "Children and Young People Services",
    "financial_implications": "None beyond the approved budget.",
    "consultees": "Action Plan Group",
    "contact_name": "Sue Fiennes",
    "contact_title": "Director of Children's Services",
    "contact_phone": "01432 260039",
}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Transactional tests: the worker commits, as it does in production (and on PostgreSQL the
# worker's connection handling needs real transactions).
worker = pytest.mark.django_db(transaction=True)


@pytest.fixture
def role_groups(transactional_db):
    """A transactional test that ran before may have flushed the groups the migrations made."""
    for name in roles.ALL:
        Group.objects.get_or_create(name=name)


def cabinet(world, **fields) -> Paper:
    return paper_create_from_type(
        plan=world.plan, kind=Paper.Kind.CABINET_REPORT, as_at=timezone.localdate(),
        user=world.users["clerk"], fields={"title": "Progress on the JAR plan", **fields},
    )


def run_worker():
    """`manage.py db_worker` once over the queue. It installs its own SIGINT/SIGTERM handlers:
    put pytest's back afterwards."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0",
                     verbosity=0, stdout=io.StringIO())
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)


def files_under(root) -> list[Path]:
    return sorted(p for p in Path(root).rglob("*") if p.is_file())


def pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


@worker
def test_draft_pdf_waits_for_the_worker_then_downloads(client, role_groups, world, settings):
    settings.TASKS = DATABASE_TASKS
    paper = cabinet(world)
    client.force_login(world.users["clerk"])

    started = client.post(reverse("paper_pdf", args=[paper.pk]))
    job = PaperRender.objects.get()
    progress_url = reverse("paper_render", args=[paper.pk, job.pk])
    file_url = reverse("paper_render_file", args=[paper.pk, job.pk])
    assert started.status_code == 302
    assert started["Location"] == progress_url
    assert job.status == "queued"
    assert job.kind == "draft"
    assert job.requested_by == world.users["clerk"]
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"

    page = client.get(progress_url).content.decode()
    assert "Your PDF is being prepared" in page
    assert "Waiting to start" in page
    # Without JavaScript the page reloads itself; with it, a module from our origin checks in the
    # background instead (no reload every 3 s for screen readers; nothing inline for the CSP).
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert 'src="/static/js/render-progress.js"' in page
    assert 'role="status"' in page
    assert file_url not in page
    assert "<script>" not in page
    assert client.get(file_url)["Location"] == progress_url  # not ready: back to the progress page
    # A second click while it waits does not queue the same work twice.
    assert client.post(reverse("paper_pdf", args=[paper.pk]))["Location"] == progress_url
    assert PaperRender.objects.count() == 1
    assert DBTaskResult.objects.count() == 1
    assert not files_under(settings.MEDIA_ROOT)

    run_worker()

    job.refresh_from_db()
    assert job.status == "done"
    assert job.error == ""
    assert job.finished_at is not None
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    page = client.get(progress_url).content.decode()
    assert "Your PDF is ready" in page
    assert f'href="{file_url}"' in page
    assert "http-equiv" not in page

    download = client.get(file_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "no-store"
    assert "attachment;" in download["Content-Disposition"]
    assert download.content.startswith(b"%PDF-")
    assert hashlib.sha256(download.content).hexdigest() == job.sha256
    assert len(download.content) == job.size
    text = pdf_text(download.content)
    assert "Progress on the JAR plan" in text
    assert "Draft, version 1" in text
    # One file, under MEDIA_ROOT/renders/, with a generated name; no temporary file left behind.
    assert files_under(settings.MEDIA_ROOT) == [Path(settings.MEDIA_ROOT) / job.file.name]
    assert job.file.name.startswith(f"renders/{world.plan.slug}/paper-{paper.pk}-v1-render-{job.pk}-")


@worker
def test_issue_waits_for_the_worker_and_keeps_the_issued_file(client, role_groups, world, settings):
    settings.TASKS = DATABASE_TASKS
    paper = cabinet(world, **COMPLETE)
    client.force_login(world.users["clerk"])

    started = client.post(reverse("paper_issue", args=[paper.pk]))
    job = PaperRender.objects.get()
    assert started["Location"] == reverse("paper_render", args=[paper.pk, job.pk])
    assert job.kind == "issue"
    page = client.get(started["Location"]).content.decode()
    assert "The paper is being issued" in page
    assert 'http-equiv="refresh"' in page
    paper.refresh_from_db()
    assert not paper.is_issued

    run_worker()

    paper.refresh_from_db()
    job.refresh_from_db()
    assert paper.is_issued
    assert paper.issued_by == world.users["clerk"]
    assert job.status == "done"
    assert job.sha256 == paper.issued_sha256
    assert not job.file  # the issued file is the paper's own
    page = client.get(started["Location"]).content.decode()
    assert "Paper issued" in page
    assert paper.issued_sha256 in page.replace("<wbr>", "")
    assert reverse("paper_pdf", args=[paper.pk]) in page
    first = client.get(reverse("paper_pdf", args=[paper.pk]))
    assert hashlib.sha256(first.content).hexdigest() == paper.issued_sha256


def test_issuing_through_the_task_gives_the_issued_sha256_and_the_same_bytes_later(client, world):
    paper = cabinet(world, **COMPLETE)
    client.force_login(world.users["clerk"])
    started = client.post(reverse("paper_issue", args=[paper.pk]))
    job = PaperRender.objects.get()
    paper.refresh_from_db()
    assert job.status == "done"
    assert paper.is_issued
    assert job.sha256 == paper.issued_sha256
    assert "Paper issued" in client.get(started["Location"]).content.decode()
    # The render's file link leads to the issued paper's download, served byte for byte.
    assert client.get(reverse("paper_render_file", args=[paper.pk, job.pk]))["Location"] == reverse(
        "paper_pdf", args=[paper.pk]
    )
    first = client.get(reverse("paper_pdf", args=[paper.pk])).content
    assert hashlib.sha256(first).hexdigest() == paper.issued_sha256

    world.mine.status = Status.COMPLETED  # the plan moves on
    world.mine.completed_on = timezone.localdate()
    world.mine.save()
    # Issuing again is refused without a second task; the download is the same bytes.
    assert client.post(reverse("paper_issue", args=[paper.pk]))["Location"] == reverse("paper_detail", args=[paper.pk])
    assert PaperRender.objects.count() == 1
    assert client.get(reverse("paper_pdf", args=[paper.pk])).content == first


def test_an_incomplete_paper_is_refused_at_once_without_a_task(client, world):
    paper = cabinet(world)
    client.force_login(world.users["clerk"])
    response = client.post(reverse("paper_issue", args=[paper.pk]))
    assert response.status_code == 400
    assert "Consultees is empty" in response.content.decode()
    assert not PaperRender.objects.exists()


def test_a_failed_render_shows_the_error_and_leaves_no_file(client, world, settings, monkeypatch):
    def broken(html, appended=None):
        raise PaperRenderError("the PDF could not be laid out: no room for the table")

    monkeypatch.setattr(paper_render_worker, "html_to_pdf", broken)
    paper = cabinet(world)
    client.force_login(world.users["clerk"])
    started = client.post(reverse("paper_pdf", args=[paper.pk]))
    job = PaperRender.objects.get()
    assert job.status == "failed"
    assert job.error == "the PDF could not be laid out: no room for the table"
    assert not job.file
    assert job.sha256 == ""
    page = client.get(started["Location"]).content.decode()
    assert "The PDF could not be made" in page
    assert "no room for the table" in page
    assert "Nothing was saved" in page
    assert "Try again" in page
    assert "http-equiv" not in page
    assert client.get(reverse("paper_render_file", args=[paper.pk, job.pk])).status_code == 302
    assert not files_under(settings.MEDIA_ROOT)


def test_a_failure_while_writing_leaves_no_half_written_file(client, world, settings, monkeypatch):
    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(paper_render_worker.os, "replace", disk_full)
    paper = cabinet(world)
    client.force_login(world.users["clerk"])
    started = client.post(reverse("paper_pdf", args=[paper.pk]))
    job = PaperRender.objects.get()
    assert job.status == "failed"
    assert job.error == paper_render_worker.UNEXPECTED
    assert "The PDF could not be made" in client.get(started["Location"]).content.decode()
    assert not files_under(settings.MEDIA_ROOT)  # the temporary file was removed too


def test_a_failed_issue_leaves_the_paper_a_draft(client, world, settings, monkeypatch):
    def broken(paper, **kwargs):
        raise PaperRenderError("the PDF could not be laid out: boom")

    monkeypatch.setattr(paper_services, "render_issued_paper", broken)
    paper = cabinet(world, **COMPLETE)
    client.force_login(world.users["clerk"])
    started = client.post(reverse("paper_issue", args=[paper.pk]))
    page = client.get(started["Location"]).content.decode()
    assert "The paper was not issued" in page
    assert "boom" in page
    assert "still a draft" in page
    paper.refresh_from_db()
    assert not paper.is_issued
    assert not files_under(settings.MEDIA_ROOT)
    assert PaperRender.objects.get().status == "failed"


def test_a_task_the_worker_gave_up_on_is_reported(client, world, settings):
    settings.TASKS = DATABASE_TASKS
    paper = cabinet(world)
    client.force_login(world.users["clerk"])
    started = client.post(reverse("paper_pdf", args=[paper.pk]))
    job = PaperRender.objects.get()
    PaperRender.objects.filter(pk=job.pk).update(status="running", started_at=timezone.now())
    DBTaskResult.objects.filter(id=job.task_id).update(status="FAILED")  # the worker was killed
    page = client.get(started["Location"]).content.decode()
    assert "The PDF could not be made" in page
    assert "The PDF could not be finished; try again." in page
    job.refresh_from_db()
    assert job.status == "failed"


def test_a_long_wait_suggests_the_worker_is_not_running(client, world, settings):
    settings.TASKS = DATABASE_TASKS
    paper = cabinet(world)
    client.force_login(world.users["clerk"])
    started = client.post(reverse("paper_pdf", args=[paper.pk]))
    assert "may not be running" not in client.get(started["Location"]).content.decode()
    PaperRender.objects.update(requested_at=timezone.now() - timedelta(minutes=2))
    page = client.get(started["Location"]).content.decode()
    assert "has not started after 120 seconds" in page
    assert "db_worker" in page


def test_the_paper_page_asks_for_the_pdf_by_post(client, world):
    paper = cabinet(world)
    client.force_login(world.users["clerk"])
    detail = client.get(reverse("paper_detail", args=[paper.pk])).content.decode()
    assert f'<form id="paper-pdf-form" method="post" action="{reverse("paper_pdf", args=[paper.pk])}"' in detail
    assert 'form="paper-pdf-form"' in detail
    # A GET of the old address offers the button and makes nothing.
    page = client.get(reverse("paper_pdf", args=[paper.pk]))
    assert page.status_code == 200
    assert "Prepare the PDF" in page.content.decode()
    assert not PaperRender.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "officer", "director", "norole"])
def test_readers_cannot_start_or_follow_renders(client, world, role):
    paper = cabinet(world, **COMPLETE)
    client.force_login(world.users["clerk"])
    client.post(reverse("paper_pdf", args=[paper.pk]))
    job = PaperRender.objects.get()
    client.force_login(world.users[role])
    assert client.post(reverse("paper_pdf", args=[paper.pk])).status_code == 403
    assert client.post(reverse("paper_issue", args=[paper.pk])).status_code == 403
    assert client.get(reverse("paper_render", args=[paper.pk, job.pk])).status_code == 403
    assert client.get(reverse("paper_render_file", args=[paper.pk, job.pk])).status_code == 403
    assert PaperRender.objects.count() == 1
    paper.refresh_from_db()
    assert not paper.is_issued


def test_a_render_is_only_reached_through_its_own_paper(client, world):
    paper = cabinet(world)
    other = cabinet(world, title="Another paper")
    client.force_login(world.users["clerk"])
    client.post(reverse("paper_pdf", args=[paper.pk]))
    job = PaperRender.objects.get()
    assert client.get(reverse("paper_render", args=[other.pk, job.pk])).status_code == 404
    assert client.get(reverse("paper_render_file", args=[other.pk, job.pk])).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, world):
    paper = cabinet(world)
    response = client.post(reverse("paper_pdf", args=[paper.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not PaperRender.objects.exists()
