"""The directors' dashboard: a plan's figures as recorded at any date, counted in the database.

A dashboard is read at a `Moment` (`actionplan.asat`). Today reads the current tables; a past day
reads each object's last historical version at the end of that day (`versions_as_at`) and judges
RAG on that day: true time travel, not today's rows filtered by date. Historical rows carry the
current field names, so every figure is the same aggregate query whichever is read, and the number
of queries does not grow with the plan. Which plan a recommendation belongs to is read from the
current tables (nothing moves between plans).

The parts: `figures` (counts per recommendation, group and lead), `attention` (overdue, stale,
due soon, deadlines to check), `due_by` (the clerks' sentence), `drilldown` (the actions behind a
figure) and `quick_dates`; the rules they count by are in `actionplan.deadlines` and `actionplan.rag`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from actionplan.asat import Moment
from actionplan.dates import end_of_month
from actionplan.models import Plan, Rag
from actionplan.rag import action_rag_q, scheme_choices
from actionplan.selectors.attention import AttentionList, attention_lists, attention_rows
from actionplan.selectors.due_by import Areas, DueBy, count_areas, sentence_for
from actionplan.selectors.figures import (
    Counts,
    GroupRow,
    LeadRow,
    RecommendationRow,
    group_rows,
    lead_rows,
    recommendation_rows,
)
from actionplan.selectors.reported import red_action_of
from actionplan.selectors.returns import RoundSummary, focus_summary


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
    returns: RoundSummary | None = None

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

    @property
    def recommendation_rags(self) -> list[tuple[str, int, int]]:
        """(RAG, recommendations it leads for, recommendations whose actions suggest it), over the
        recommendations not cancelled: the lead is the reported RAG where there is one."""
        live = [r for r in self.recommendations if not r.cancelled]
        return [
            (rag, sum(1 for r in live if r.rag == rag), sum(1 for r in live if r.counts.rolled_up == rag))
            for rag, _ in scheme_choices()
        ]

    @property
    def reported_count(self) -> int:
        """How many recommendations not cancelled have a reported RAG."""
        return sum(1 for r in self.recommendations if r.reported and not r.cancelled)


def plan_dashboard(
    plan: Plan, as_at: date | None = None, due_by: date | None = None, areas: Areas | None = None,
    shown: int | None = None,
) -> Dashboard:
    """Everything on the dashboard, in a fixed number of queries whatever the plan's size. `areas`
    says what the due-by sentence counts (default: actions in the whole plan); `shown`, how many rows
    of each attention list the page shows (`attention_lists`; default all)."""
    moment = Moment.for_date(as_at)
    due_by = due_by or end_of_month(moment.on)
    areas = areas or Areas()
    recs = recommendation_rows(moment, plan, due_by)
    # The Red actions (for the line saying why a recommendation's actions suggest Red) come with
    # the attention lists, in the same query.
    rows = attention_rows(moment, plan, extra={"red": action_rag_q(Rag.RED, moment.on)})
    by_rec = {r.id: r for r in recs}
    for row in rows:
        if row["is_red"] and row["recommendation_id"] in by_rec:
            by_rec[row["recommendation_id"]].reds.append(red_action_of(row, moment.on))
    counts = count_areas([r.as_due() for r in recs], areas)
    return Dashboard(
        plan=plan,
        moment=moment,
        totals=Counts.total([r.counts for r in recs]),
        groups=group_rows(recs),
        recommendations=recs,
        leads=lead_rows(moment, plan),
        lists=attention_lists(moment, plan, rows, shown),
        due_by=DueBy(due_by, sentence_for(counts, due_by), counts, areas),
        returns=focus_summary(plan, moment.on),
    )
