"""Reads for today's pages (the current tables, not history): annotated in the database, a fixed
number of queries per page. Pages about another day read `selectors.dashboard` at a `Moment`."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import BooleanField, Case, Exists, Max, OuterRef, Prefetch, Value, When

from actionplan.deadlines import dated_q, due_soon_days, is_due_soon, is_overdue, overdue_q
from actionplan.models import Action, ActionLead, ProgressNote, Recommendation, RecommendationSummary
from actionplan.models.action import CLOSED_STATUSES
from actionplan.rag import action_rag, rag_counts, roll_up_counts
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


RAG_FIELDS = ("recommendation_id", "status", "due_date", "date_flag", "rag_override")  # what rag_counts reads


def recommendations_with_progress(
    plan, on: date, *, only=None
) -> list[WithAnnotations[Recommendation, RecommendationProgress]]:
    """Each recommendation (or just `only`) with completed/total and its rolled-up RAG. `rag_of_actions`
    is what the actions suggest; `reported` the RAG reported for it (set by a director, or in a summary
    of progress; `actionplan.reported`); `rag_now` the reported RAG where there is one, else the
    suggestion."""
    return _with_progress(plan, on, only)


def plan_progress(plan, on: date) -> tuple[list[WithAnnotations[Recommendation, RecommendationProgress]], dict]:
    """The plan page's recommendations_with_progress and the plan's RAG totals (plan_rag_totals): the
    sums of its recommendations' counts, since every action of the plan belongs to one of them."""
    recs = _with_progress(plan, on, None)
    return recs, {name: sum(getattr(rec, name) for rec in recs) for name in rag_counts((), on)}


def _with_progress(plan, on: date, only) -> list:
    """The recommendations with their progress, from plain action rows counted by the RAG rule
    (`rag_counts`) and simple queries: issue 14 found that building and compiling Count(filter=...)
    and subquery annotations cost the plan page ten times what the database spends answering them."""
    queryset = Recommendation.objects.filter(plan=plan)
    if only is not None:
        queryset = queryset.filter(pk=only.pk)
    # The RAG attributes are set below, one by one.
    recs = cast(
        "list[WithAnnotations[Recommendation, RecommendationProgress]]",
        list(queryset.select_related("group").order_by("group__order", "number")),
    )
    ids = [rec.pk for rec in recs]
    actions = _rag_rows(Action.objects.filter(recommendation_id__in=ids)) if ids else []
    by_rec = defaultdict(list)
    for action in actions:
        by_rec[action.recommendation_id].append(action)
    _with_override_set(recs)
    summaries = summaries_by_recommendation(RecommendationSummary.objects.filter(recommendation_id__in=ids), on)
    for rec in recs:
        counts = rag_counts(by_rec[rec.pk], on)
        for name, count in counts.items():
            setattr(rec, name, count)
        rec.rag_of_actions = roll_up_counts(counts)
        found = summaries.get(rec.pk)
        rec.reported = reported_from(rec, found.reported if found else None, on)
        rec.rag_now = rec.reported.rag if rec.reported else rec.rag_of_actions
    return recs


def _with_override_set(recs) -> None:
    """Sets `override_set_at` and `override_set_by` (override_set_annotations) on the recommendations,
    asking the history only about those with a RAG set by hand: most plans have none, and then
    there is no query and no subquery to compile."""
    overridden = [rec.pk for rec in recs if rec.rag_override]
    found = {}
    if overridden:
        annotations = override_set_annotations(None)  # override_set_at, override_set_by
        rows = (
            Recommendation.objects.filter(pk__in=overridden)
            .annotate(**annotations)
            .values_list("pk", "rag_override", "rag_override_reason", *annotations)
        )
        found = {(pk, override, reason): (at, by) for pk, override, reason, at, by in rows}
    for rec in recs:
        # Keyed by the RAG and reason read with the row too, lest a save between the two reads mix them.
        rec.override_set_at, rec.override_set_by = found.get(
            (rec.pk, rec.rag_override, rec.rag_override_reason), (None, None)
        )


def _rag_rows(actions) -> list:
    return list(actions.order_by().values_list(*RAG_FIELDS, named=True))


def plan_rag_totals(plan, on: date) -> dict:
    """The plan's actions counted by RAG (the counts of rag_count_aggregates)."""
    return rag_counts(_rag_rows(Action.objects.filter(recommendation__plan=plan)), on)
