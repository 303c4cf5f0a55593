"""A real `manage.py db_worker` killed (SIGKILL) while it issues a paper (issue 15): within the lease the
clerk's progress page says the PDF could not be finished, and the next Issue click, with a fresh worker,
issues exactly one version.

The workers are separate processes, so they need a database they can open: the test's database is
copied to a file (SQLite) and this process uses the copy for the rest of the test. The lease is 3
seconds here (60 in production).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from actionplan.models import Paper, PaperRender, WorkerLease
from actionplan.services import task_leases
from tests.views.test_paper_renders import COMPLETE, DATABASE_TASKS, cabinet, role_groups  # noqa: F401

LEASE = 3
MANAGE = Path(django_settings.BASE_DIR) / "manage.py"


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """The DATABASE_URL of a copy of the test database that other processes can open; this process
    switches to it until the test ends, then back to the in-memory database (kept open meanwhile:
    closing the last connection to it would destroy it)."""
    conn = connections["default"]
    if conn.vendor != "sqlite":
        pytest.skip("copies the SQLite test database to a file")
    conn.ensure_connection()
    in_memory, name = conn.connection, conn.settings_dict["NAME"]
    target = tmp_path / "shared.sqlite3"
    copy = sqlite3.connect(target)
    in_memory.backup(copy)
    copy.close()
    conn.connection = None
    conn.settings_dict["NAME"] = str(target)
    try:
        yield f"sqlite:///{target}"
    finally:
        conn.close()
        conn.settings_dict["NAME"] = name
        conn.connection = in_memory


@pytest.fixture
def started():
    """Worker processes started by the test; any still running at the end are killed."""
    processes: list[subprocess.Popen] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def start_worker(database_url: str, media: Path, log: Path) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jartracker.settings", "DJANGO_DEBUG": "true",
           "DATABASE_URL": database_url, "JARTRACKER_MEDIA_ROOT": str(media),
           "JARTRACKER_TASKS_BACKEND": "database", "JARTRACKER_TASK_LEASE_SECONDS": str(LEASE)}
    return subprocess.Popen(
        [sys.executable, str(MANAGE), "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"],
        env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )


def wait_for(what: str, check, timeout: float, every: float = 0.05, worker: subprocess.Popen | None = None,
             log: Path | None = None):
    """Poll `check` until it answers; fail at once, with the worker's output, if the worker has exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        if worker is not None and worker.poll() is not None:
            break
        time.sleep(every)
    output = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise AssertionError(f"timed out after {timeout} s waiting for {what}; the workers wrote:\n{output}")


def status_of(job: PaperRender) -> str:
    job.refresh_from_db()
    return job.status


def issued_versions(paper: Paper) -> int:
    return paper.history.filter(history_change_reason__startswith="Issued").count()


@pytest.mark.usefixtures("role_groups")
def test_a_worker_killed_mid_issue_fails_within_the_lease_and_the_next_click_issues_once(
    client, world, settings, shared_database, tmp_path, monkeypatch, started
):
    settings.TASKS = DATABASE_TASKS
    settings.TASK_LEASE_SECONDS = LEASE
    # As if the web server ran on another machine: only the lease can tell it that the worker died (on
    # the worker's own machine the sweep sees the process gone at once: tests/services/test_task_recovery.py).
    monkeypatch.setattr(task_leases, "machine_key", lambda: "another machine")
    paper = Paper.objects.get(pk=cabinet(world, **COMPLETE).pk)
    client.force_login(world.users["clerk"])
    log = tmp_path / "workers.log"
    first = start_worker(shared_database, tmp_path, log)
    started.append(first)
    clicked = client.post(reverse("paper_issue", args=[paper.pk]))
    dead = PaperRender.objects.get()
    assert clicked["Location"] == reverse("paper_render", args=[paper.pk, dead.pk])
    # Generous: on a busy machine a worker takes a while to start (Django, WeasyPrint).
    wait_for("the worker to start issuing", lambda: status_of(dead) == "running", timeout=90, worker=first, log=log)
    first.send_signal(signal.SIGKILL)
    killed_at = time.monotonic()
    first.wait(timeout=10)
    # A fresh worker starts meanwhile (it finds nothing to do: the dead task is still marked running).
    second = start_worker(shared_database, tmp_path, log)
    started.append(second)
    paper.refresh_from_db()
    assert not paper.is_issued, "the worker finished before it was killed; the test proved nothing"
    assert DBTaskResult.objects.get(id=dead.task_id).status == "RUNNING"  # as the dead worker left it

    # The clerk's progress page, as its refresh asks every few seconds: failed once the lease runs out.
    def failed_page():
        page = client.get(clicked["Location"]).content.decode()
        return page if "The paper was not issued" in page else None

    page = wait_for("the dead render to be reported", failed_page, timeout=LEASE + 5, every=0.25)
    waited = time.monotonic() - killed_at
    # The lease runs out at most LEASE after the last heartbeat; allow a poll and a page load besides.
    assert waited <= LEASE + 2.5, f"reported {waited:.1f} s after the kill; the lease is {LEASE} s"
    assert "The PDF could not be finished; try again." in page
    assert "the paper is still a draft" in page
    assert status_of(dead) == "failed"
    assert DBTaskResult.objects.get(id=dead.task_id).status == "FAILED"

    # The next click, with the fresh worker, starts a new job (not the dead one) and issues once.
    again = client.post(reverse("paper_issue", args=[paper.pk]))
    job = PaperRender.objects.exclude(pk=dead.pk).get()
    assert again["Location"] == reverse("paper_render", args=[paper.pk, job.pk])
    wait_for("the paper to be issued", lambda: status_of(job) == "done", timeout=90, every=0.2, worker=second,
             log=log)
    assert "Paper issued" in client.get(again["Location"]).content.decode()
    # A further click finds the paper issued and starts nothing.
    assert client.post(reverse("paper_issue", args=[paper.pk]))["Location"] == reverse(
        "paper_detail", args=[paper.pk]
    )
    worker_id = WorkerLease.objects.get(pid=second.pid).worker_id
    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=15) == 0
    paper.refresh_from_db()
    assert paper.is_issued
    assert issued_versions(paper) == 1
    assert job.sha256 == paper.issued_sha256
    assert PaperRender.objects.count() == 2
    assert status_of(dead) == "failed"  # never turned into a second issue
    assert [p.name for p in (tmp_path / "papers").rglob("*.pdf")] == [Path(paper.issued_pdf.name).name]
    assert WorkerLease.objects.get(worker_id=worker_id).stopped_at is not None  # a clean stop ends the lease
