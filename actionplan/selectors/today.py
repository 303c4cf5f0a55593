"""Reads for today's pages (the current tables, not history): annotated in the database, a fixed
number of queries per page. Pages about another day read `selectors.dashboard` at a `Moment`."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import BooleanField, Case, Exists, Max, OuterRef, Prefetch, Value, When

from actionplan.deadlines import dated_q, due_soon_days, is_due_soon, is_overdue, overdue_q
from actionplan.models import Action, ActionLead, ProgressNote, Recommendation, RecommendationSummary
from actionplan.models.action import CLOSED_STATUSES
from actionplan.rag import action_rag, rag_count_aggregates, roll_up_counts
from actionplan.reported import ReportedRag
from actionplan.selectors.reported import override_set_annotations, reported_from, summaries_by_recommendation

if TYPE_CHECKING:  # django-stubs' helper type; a development tool, not needed at run time
    from django_stubs_ext import WithAnnotations


def listed(queryset):
    """An action list's rows with what each row shows beside its own fields (plan, leads): joined or
    fetched for the rows read only, so it costs nothing to count or to order the list."""
    return queryset.select_related("recommendation__plan").prefetch_related(
        Prefetch("leads", queryset=ActionLead.objects.select_related("person"))
    )


def last_note_times(action_ids) -> dict[int, datetime]:
    """When the last progress note of each of these actions was recorded (one index seek an action)."""
    rows = (
        ProgressNote.objects.filter(action_id__in=action_ids).order_by().values("action_id")
        .annotate(last=Max("recorded_at")).values_list("action_id", "last")
    )
    return dict(rows)


def with_rag(actions, on: date) -> list:
    """The actions (a queryset or a page of one, read now) as a list, each with its effective RAG on `on`
    (`rag_now`) and the time of its last note (`last_update`). Worked out for these rows only, after the
    list is filtered, counted, ordered and cut to a page: a page costs the same however many actions
    the database holds (issue 14: joining every note before LIMIT made the all-plans list grow with it)."""
    rows = list(actions)
    last = last_note_times([a.pk for a in rows])
    for action in rows:
        action.rag_now = action_rag(action, on)
        action.last_update = last.get(action.pk)
    return rows


def my_actions(user, on: date) -> list:
    """The actions a user leads that are not finished: overdue first, then by due date."""
    leads = ActionLead.objects.filter(action=OuterRef("pk"), person__user=user)
    mine = Action.objects.filter(Exists(leads)).exclude(status__in=CLOSED_STATUSES)  # Exists: no duplicates
    return with_rag(listed(mine).annotate(
        is_overdue=Case(When(overdue_q(on), then=Value(True)), default=Value(False), output_field=BooleanField()),
        # Actions whose date is flagged sort with those that have none: their date is not a deadline.
        no_date=Case(When(dated_q(), then=Value(0)), default=Value(1)),
    ).order_by("-is_overdue", "no_date", "due_date", "recommendation__number", "position"), on)


def attention_counts(actions, on: date) -> dict:
    overdue = sum(1 for a in actions if is_overdue(a, on))
    soon = sum(1 for a in actions if is_due_soon(a, on))
    return {"overdue": overdue, "due_soon": soon, "total": overdue + soon, "due_soon_days": due_soon_days()}


class RecommendationProgress(TypedDict):
    """What recommendations_with_progress adds to each recommendation, besides the RAG counts."""

    rag_of_actions: str | None
    rag_now: str | None
    reported: ReportedRag | None


def recommendations_with_progress(
    plan, on: date, *, only=None
) -> list[WithAnnotations[Recommendation, RecommendationProgress]]:
    """Each recommendation (or just `only`) with completed/total and its rolled-up RAG, counted in the
    database. `rag_of_actions` is what the actions suggest; `reported` the RAG reported for it (set by
    a director, or in a summary of progress; `actionplan.reported`); `rag_now` the reported RAG where
    there is one, else the suggestion."""
    queryset = Recommendation.objects.filter(plan=plan)
    if only is not None:
        queryset = queryset.filter(pk=only.pk)
    annotated = (
        queryset.select_related("group")
        .annotate(**rag_count_aggregates(on, prefix="actions__"))
        .annotate(**override_set_annotations(None))
        .order_by("group__order", "number")
    )
    # annotate(**counts) hides the names from django-stubs; the RAG attributes are set below.
    recs = cast("list[WithAnnotations[Recommendation, RecommendationProgress]]", list(annotated))
    summaries = summaries_by_recommendation(RecommendationSummary.objects.filter(recommendation__in=recs), on)
    for rec in recs:
        counts = {
            k: getattr(rec, k) for k in ("live", "rag_red", "rag_green", "rag_blue", "rag_amber") if hasattr(rec, k)
        }
        rec.rag_of_actions = roll_up_counts(counts)
        found = summaries.get(rec.pk)
        rec.reported = reported_from(rec, found.reported if found else None, on)
        rec.rag_now = rec.reported.rag if rec.reported else rec.rag_of_actions
    return recs


def plan_rag_totals(plan, on: date) -> dict:
    return Action.objects.filter(recommendation__plan=plan).aggregate(**rag_count_aggregates(on))



