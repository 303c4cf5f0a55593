"""manage.py send_reminders: the day's reminder emails, each sent once (see services/notices.py)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from actionplan.dates import uk_date
from actionplan.management.commands._dates import get_plan, parse_date
from actionplan.models import Plan
from actionplan.rounds import is_working_day
from actionplan.selectors.notices import Notice
from actionplan.services.notices import RunReport, day_notices, send_notices


def check_day(day: date, plan: Plan | None) -> None:
    """The one as-at wording, for the reminders' day: not in the future, not before the plan began."""
    if day > timezone.localdate():
        raise CommandError("--on: The reminders date must be today or in the past")
    if plan is not None and day < plan.started_on:
        raise CommandError(f"--on: The reminders date must be on or after {uk_date(plan.started_on)}, "
                           "when the plan began")


class Command(BaseCommand):
    help = ("Email each person the returns they owe, their actions due and overdue, and escalations, at most "
            "once a day; --dry-run prints who would get what.")

    def add_arguments(self, parser):
        parser.add_argument("--on", help="YYYY-MM-DD: the day to remind for (default today)")
        parser.add_argument("--dry-run", action="store_true", help="print who would get what; send nothing")
        parser.add_argument("--plan", help="only this plan's reminders (its slug)")

    def handle(self, *args, on=None, dry_run=False, plan=None, **options):
        plan_obj = get_plan(plan) if plan else None
        day = parse_date(on, "--on") if on else timezone.localdate()
        check_day(day, plan_obj)
        if not is_working_day(day):
            self.stdout.write(f"{uk_date(day)} is a {day:%A}: reminders go on working days only. Nothing to send.")
            return
        notices = day_notices(day, [plan_obj] if plan_obj else None)
        if dry_run:
            self._print(day, notices)
            return
        self._report(send_notices(day, notices))

    def _print(self, day: date, notices: list[Notice]) -> None:
        reachable = [n for n in notices if n.recipient.reachable]
        self.stdout.write(f"Dry run for {uk_date(day)}: {len(reachable)} emails would be sent "
                          f"through {settings.EMAIL_BACKEND}; nothing was sent.")
        for notice in notices:
            who = notice.recipient
            to = f"<{who.email}>" if who.reachable else (
                "CANNOT BE REMINDED (no account)" if who.user_id is None else "CANNOT BE REMINDED (no email address)")
            self.stdout.write(f"\n{who.name} {to}: {notice.summary}")
            for section in notice.sections:
                self.stdout.write(f"  {section.heading} ({section.plan}){' [always sent]' if section.required else ''}")
                for line in section.lines:
                    self.stdout.write(f"    - {line.text}: {line.detail}")

    def _report(self, report: RunReport) -> None:
        where = settings.EMAIL_BACKEND
        if where.endswith("filebased.EmailBackend"):
            where = f"files in {settings.EMAIL_FILE_PATH}"
        self.stdout.write(f"Reminders for {uk_date(report.day)} through {where}: {len(report.sent)} sent, "
                          f"{len(report.already)} already sent, {len(report.failed)} failed, "
                          f"{len(report.unreachable)} cannot be reminded.")
        for notice in report.sent:
            self.stdout.write(f"  sent to {notice.recipient.name} <{notice.recipient.email}>: {notice.summary}")
        for notice, error in report.failed:
            self.stdout.write(f"  FAILED for {notice.recipient.name} <{notice.recipient.email}> ({error}); "
                              "it will be tried again on the next run")
        for notice in report.unreachable:
            why = "no account" if notice.recipient.user_id is None else "no email address"
            self.stdout.write(f"  cannot be reminded: {notice.recipient.name} ({why}): {notice.summary}")
        for row in report.unfinished:
            self.stdout.write(f"  not marked sent: {row.email}, claimed at {row.claimed_at:%H:%M}: another run is "
                              "sending it, or stopped mid-send (not sent again; check the mail server's log)")
        if report.failed:
            raise CommandError(f"{len(report.failed)} emails could not be sent; run again to retry them")
