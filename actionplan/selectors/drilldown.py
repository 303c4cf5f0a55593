"""The actions behind a dashboard figure, as they stood: the list a director opens from any number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from actionplan.asat import Moment
from actionplan.models import Action, ActionLead, Plan, Recommendation, Status
from actionplan.rag import action_rag_q
from actionplan.selectors.action_rows import ACTION_FIELDS, action_rows
from actionplan.selectors.attention import list_filters
from actionplan.selectors.completions import undated_completions
from actionplan.selectors.due_by import due_by_parts


@dataclass(frozen=True)
class Cell:
    """Which figure's actions to list; every field optional, all given ones must hold."""

    rag: str = ""
    status: str = ""
    live: bool = False
    completed: bool = False
    list: str = ""
    rec: int | None = None  # recommendation number
    group: int | None = None  # timescale group id
    lead: int | None = None  # person id
    due_by: date | None = None
    outcome: str = ""


def actions_behind(moment: Moment, plan: Plan, cell: Cell) -> list[dict]:
    """The actions a dashboard figure counts, as they stood (2 queries)."""
    on = moment.on
    q = Q()
    if cell.rag:
        q &= action_rag_q(cell.rag, on)
    if cell.status:
        q &= Q(status=cell.status)
    if cell.live:
        q &= ~Q(status=Status.CANCELLED)
    if cell.completed:
        q &= Q(status=Status.COMPLETED)
    if cell.list:
        q &= list_filters(on)[cell.list]
    if cell.due_by is not None:
        parts = due_by_parts(on, cell.due_by)
        every_outcome = parts["completed"] | parts["on_track"] | parts["delayed"]
        q &= parts.get(cell.outcome, every_outcome)
    rows = action_rows(moment, plan).filter(q)
    if cell.rec is not None:
        rows = rows.filter(rec_number=cell.rec)
    if cell.group is not None:
        in_group = moment.rows(Recommendation, plan_id=plan.pk, group_id=cell.group).values("id")
        rows = rows.filter(recommendation_id__in=in_group)
    if cell.lead is not None:
        rows = rows.filter(id__in=moment.rows(ActionLead, person_id=cell.lead).values("action_id"))
    result = list(rows.order_by("rec_number", "position").values(*ACTION_FIELDS))
    completions = undated_completions(result, moment.at)
    for row in result:
        row["reference"] = Action.reference_of(row["rec_number"], row["position"])
        row["completion_recorded"] = completions.get(row["id"])
    return result
