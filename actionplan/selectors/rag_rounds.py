"""RAG counts at each of a plan's last reporting rounds, for the directors' charts (home, portfolio).

Which days count lives in `reporting_days` alone: the days the reports to the plan's last rounds
were drawn up (its reporting calendar, `actionplan.rounds`), or for a plan with no calendar the days
committees saw it (papers' as-at and meeting dates, summary progress reports); then the as-at day.
The counts on each day are read as recorded at the end of that day (`Moment`), the same rule as
the dashboard's figures, every plan and day in one query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import DateField, F, Value
from django.db.models.functions import Concat

from actionplan.asat import Moment
from actionplan.models import Action, Paper, RecommendationSummary
from actionplan.rag import scheme_choices
from actionplan.rag_chart import Bar, rag_rounds_svg
from actionplan.rounds import CalendarSpec, plan_rounds
from actionplan.selectors.figures import Counts, count_aggregates
from actionplan.selectors.returns import calendar_specs

ROUNDS = 6  # reporting days shown before the as-at day


@dataclass
class RagRound:
    day: date
    label: str  # what happened that day: "Cabinet meeting; Summary progress report"
    counts: Counts


def reporting_days(plans, until: date, *, rounds: int = ROUNDS, specs: dict[int, CalendarSpec] | None = None
                   ) -> dict[int, list[tuple[date, str]]]:
    """Each plan's last `rounds` reporting days before `until`, then `until` itself, oldest first,
    each with what it was: a round of the plan's reporting calendar (the day its report is drawn
    up, `actionplan.rounds`), or for a plan with no calendar, the days committees saw it. Two
    queries at most for any number of plans."""
    specs = calendar_specs(plans) if specs is None else specs
    days: dict[int, list[tuple[date, str]]] = {}
    uncalendared = []
    for plan in plans:
        spec = specs[plan.pk]
        if spec.is_empty:
            uncalendared.append(plan)
            continue
        held = [r for r in plan_rounds(spec, started_on=plan.started_on, until=until) if r.report_on < until]
        days[plan.pk] = [(r.report_on, f"Report to the {r.label}") for r in held[-rounds:]]
    days |= _committee_days(uncalendared, until, rounds)
    for plan in plans:
        if plan.started_on <= until:
            days[plan.pk].append((until, "As at"))
    return days


def _committee_days(plans, until: date, rounds: int) -> dict[int, list[tuple[date, str]]]:
    """Papers' as-at and meeting dates and summary reports, the last `rounds` before `until` (one query)."""
    if not plans:
        return {}
    ids = [p.pk for p in plans]
    papers = Paper.objects.filter(plan_id__in=ids).order_by()
    summaries = RecommendationSummary.objects.filter(recommendation__plan_id__in=ids).order_by()
    rows = papers.values_list("plan_id", "as_at", "title").union(
        papers.values_list("plan_id", "meeting_date", Concat("meeting_body", Value(" meeting"))),
        summaries.values_list("recommendation__plan_id", "date", Value("Summary progress report")),
    )
    labels: dict[int, dict[date, list[str]]] = defaultdict(dict)
    started = {p.pk: p.started_on for p in plans}
    for plan_id, day, label in rows:
        if day is not None and started[plan_id] <= day < until:
            names = labels[plan_id].setdefault(day, [])
            if label and label not in names:
                names.append(label)
    return {p.pk: [(day, "; ".join(sorted(names))) for day, names in sorted(labels[p.pk].items())[-rounds:]]
            for p in plans}


def rag_rounds(days: dict[int, list[tuple[date, str]]]) -> dict[int, list[RagRound]]:
    """Counts (RAG, completed, overdue …) of each plan's actions on each of its days, in one query.
    Each day reads the actions as they stood at its end by index seeks (`Moment.versions_of`): a
    whole installation on several days would otherwise rank every history row once a day."""
    by_day: dict[date, list[int]] = defaultdict(list)
    for plan_id, plan_days in days.items():
        for day, _label in plan_days:
            by_day[day].append(plan_id)
    parts = []
    for day, plan_ids in sorted(by_day.items()):
        moment = Moment.for_date(day)
        parts.append(
            moment.versions_of(Action.objects.filter(recommendation__plan_id__in=plan_ids))
            .values(plan=F("recommendation__plan_id"))
            .annotate(day=Value(day, output_field=DateField()), **count_aggregates(moment.on))
            .order_by()
        )
    counted: dict[tuple[int, date], dict] = {}
    if parts:
        for row in parts[0].union(*parts[1:], all=True):
            counted[(row["plan"], _as_date(row["day"]))] = row
    return {
        plan_id: [RagRound(day, label, Counts.from_row(counted.get((plan_id, day)))) for day, label in plan_days]
        for plan_id, plan_days in days.items()
    }


def _as_date(value) -> date:
    """SQLite hands a date literal back as text; PostgreSQL as a date."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def plans_rag_rounds(plans, until: date, specs: dict[int, CalendarSpec] | None = None) -> dict[int, list[RagRound]]:
    """Each plan on its own last reporting days and on `until` (two queries for any number of plans)."""
    return rag_rounds(reporting_days(plans, until, specs=specs))


def portfolio_rag_rounds(plans, until: date) -> list[RagRound]:
    """The portfolio on the last reporting days of any of its plans and on `until`: every plan
    counted on each of those days, added up (two queries)."""
    per_plan = reporting_days(plans, until)
    labels: dict[date, list[str]] = defaultdict(list)
    for plan_days in per_plan.values():
        for day, label in plan_days:
            if day < until and label not in labels[day]:
                labels[day].append(label)
    common = [(day, "; ".join(labels[day])) for day in sorted(labels)[-ROUNDS:]] + [(until, "As at")]
    counted = rag_rounds({p.pk: [(d, lbl) for d, lbl in common if d >= p.started_on] for p in plans})
    totals = []
    for day, label in common:
        present = [r.counts for rounds in counted.values() for r in rounds if r.day == day]
        totals.append(RagRound(day, label, Counts.total(present)))
    return totals


def counts_at(plans, moment: Moment) -> dict[int, Counts]:
    """Each plan's figures as they stood at `moment` (one query for any number of plans)."""
    rows = (
        moment.rows(Action, recommendation__plan__in=plans)
        .values(plan=F("recommendation__plan_id"))
        .annotate(**count_aggregates(moment.on))
        .order_by()
    )
    return {row["plan"]: Counts.from_row(row) for row in rows}


def rounds_chart(rounds: list[RagRound], *, chart_id: str, title: str) -> str:
    """The stacked-bar SVG of these rounds (the page prints the same counts in a table)."""
    words = dict(scheme_choices())
    bars = [Bar(f"{r.day:%-d %b %y}", [(v, words.get(v, v), n) for v, n in r.counts.rags]) for r in rounds]
    return rag_rounds_svg(chart_id=chart_id, title=title, bars=bars)
