"""The Returns sheet: each action's return for the round in focus on the export's date."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from actionplan.models import Plan
from actionplan.rounds import ReturnState, in_focus
from actionplan.selectors.returns import plan_rounds, round_returns


def returns_rows(plan: Plan, on: date) -> list[list]:
    """One row per action that owed the round in focus a return (`actionplan.rounds.in_focus`);
    none when the plan has no reporting calendar."""
    rnd = in_focus(plan_rounds(plan, on), on)
    if rnd is None:
        return []
    return [
        [rnd.name, rnd.meets_on, rnd.deadline, row.reference, row.description,
         ", ".join(lead.initials for lead in row.leads) or "No lead yet", ReturnState(row.state).label,
         timezone.localtime(row.received_at).date() if row.received_at else None]
        for row in round_returns(plan, rnd, on)
    ]
