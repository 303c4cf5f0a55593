"""Template access to the deadline rules (`actionplan.deadlines`), so pages say why a date is not counted."""

from django import template

from actionplan import deadlines

register = template.Library()


@register.filter
def date_flag_reason(date_flag: str) -> str:
    return deadlines.date_flag_reason(date_flag)


@register.filter
def date_to_check(date_flag: str) -> bool:
    """The date could not be read or is implausible: someone should look at it."""
    return date_flag in deadlines.FLAGS_TO_CHECK
