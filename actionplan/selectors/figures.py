"""The dashboard's figures: counts per recommendation, timescale group and lead, in the database.

What each figure counts. Each is a `Q` that the drill-down list reuses (`selectors.drilldown`):
- RAG: a person's override as it then stood, else the suggestion from status and due date judged
  on the as-at day (`actionplan.rag.action_rag_q`). Cancelled actions have none.
- Overdue, due soon ("upcoming"), stale: `actionplan.deadlines`.
- No update (of the Red): the due-by sentence's "no update since they fell due" part
  (`selectors.due_by.outcome_qs`); the rest of the Red were reported delayed, late or set Red by a person.
A recommendation's own RAG leads with the one reported for it, beside the roll-up of its actions'
(`actionplan.reported`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, F, Max, Q, Value
from django.db.models.functions import Coalesce

from actionplan.asat import Moment
from actionplan.deadlines import due_soon_q, overdue_q
from actionplan.models import (
    Action,
    ActionLead,
    Plan,
    Rag,
    Recommendation,
    RecommendationSummary,
    Status,
    TimescaleGroup,
)
from actionplan.rag import completed_rag, rag_count_aggregates, roll_up_counts, scheme_choices
from actionplan.reported import RecommendationRag, RedAction, ReportedRag, recommendation_rag
from actionplan.selectors.action_rows import plan_actions
from actionplan.selectors.due_by import DUE_PARTS, RecommendationDue, due_by_parts, outcome_qs
from actionplan.selectors.reported import override_set_annotations, reported_from, summaries_by_recommendation

NO_DEADLINE = date(9999, 12, 31)


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
    no_update: int = 0  # Red with no update received since due (selectors.due_by); per recommendation

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
            no_update=row.get("no_update") or 0,
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
            out.no_update += c.no_update
        return out

    def rag(self, value: str) -> int:
        return dict(self.rags).get(value, 0)

    @property
    def red_reported(self) -> int:
        """Red actions someone reported on (delayed, late, or set Red): the Red that are not "no update"."""
        return self.rag(Rag.RED) - self.no_update

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
    reported: ReportedRag | None = None
    reds: list[RedAction] = field(default_factory=list)  # its Red actions, for the line saying why

    @property
    def rag_view(self) -> RecommendationRag:
        """Reported and suggested side by side (`actionplan.reported`)."""
        counts = self.counts
        return recommendation_rag(self.reported, suggested=counts.rolled_up, live=counts.live,
                                  done=counts.rag(completed_rag()), reds=self.reds)

    @property
    def rag(self) -> str | None:
        """The lead RAG: the reported one when there is one, else the actions' suggestion."""
        return self.reported.rag if self.reported else self.counts.rolled_up

    @property
    def scope(self) -> str:
        """The drill-down query string for this row's actions."""
        return f"rec={self.number}"

    def as_due(self) -> RecommendationDue:
        return RecommendationDue(self.id, self.number, self.text, self.group_id, self.cancelled, self.due)


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
        .annotate(**override_set_annotations(moment.at))
        .values("id", "number", "text", "group_id", "group_name", "group_order", "cancelled",
                "rag_override", "rag_override_reason", "override_set_at", "override_set_by")
        .order_by("group_order", "number")
    )
    aggregates = count_aggregates(moment.on)
    aggregates["no_update"] = Count("pk", filter=outcome_qs(moment)["no_update"])
    if due_by is not None:
        aggregates |= {f"due_{k}": Count("pk", filter=q) for k, q in due_by_parts(moment, due_by).items()}
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
    summaries = summaries_by_recommendation(moment.rows(RecommendationSummary, recommendation__plan=plan), moment.on)
    rows = []
    for r in recs:
        found = summaries.get(r["id"])
        summary = (found.latest if found else None) or {}
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
                reported=reported_from(r, found.reported if found else None, moment.on),
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
