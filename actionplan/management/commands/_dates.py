"""Argument parsing shared by the commands: one-line errors, never a traceback."""

from datetime import date

from django.core.management.base import CommandError

from actionplan.models import Plan


def parse_date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} {value!r} is not a date; use YYYY-MM-DD, e.g. 2006-05-19") from None


def get_plan(slug: str) -> Plan:
    try:
        return Plan.objects.get(slug=slug)
    except Plan.DoesNotExist:
        known = ", ".join(Plan.objects.values_list("slug", flat=True)) or "none loaded"
        raise CommandError(f"no plan {slug!r}; plans: {known}") from None
