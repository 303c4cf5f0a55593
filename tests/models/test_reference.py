"""The action reference ("10.5") comes from Action.reference only, wherever an action is listed."""

from datetime import date

import pytest

from actionplan.asat import Moment
from actionplan.models import Action
from actionplan.selectors.attention import attention_lists
from actionplan.selectors.drilldown import Cell, actions_behind
from actionplan.selectors.plan_export import snapshot_as_json
from actionplan.selectors.snapshot import plan_snapshot
from tests.factories import ActionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def action_10_5():
    rec = RecommendationFactory(number=10)
    return ActionFactory(recommendation=rec, position=5, due_date=date(2006, 3, 31))


def test_reference_is_recommendation_number_dot_position(action_10_5):
    assert action_10_5.reference == "10.5" == Action.reference_of(10, 5)
    assert str(action_10_5).startswith("10.5 ")


def test_reference_is_the_same_in_the_dashboard_lists_snapshot_and_export(action_10_5):
    plan = action_10_5.recommendation.plan
    moment = Moment.for_date(None)
    assert [r["reference"] for r in actions_behind(moment, plan, Cell())] == ["10.5"]
    overdue = next(found for found in attention_lists(moment, plan) if found.name == "overdue")
    assert [r["reference"] for r in overdue.rows] == ["10.5"]
    snapshot = plan_snapshot(plan)
    assert snapshot.recommendations[0].actions[0].reference == "10.5"
    assert snapshot_as_json(snapshot)["recommendations"][0]["actions"][0]["reference"] == "10.5"
