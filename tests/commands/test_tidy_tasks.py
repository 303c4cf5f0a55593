"""Pruning old draft PDFs, task results and workers' leases (issue 15): `manage.py tidy_tasks` on demand,
`schedule_reminders` once a day; and the scheduler's pass (sweep, prune, record) that /healthz reads."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from actionplan.management.commands import schedule_reminders
from actionplan.models import PaperRender, ScheduleRun, WorkerLease
from actionplan.tasks import send_reminders_task
from tests.views.test_paper_renders import DATABASE_TASKS, cabinet

DAY = timedelta(days=1)


def draft(paper, *, age: timedelta, status="done", kind="draft", with_file=True) -> PaperRender:
    when = timezone.now() - age
    job = PaperRender.objects.create(paper=paper, kind=kind, status=status, requested_at=when,
                                     finished_at=None if status in ("queued", "running") else when)
    if with_file:
        job.file.save(f"renders/jar/paper-{paper.pk}-render-{job.pk}.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return job


def task_result(status: str, age: timedelta) -> DBTaskResult:
    result = send_reminders_task.enqueue("2006-05-19")
    when = timezone.now() - age
    DBTaskResult.objects.filter(id=result.id).update(status=status, finished_at=when, started_at=when)
    return DBTaskResult.objects.get(id=result.id)


def worker_lease(worker_id: str, age: timedelta) -> WorkerLease:
    when = timezone.now() - age
    return WorkerLease.objects.create(worker_id=worker_id, host="h", pid=1, started_at=when, beat_at=when,
                                      leased_until=when)


@pytest.fixture
def leftovers(world, settings):
    """Two weeks and more of background work: what should go and what must stay."""
    settings.TASKS = DATABASE_TASKS
    settings.TASK_KEEP_DAYS = 14
    paper, issued = cabinet(world), cabinet(world, title="Issued paper")
    issued.issued_at = timezone.now() - 30 * DAY
    issued.save()
    keep = {
        "recent draft": draft(paper, age=13 * DAY),
        "draft of an issued paper": draft(issued, age=30 * DAY),
        "an issue's record": draft(paper, age=30 * DAY, kind="issue", with_file=False),
        "a queued draft": draft(paper, age=30 * DAY, status="queued", with_file=False),
    }
    go = {"old draft": draft(paper, age=15 * DAY), "old failed draft": draft(paper, age=20 * DAY, status="failed",
                                                                            with_file=False)}
    results = {"old success": task_result("SUCCESSFUL", 15 * DAY), "old failure": task_result("FAILED", 15 * DAY),
               "recent": task_result("SUCCESSFUL", 2 * DAY), "old but waiting": task_result("READY", 30 * DAY)}
    leases = {"stopped long ago": worker_lease("old", 15 * DAY), "recent": worker_lease("new", DAY)}
    return keep, go, results, leases


def test_tidy_tasks_removes_only_what_is_old_and_finished_and_says_how_much(leftovers, settings):
    keep, go, results, leases = leftovers
    old_file = Path(settings.MEDIA_ROOT) / go["old draft"].file.name
    assert old_file.exists()
    out = StringIO()
    call_command("tidy_tasks", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Marked failed 0 tasks whose worker had stopped, and 0 PDFs waiting on them"
    assert lines[1].startswith("Removed what finished before ")
    assert lines[1].endswith("(kept for 14 days):")
    assert lines[2:] == [
        "  2 draft PDFs (1 file deleted; issued papers' PDFs are never removed)",
        "  2 finished task results",
        "  1 lease of a stopped worker",
    ]
    assert set(PaperRender.objects.values_list("pk", flat=True)) == {job.pk for job in keep.values()}
    assert not old_file.exists()
    for job in keep.values():
        if job.file:
            assert (Path(settings.MEDIA_ROOT) / job.file.name).exists()
    assert set(DBTaskResult.objects.values_list("id", flat=True)) == {results["recent"].id,
                                                                      results["old but waiting"].id}
    assert list(WorkerLease.objects.values_list("worker_id", flat=True)) == ["new"]


def test_tidy_tasks_keep_days_on_demand(leftovers):
    out = StringIO()
    call_command("tidy_tasks", "--keep-days", "1", stdout=out)
    assert "(kept for 1 days):" in out.getvalue()
    assert "  3 finished task results" in out.getvalue()  # two days old is now old enough


@pytest.mark.parametrize("bad", ["0", "two", "-3"])
def test_tidy_tasks_refuses_a_bad_number_of_days(bad, db):
    with pytest.raises(CommandError) as error:
        call_command("tidy_tasks", "--keep-days", bad, stdout=StringIO())
    assert str(error.value) == f"--keep-days {bad!r} is not a number of days; give a whole number, 1 or more"


def test_the_schedules_pass_records_itself_and_prunes_once_a_day(leftovers, settings):
    command = schedule_reminders.Command(stdout=StringIO(), stderr=StringIO())
    now = timezone.localtime()
    last = command.one_pass(now, (0, 0), None)
    assert last == now.date()
    run = ScheduleRun.objects.get(name="reminders")
    assert run.queued_for == now.date()
    assert run.pruned_at is not None
    assert "Removed what finished before" in command.stdout.getvalue()
    first_prune = run.pruned_at
    draft(leftovers[0]["recent draft"].paper, age=15 * DAY)  # more old work appears the same day
    command.one_pass(timezone.localtime(), (0, 0), last)
    run.refresh_from_db()
    assert run.pruned_at == first_prune  # once a day
    assert run.beat_at > first_prune
    assert DBTaskResult.objects.filter(task_path__endswith="send_reminders_task").count() == 3  # queued once


def test_the_scheduler_carries_on_when_the_database_cannot_be_reached(db, monkeypatch):
    passes = []

    def one_pass(now, when, last):
        passes.append(now)
        if len(passes) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        raise KeyboardInterrupt  # stop the endless loop after its second pass

    command = schedule_reminders.Command(stdout=StringIO(), stderr=StringIO())
    monkeypatch.setattr(command, "one_pass", one_pass)
    monkeypatch.setattr(schedule_reminders.time, "sleep", lambda seconds: None)
    with pytest.raises(KeyboardInterrupt):
        command.handle(at="07:00")
    assert len(passes) == 2
    assert command.stderr.getvalue().startswith("The database could not be reached (server closed the connection")


def test_once_records_the_day_queued(db, settings):
    call_command("schedule_reminders", "--once", stdout=StringIO())
    assert ScheduleRun.objects.get(name="reminders").queued_for == timezone.localdate()
