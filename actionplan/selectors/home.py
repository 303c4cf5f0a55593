"""Reads for each role's home page, across the plans a person works on, in a fixed number of queries.

"Their plans": the plans whose index to initials names the person's account; someone named in none
(roles are not given per plan) sees every plan. Sign-off claims wait in one inbox for every plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Subquery, Window

from actionplan.asat import Moment
from actionplan.deadlines import overdue_q
from actionplan.models import Action, ActionLead, CompletionClaim, Person, Plan
from actionplan.models.action import CLOSED_STATUSES
from actionplan.rag import scheme_choices
from actionplan.rounds import CalendarSpec
from actionplan.selectors.attention import AttentionList, attention_across
from actionplan.selectors.figures import Counts, count_aggregates
from actionplan.selectors.rag_rounds import RagRound, plans_rag_rounds, rounds_chart

PREVIEW = 10  # rows of each list on a home page; the whole list is one link away


def their_plans(user) -> Sequence[Plan]:
    """The plans naming this account in their index, else every plan (one query). Each carries
    `my_initials`: the account's initials in that plan's index, or None."""
    person = Person.objects.filter(plan=OuterRef("pk"), user=user).order_by("pk")
    plans = list(Plan.objects.annotate(my_initials=Subquery(person.values("initials")[:1])).order_by("title"))
    mine = [p for p in plans if p.my_initials]
    return mine or plans


def waiting_for_signoff(limit: int = 5) -> tuple[Sequence[CompletionClaim], int]:
    """The oldest claims waiting for sign-off and how many wait in all (one query)."""
    claims = list(
        CompletionClaim.objects.filter(state=CompletionClaim.State.PENDING)
        .select_related("action__recommendation__plan", "claimed_by")
        .annotate(total=Window(Count("id")))
        .order_by("claimed_at", "id")[:limit]
    )
    return claims, (int(claims[0].total) if claims else 0)


def led_counts(user, on: date) -> dict:
    """How many open actions the user leads, and how many of them are overdue (one query)."""
    leads = ActionLead.objects.filter(action=OuterRef("pk"), person__user=user)
    mine = Action.objects.filter(Exists(leads)).exclude(status__in=CLOSED_STATUSES)  # Exists: no DISTINCT over a join
    return mine.aggregate(open=Count("pk"), overdue=Count("pk", filter=overdue_q(on)))


@dataclass
class PlanAttention:
    """A plan manager's view across their plans: overdue and stale actions, with their plan."""

    lists: list[AttentionList]
    plans: dict[int, Plan]

    def rows(self, name: str) -> list[dict]:
        return self.list(name).rows

    def list(self, name: str) -> AttentionList:
        return next(lst for lst in self.lists if lst.name == name)


def attention_for(plans: Sequence[Plan], on: date) -> PlanAttention:
    """Overdue and stale actions across the plans, today: how many, and the first PREVIEW of each (three
    queries)."""
    lists = attention_across(Moment.for_date(on), plans, names=("overdue", "stale"), first=PREVIEW)
    by_id = {p.pk: p for p in plans}
    for lst in lists:
        for row in lst.rows:
            row["plan"] = by_id.get(row["plan_id"])
    return PlanAttention(lists, by_id)


@dataclass(frozen=True)
class Move:
    value: str  # "completed" or a RAG value
    word: str
    then: int
    now: int

    @property
    def change(self) -> str:
        if self.now == self.then:
            return "no change"
        return f"up {self.now - self.then}" if self.now > self.then else f"down {self.then - self.now}"


@dataclass
class PlanSummary:
    """One plan on a director's home page: its figures today, its last reporting days, and what
    moved between the last of them and today."""

    plan: Plan
    counts: Counts
    rounds: list[RagRound] = field(default_factory=list)

    @property
    def last_meeting(self) -> RagRound | None:
        earlier = [r for r in self.rounds if r.label != "As at"]
        return earlier[-1] if earlier else None

    @property
    def moved(self) -> list[Move]:
        """Completed and each RAG word: at the last meeting and now."""
        last = self.last_meeting
        if last is None or not self.rounds:
            return []
        now = self.rounds[-1].counts
        words = dict(scheme_choices())
        moves = [Move(value, words.get(value, value), last.counts.rag(value), now.rag(value)) for value, _ in now.rags]
        return [Move("completed", "Completed", last.counts.completed, now.completed), *moves]

    def chart(self) -> str:
        return rounds_chart(self.rounds, chart_id=f"rounds-{self.plan.slug}",
                            title=f"{self.plan.title}: RAG of its actions at each reporting day")


def plan_summaries(plans: Sequence[Plan], on: date, specs: dict[int, CalendarSpec] | None = None
                   ) -> list[PlanSummary]:
    """Each plan's figures today (one query) and its RAG counts at its reporting days (two)."""
    counted = {
        row["pk"]: row
        for row in Plan.objects.filter(pk__in=[p.pk for p in plans])
        .values("pk")
        .annotate(**count_aggregates(on, prefix="recommendations__actions__"))
    }
    rounds = plans_rag_rounds(plans, on, specs)
    return [PlanSummary(p, Counts.from_row(counted.get(p.pk)), rounds.get(p.pk, [])) for p in plans]
