"""No page issues more queries as the plan grows: a Herefordshire-sized plan against one ten times bigger."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplan.models import Action, ActionLead, ProgressNote, Recommendation, ReportingDate
from tests.factories import GroupFactory, PlanFactory

MAX_QUERIES = 15


def build_plan(slug, *, recs, actions_per_rec, lead):
    plan = PlanFactory(slug=slug)
    group = GroupFactory(plan=plan, name="All")
    lead = type(lead).objects.create(plan=plan, initials="HL", name="Henry Lewis", user=lead.user)
    recommendations = Recommendation.objects.bulk_create(
        [Recommendation(plan=plan, group=group, number=n, text=f"Recommendation {n}") for n in range(1, recs + 1)]
    )
    actions = Action.objects.bulk_create(
        [
            Action(recommendation=r, position=i, description=f"Action {r.number}.{i}",
                   due_date=date(2006, 1, 1) + timedelta(days=i * 20), status="in_progress" if i % 2 else "not_started")
            for r in recommendations for i in range(1, actions_per_rec + 1)
        ]
    )
    ActionLead.objects.bulk_create([ActionLead(action=a, person=lead) for a in actions])
    now = timezone.now()
    ProgressNote.objects.bulk_create(
        [
            ProgressNote(action=a, note_date=date(2006, 2, 1), text="Note", recorded_at=now)
            for a in actions
            for _ in range(2)
        ]
    )
    # A reporting calendar: the dashboard's returns line and the returns page count the round in focus.
    ReportingDate.objects.create(plan=plan, name="Cabinet", meets_on=timezone.localdate() + timedelta(days=10))
    return plan, actions[0]


def pages(plan, action):
    return {
        "home": reverse("home"),
        "plan": reverse("plan_detail", args=[plan.slug]),
        "recommendation": reverse("recommendation_detail", args=[plan.slug, 1]),
        "action": reverse("action_detail", args=[action.pk]),
        "update form": reverse("action_update", args=[action.pk]),
        "action list": reverse("action_list") + f"?plan={plan.slug}&status=in_progress",
        "action list search": reverse("action_list") + "?q=Action&overdue=on",
        "action list search by lead and recommendation": reverse("action_list") + "?q=rec+1+hl+action&list=1",
        "action list search for a missing action": reverse("action_list") + "?q=1.42",
        "dashboard": reverse("dashboard", args=[plan.slug]),
        "returns": reverse("plan_returns", args=[plan.slug]),
    }


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_query_count_is_fixed_as_the_plan_grows_tenfold(client, world):
    officer = world.users["officer"]  # leads every action built here, so "home" lists them all
    small_plan, small_action = build_plan("small", recs=17, actions_per_rec=10, lead=world.hl)
    client.force_login(officer)
    small = {name: count_queries(client, url) for name, url in pages(small_plan, small_action).items()}
    big_plan, big_action = build_plan("big", recs=170, actions_per_rec=10, lead=world.hl)
    big = {name: count_queries(client, url) for name, url in pages(big_plan, big_action).items()}
    assert big == small
    assert max(big.values()) <= MAX_QUERIES, big
