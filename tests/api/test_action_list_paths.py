"""The API's action list filters, orders and pages in the database, then reads only the page's actions as a
snapshot reads them. Whatever the filters and the day, its rows are the ones every plan's snapshot gives,
filtered action by action with the same rules in Python (`Chosen.keeps`): the SQL and Python rules agree."""

import json

import pytest
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone

from actionplan import roles
from actionplan.api.actions import action_row
from actionplan.api.filters import chosen_filters
from actionplan.models import Action, Plan
from actionplan.selectors.snapshot import plan_snapshots
from actionplan.services.loading import plan_load_fixture
from tests.conftest import HEREFORDSHIRE, make_user

SLUG = "herefordshire-jar-2006"
DAYS = ["2006-03-01", "2006-05-19", "today"]
FILTERS = [
    "",
    "status=in_progress,delayed",
    "rag=red",
    "rag=green&rag=amber",
    "overdue=true",
    "update=no_update",
    "update=current",
    "lead=HL",
    "recommendation=10",
    "due_after=2006-04-01&due_before=2006-09-30",
    "q=training",
    "overdue=true&lead=sf&status=in_progress",
]


@pytest.fixture
def two_plans(db):
    """The Herefordshire plan and a second copy of it under a slug that sorts first: the list across plans
    must keep plan order, then recommendation, then action."""
    data = json.loads(HEREFORDSHIRE.read_text(encoding="utf-8"))
    plan_load_fixture(data=data, reason="test")
    data["plan"]["slug"] = "a-copy"
    plan_load_fixture(data=data, reason="test")
    return Plan.objects.order_by("slug")


def by_snapshots(query: str, day: str | None) -> list[dict]:
    """The list as every plan's snapshot gives it, filtered in Python: the reference."""
    chosen = chosen_filters(QueryDict(query), Action.objects.all())
    as_at = None if day is None else timezone.datetime.fromisoformat(day).date()
    plans = [chosen.plan] if chosen.plan else list(Plan.objects.filter(
        **({"started_on__lte": as_at} if as_at else {})).order_by("slug"))
    request = RequestFactory().get("/")
    return [
        action_row(request, snap.plan.slug, r.number, a)
        for snap in plan_snapshots(plans, as_at)
        for r in snap.recommendations
        for a in r.actions
        if chosen.keeps(a, snap.as_at)
    ]


def by_api(client, headers, query: str, day: str | None) -> list[dict]:
    url = "/api/v1/actions/?" + "&".join(p for p in (query, f"as_at={day}" if day else "") if p)
    rows = []
    while url:
        answer = client.get(url, **headers)
        assert answer.status_code == 200, answer.content
        rows += answer.json()["results"]
        url = answer.json()["next"]
    return [{k: v for k, v in row.items() if k not in ("url", "page")} for row in rows]


def _without_links(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if k not in ("url", "page")} for row in rows]


@pytest.mark.parametrize("day", DAYS)
def test_the_list_across_plans_is_every_snapshot_filtered(client, two_plans, token_of, day):
    day = timezone.localdate().isoformat() if day == "today" else day
    _, headers = token_of(make_user("reader", roles.VIEWER))
    for query in FILTERS:  # one plan load for all the filters: each comparison names its filter when it fails
        assert by_api(client, headers, query, day) == _without_links(by_snapshots(query, day)), query


@pytest.mark.parametrize("query", ["", "overdue=true", "rag=red&lead=HL"])
def test_without_a_date_the_list_is_todays_snapshot(client, two_plans, token_of, query):
    _, headers = token_of(make_user("reader", roles.VIEWER))
    assert by_api(client, headers, query, None) == _without_links(by_snapshots(query, None))


@pytest.mark.parametrize("day", DAYS)
def test_one_plans_list_is_its_export_action_by_action(client, two_plans, token_of, day):
    """Filtered to one plan and to overdue actions, each row is the export's action (export_plan)."""
    from tests.api.test_export_parity import exported

    day = timezone.localdate().isoformat() if day == "today" else day
    _, headers = token_of(make_user("reader", roles.VIEWER))
    export = exported(day)
    overdue_refs = {r["reference"] for r in by_snapshots(f"plan={SLUG}&overdue=true", day)}
    expected = [a for r in export["recommendations"] for a in r["actions"] if a["reference"] in overdue_refs]
    rows = by_api(client, headers, f"plan={SLUG}&overdue=true", day)
    assert [{k: row[k] for k in expected[0]} for row in rows] == expected if expected else rows == []


def test_the_filters_and_days_chosen_tell_lists_apart(two_plans):
    """The comparisons above can fail: each filter keeps some actions and drops others, and the days differ."""
    for day in ("2006-03-01", "2006-05-19"):
        everything = [(r["plan"], r["reference"]) for r in by_snapshots("", day)]
        assert everything[0][0] == "a-copy"
        assert everything[-1][0] == SLUG
        for query in FILTERS[1:]:
            kept = [(r["plan"], r["reference"]) for r in by_snapshots(query, day)]
            assert 0 < len(kept) < len(everything), (query, day)
    assert by_snapshots("", "2006-03-01") != by_snapshots("", "2006-05-19")
