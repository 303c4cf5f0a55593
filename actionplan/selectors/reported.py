"""The facts a recommendation's reported RAG is made of, as they stood at a moment (the rule and its
words are `actionplan.reported`): when the RAG a director set by hand was set and by whom, and the
latest summary of progress that carries a RAG.

Both are read without a query of their own per recommendation: the override's date and author are
subqueries on the recommendation rows a page already reads, and the summaries are the one query the
dashboard and the snapshot already make.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db.models import CharField, DateTimeField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.utils import timezone

from actionplan.models import Plan, Rag, Recommendation, RecommendationSummary
from actionplan.rag import suggest_action_rag
from actionplan.reported import RedAction, ReportedRag, reported_rag
from actionplan.updates import UpdateState, update_state

BEFORE_ANY_HISTORY = datetime(1900, 1, 1, tzinfo=UTC)


def _history(at: datetime | None) -> QuerySet:
    """The outer recommendation's history rows up to `at` (all of them for "now")."""
    rows = Recommendation.history.model.objects.filter(id=OuterRef("id")).order_by()
    return rows.filter(history_date__lte=at) if at is not None else rows


def override_set_annotations(
    at: datetime | None, *, override: str = "rag_override", reason: str = "rag_override_reason", prefix: str = ""
) -> dict[str, Subquery]:
    """Annotations for recommendation rows (live, or as they stood at `at`): `override_set_at`, the
    save that gave the row the RAG set by hand and reason in its fields `override` and `reason` (the
    first save of the latest run of saves up to `at` carrying both unchanged; other edits, such as
    its words, do not move it), and `override_set_by`, who made that save; each name after `prefix`.
    Both are null when no RAG is set by hand."""
    # Inside `since`, OuterRef refers to a save of the run: the latest save that said otherwise.
    other = (
        _history(at)
        .exclude(rag_override=OuterRef("rag_override"), rag_override_reason=OuterRef("rag_override_reason"))
        .order_by("-history_date", "-history_id")
        .values("history_date")[:1]
    )
    after = Coalesce(Subquery(other), Value(BEFORE_ANY_HISTORY), output_field=DateTimeField())
    since = (
        _history(at)
        .filter(~Q(rag_override=""), rag_override=OuterRef(override), rag_override_reason=OuterRef(reason))
        .filter(history_date__gt=after)
        .order_by("history_date", "history_id")
    )
    who = Coalesce(
        NullIf(Trim(Concat("history_user__first_name", Value(" "), "history_user__last_name")), Value("")),
        "history_user__username",
        Value(""),
        output_field=CharField(),
    )
    return {
        f"{prefix}override_set_at": Subquery(since.values("history_date")[:1]),
        f"{prefix}override_set_by": Subquery(since.annotate(who=who).values("who")[:1]),
    }


@dataclass
class Summaries:
    """A recommendation's summaries of progress as they stood: the latest, and the latest that
    reports a RAG and speaks of a day on or before the as-at day."""

    latest: dict | None = None
    reported: dict | None = None


SUMMARY_FIELDS = ("id", "recommendation_id", "date", "text", "rag")


def by_recommendation(rows: Iterable[dict], on: date) -> dict[int, Summaries]:
    """Summary rows (dicts of SUMMARY_FIELDS) as they stood, keyed by recommendation."""
    found: dict[int, Summaries] = {}
    for s in sorted(rows, key=lambda s: (s["date"], s["id"])):
        entry = found.setdefault(s["recommendation_id"], Summaries())
        entry.latest = s  # dated order: the latest dated narrative wins
        if s["rag"] and s["date"] <= on:
            entry.reported = s
    return found


def summaries_by_recommendation(rows: QuerySet, on: date) -> dict[int, Summaries]:
    """From summary rows as they stood (`Moment.rows` or `versions_as_at`), keyed by recommendation."""
    return by_recommendation(rows.values(*SUMMARY_FIELDS), on)


def summaries_at_both_ends(
    plan: Plan, start: datetime, end: datetime, since: date, until: date
) -> tuple[dict[int, Summaries], dict[int, Summaries]]:
    """The plan's summaries as they stood at `start` (judged on `since`) and at `end` (on `until`),
    replayed from their history in one query."""
    rows = (
        RecommendationSummary.history.model.objects.filter(recommendation__plan=plan, history_date__lte=end)
        .order_by("history_date", "history_id")
        .values(*SUMMARY_FIELDS, "history_type", "history_date")
    )
    before: dict[int, dict | None] = {}
    after: dict[int, dict | None] = {}
    for row in rows:
        state = None if row["history_type"] == "-" else row
        after[row["id"]] = state
        if row["history_date"] <= start:
            before[row["id"]] = state
    return (
        by_recommendation((s for s in before.values() if s), since),
        by_recommendation((s for s in after.values() if s), until),
    )


def reported_from(
    row, summary: dict | None, on: date, *, override: str = "rag_override", reason: str = "rag_override_reason",
    prefix: str = "",
) -> ReportedRag | None:
    """The reported RAG of a recommendation row annotated by `override_set_annotations` (a dict or
    an object; the same field names and prefix) and its reported summary, as at `on`."""

    def get(name: str):
        return row.get(name) if isinstance(row, dict) else getattr(row, name, None)

    set_at = get(f"{prefix}override_set_at")
    summary = summary or {}
    return reported_rag(
        override=get(override) or "",
        override_reason=get(reason) or "",
        override_set_on=timezone.localdate(set_at) if set_at else None,
        override_by=get(f"{prefix}override_set_by") or "",
        summary_rag=summary.get("rag") or "",
        summary_date=summary.get("date"),
        summary_text=summary.get("text") or "",
        on=on,
    )


def red_action(*, reference: str, status: str, suggested: str | None, due_date: date | None, date_flag: str,
               last_update: date | None, on: date) -> RedAction:
    """One Red action's facts for the line that says why the actions suggest Red: Red by hand only
    when the suggestion from its status and dates is not Red."""
    state = update_state(status=status, due_date=due_date, date_flag=date_flag, last_update=last_update, on=on)
    return RedAction(reference, status, by_hand=suggested != Rag.RED, no_update=state == UpdateState.NO_UPDATE)


def red_action_of(row: dict, on: date) -> RedAction:
    """`red_action` from a row of `selectors.action_rows` (its reference added)."""
    last = row["last_note"]
    suggested = suggest_action_rag(status=row["status"], due_date=row["due_date"], date_flag=row["date_flag"], on=on)
    return red_action(reference=row["reference"], status=row["status"], suggested=suggested,
                      due_date=row["due_date"], date_flag=row["date_flag"],
                      last_update=timezone.localdate(last) if last else None, on=on)
