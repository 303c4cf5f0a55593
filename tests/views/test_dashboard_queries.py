"""Query budget: each directors' page runs at most 15 queries, and the same number for a
plan ten times the size (data built in bulk, with history, by the benchmark builder)."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tools.benchmark.build import Scale, build_installation

MAX_QUERIES = 15
SMALL = Scale(plans=1, recs=2, actions=2, notes=2, seed=1)  # 4 actions, 16 notes
LARGE = Scale(plans=1, recs=5, actions=8, notes=4, seed=2)  # 40 actions, 176 notes


def _pages(plan) -> dict[str, str]:
    slug, indicator_id, lead_id = plan.slug, plan.indicators.first().pk, plan.people.first().pk
    return {
        "dashboard today": reverse("dashboard", args=[slug]),
        "dashboard as at": reverse("dashboard", args=[slug]) + "?as_at=2006-06-30",
        "dashboard as at, due by": reverse("dashboard", args=[slug]) + "?as_at=2006-03-01&due_by=2006-09-30",
        "actions behind a figure": reverse("dashboard_actions", args=[slug]) + "?as_at=2006-06-30&rag=red&rec=1",
        "actions behind a lead": reverse("dashboard_actions", args=[slug])
        + f"?as_at=2006-06-30&list=stale&lead={lead_id}",
        "changes": reverse("changes", args=[slug]) + "?from=2006-03-01&to=2006-07-13",
        "changes default": reverse("changes", args=[slug]),
        "portfolio": reverse("portfolio"),
        "indicators": reverse("indicator_list", args=[slug]),
        "indicator": reverse("indicator_detail", args=[slug, indicator_id]),
    }


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_query_counts_stay_within_budget_and_do_not_grow_with_the_data():
    small = build_installation(SMALL, prefix="small")
    client = Client()
    client.force_login(small.director)
    plan = small.plans[0]
    small_counts = {name: _count(client, url) for name, url in _pages(plan).items()}

    large = build_installation(LARGE, prefix="large")
    assert large.rows["actions"] == 10 * small.rows["actions"]
    assert large.rows["notes"] >= 10 * small.rows["notes"]
    plan = large.plans[0]
    large_counts = {name: _count(client, url) for name, url in _pages(plan).items()}

    assert large_counts == small_counts
    assert max(large_counts.values()) <= MAX_QUERIES, large_counts


@pytest.mark.django_db
def test_the_as_at_dashboard_reads_history_for_the_large_plan_too():
    from actionplan.selectors.dashboard import plan_dashboard

    inst = build_installation(LARGE, prefix="tt")
    early, late = plan_dashboard(inst.plans[0], date(2006, 2, 1)), plan_dashboard(inst.plans[0], date(2006, 11, 30))
    assert early.totals.completed < late.totals.completed
