"""The actions behind a dashboard figure, as they stood: the list a director opens from any number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Q

from actionplan.asat import Moment
from actionplan.models import Action, ActionLead, Plan, Recommendation, Status
from actionplan.rag import action_rag_q
from actionplan.selectors.action_rows import ACTION_FIELDS, action_rows, with_update_state
from actionplan.selectors.attention import list_filters
from actionplan.selectors.completions import undated_completions
from actionplan.selectors.due_by import (
    Areas,
    RecommendationDue,
    due_by_parts,
    in_scope,
    outcome_qs,
    recommendations_due,
)

UPDATES = {"no_update": "no update received since they fell due", "reported": "reported delayed, late or set Red"}


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
    update: str = ""  # "no_update" or "reported" (the Red split; selectors.due_by)
    area: str = ""  # "recommendations": the figure counts recommendations (recommendations_behind)

    @property
    def areas(self) -> Areas:
        return Areas(self.area, self.group) if self.area else Areas(group=self.group)


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
    if cell.update:
        silent = outcome_qs(moment)["no_update"]
        q &= silent if cell.update == "no_update" else ~silent
    if cell.due_by is not None:
        parts = due_by_parts(moment, cell.due_by)
        every_outcome = reduce(or_, parts.values())
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
    return with_update_state(result, on)


def recommendations_behind(moment: Moment, plan: Plan, cell: Cell) -> list[RecommendationDue]:
    """The recommendations a due-by figure counts when the areas of activity are recommendations:
    those in scope with an action due by the date, in the figure's part (any part without one)."""
    if cell.due_by is None:  # a recommendation is counted only as an area of activity due by a date
        return []
    recs = in_scope(recommendations_due(moment, plan, cell.due_by), cell.areas)
    return [r for r in recs if r.outcome and (not cell.outcome or r.outcome == cell.outcome)]
