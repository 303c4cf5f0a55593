"""manage.py schedule_reminders: queue the day's reminders once a day, for the background worker.

django-tasks has no periodic schedule, so this small loop is the clock: at JARTRACKER_REMINDERS_AT
(local time, 07:00 by default) it enqueues `send_reminders_task` for the day, and `manage.py
db_worker` sends it. Started late, it queues that day's run at once. It keeps no state: sending is
idempotent (services/notices.py), so a restart, a second scheduler or a manual
`send_reminders` the same day sends nothing twice. `make run` starts it beside the worker; a
production server can use this, or a cron line / systemd timer calling `send_reminders` (README).
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from actionplan.tasks import send_reminders_task


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
            self._queue(timezone.localdate())
            return
        self.stdout.write(f"Queuing the reminders every day at {when[0]:02d}:{when[1]:02d} "
                          f"({settings.TIME_ZONE}); mail goes through {settings.EMAIL_BACKEND}")
        last = None
        while True:
            now = timezone.localtime()
            if due_to_queue(now, when, last):
                self._queue(now.date())
                last = now.date()
            time.sleep(min(60.0, max(1.0, (now.replace(second=0, microsecond=0) + timedelta(minutes=1) - now)
                                     .total_seconds())))

    def _queue(self, day: date) -> None:
        result = send_reminders_task.enqueue(day.isoformat())
        self.stdout.write(f"Queued the reminders for {day.isoformat()} (task {result.id})")
