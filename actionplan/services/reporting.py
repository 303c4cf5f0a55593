"""A plan manager's changes to a plan's reporting calendar; each recorded in the history."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from actionplan.dates import uk_date
from actionplan.history import delete_recorded, save_recorded
from actionplan.models import NoticePreference, Paper, Plan, ReportingCalendar, ReportingDate


def calendar_of(plan: Plan) -> ReportingCalendar:
    """The plan's calendar, or an unsaved empty one (no interval, 3 working days)."""
    return ReportingCalendar.objects.filter(plan=plan).first() or ReportingCalendar(plan=plan)


@transaction.atomic
def calendar_save(*, plan: Plan, fields: dict, user, reason: str = "Reporting calendar changed") -> ReportingCalendar:
    calendar = ReportingCalendar.objects.select_for_update().filter(plan=plan).first() or ReportingCalendar(plan=plan)
    for name, value in fields.items():
        setattr(calendar, name, value)
    save_recorded(calendar, reason=reason, user=user)
    return calendar


@transaction.atomic
def reporting_date_add(
    *, plan: Plan, name: str, meets_on: date, report_on: date | None, deadline: date | None, user,
    reason: str = "Meeting added to the reporting calendar",
) -> ReportingDate:
    """Add a named meeting; the same meeting twice on one day is refused with a message."""
    if ReportingDate.objects.filter(plan=plan, name=name, meets_on=meets_on).exists():
        raise ValidationError({"name": f"{name} on {uk_date(meets_on)} is already in the calendar"})
    if not ReportingCalendar.objects.filter(plan=plan).exists():
        save_recorded(ReportingCalendar(plan=plan), reason=reason, user=user)
    entry = ReportingDate(plan=plan, name=name, meets_on=meets_on, report_on=report_on, deadline=deadline)
    save_recorded(entry, reason=reason, user=user)
    return entry


@transaction.atomic
def reporting_date_remove(*, entry: ReportingDate, user, reason: str = "Meeting removed from the reporting calendar"):
    """Remove a named meeting; its history keeps that it was there, and until when."""
    delete_recorded(entry, reason=reason, user=user)


def paper_meetings(plan: Plan) -> list[dict]:
    """The meetings the plan's papers name, not yet in its calendar: the suggestions a plan manager
    is offered (body, meeting date, and the report's as-at date when it differs)."""
    known = set(ReportingDate.objects.filter(plan=plan).values_list("name", "meets_on"))
    found: dict[tuple[str, date], dict] = {}
    for body, meets_on, as_at in Paper.objects.filter(plan=plan).order_by("meeting_date", "as_at").values_list(
        "meeting_body", "meeting_date", "as_at"
    ):
        key = (body, meets_on)
        if body and key not in known and key not in found:
            found[key] = {"name": body, "meets_on": meets_on, "report_on": as_at if as_at != meets_on else None}
    return list(found.values())


@transaction.atomic
def calendar_from_papers(*, plan: Plan, user=None, reason: str) -> list[ReportingDate]:
    """Add every meeting the plan's papers name (nothing else: no meeting is invented)."""
    return [
        reporting_date_add(plan=plan, deadline=None, user=user, reason=reason, **meeting)
        for meeting in paper_meetings(plan)
    ]



@transaction.atomic
def notice_preferences_save(*, user, actions_digest: bool, plan_digest: bool) -> NoticePreference:
    """A person's own choice of optional emails (update requests and escalations have no switch)."""
    pref = NoticePreference.objects.select_for_update().filter(user=user).first() or NoticePreference(user=user)
    pref.actions_digest, pref.plan_digest = actions_digest, plan_digest
    save_recorded(pref, reason="Email choices changed", user=user)
    return pref
