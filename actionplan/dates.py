"""How dates are written for people: the one place for each format.

Pages, papers, workbooks, messages and commands all write dates through these functions
(template filters in `templatetags/govuk.py` wrap them), so "1 March 2006" is spelled one way.
GOV.UK style: day without a leading zero, month in full, four-digit year, "2:30pm", "midday".
Machine formats (ISO dates in URLs, inputs and file names) are not here: they are `isoformat()`.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, tzinfo

from django.utils import timezone


def local_zone() -> tzinfo:
    """The time zone the plan's days are in: the project's TIME_ZONE setting, through Django (its copy is
    cached, and dropped when a test overrides the setting). The site never activates another zone, so
    this is the zone Django's `localtime` would use, without its per-call lookup of the active zone."""
    return timezone.get_default_timezone()


def _local(value: date) -> date:
    """An aware datetime in local time (a note recorded at 00:30 BST is that day's); dates as they are."""
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return value.astimezone(local_zone())
    return value


# The months as strftime's %B writes them in the C locale Python starts in, looked up rather than
# formatted: an action's page writes some three hundred dates.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def _day_words(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def uk_date(value: date | None) -> str:
    """A date (or datetime, its local day) -> "1 March 2006"; None -> ""."""
    if value is None:
        return ""
    return _day_words(_local(value))


def _day(value: date) -> date:
    local = _local(value)
    return local.date() if isinstance(local, datetime) else local


def days_between(earlier: date, later: date) -> int:
    """Whole days from `earlier` to `later` (a datetime counts as its local day)."""
    return _day(later).toordinal() - _day(earlier).toordinal()


def days_word(count: int) -> str:
    """1 -> "1 day", 12 -> "12 days"."""
    return f"{count} day" if count == 1 else f"{count:,} days"


def uk_time(value: datetime) -> str:
    """"2:30pm", "9am"; "midday" and "midnight" for 12:00 and 00:00 (GOV.UK style)."""
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    if (value.hour, value.minute) == (0, 0):
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}:{value.minute:02d}{suffix}" if value.minute else f"{hour}{suffix}"


def uk_datetime(value: date | None) -> str:
    """A datetime -> "19 May 2006 at 2:30pm" (local time); a date -> "19 May 2006"; None -> ""."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return uk_date(value)
    value = _local(value)
    return f"{_day_words(value)} at {uk_time(value)}"


def uk_month(day: date) -> str:
    """"June 2006": the month a due-by date ends ("by the end of June 2006")."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def short_uk_date(day: date | None) -> str:
    """"31.03.06": the 8-column plan table in papers dates its notes and deadlines so, as the
    council's own printed plan did; the narrow columns have no room for "31 March 2006"."""
    return f"{day:%d.%m.%y}" if day else ""


def end_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def due_by_words(day: date) -> str:
    """"the end of June 2006" for a month's last day, else "15 June 2006": how the clerks'
    due-by sentence names its date."""
    if day == end_of_month(day):
        return f"the end of {uk_month(day)}"
    return uk_date(day)


# A progress note whose text gives no date, or a completion the sources do not date, is never
# given one: it is shown with the day it is known to have been in the plan (when it was recorded).
# A date that names only a month ("Mar 06" in the seeds) is stored as the month's last day, a
# convention for sorting and counting that is never shown: `month=True` words it as the month.


def day_or_month(day: date, *, month: bool) -> str:
    """"1 March 2006", or "March 2006" for a date whose source names only the month."""
    return uk_month(day) if month else uk_date(day)


def short_day_or_month(day: date, *, month: bool) -> str:
    """The narrow printed columns' form: "01.03.06", or "Mar 06" for a month."""
    return f"{day:%b %y}" if month else short_uk_date(day)


def note_date_words(day: date | None, recorded: date | None, *, month: bool) -> str:
    """A note's date: "1 March 2006"; "March 2006" when its text names only the month; a note
    whose text gives none reads "Undated (in the plan as at 24 March 2006)", from the day it was recorded."""
    if day is not None:
        return day_or_month(day, month=month)
    return f"Undated (in the plan as at {uk_date(recorded)})" if recorded else "Undated"


def short_note_date(day: date | None, recorded: date | None, *, month: bool) -> str:
    """The same in the narrow columns of printed tables: "31.03.06", "Mar 06",
    "Undated (in the plan at 24.03.06)"."""
    if day is not None:
        return short_day_or_month(day, month=month)
    return f"Undated (in the plan at {short_uk_date(_local(recorded))})" if recorded else "Undated"


def note_recorded_words(recorded: datetime, *, month_convention: bool) -> str:
    """When a note was recorded, after "Recorded by …" or "From the plan": "on 24 March 2006 at midday".
    A note the plan dates by a month alone is loaded at that month's last day, a convention, and
    says so rather than give the day: "at the end of March 2006"."""
    if month_convention:
        return f"at {due_by_words(end_of_month(_day(recorded)))}"
    return f"on {uk_datetime(recorded)}"


def completed_date_words(day: date | None, recorded: date | None, *, month: bool) -> str:
    """When a completed action was completed: "19 May 2006", "March 2006" when the sources name only
    the month; with no date in the sources, "date not recorded; in the plan as at 24 March 2006"
    (the day the completion was recorded)."""
    if day is not None:
        return day_or_month(day, month=month)
    return f"date not recorded; in the plan as at {uk_date(recorded)}" if recorded else "date not recorded"


def completed_words(day: date | None, recorded: date | None, *, month: bool) -> str:
    """"Completed on 19 May 2006", "Completed in March 2006" (a month, no day), or
    "Completed (date not recorded; in the plan as at 24 March 2006)"."""
    if day is not None:
        return f"Completed {'in' if month else 'on'} {day_or_month(day, month=month)}"
    return f"Completed ({completed_date_words(None, recorded, month=False)})"


def uk_time_on(value: datetime) -> str:
    """A moment soon: "10:45am" today (local time), "10:45am on 20 May 2006" on another day."""
    local = timezone.localtime(value)
    if local.date() == timezone.localdate():
        return uk_time(local)
    return f"{uk_time(local)} on {uk_date(local)}"
