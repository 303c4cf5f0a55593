"""When an action is overdue, due soon or stale: each rule once, in Python and as a database filter.

A due date counts only when it was read cleanly from the "By when" text. An action whose date is
flagged (could not be read, implausible, or no deadline) is never overdue, due soon or due by a
date, and its RAG is not judged from that date, wherever it is counted: dashboards, lists, filters,
the due-by sentence, papers and exports. Such actions are listed apart, with the reason
(`date_flag_reason`), so that someone fixes the date rather than a figure silently absorbing it.
The Herefordshire case: action 10.5 reads "Jun 05", a date before the plan began; counted as
overdue it would head every overdue list for a deadline nobody set.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Q

from actionplan.asat import start_of_day
from actionplan.bywhen import Flag
from actionplan.models.action import CLOSED_STATUSES, Action, Status

# Flags that mean someone should look at the date (an action with no deadline is a choice).
FLAGS_TO_CHECK = (Flag.UNREAD, Flag.IMPLAUSIBLE)


def due_soon_days() -> int:
    """How far ahead "due soon" looks (JARTRACKER_DUE_SOON_DAYS, default 30)."""
    return settings.DUE_SOON_DAYS


def stale_days() -> int:
    """How long without a progress note makes an open action stale (JARTRACKER_DASHBOARD_STALE_DAYS)."""
    return settings.DASHBOARD_STALE_DAYS


def usable_due_date(due_date: date | None, date_flag: str) -> date | None:
    """The due date the rules may judge by: none when the date is flagged."""
    return due_date if not date_flag else None


def is_past_due(due_date: date | None, date_flag: str, on: date) -> bool:
    due = usable_due_date(due_date, date_flag)
    return due is not None and due < on


def is_open(status: str) -> bool:
    return status not in CLOSED_STATUSES


def is_overdue(action, on: date) -> bool:
    """Open and past a due date that was read cleanly. `action` is an Action or any row with
    `status`, `due_date` and `date_flag`."""
    return is_open(action.status) and is_past_due(action.due_date, action.date_flag, on)


def is_due_soon(action, on: date) -> bool:
    due = usable_due_date(action.due_date, action.date_flag)
    return is_open(action.status) and due is not None and on <= due <= on + timedelta(days=due_soon_days())


def date_flag_reason(date_flag: str) -> str:
    """Why an action's due date is not counted, in words for lists and papers ("" when it is)."""
    return dict(Action.DATE_FLAGS).get(date_flag, "") if date_flag else ""


# --- the same rules as database filters (prefix: a lookup path such as "actions__") ----------------


def open_q(prefix: str = "") -> Q:
    return ~Q(**{f"{prefix}status__in": CLOSED_STATUSES})


def dated_q(prefix: str = "") -> Q:
    """Actions with a due date the rules may judge by."""
    return Q(**{f"{prefix}date_flag": Flag.NONE, f"{prefix}due_date__isnull": False})


def past_due_q(on: date, prefix: str = "") -> Q:
    return dated_q(prefix) & Q(**{f"{prefix}due_date__lt": on})


def due_by_q(day: date, prefix: str = "") -> Q:
    """Due on or before `day` (the due-by sentence's "due by the end of June")."""
    return dated_q(prefix) & Q(**{f"{prefix}due_date__lte": day})


def overdue_q(on: date, prefix: str = "") -> Q:
    return open_q(prefix) & past_due_q(on, prefix)


def due_soon_q(on: date, prefix: str = "") -> Q:
    window = {f"{prefix}due_date__gte": on, f"{prefix}due_date__lte": on + timedelta(days=due_soon_days())}
    return open_q(prefix) & dated_q(prefix) & Q(**window)


def date_to_check_q(prefix: str = "") -> Q:
    """Open actions whose "By when" could not be read or reads as before the plan began."""
    return open_q(prefix) & Q(**{f"{prefix}date_flag__in": FLAGS_TO_CHECK})


def stale_threshold(on: date) -> datetime:
    """Notes recorded before the start of this instant are too old to count as recent."""
    return start_of_day(on - timedelta(days=stale_days() - 1))


def stale_q(on: date) -> Q:
    """Open, not waiting for a start date still to come, and no progress note recorded in the last
    `stale_days()` days; an action first recorded more recently than that is not stale yet. Needs
    the `last_note` and `first_recorded` annotations (`selectors.action_rows.with_note_dates`)."""
    waiting = Q(status=Status.NOT_STARTED, start_date__gt=on)
    threshold = stale_threshold(on)
    silent = Q(last_note__lt=threshold) | Q(last_note__isnull=True)
    return open_q() & ~waiting & silent & Q(first_recorded__lt=threshold)
