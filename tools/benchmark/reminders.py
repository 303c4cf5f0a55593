"""The reporting cycle at scale: a calendar for every plan, accounts with email addresses for the
leads, and a dry run of a day's reminders for the whole installation, timed, with its queries counted."""

from __future__ import annotations

import time
from datetime import date, datetime
from datetime import time as clock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from simple_history.utils import bulk_create_with_history

from actionplan import roles
from actionplan.asat import local_time
from actionplan.models import Person, Plan, ReportingCalendar
from actionplan.rounds import Interval
from actionplan.services.notices import day_notices

LEADS_WITH_EMAIL_PER_PLAN = 5  # of the 8 people in each plan: 200 leads for 40 plans; the rest cannot be reminded
FIRST_BOARD = date(2006, 1, 31)  # a monthly improvement board, the 31st or the month's last day
REMINDERS_DAY = date(2006, 6, 30)  # a Friday: June's board, returns due 27 June, three rounds judged before it
REMINDERS_TARGET_S = 10


@transaction.atomic
def prepare_cycle(plans: list[Plan]) -> dict:
    """A monthly calendar for each plan and an officer's account (with an email address) for the first
    people of each plan; recorded as at the plan's start."""
    opened = local_time(min(p.started_on for p in plans), clock(9))
    calendars = [ReportingCalendar(plan=p, interval=Interval.MONTHLY, interval_name="Improvement Board",
                                   first_date=FIRST_BOARD, deadline_working_days=3) for p in plans]
    for calendar in calendars:
        calendar._history_date = opened
    bulk_create_with_history(calendars, ReportingCalendar, default_change_reason="Benchmark")
    User = get_user_model()
    officer = Group.objects.get(name=roles.OFFICER)
    linked = 0
    for plan in plans:
        people = list(Person.objects.filter(plan=plan, user__isnull=True).order_by("initials")[
            :LEADS_WITH_EMAIL_PER_PLAN])
        users = User.objects.bulk_create([
            User(username=f"{plan.slug}-{p.initials}".lower(), first_name=p.name,
                 email=f"{plan.slug}-{p.initials}@council.example".lower()) for p in people])
        officer.user_set.add(*users)
        for person, user in zip(people, users, strict=True):
            person.user = user
        Person.objects.bulk_update(people, ["user"])
        linked += len(people)
    return {"calendars": len(calendars), "leads_with_email": linked}


def measure_reminders(day: date = REMINDERS_DAY) -> dict:
    """Compose the whole installation's emails for `day` as `send_reminders --dry-run` does; nothing is sent."""
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        notices = day_notices(day)
        seconds = time.perf_counter() - started
    plans = Plan.objects.filter(status=Plan.State.ACTIVE, started_on__lte=day).count()
    return {
        "day": day.isoformat(), "seconds": round(seconds, 2), "target_seconds": REMINDERS_TARGET_S,
        "within_target": seconds < REMINDERS_TARGET_S, "queries": len(ctx.captured_queries), "plans": plans,
        "queries_per_plan": round(len(ctx.captured_queries) / max(plans, 1), 1),
        "emails": sum(1 for n in notices if n.recipient.reachable),
        "cannot_be_reminded": sum(1 for n in notices if not n.recipient.reachable),
        "lines": sum(len(s.lines) for n in notices for s in n.sections),
        "measured_at": datetime.now().isoformat(timespec="seconds"),
    }
