"""manage.py tidy_tasks: recover abandoned tasks and prune old ones now, rather than waiting for the
scheduler's next pass (services/task_leases.py, services/task_pruning.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from actionplan.services.task_leases import sweep
from actionplan.services.task_pruning import prune


def positive_days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = 0
    if days < 1:
        raise CommandError(f"--keep-days {text!r} is not a number of days; give a whole number, 1 or more")
    return days


class Command(BaseCommand):
    help = ("Mark failed the tasks whose worker died, then remove draft PDFs, finished task results and "
            "stopped workers' leases older than JARTRACKER_TASK_KEEP_DAYS (issued papers are never touched).")

    def add_arguments(self, parser):
        parser.add_argument("--keep-days", help="keep this many days instead of JARTRACKER_TASK_KEEP_DAYS")

    def handle(self, *args, keep_days=None, **options):
        days = positive_days(keep_days) if keep_days is not None else None
        swept = sweep()
        self.stdout.write(f"Marked failed {swept.tasks} task{'s' if swept.tasks != 1 else ''} whose worker had "
                          f"stopped, and {swept.renders} PDF{'s' if swept.renders != 1 else ''} waiting on them")
        for line in prune(keep_days=days).lines():
            self.stdout.write(line)
