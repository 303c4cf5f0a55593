"""A plan's actions as they stood at a `Moment`, as rows for lists: the one read that the dashboard's
attention lists and the actions behind each figure share, so a figure and its list cannot disagree."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.db.models import BooleanField, Case, CharField, F, Max, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf

from actionplan.asat import Moment, local_day
from actionplan.models import Action, ActionLead, Person, Plan, Recommendation, Status
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


def plans_actions(moment: Moment, plan_ids: QuerySet) -> QuerySet:
    """The actions of these plans' recommendations as they stood (live rows today, else each action's
    version at the moment, read as `selectors.snapshot` reads them), in the plans' order: plan (by slug),
    recommendation number then, position, id. Annotated `plan_slug` and `rec_number`. Filtered, counted
    and cut to a page in the database, so a page of the API's list across every plan reads no history
    beyond the actions' own rows; `selectors.snapshot.actions_as_at` then builds the page's rows.

    Indexes (as at a past day; today these are the live tables' primary keys): each action's version is
    one seek on actionplan_historicalaction's (id, history_date) index (migration 0002) from its live row
    (`Moment.versions_of`: actions are never deleted, only cancelled, so the live rows are every action
    there ever was), about twice as fast on the benchmark's 142,880 action history rows as ranking them
    all; each row's recommendation number and plan then is one seek on actionplan_historicalrecommendation's
    (id, history_date) index; the plan's slug (its current one, as every read names the plan) is a
    primary-key lookup."""
    recs = moment.rows(Recommendation, plan_id__in=plan_ids).values("id")
    rec_plan = moment.field_of(Recommendation, "plan_id", "recommendation_id")
    return (
        # Seek only from these plans' actions (actions never change plan): one plan asks 170 seeks, not 6,800.
        moment.versions_of(Action.objects.filter(recommendation__plan__in=plan_ids))
        .filter(recommendation_id__in=recs)
        .annotate(rec_number=moment.field_of(Recommendation, "number", "recommendation_id"), rec_plan=rec_plan)
        .annotate(plan_slug=Subquery(Plan.objects.filter(pk=OuterRef("rec_plan")).values("slug")[:1]))
        .order_by("plan_slug", "rec_number", "position", "id")
    )


def led_by(moment: Moment, initials: str) -> Q:
    """Actions (live or read at `moment`) that the person with these initials led then."""
    people = moment.rows(Person).filter(initials=initials).values("id")
    return Q(id__in=moment.rows(ActionLead).filter(person_id__in=people).values("action_id"))


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
