"""Argument parsing shared by the commands: one-line errors, never a traceback."""

from datetime import date

from django.core.management.base import CommandError

from actionplan.asat import AsAtError, check_as_at
from actionplan.models import Plan


def parse_date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} {value!r} is not a date; use YYYY-MM-DD, e.g. 2006-05-19") from None


def parse_as_at(plan: Plan, value: str, option: str = "--as-at") -> date:
    """A day the plan can be shown as at (actionplan.asat.check_as_at), else a one-line error."""
    day = parse_date(value, option)
    try:
        check_as_at(plan, day)
    except AsAtError as e:
        raise CommandError(f"{option}: {e}") from None
    return day


def get_plan(slug: str) -> Plan:
    try:
        return Plan.objects.get(slug=slug)
    except Plan.DoesNotExist:
        known = ", ".join(Plan.objects.values_list("slug", flat=True)) or "none loaded"
        raise CommandError(f"no plan {slug!r}; plans: {known}") from None
