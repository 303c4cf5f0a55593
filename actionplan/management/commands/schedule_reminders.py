"""manage.py schedule_reminders: queue the day's reminders once a day, for the background worker.

django-tasks has no periodic schedule, so this small loop is the clock: at JARTRACKER_REMINDERS_AT
(local time, 07:00 by default) it enqueues `send_reminders_task` for the day, and `manage.py
db_worker` sends it. Started late, it queues that day's run at once. It decides from no stored state
(it only records its passes, for /healthz): sending is idempotent (services/notices.py), so a restart,
a second scheduler or a manual `send_reminders` the same day sends nothing twice. `make run` starts
it beside the worker; a production server can use this, or a cron line / systemd timer calling
`send_reminders` (README).

The loop is also the clock of the background work's upkeep (issue 15): every 30 seconds it runs the
recovery sweep (services/task_leases.py: tasks whose worker died are marked failed) and once a day
the pruning (services/task_pruning.py). Each pass is recorded (ScheduleRun) for /healthz. A pass
that cannot reach the database is reported and tried again on the next; the loop carries on.
"""

from __future__ import annotations

import time
from datetime import date, datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from actionplan.models import ScheduleRun
from actionplan.services.task_leases import sweep
from actionplan.services.task_pruning import prune
from actionplan.tasks import send_reminders_task

NAME = "reminders"
PASS_SECONDS = 30


def parse_at(text: str) -> tuple[int, int]:
    try:
        moment = datetime.strptime(text, "%H:%M")
    except ValueError:
        raise CommandError(f"--at {text!r} is not a time; use HH:MM on the 24-hour clock, e.g. 07:00") from None
    return moment.hour, moment.minute


def due_to_queue(now: datetime, at: tuple[int, int], last: date | None) -> bool:
    """Whether the day's run should be queued at `now` (local), given the last day queued."""
    return now.date() != last and (now.hour, now.minute) >= at


class Command(BaseCommand):
    help = "Queue send_reminders every day at JARTRACKER_REMINDERS_AT for the db_worker (started by make run)."

    def add_arguments(self, parser):
        parser.add_argument("--at", default=None, help="HH:MM, local time (default JARTRACKER_REMINDERS_AT, 07:00)")
        parser.add_argument("--once", action="store_true", help="queue today's run now and stop")

    def handle(self, *args, at=None, once=False, **options):
        when = parse_at(at or settings.REMINDERS_AT)
        if once:
            day = timezone.localdate()
            self._queue(day)
            ScheduleRun.objects.update_or_create(name=NAME, defaults={"beat_at": timezone.now(), "queued_for": day})
            return
        self.stdout.write(f"Queuing the reminders every day at {when[0]:02d}:{when[1]:02d} "
                          f"({settings.TIME_ZONE}); mail goes through {settings.EMAIL_BACKEND}")
        last = None
        while True:
            close_old_connections()  # a restarted database: reconnect rather than fail every pass
            try:
                last = self.one_pass(timezone.localtime(), when, last)
            except DatabaseError as e:
                self.stderr.write(f"The database could not be reached ({e}); trying again in {PASS_SECONDS} seconds")
            time.sleep(PASS_SECONDS)

    def one_pass(self, now: datetime, when: tuple[int, int], last: date | None) -> date | None:
        """Queue the day's reminders if due, sweep, prune once a day, and record the pass; the last day queued."""
        run, _ = ScheduleRun.objects.get_or_create(name=NAME, defaults={"beat_at": now})
        if due_to_queue(now, when, last):
            self._queue(now.date())
            last = run.queued_for = now.date()
        swept = sweep()
        if swept:
            self.stdout.write(f"Marked failed {swept.tasks} task(s) whose worker had stopped, "
                              f"and {swept.renders} PDF(s) waiting on them")
        if run.pruned_at is None or timezone.localtime(run.pruned_at).date() != now.date():
            for line in prune().lines():
                self.stdout.write(line)
            run.pruned_at = timezone.now()
        run.beat_at = timezone.now()
        run.save()
        return last

    def _queue(self, day: date) -> None:
        result = send_reminders_task.enqueue(day.isoformat())
        self.stdout.write(f"Queued the reminders for {day.isoformat()} (task {result.id})")
