"""A plan as JSON (the whole plan as at a date, with its reporting rounds' returns): what `export_plan`
prints, what a backup keeps beside its database copy and what the API answers (actionplan/api), so that
all three are the same document; the API's lists reuse its recommendation, action and note shapes."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from actionplan.models import Plan
from actionplan.selectors.returns import returns_as_json
from actionplan.selectors.snapshot import ActionState, NoteState, PlanSnapshot, RecommendationState, plan_snapshot


def plan_as_json(plan: Plan, as_at: date | None = None) -> dict:
    """The plan as recorded at the end of `as_at` (default: now), with its reporting round: the
    export's whole document."""
    snapshot = plan_snapshot(plan, as_at)
    return {**snapshot_as_json(snapshot), **returns_as_json(plan, snapshot.as_at)}


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _local_day(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment else None


def _precision(day: date | None, month_only: bool) -> str | None:
    """"month" for a date that names only a month (stored as its last day), "day", or None with no date."""
    return None if day is None else ("month" if month_only else "day")


def snapshot_as_json(snapshot: PlanSnapshot) -> dict:
    """The documented JSON shape of `manage.py export_plan --format json` (without the reporting round)."""
    plan = snapshot.plan
    return {
        "plan": plan.title,
        "slug": plan.slug,
        "organisation": plan.organisation,
        "as_at": iso(snapshot.as_at),
        "recommendations": [
            {**recommendation_as_json(r), "actions": [action_as_json(a) for a in r.actions]}
            for r in snapshot.recommendations
        ],
    }


def recommendation_as_json(r: RecommendationState) -> dict:
    return {
        "number": r.number,
        "text": r.text,
        "group": r.group,
        "rag": r.rag,
        "reported_rag": r.reported.as_json() if r.reported else None,
        "suggested_rag": r.suggested_rag,
        "rag_difference": r.rag_view.difference,
        "summary": {"date": iso(r.summary_date), "text": r.summary_text, "rag": r.summary_rag or None}
        if r.summary_date
        else None,
    }


def action_as_json(a: ActionState) -> dict:
    return {
        "reference": a.reference,
        "description": a.description,
        "leads": [initials for initials, _ in a.leads],
        "lead_as_written": a.lead_text or "no lead yet",
        "by_when": a.by_when,
        "start_date": iso(a.start_date),
        "due_date": iso(a.due_date),
        "recurrence": a.recurrence or None,
        "date_flag": a.date_flag or None,
        "status": a.status,
        "completed_on": iso(a.completed_on),
        "completed_on_precision": _precision(a.completed_on, a.completed_on_is_month),
        "completion_recorded_on": iso(_local_day(a.completion_recorded)),
        "rag": a.rag,
        "update_state": a.update_state,
        "rag_basis": a.rag_basis,
        "partners": a.partners,
        "capacity": a.capacity,
        "success_criteria": a.success_criteria,
        "notes": [note_as_json(n) for n in a.notes],
    }


def note_as_json(n: NoteState) -> dict:
    return {"date": iso(n.date), "date_precision": _precision(n.date, n.date_is_month),
            "recorded_on": iso(_local_day(n.recorded_at)), "text": n.text, "author": n.author}
