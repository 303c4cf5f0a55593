"""Reporting days and the RAG counts on each, as recorded at the end of each day."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from actionplan.selectors.rag_rounds import ROUNDS, plans_rag_rounds, portfolio_rag_rounds, reporting_days
from tests.factories import PaperFactory, PlanFactory, SummaryFactory

pytestmark = pytest.mark.django_db


def test_reporting_days_are_the_last_papers_meetings_and_summary_reports_up_to_the_day_then_the_day(world):
    PaperFactory(plan=world.plan, as_at=date(2006, 5, 19), meeting_date=date(2006, 5, 31), meeting_body="Scrutiny",
                 title="Summary note")
    PaperFactory(plan=world.plan, as_at=date(2006, 9, 1), meeting_date=date(2006, 9, 8), meeting_body="Cabinet")
    SummaryFactory(recommendation=world.rec, date=date(2006, 5, 19))
    days = reporting_days([world.plan], date(2006, 7, 1))[world.plan.pk]
    assert days == [(date(2006, 5, 19), "Summary note; Summary progress report"),
                    (date(2006, 5, 31), "Scrutiny meeting"), (date(2006, 7, 1), "As at")]


def test_only_the_last_rounds_are_kept(world):
    for month in range(1, 12):
        PaperFactory(plan=world.plan, as_at=date(2006, month, 10), meeting_date=date(2006, month, 10))
    days = reporting_days([world.plan], date(2006, 12, 31))[world.plan.pk]
    assert len(days) == ROUNDS + 1
    assert days[0][0] == date(2006, 12 - ROUNDS, 10)


def test_a_plan_not_begun_has_no_days_and_the_portfolio_counts_it_from_when_it_began(world):
    today = timezone.localdate()
    later = PlanFactory(started_on=today + timedelta(days=1))
    rounds = plans_rag_rounds([world.plan, later], today)
    assert rounds[later.pk] == []
    assert [r.counts.live for r in rounds[world.plan.pk]] == [2]
    assert [r.counts.live for r in portfolio_rag_rounds([world.plan, later], today)] == [2]
