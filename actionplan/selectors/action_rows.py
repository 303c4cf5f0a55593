"""A plan's actions as they stood at a `Moment`, as rows for lists: the one read that the dashboard's
attention lists and the actions behind each figure share, so a figure and its list cannot disagree."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.db.models import BooleanField, Case, CharField, F, Max, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf

from actionplan.asat import Moment, local_day
from actionplan.models import Action, Plan, Recommendation, Status
from actionplan.rag import suggested_rag, suggested_rag_expression
from actionplan.updates import rag_basis, update_state


def plan_actions(moment: Moment, plan: Plan) -> QuerySet:
    return moment.rows(Action, recommendation__plan=plan)


def with_note_dates(moment: Moment, actions: QuerySet) -> QuerySet:
    """Annotate each action with when its latest note and its first version were recorded. Today the
    latest is the time kept on the action (`Action.last_note_at`, services.last_notes); another day's
    is found among the notes recorded by then."""
    if moment.is_today:
        last_note: F | Subquery = F("last_note_at")
    else:
        last_note = Subquery(
            moment.notes_recorded()
            .filter(action_id=OuterRef("id"))
            .values("action_id")
            .annotate(latest=Max("recorded_at"))
            .values("latest")
        )
    first = Action.history.model.objects.filter(id=OuterRef("id")).order_by("history_date").values("history_date")[:1]
    return actions.annotate(last_note=last_note, first_recorded=Subquery(first))


def flag(q: Q) -> Case:
    """True where `q` holds: one query can sort rows into several lists."""
    return Case(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())


ACTION_FIELDS = (
    "id", "recommendation_id", "rec_number", "position", "description", "lead_text", "by_when_text",
    "due_date", "date_flag", "status", "completed_on", "completed_on_is_month", "rag_override",
    "rag_override_reason", "rag_at", "last_note", "first_recorded",
)


def action_rows(moment: Moment, plan: Plan) -> QuerySet:
    """A plan's actions as they stood, with their RAG that day and their note dates."""
    return rows_of(moment, plan_actions(moment, plan))


def rows_of(moment: Moment, actions: QuerySet) -> QuerySet:
    """Actions read at `moment` (`moment.rows(Action, …)`) with their recommendation's number, their
    RAG that day and their note dates."""
    rag = Case(
        When(status=Status.CANCELLED, then=Value(None, output_field=CharField())),
        default=Coalesce(NullIf("rag_override", Value("")), suggested_rag_expression(moment.on)),
        output_field=CharField(),
    )
    actions = actions.annotate(
        rec_number=moment.field_of(Recommendation, "number", "recommendation_id"),
        rag_at=rag,
    )
    return with_note_dates(moment, actions)


def with_update_state(rows: list[dict], on: date) -> list[dict]:
    """Add to each row (ACTION_FIELDS) its last update (the local day of its latest note), its update
    state and the basis of its RAG in words, judged on `on` (`actionplan.updates`)."""
    for row in rows:
        item = SimpleNamespace(**row)
        last = local_day(row["last_note"])
        row["last_update"] = last
        row["update_state"] = update_state(
            status=item.status, due_date=item.due_date, date_flag=item.date_flag, last_update=last, on=on
        )
        row["rag_basis"] = rag_basis(item, suggested=suggested_rag(item, on), last_update=last, on=on)
    return rows
