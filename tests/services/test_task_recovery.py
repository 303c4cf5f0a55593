"""Recovering from a dead background worker (issue 15): the lease, its heartbeat, the sweep, and a
render the sweep gave up on never being recorded after all. The real worker killed mid-issue is
tests/views/test_worker_killed.py."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from actionplan.management.commands import db_worker
from actionplan.models import PaperRender, WorkerLease
from actionplan.services import paper_render_worker, paper_renders, task_leases
from actionplan.services import papers as paper_services
from actionplan.services.task_leases import LOST, lease_start, sweep
from tests.views.test_paper_renders import COMPLETE, DATABASE_TASKS, cabinet, files_under, run_worker, worker

LEASE = 60


@pytest.fixture
def queued(world, settings):
    """A clerk's draft PDF, queued for the database worker."""
    settings.TASKS = DATABASE_TASKS
    settings.TASK_LEASE_SECONDS = LEASE
    paper = cabinet(world)
    return paper_renders.render_start(paper=paper, user=world.users["clerk"], kind=PaperRender.Kind.DRAFT)


def claim(job: PaperRender, worker_id: str, seconds_ago: float) -> None:
    """As a worker claiming the task `seconds_ago` and starting the render would leave the rows."""
    started = timezone.now() - timedelta(seconds=seconds_ago)
    DBTaskResult.objects.filter(id=job.task_id).update(status="RUNNING", worker_ids=[worker_id], started_at=started)
    PaperRender.objects.filter(pk=job.pk).update(status="running", started_at=started, stage="Laying out the pages")


def lease(worker_id: str, seconds_left: float) -> WorkerLease:
    now = timezone.now()
    return WorkerLease.objects.create(worker_id=worker_id, host="h", pid=1, started_at=now - timedelta(hours=1),
                                      beat_at=now, leased_until=now + timedelta(seconds=seconds_left))


def test_a_task_whose_worker_lease_ran_out_is_failed_with_the_clerks_message(queued):
    lease("gone", seconds_left=-1)
    claim(queued, "gone", seconds_ago=LEASE + 5)
    report = sweep()
    assert (report.tasks, report.renders) == (1, 1)
    queued.refresh_from_db()
    assert queued.status == "failed"
    assert queued.error.startswith("The PDF could not be finished; try again.")
    assert queued.finished_at is not None
    result = DBTaskResult.objects.get(id=queued.task_id)
    assert result.status == "FAILED"
    assert "stopped renewing its lease" in result.traceback
    assert not sweep()  # nothing more to do the second time


def test_a_task_whose_worker_holds_its_lease_is_left_running(queued):
    lease("alive", seconds_left=30)
    claim(queued, "alive", seconds_ago=LEASE * 10)  # a long render: the lease, not the time, decides
    assert not sweep()
    queued.refresh_from_db()
    assert queued.status == "running"
    assert DBTaskResult.objects.get(id=queued.task_id).status == "RUNNING"


def test_a_task_of_a_worker_without_a_lease_row_gets_one_lease_of_grace(queued):
    claim(queued, "another-kind-of-worker", seconds_ago=1)
    assert not sweep()
    claim(queued, "another-kind-of-worker", seconds_ago=LEASE + 1)
    assert sweep().tasks == 1


def test_a_task_claimed_moments_ago_by_a_worker_whose_lease_ran_out_is_failed_at_once(queued):
    lease("gone", seconds_left=-1)
    claim(queued, "gone", seconds_ago=1)
    assert sweep().tasks == 1


def test_on_the_workers_own_machine_a_gone_process_is_seen_at_once(queued):
    """The usual single-server install: no waiting for the lease when the worker's process is gone."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # reaped: no process has this id now
    row = lease("killed", seconds_left=50)
    WorkerLease.objects.filter(pk=row.pk).update(machine=task_leases.machine_key(), pid=gone.pid)
    claim(queued, "killed", seconds_ago=2)
    assert sweep().tasks == 1
    assert WorkerLease.objects.get(pk=row.pk).leased_until <= timezone.now()  # /healthz: not alive


def test_a_killed_worker_not_yet_collected_by_its_parent_is_seen_gone(queued):
    """A worker started in the background by a shell or a script that has not waited for it yet."""
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 30
    while not Path(f"/proc/{zombie.pid}/stat").read_text().rpartition(")")[2].startswith(" Z"):
        assert time.monotonic() < deadline, "the child did not exit"
        time.sleep(0.05)
    try:
        row = lease("zombie", seconds_left=50)
        WorkerLease.objects.filter(pk=row.pk).update(machine=task_leases.machine_key(), pid=zombie.pid)
        claim(queued, "zombie", seconds_ago=2)
        assert sweep().tasks == 1
    finally:
        zombie.wait()


def test_a_live_process_on_this_machine_and_a_gone_one_elsewhere_keep_their_leases(queued):
    here = lease("here", seconds_left=50)
    WorkerLease.objects.filter(pk=here.pk).update(machine=task_leases.machine_key(), pid=os.getpid())
    claim(queued, "here", seconds_ago=2)
    assert not sweep()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    elsewhere = lease("elsewhere", seconds_left=50)
    WorkerLease.objects.filter(pk=elsewhere.pk).update(machine="another boot pid:[1]", pid=gone.pid)
    claim(queued, "elsewhere", seconds_ago=2)
    assert not sweep()  # its process ids are not ours to judge: the lease decides


def test_a_queued_task_waits_for_a_worker_however_long(queued):
    PaperRender.objects.filter(pk=queued.pk).update(requested_at=timezone.now() - timedelta(days=1))
    assert not sweep()
    queued.refresh_from_db()
    assert queued.status == "queued"


def test_the_progress_page_sweeps_and_shows_the_failure(client, world, queued):
    lease("gone", seconds_left=-1)
    claim(queued, "gone", seconds_ago=LEASE + 5)
    client.force_login(world.users["clerk"])
    page = client.get(reverse("paper_render", args=[queued.paper_id, queued.pk])).content.decode()
    assert "The PDF could not be made" in page
    assert "The PDF could not be finished; try again." in page
    assert "http-equiv" not in page  # no more refreshing


def test_a_new_request_after_a_dead_render_starts_a_new_job(world, queued):
    lease("gone", seconds_left=-1)
    claim(queued, "gone", seconds_ago=LEASE + 5)
    again = paper_renders.render_start(paper=queued.paper, user=world.users["clerk"], kind=PaperRender.Kind.DRAFT)
    assert again.pk != queued.pk
    assert again.status == "queued"
    queued.refresh_from_db()
    assert queued.status == "failed"


def test_an_issue_click_while_its_worker_lives_is_handed_the_issue_under_way(world, settings):
    settings.TASKS = DATABASE_TASKS
    paper = cabinet(world, **COMPLETE)
    issuing = paper_renders.render_start(paper=paper, user=world.users["clerk"], kind=PaperRender.Kind.ISSUE)
    lease("alive", seconds_left=30)
    claim(issuing, "alive", seconds_ago=LEASE * 2)
    again = paper_renders.render_start(paper=paper, user=world.users["clerk"], kind=PaperRender.Kind.ISSUE)
    assert again.pk == issuing.pk
    assert PaperRender.objects.count() == 1


def given_up_while_rendering(monkeypatch, module, name):
    """The sweep marks the render failed while the (slow, not dead) worker is still laying it out."""
    real = getattr(module, name)

    def slow(*args, **kwargs):
        PaperRender.objects.update(status="failed", error=LOST)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)


def test_an_issue_given_up_by_the_sweep_is_not_recorded_when_the_worker_finishes(client, world, settings,
                                                                                  monkeypatch):
    given_up_while_rendering(monkeypatch, paper_services, "render_issued_paper")
    paper = cabinet(world, **COMPLETE)
    client.force_login(world.users["clerk"])
    client.post(reverse("paper_issue", args=[paper.pk]))  # the immediate backend: the task runs here
    paper.refresh_from_db()
    assert not paper.is_issued
    assert not paper.history.filter(history_change_reason__startswith="Issued").exists()
    job = PaperRender.objects.get()
    assert (job.status, job.error) == ("failed", LOST)  # the clerk's message stands
    assert not files_under(settings.MEDIA_ROOT)  # the stored PDF was removed with the rolled-back issue

    monkeypatch.undo()
    client.post(reverse("paper_issue", args=[paper.pk]))  # the clerk tries again: issued once
    paper.refresh_from_db()
    assert paper.is_issued
    assert paper.history.filter(history_change_reason__startswith="Issued").count() == 1


def test_a_draft_given_up_by_the_sweep_leaves_no_file_when_the_worker_finishes(client, world, settings, monkeypatch):
    given_up_while_rendering(monkeypatch, paper_render_worker, "html_to_pdf")
    paper = cabinet(world)
    client.force_login(world.users["clerk"])
    client.post(reverse("paper_pdf", args=[paper.pk]))
    job = PaperRender.objects.get()
    assert (job.status, job.error, job.file.name) == ("failed", LOST, "")
    assert not files_under(settings.MEDIA_ROOT)


# ---------------------------------------------------------------- the worker's lease


def test_manage_py_db_worker_is_the_one_with_the_lease():
    assert get_commands()["db_worker"] == "actionplan"


@worker
def test_the_heartbeat_renews_the_lease_and_survives_a_database_error(settings, monkeypatch):
    settings.TASK_LEASE_SECONDS = 2
    first = lease_start("w1")
    assert first.leased_until - first.beat_at == timedelta(seconds=2)
    real, failures = task_leases.lease_renew, []

    def flaky(worker_id):
        if not failures:
            failures.append(worker_id)
            raise OperationalError("database is locked")
        real(worker_id)

    monkeypatch.setattr(db_worker, "lease_renew", flaky)
    heartbeat = db_worker.Heartbeat("w1", interval=0.05)
    heartbeat.start()
    try:
        deadline = time.monotonic() + 10
        while WorkerLease.objects.get().beat_at == first.beat_at and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        heartbeat.stop()
    renewed = WorkerLease.objects.get()
    assert failures == ["w1"]  # one beat failed; the next renewed
    assert not heartbeat.is_alive()
    assert renewed.beat_at > first.beat_at
    assert renewed.leased_until - renewed.beat_at == timedelta(seconds=2)


@worker
def test_an_idle_worker_holds_a_lease_and_ends_it_when_it_stops(settings):
    settings.TASKS = DATABASE_TASKS
    before = timezone.now()
    run_worker()  # --batch: nothing queued, so it starts, finds nothing and stops
    row = WorkerLease.objects.get()
    assert row.started_at >= before
    assert row.stopped_at is not None
    assert row.leased_until == row.stopped_at  # a clean stop: its tasks need no waiting for


def test_a_worker_that_loses_the_database_starts_again_and_its_task_is_failed(world, queued, monkeypatch):
    """The library's worker stops at a database error (PostgreSQL restarted); ours waits and starts
    again under a new id, and the task the old one held is failed for the clerk to try again."""
    calls = []

    def library_worker(self, *args, worker_id, **options):
        calls.append(worker_id)
        if len(calls) == 1:  # claimed the render, then the database went away
            claim(queued, worker_id, seconds_ago=1)
            raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(db_worker.db_worker.Command, "handle", library_worker)
    slept = []
    monkeypatch.setattr(db_worker.time, "sleep", slept.append)
    monkeypatch.setattr(db_worker.connections, "close_all", lambda: None)  # the test's own transaction stays
    command = db_worker.Command(stdout=io.StringIO(), stderr=io.StringIO())
    command.handle(worker_id="first", reload=False)
    assert calls[0] == "first"
    assert len(calls) == 2
    assert calls[1] != "first"
    assert slept == [1.0]
    assert command.stderr.getvalue() == ("The database could not be reached (terminating connection due to "
                                         "administrator command); the worker starts again in 1 s\n")
    leases = {row.worker_id: row for row in WorkerLease.objects.all()}
    assert set(leases) == {"first", calls[1]}
    assert all(row.stopped_at is not None for row in leases.values())
    queued.refresh_from_db()
    assert (queued.status, queued.error) == ("failed", LOST)
    assert DBTaskResult.objects.get(id=queued.task_id).status == "FAILED"
