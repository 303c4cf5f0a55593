"""The dashboard's attention lists: overdue, stale, due soon and deadlines to check (`actionplan.deadlines`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Q

from actionplan.asat import Moment
from actionplan.deadlines import date_to_check_q, due_soon_days, due_soon_q, overdue_q, stale_days, stale_q
from actionplan.models import Action, Plan, Recommendation
from actionplan.selectors.action_rows import ACTION_FIELDS, action_rows, flag, rows_of, with_update_state


@dataclass
class AttentionList:
    """One of the dashboard's lists of actions that need someone's attention."""

    name: str
    heading: str
    rows: list[dict]
    empty: str


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
    found = with_update_state(list(rows.values(*ACTION_FIELDS, *fields, *flags)), moment.on)
    for row in found:
        row["reference"] = Action.reference_of(row["rec_number"], row["position"])
    return found


def attention_lists(moment: Moment, plan: Plan, rows: list[dict] | None = None) -> list[AttentionList]:
    """Overdue, stale, due soon and deadlines to check, read in one query (or sorted from `rows`
    already read by `attention_rows`). An action whose date is flagged is in the last list only,
    with the reason (`actionplan.deadlines`)."""
    return _sorted(attention_rows(moment, plan) if rows is None else rows, list_headings())


def attention_across(moment: Moment, plans, names=("overdue", "stale")) -> list[AttentionList]:
    """The same lists (only `names`) over several plans' actions in one query; each row also
    carries its `plan_id` (a plan manager's home page)."""
    actions = moment.rows(Action, recommendation__plan__in=plans).annotate(
        plan_id=moment.field_of(Recommendation, "plan_id", "recommendation_id")
    )
    filters = {name: q for name, q in list_filters(moment.on).items() if name in names}
    rows = _flagged(moment, rows_of(moment, actions), filters, ("plan_id",))
    return _sorted(rows, {name: heading for name, heading in list_headings().items() if name in names})


def _sorted(rows: list[dict], names: dict[str, str]) -> list[AttentionList]:
    found: dict[str, list[dict]] = {name: [] for name in names}
    for row in rows:
        for name in names:
            if row[f"is_{name}"]:
                found[name].append(row)
    if "stale" in found:
        found["stale"].sort(key=lambda r: (r["last_note"] is not None, r["last_note"] or r["first_recorded"]))
    return [AttentionList(name, heading, found[name], EMPTY_LISTS[name]) for name, heading in names.items()]
