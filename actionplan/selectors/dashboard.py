"""The directors' dashboard: a plan's figures as recorded at any date, counted in the database.

A dashboard is read at a `Moment`. Today reads the live tables; a past day reads each
object's last historical version at the end of that day (`versions_as_at`) and judges RAG
on that day: true time travel, not today's rows filtered by date. Historical rows carry
the live field names, so every figure is the same aggregate query whichever is read, and
the number of queries does not grow with the plan. Which plan a recommendation belongs to
is read from the live tables (nothing moves between plans).

What each figure counts. Each is a `Q` that the drill-down list reuses, so a figure and
the list of actions behind it cannot disagree:

- RAG: a person's override as it then stood, else the suggestion from status and due
  date judged on the as-at day (`actionplan.rag.action_rag_q`). Cancelled actions have none.
- Overdue: not completed or cancelled, and due before the as-at day.
- Upcoming: not completed or cancelled, and due in the 30 days from the as-at day.
- Stale: not completed or cancelled, not waiting for a start date still to come, and no
  progress note recorded in the `DASHBOARD_STALE_DAYS` (default 28) days up to the as-at
  day; an action recorded more recently than that is not stale yet.
- Due by (the sentence clerks write): live actions whose due date is on or before the
  "due by" date. Of these, *completed* means completed as at the as-at day; *delayed*
  means not completed and Red as at the as-at day (past its due date, marked delayed, or
  set Red by a person with a reason); *on track* is the rest (not completed, not Red:
  not yet due, or judged Amber by a person). Actions with no due date are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import reduce
from operator import or_

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils import timezone

from actionplan.asat import Moment
from actionplan.dates import due_by_words, end_of_month
from actionplan.deadlines import (
    date_to_check_q,
    due_by_q,
    due_soon_days,
    due_soon_q,
    overdue_q,
    stale_days,
    stale_q,
)
from actionplan.models import (
    Action,
    ActionLead,
    Paper,
    Plan,
    Recommendation,
    RecommendationSummary,
    TimescaleGroup,
)
from actionplan.rag import (
    Rag,
    Status,
    action_rag_q,
    rag_count_aggregates,
    roll_up_counts,
    scheme_choices,
    suggested_rag_expression,
)

NO_DEADLINE = date(9999, 12, 31)




# ---------------------------------------------------------------------------
# Reading the live tables or the history tables with one interface
# ---------------------------------------------------------------------------


def plan_actions(moment: Moment, plan: Plan) -> QuerySet:
    return moment.rows(Action, recommendation__plan=plan)


# ---------------------------------------------------------------------------
# The figures' filters (shared by counts and drill-down lists)
# ---------------------------------------------------------------------------


def with_note_dates(moment: Moment, actions: QuerySet) -> QuerySet:
    """Annotate each action with when its latest note and its first version were recorded."""
    last_note = (
        moment.notes_recorded()
        .filter(action_id=OuterRef("id"))
        .values("action_id")
        .annotate(latest=Max("recorded_at"))
        .values("latest")
    )
    first = Action.history.model.objects.filter(id=OuterRef("id")).order_by("history_date").values("history_date")[:1]
    return actions.annotate(last_note=Subquery(last_note), first_recorded=Subquery(first))


DUE_PARTS = ("completed", "on_track", "delayed")


def _due_by_parts(on: date, due_by: date) -> dict[str, Q]:
    due = due_by_q(due_by) & ~Q(status=Status.CANCELLED)
    done = Q(status=Status.COMPLETED)
    red = action_rag_q(Rag.RED, on)
    return {"completed": due & done, "delayed": due & ~done & red, "on_track": due & ~done & ~red}


# ---------------------------------------------------------------------------
# Counts
# ---------------------------------------------------------------------------


def count_aggregates(on: date, prefix: str = "") -> dict:
    """RAG words, live, completed, each status, overdue and upcoming, as Count() expressions."""
    target = prefix.rstrip("_") if prefix else "pk"
    counts = rag_count_aggregates(on, prefix)
    for status in Status.values:
        counts[f"status_{status}"] = Count(target, filter=Q(**{f"{prefix}status": status}))
    counts["overdue"] = Count(target, filter=overdue_q(on, prefix))
    counts["upcoming"] = Count(target, filter=due_soon_q(on, prefix))
    return counts


@dataclass
class Counts:
    """What one aggregate row says: RAG words, statuses, completed of live, overdue."""

    rags: list[tuple[str, int]]
    statuses: list[tuple[str, str, int]]
    live: int = 0
    completed: int = 0
    overdue: int = 0
    upcoming: int = 0

    @classmethod
    def from_row(cls, row: dict | None) -> Counts:
        row = row or {}
        return cls(
            rags=[(value, row.get(f"rag_{value}") or 0) for value, _ in scheme_choices()],
            statuses=[(s.value, s.label, row.get(f"status_{s.value}") or 0) for s in Status],
            live=row.get("live") or 0,
            completed=row.get("completed") or 0,
            overdue=row.get("overdue") or 0,
            upcoming=row.get("upcoming") or 0,
        )

    @classmethod
    def total(cls, many: list[Counts]) -> Counts:
        """Add up rows already counted by the database (a handful of groups, not actions)."""
        out = cls.from_row(None)
        for c in many:
            out.rags = [(v, n + m) for (v, n), (_, m) in zip(out.rags, c.rags, strict=True)]
            out.statuses = [(v, lbl, n + m) for (v, lbl, n), (_, _, m) in zip(out.statuses, c.statuses, strict=True)]
            out.live += c.live
            out.completed += c.completed
            out.overdue += c.overdue
            out.upcoming += c.upcoming
        return out

    def rag(self, value: str) -> int:
        return dict(self.rags).get(value, 0)

    @property
    def rolled_up(self) -> str | None:
        """The recommendation rule (actionplan.rag.roll_up) applied to these counts."""
        return roll_up_counts({"live": self.live, **{f"rag_{v}": n for v, n in self.rags}})


@dataclass
class RecommendationRow:
    id: int
    number: int
    text: str
    group_id: int
    group_name: str
    cancelled: bool
    rag_override: str
    rag_override_reason: str
    counts: Counts
    due: dict[str, int] = field(default_factory=dict)
    last_update: datetime | None = None
    summary_date: date | None = None
    summary_text: str = ""
    summary_rag: str = ""

    @property
    def rag(self) -> str | None:
        return self.rag_override or self.counts.rolled_up

    @property
    def scope(self) -> str:
        """The drill-down query string for this row's actions."""
        return f"rec={self.number}"


@dataclass
class GroupRow:
    id: int
    name: str
    counts: Counts
    recommendations: list[RecommendationRow] = field(default_factory=list)

    @property
    def scope(self) -> str:
        return f"group={self.id}"


@dataclass
class LeadRow:
    person_id: int
    initials: str
    name: str
    counts: Counts

    @property
    def scope(self) -> str:
        return f"lead={self.person_id}"


@dataclass
class DueBy:
    due_by: date
    sentence: str
    counts: dict[str, int]


@dataclass
class Dashboard:
    plan: Plan
    moment: Moment
    totals: Counts
    groups: list[GroupRow]
    recommendations: list[RecommendationRow]
    leads: list[LeadRow]
    lists: list[AttentionList]
    due_by: DueBy

    @property
    def on(self) -> date:
        return self.moment.on

    def list_rows(self, name: str) -> list[dict]:
        return next(lst.rows for lst in self.lists if lst.name == name)

    @property
    def overdue(self) -> list[dict]:
        return self.list_rows("overdue")

    @property
    def stale(self) -> list[dict]:
        return self.list_rows("stale")

    @property
    def upcoming(self) -> list[dict]:
        return self.list_rows("upcoming")


def recommendation_rows(moment: Moment, plan: Plan, due_by: date | None = None) -> list[RecommendationRow]:
    """Each recommendation with its counts, last note and latest summary narrative (4 queries).

    With `due_by`, each row's counts also say how many of its actions are due by then and
    completed, on track or delayed (`due_completed` …), so the sentence costs no query.
    """
    recs = (
        moment.rows(Recommendation, plan_id=plan.pk)
        .annotate(
            group_name=moment.field_of(TimescaleGroup, "name", "group_id"),
            group_order=moment.field_of(TimescaleGroup, "order", "group_id"),
        )
        .values("id", "number", "text", "group_id", "group_name", "group_order", "cancelled",
                "rag_override", "rag_override_reason")
        .order_by("group_order", "number")
    )
    aggregates = count_aggregates(moment.on)
    if due_by is not None:
        aggregates |= {f"due_{k}": Count("pk", filter=q) for k, q in _due_by_parts(moment.on, due_by).items()}
    counts = {
        row["recommendation_id"]: row
        for row in plan_actions(moment, plan).values("recommendation_id").annotate(**aggregates)
    }
    last_notes = dict(
        moment.notes_recorded()
        .filter(action__recommendation__plan=plan)
        .values_list("action__recommendation_id")
        .annotate(latest=Max("recorded_at"))
    )
    summaries = {}
    summary_rows = moment.rows(RecommendationSummary, recommendation__plan=plan).order_by("date", "id")
    for s in summary_rows.values("recommendation_id", "date", "text", "rag"):
        summaries[s["recommendation_id"]] = s  # the latest dated narrative wins
    rows = []
    for r in recs:
        summary = summaries.get(r["id"], {})
        rows.append(
            RecommendationRow(
                id=r["id"],
                number=r["number"],
                text=r["text"],
                group_id=r["group_id"],
                group_name=r["group_name"] or "",
                cancelled=r["cancelled"],
                rag_override=r["rag_override"],
                rag_override_reason=r["rag_override_reason"],
                counts=Counts.from_row(counts.get(r["id"])),
                due={k: (counts.get(r["id"]) or {}).get(f"due_{k}") or 0 for k in DUE_PARTS},
                last_update=last_notes.get(r["id"]),
                summary_date=summary.get("date"),
                summary_text=summary.get("text", ""),
                summary_rag=summary.get("rag", ""),
            )
        )
    return rows


def group_rows(recs: list[RecommendationRow]) -> list[GroupRow]:
    groups: dict[int, GroupRow] = {}
    for rec in recs:  # already in group order
        group = groups.setdefault(rec.group_id, GroupRow(rec.group_id, rec.group_name, Counts.from_row(None)))
        group.recommendations.append(rec)
    for group in groups.values():
        group.counts = Counts.total([r.counts for r in group.recommendations])
    return list(groups.values())


def lead_rows(moment: Moment, plan: Plan) -> list[LeadRow]:
    """Counts per lead in one query: each lead row is joined to its action as it stood."""
    on = moment.on
    leads = moment.rows(ActionLead, action__recommendation__plan=plan).annotate(
        a=F("action_id"),
        a_status=moment.field_of(Action, "status", "action_id"),
        # No deadline is never late. A subquery's NULL would make NOT (due < day) unknown and
        # drop the action from Amber: Django guards nullable columns in negations, not subqueries.
        a_due_date=Coalesce(moment.field_of(Action, "due_date", "action_id"), Value(NO_DEADLINE)),
        a_date_flag=moment.field_of(Action, "date_flag", "action_id"),
        a_rag_override=moment.field_of(Action, "rag_override", "action_id"),
    )
    rows = (
        leads.values("person_id", initials=F("person__initials"), name=F("person__name"))
        .annotate(**rag_count_aggregates(on, prefix="a_"), overdue=Count("a", filter=overdue_q(on, "a_")))
        .order_by("initials")
    )
    return [LeadRow(r["person_id"], r["initials"], r["name"], Counts.from_row(r)) for r in rows]


@dataclass
class AttentionList:
    """One of the dashboard's lists of actions that need someone's attention."""

    name: str
    heading: str
    rows: list[dict]
    empty: str


def list_headings() -> dict[str, str]:
    """The attention lists, in the order the dashboard shows them, with their headings."""
    return {
        "overdue": "Overdue",
        "stale": f"No progress note for {stale_days()} days",
        "upcoming": f"Due in the next {due_soon_days()} days",
        "date_to_check": "Deadline to check",
    }


EMPTY_LISTS = {
    "overdue": "No action was overdue.",
    "stale": "Every open action had a recent progress note.",
    "upcoming": "No open action fell due in the days that followed.",
    "date_to_check": "Every open action's deadline could be read.",
}


def _list_filters(on: date) -> dict[str, Q]:
    return {"overdue": overdue_q(on), "stale": stale_q(on), "upcoming": due_soon_q(on),
            "date_to_check": date_to_check_q()}


def attention_lists(moment: Moment, plan: Plan) -> list[AttentionList]:
    """Overdue, stale, due soon and deadlines to check, read in one query. An action whose date is
    flagged is in the last list only, with the reason (`actionplan.deadlines`)."""
    filters = _list_filters(moment.on)
    flags = {f"is_{name}": _flag(q) for name, q in filters.items()}
    rows = (
        action_rows(moment, plan)
        .filter(reduce(or_, filters.values()))
        .annotate(**flags)
        .order_by("due_date", "rec_number", "position")
    )
    found: dict[str, list[dict]] = {name: [] for name in filters}
    for row in rows.values(*ACTION_FIELDS, *flags):
        row["reference"] = Action.reference_of(row["rec_number"], row["position"])
        for name in filters:
            if row[f"is_{name}"]:
                found[name].append(row)
    found["stale"].sort(key=lambda r: (r["last_note"] is not None, r["last_note"] or r["first_recorded"]))
    return [AttentionList(name, heading, found[name], EMPTY_LISTS[name]) for name, heading in list_headings().items()]


def _flag(q: Q):
    return Case(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())


ACTION_FIELDS = (
    "id", "recommendation_id", "rec_number", "position", "description", "lead_text", "by_when_text",
    "due_date", "date_flag", "status", "completed_on", "rag_override", "rag_override_reason", "rag_at",
    "last_note", "first_recorded",
)


def action_rows(moment: Moment, plan: Plan) -> QuerySet:
    """A plan's actions as they stood, with their RAG that day and their note dates."""
    rag = Case(
        When(status=Status.CANCELLED, then=Value(None, output_field=CharField())),
        default=Coalesce(NullIf("rag_override", Value("")), suggested_rag_expression(moment.on)),
        output_field=CharField(),
    )
    actions = plan_actions(moment, plan).annotate(
        rec_number=moment.field_of(Recommendation, "number", "recommendation_id"), rag_at=rag
    )
    return with_note_dates(moment, actions)


def due_by_counts(moment: Moment, plan: Plan, due_by: date) -> dict[str, int]:
    parts = _due_by_parts(moment.on, due_by)
    counts = plan_actions(moment, plan).aggregate(**{k: Count("pk", filter=q) for k, q in parts.items()})
    counts["total"] = counts["completed"] + counts["on_track"] + counts["delayed"]
    return counts


def describe_due_by(due_by: date) -> str:
    return f"by {due_by_words(due_by)}"


def _n(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def sentence_for(counts: dict[str, int], due_by: date) -> str:
    """The clerks' sentence from counts; singular, plural, "both", "all" and zero read naturally."""
    total, when = counts["total"], describe_due_by(due_by)
    if total == 0:
        return f"There are no areas of activity due {when}."
    opening = f"There {'is' if total == 1 else 'are'} {_n(total, 'area', 'areas')} of activity due {when}."
    parts = [
        (counts["completed"], ("has", "have"), "been completed"),
        (counts["on_track"], ("is", "are"), "on track"),
        (counts["delayed"], ("is", "are"), "delayed"),
    ]
    present = [p for p in parts if p[0]]
    if total == 1:
        _, (one, _), rest = present[0]
        return f"{opening} It {one} {rest}."
    if len(present) == 1:
        n, (_, many), rest = present[0]
        return f"{opening} {'Both' if n == 2 else f'All {n}'} {many} {rest}."
    words = [f"{n} {one if n == 1 else many} {rest}" for n, (one, many), rest in present]
    return f"{opening} Of these {', '.join(words[:-1])} and {words[-1]}."


def due_by_sentence(plan: Plan, due_by: date, as_at: date | None) -> tuple[str, dict[str, int]]:
    """"There are 14 areas of activity due by the end of June 2006. Of these 9 have been
    completed, 4 are on track and 1 is delayed." from the plan as recorded at `as_at`."""
    counts = due_by_counts(Moment.for_date(as_at), plan, due_by)
    return sentence_for(counts, due_by), counts


def plan_dashboard(plan: Plan, as_at: date | None = None, due_by: date | None = None) -> Dashboard:
    """Everything on the dashboard, in a fixed number of queries whatever the plan's size."""
    moment = Moment.for_date(as_at)
    due_by = due_by or end_of_month(moment.on)
    recs = recommendation_rows(moment, plan, due_by)
    counts = {k: sum(r.due[k] for r in recs) for k in DUE_PARTS}
    counts["total"] = sum(counts.values())
    return Dashboard(
        plan=plan,
        moment=moment,
        totals=Counts.total([r.counts for r in recs]),
        groups=group_rows(recs),
        recommendations=recs,
        leads=lead_rows(moment, plan),
        lists=attention_lists(moment, plan),
        due_by=DueBy(due_by, sentence_for(counts, due_by), counts),
    )


# ---------------------------------------------------------------------------
# The actions behind a figure
# ---------------------------------------------------------------------------

OUTCOMES = {"completed": "completed", "on_track": "on track", "delayed": "delayed"}


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
        q &= _list_filters(on)[cell.list]
    if cell.due_by is not None:
        parts = _due_by_parts(on, cell.due_by)
        q &= parts[cell.outcome] if cell.outcome in parts else (parts["completed"] | parts["on_track"] | parts["delayed"])
    rows = action_rows(moment, plan).filter(q)
    if cell.rec is not None:
        rows = rows.filter(rec_number=cell.rec)
    if cell.group is not None:
        rows = rows.filter(recommendation_id__in=moment.rows(Recommendation, plan_id=plan.pk, group_id=cell.group).values("id"))
    if cell.lead is not None:
        rows = rows.filter(id__in=moment.rows(ActionLead, person_id=cell.lead).values("action_id"))
    result = list(rows.order_by("rec_number", "position").values(*ACTION_FIELDS))
    for row in result:
        row["reference"] = Action.reference_of(row["rec_number"], row["position"])
    return result


# ---------------------------------------------------------------------------
# Quick as-at choices: the dates committees saw the plan
# ---------------------------------------------------------------------------


@dataclass
class QuickDate:
    day: date
    labels: list[str]

    @property
    def label(self) -> str:
        return "; ".join(self.labels)


def quick_dates(plan: Plan) -> list[QuickDate]:
    """Papers' as-at and meeting dates and summary-report dates (one query), and the plan's start."""
    papers = Paper.objects.filter(plan=plan).order_by()
    summaries = RecommendationSummary.objects.filter(recommendation__plan=plan).order_by()
    rows = papers.values_list("as_at", "title").union(
        papers.values_list("meeting_date", Concat("meeting_body", Value(" meeting"))),
        summaries.values_list("date", Value("Summary progress report")),
    )
    today = timezone.localdate()
    by_day: dict[date, QuickDate] = {}
    for day, label in rows:
        if plan.started_on <= day <= today:
            entry = by_day.setdefault(day, QuickDate(day, []))
            if label not in entry.labels:
                entry.labels.append(label)
    by_day.setdefault(plan.started_on, QuickDate(plan.started_on, [])).labels.append("Plan began")
    return sorted(by_day.values(), key=lambda q: q.day)
