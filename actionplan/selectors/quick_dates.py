"""Quick as-at choices: the dates committees saw the plan (papers, meetings, summary reports)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone

from actionplan.models import Paper, Plan, RecommendationSummary


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
