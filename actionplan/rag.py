"""RAG (red / amber / green) rules.

The seeds' own code: Green = completed; Amber = in progress and on target (not yet
started and not yet due counts as on target); Red = not on target (past due and not
completed, or marked delayed). A council may switch to the Blue/Grey variant with
the JARTRACKER_RAG_SCHEME setting. A recommendation is Green (or Blue) when all its
actions are, Red when any is, else Amber. "Past due" is judged only from a due date that
was read cleanly (`actionplan.deadlines`): a flagged date never turns an action Red.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When

from actionplan.deadlines import is_past_due, past_due_q
from actionplan.models import Rag, Status


def _scheme() -> str:
    return getattr(settings, "RAG_SCHEME", "rag")


def completed_rag() -> str:
    return Rag.BLUE if _scheme() == "bgrag" else Rag.GREEN


def scheme_choices() -> list[tuple[str, str]]:
    """The RAG words a person may choose under the configured scheme, worst first."""
    if _scheme() == "bgrag":
        return [(r.value, r.label) for r in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE, Rag.GREY)]
    return [(r.value, r.label) for r in (Rag.RED, Rag.AMBER, Rag.GREEN)]


def suggest_action_rag(*, status: str, due_date: date | None, date_flag: str, on: date) -> str | None:
    """The RAG the system suggests for one action on a date; None for a cancelled action."""
    if status == Status.CANCELLED:
        return None
    if status == Status.COMPLETED:
        return completed_rag()
    if status == Status.DELAYED:
        return Rag.RED
    if is_past_due(due_date, date_flag, on):
        return Rag.RED
    if status == Status.NOT_STARTED and _scheme() == "bgrag":
        return Rag.GREY
    return Rag.AMBER


def suggested_rag(action, on: date) -> str | None:
    """The suggestion for an Action (or any row with status, due_date and date_flag)."""
    return suggest_action_rag(status=action.status, due_date=action.due_date, date_flag=action.date_flag, on=on)


def action_rag(action, on: date) -> str | None:
    """The RAG an action carries on a date: a person's override, else the suggestion."""
    if action.status == Status.CANCELLED:
        return None
    return action.rag_override or suggested_rag(action, on)


def roll_up(rags) -> str | None:
    """Combine the RAGs of a recommendation's actions (cancelled ones excluded as None)."""
    present = [r for r in rags if r]
    if not present:
        return None
    if Rag.RED in present:
        return Rag.RED
    done = completed_rag()
    if all(r == done for r in present):
        return done
    return Rag.AMBER


def suggested_rag_expression(on: date, prefix: str = "") -> Case:
    """The same rule as suggest_action_rag, as a database expression for annotate()."""
    status = f"{prefix}status"
    whens = [
        When(**{status: Status.CANCELLED}, then=Value(None, output_field=models.CharField())),
        When(**{status: Status.COMPLETED}, then=Value(completed_rag())),
        When(**{status: Status.DELAYED}, then=Value(Rag.RED.value)),
        When(past_due_q(on, prefix), then=Value(Rag.RED.value)),
    ]
    if _scheme() == "bgrag":
        whens.append(When(**{status: Status.NOT_STARTED}, then=Value(Rag.GREY.value)))
    return Case(*whens, default=Value(Rag.AMBER.value), output_field=models.CharField())


def _suggested_q(rag: str, on: date, p: str) -> Q:
    """Q for actions whose *suggested* RAG on `on` is `rag` (mirrors suggest_action_rag)."""
    status = f"{p}status"
    late = past_due_q(on, p)
    open_ = ~Q(**{f"{status}__in": [Status.COMPLETED, Status.CANCELLED]})
    red = open_ & (Q(**{status: Status.DELAYED}) | late)
    never = Q(**{status: "-"})  # no action has this status; avoids empty IN () in aggregates
    grey = Q(**{status: Status.NOT_STARTED}) & ~late if _scheme() == "bgrag" else never
    if rag == Rag.RED:
        return red
    if rag == completed_rag():
        return Q(**{status: Status.COMPLETED})
    if rag == Rag.GREY:
        return grey
    if rag == Rag.AMBER:
        return open_ & ~red & ~grey
    return never


def action_rag_q(rag: str, on: date, prefix: str = "") -> Q:
    """Q for actions whose effective RAG (a person's override, else the suggestion) is `rag`."""
    override = f"{prefix}rag_override"
    live = ~Q(**{f"{prefix}status": Status.CANCELLED})
    return live & (Q(**{override: rag}) | (Q(**{override: ""}) & _suggested_q(rag, on, prefix)))


def rag_count_aggregates(on: date, prefix: str = "") -> dict:
    """Count(...) expressions per RAG word plus 'live', for aggregate() or annotate()."""
    from django.db.models import Count

    target = prefix.rstrip("_") if prefix else "pk"
    counts = {
        f"rag_{value}": Count(target, filter=action_rag_q(value, on, prefix))
        for value, _ in scheme_choices()
    }
    counts["live"] = Count(target, filter=~Q(**{f"{prefix}status": Status.CANCELLED}))
    counts["completed"] = Count(target, filter=Q(**{f"{prefix}status": Status.COMPLETED}))
    return counts


def rag_counts(actions, on: date) -> dict[str, int]:
    """The counts of rag_count_aggregates, counted here from rows already read (any with status,
    due_date, date_flag and rag_override) by the one rule, action_rag: a page that holds a plan's
    ~170 action rows counts them faster than Django builds and compiles the Count(filter=...)s."""
    counts = dict.fromkeys([f"rag_{value}" for value, _ in scheme_choices()] + ["live", "completed"], 0)
    for action in actions:
        if action.status == Status.COMPLETED:
            counts["completed"] += 1
        rag = action_rag(action, on)
        if rag is None:  # cancelled
            continue
        counts["live"] += 1
        if f"rag_{rag}" in counts:  # a RAG outside the scheme is counted live only, as in the database
            counts[f"rag_{rag}"] += 1
    return counts


def roll_up_counts(row) -> str | None:
    """Recommendation RAG from the counts of rag_count_aggregates or rag_counts (same rule as roll_up)."""
    if not row["live"]:
        return None
    if row.get("rag_red"):
        return Rag.RED
    if row.get(f"rag_{completed_rag()}") == row["live"]:
        return completed_rag()
    return Rag.AMBER
