"""The plan page counts its actions' RAG in Python (`rag.rag_counts`, by `action_rag`); the dashboard
and figures count in the database (`rag.rag_count_aggregates`). Both must give the same numbers."""

from datetime import date
from itertools import product

import pytest
from django.db.models import Count

from actionplan.models import Action, Rag, Recommendation, Status
from actionplan.rag import rag_count_aggregates, rag_counts
from actionplan.selectors.today import plan_progress, plan_rag_totals, recommendations_with_progress
from tests.factories import ActionFactory, RecommendationFactory

ON = date(2006, 5, 19)
DUE = [None, date(2006, 3, 31), ON, date(2006, 9, 30)]  # none, past, the day itself, to come
FLAGS = ["", "no_deadline", "unread"]


@pytest.fixture
def plan(db):
    """Every status, due date, date flag and RAG set by hand, spread over three recommendations
    (the third with no actions at all)."""
    first = RecommendationFactory()
    second = RecommendationFactory(plan=first.plan, group=first.group)
    RecommendationFactory(plan=first.plan, group=first.group)
    cases = product(Status.values, DUE, FLAGS, ["", Rag.RED, Rag.GREEN, Rag.GREY])
    for n, (status, due, flag, override) in enumerate(cases):
        ActionFactory(
            recommendation=second if n % 3 else first,
            status=status,
            due_date=due,
            date_flag=flag,
            rag_override=override,
        )
    return first.plan


@pytest.mark.parametrize("scheme", ["rag", "bgrag"])
def test_counted_in_python_as_in_the_database(plan, settings, scheme):
    settings.RAG_SCHEME = scheme
    in_db = Action.objects.filter(recommendation__plan=plan).aggregate(**rag_count_aggregates(ON))
    assert plan_rag_totals(plan, ON) == in_db
    assert rag_counts(Action.objects.filter(recommendation__plan=plan), ON) == in_db
    recs, totals = plan_progress(plan, ON)
    assert totals == in_db
    by_rec = {
        r.pk: r for r in Recommendation.objects.filter(plan=plan).annotate(**rag_count_aggregates(ON, "actions__"))
    }
    assert len(recs) == 3
    for rec in recs:
        assert {name: getattr(rec, name) for name in in_db} == {name: getattr(by_rec[rec.pk], name) for name in in_db}
    [only] = recommendations_with_progress(plan, ON, only=recs[0])
    assert (only.pk, only.live, only.rag_of_actions) == (recs[0].pk, recs[0].live, recs[0].rag_of_actions)


def test_a_recommendation_without_actions_has_no_rag(plan):
    empty = Recommendation.objects.filter(plan=plan).annotate(n=Count("actions")).get(n=0)
    [rec] = recommendations_with_progress(plan, ON, only=empty)
    assert (rec.live, rec.completed, rec.rag_of_actions, rec.rag_now) == (0, 0, None, None)
