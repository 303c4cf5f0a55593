"""The dashboard's attention lists: overdue, stale, due soon and deadlines to check (`actionplan.deadlines`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Case, Count, Q, Value, When
from django.db.models.functions import Coalesce

from actionplan.asat import Moment
from actionplan.deadlines import date_to_check_q, due_soon_days, due_soon_q, overdue_q, stale_days, stale_q
from actionplan.models import Action, Plan, Recommendation
from actionplan.selectors.action_rows import (
    ACTION_FIELDS,
    action_rows,
    flag,
    rows_of,
    with_note_dates,
    with_update_state,
)


@dataclass
class AttentionList:
    """One of the dashboard's lists of actions that need someone's attention."""

    name: str
    heading: str
    rows: list[dict]
    empty: str
    total: int | None = None  # how many actions the list has, when `rows` holds only the first of them

    @property
    def count(self) -> int:
        return len(self.rows) if self.total is None else self.total


def list_headings() -> dict[str, str]:
    """The attention lists, in the order the dashboard shows them, with their headings."""
    return {
        "overdue": "Overdue",
        "stale": f"No progress note for {stale_days()} days",
        "upcoming": f"Due in the next {due_soon_days()} days",
        "date_to_check": "Deadline to check",
    }


EMPTY_LISTS = {
    "overdue": "No action was overdue.",
    "stale": "Every open action had a recent progress note.",
    "upcoming": "No open action fell due in the days that followed.",
    "date_to_check": "Every open action's deadline could be read.",
}


def list_filters(on: date) -> dict[str, Q]:
    return {"overdue": overdue_q(on), "stale": stale_q(on), "upcoming": due_soon_q(on),
            "date_to_check": date_to_check_q()}


def attention_rows(moment: Moment, plan: Plan, extra: dict[str, Q] | None = None) -> list[dict]:
    """Every action in any attention list (or matching a filter of `extra`), read in one query, each
    row flagged `is_<name>` for each list and extra filter it is in."""
    return _flagged(moment, action_rows(moment, plan), list_filters(moment.on) | (extra or {}))


def _flagged(moment: Moment, actions, filters: dict[str, Q], fields=()) -> list[dict]:
    flags = {f"is_{name}": flag(q) for name, q in filters.items()}
    rows = (
        actions.filter(reduce(or_, filters.values()))
        .annotate(**flags)
        .order_by("due_date", "rec_number", "position")
    )
    found = list(rows.values(*ACTION_FIELDS, *fields, *flags))
    for row in found:
        row["reference"] = Action.reference_of(row["rec_number"], row["position"])
    return found


def attention_lists(
    moment: Moment, plan: Plan, rows: list[dict] | None = None, shown: int | None = None
) -> list[AttentionList]:
    """Overdue, stale, due soon and deadlines to check, read in one query (or sorted from `rows`
    already read by `attention_rows`). An action whose date is flagged is in the last list only,
    with the reason (`actionplan.deadlines`). Only the first `shown` rows of each list (every row
    when None) get their update state and the basis of their RAG (`with_update_state`): a page
    shows a few rows of each list and counts the rest."""
    lists = _sorted(attention_rows(moment, plan) if rows is None else rows, list_headings())
    for lst in lists:
        with_update_state(lst.rows[:shown], moment.on)
    return lists


def attention_across(moment: Moment, plans, names=("overdue", "stale"), *, first: int) -> list[AttentionList]:
    """The same lists (only `names`) over several plans' actions, each counted and cut to its `first`
    rows in the database, in the order the full list has (`_sorted`): a home page shows a few rows of
    lists that may hold thousands, so only the rows shown are read and worked on (issue 14). One
    query counts every list, one more a list reads its rows; each row also carries its `plan_id`."""
    scope = moment.rows(Action, recommendation__plan__in=plans)
    filters = {name: q for name, q in list_filters(moment.on).items() if name in names}
    # Counted with only the note dates the filters need, not the columns the rows show.
    totals = with_note_dates(moment, scope).aggregate(**{name: Count("id", filter=q) for name, q in filters.items()})
    actions = rows_of(moment, scope.annotate(plan_id=moment.field_of(Recommendation, "plan_id", "recommendation_id")))
    lists = []
    for name, heading in list_headings().items():
        if name in filters:
            shown = actions.filter(filters[name]).order_by(*_order_of(name))[:first]
            rows = with_update_state(list(shown.values(*ACTION_FIELDS, "plan_id")), moment.on)
            for row in rows:
                row["reference"] = Action.reference_of(row["rec_number"], row["position"])
            lists.append(AttentionList(name, heading, rows, EMPTY_LISTS[name], total=totals[name]))
    return lists


def _order_of(name: str) -> list:
    """A list's order in the database, as `_sorted` gives it: by due date (then reference); the stale list
    first those never noted (the earliest recorded first), then the longest since their last note."""
    by_due = ["due_date", "rec_number", "position"]
    if name != "stale":
        return by_due
    never_first = Case(When(last_note__isnull=True, then=Value(0)), default=Value(1))
    return [never_first, Coalesce("last_note", "first_recorded"), *by_due]


def _sorted(rows: list[dict], names: dict[str, str]) -> list[AttentionList]:
    found: dict[str, list[dict]] = {name: [] for name in names}
    for row in rows:
        for name in names:
            if row[f"is_{name}"]:
                found[name].append(row)
    if "stale" in found:
        found["stale"].sort(key=lambda r: (r["last_note"] is not None, r["last_note"] or r["first_recorded"]))
    return [AttentionList(name, heading, found[name], EMPTY_LISTS[name]) for name, heading in names.items()]
