"""A plan as JSON (the whole plan as at a date, with its reporting rounds' returns): what `export_plan`
prints and what a backup keeps beside its database copy, so that both are the same document."""

from __future__ import annotations

from datetime import date

from actionplan.models import Plan
from actionplan.selectors.returns import returns_as_json
from actionplan.selectors.snapshot import plan_snapshot, snapshot_as_json


def plan_as_json(plan: Plan, as_at: date | None = None) -> dict:
    snapshot = plan_snapshot(plan, as_at)
    return {**snapshot_as_json(snapshot), **returns_as_json(plan, snapshot.as_at)}
