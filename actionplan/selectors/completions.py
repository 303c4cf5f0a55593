"""When a completion was recorded, for completed actions whose completion the sources do not date.

Such an action keeps `completed_on` None (it is never given a date); it is shown as "Completed
(date not recorded; in the plan as at 24 March 2006)", the day its completion was recorded,
which only the history knows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from actionplan.models import Action, Status


def completions_recorded(action_ids: Iterable[int], at: datetime | None = None) -> dict[int, datetime]:
    """For each action completed at `at` (None: now), when its completion was recorded: the save
    that last moved it to completed. One query, none when there are no ids."""
    ids = list(action_ids)
    if not ids:
        return {}
    rows = Action.history.model.objects.filter(id__in=ids)
    if at is not None:
        rows = rows.filter(history_date__lte=at)
    found: dict[int, datetime] = {}
    previous: dict[int, str] = {}
    ordered = rows.order_by("id", "history_date", "history_id").values_list("id", "status", "history_date")
    for action_id, status, when in ordered:
        if status == Status.COMPLETED and previous.get(action_id) != Status.COMPLETED:
            found[action_id] = when
        elif status != Status.COMPLETED:
            found.pop(action_id, None)
        previous[action_id] = status
    return found


def undated_completions(rows: Iterable, at: datetime | None = None) -> dict[int, datetime]:
    """`completions_recorded` for the completed actions among `rows` (objects or dicts with id,
    status and completed_on) that carry no completion date: the only ones whose wording needs it."""

    def get(row, name):
        return row[name] if isinstance(row, dict) else getattr(row, name)

    wanted = [get(r, "id") for r in rows if get(r, "status") == Status.COMPLETED and get(r, "completed_on") is None]
    return completions_recorded(wanted, at)
