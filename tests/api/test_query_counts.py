"""No API list issues more queries as the plans grow (≤ 15, the pages' budget), today and as at a day."""

import json

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actionplan import roles
from actionplan.models import ActionLead
from actionplan.services.loading import plan_load_fixture
from tests.conftest import HEREFORDSHIRE, make_user
from tests.factories import (
    ActionFactory,
    EvidenceFactory,
    GlossaryTermFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    NoteFactory,
    PaperFactory,
    PersonFactory,
    PlanFactory,
    RecommendationFactory,
    SummaryFactory,
)

MAX_QUERIES = 15
# Not queries for the answer: the transactions' own statements, and the shared per-token call count
# (settings.CACHES["throttle"]: read it, check the table's size, read the row's key, write it back).
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT")
CALL_COUNTS = django_settings.CACHES["throttle"]["LOCATION"]
CALL_COUNTING = 4


def lists(w) -> list[str]:
    slug = w.plan.slug
    return [
        "/api/v1/plans/", f"/api/v1/plans/{slug}/recommendations/", f"/api/v1/plans/{slug}/people/",
        f"/api/v1/plans/{slug}/glossary/", f"/api/v1/plans/{slug}/indicators/", f"/api/v1/plans/{slug}/papers/",
        "/api/v1/actions/", f"/api/v1/actions/?plan={slug}&overdue=true&q=paper", f"/api/v1/actions/{w.mine.pk}/notes/",
        f"/api/v1/actions/{w.mine.pk}/evidence/", f"/api/v1/plans/{slug}/", f"/api/v1/actions/{w.mine.pk}/",
    ]


def grow(w, plan, *, recs: int, actions: int) -> None:
    """More recommendations and actions, saved one by one so that each has its history."""
    lead = w.hl if plan == w.plan else PersonFactory(plan=plan, initials="ZZ")
    for n in range(2, recs + 2):
        rec = RecommendationFactory(plan=plan, number=n)
        SummaryFactory(recommendation=rec)
        for i in range(1, actions + 1):
            action = ActionFactory(recommendation=rec, position=i, description=f"Action {n}.{i} paper")
            ActionLead.objects.create(action=action, person=lead)
            NoteFactory(action=action)


def grow_the_rest(w) -> None:
    """More of each other thing a list shows."""
    for i in range(5):
        PersonFactory(plan=w.plan, initials=f"P{i}")
        GlossaryTermFactory(plan=w.plan, abbreviation=f"T{i}")
        IndicatorValueFactory(indicator=IndicatorFactory(plan=w.plan, code=f"CH {i}"))
        PaperFactory(plan=w.plan, title=f"Paper {i}", issued_at=timezone.now())
        NoteFactory(action=w.mine)
        EvidenceFactory(action=w.mine)


def counts(client, headers, urls, as_at=None) -> dict[str, int]:
    found = {}
    for url in urls:
        if as_at:
            url += ("&" if "?" in url else "?") + f"as_at={as_at}"
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **headers)
        assert response.status_code == 200, url
        statements = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(TRANSACTION_CONTROL)]
        counting = [sql for sql in statements if CALL_COUNTS in sql]
        # Counting the call against the token (api/auth.py) costs the same few statements on every call.
        assert len(counting) <= CALL_COUNTING, (url, counting)
        found[url] = len(statements) - len(counting)
    return found


@pytest.mark.parametrize("as_at", [False, True])
def test_api_lists_stay_within_the_budget_whatever_the_size(client, world, token_of, as_at):
    _, headers = token_of(world.users["viewer"])
    day = timezone.localdate().isoformat() if as_at else None
    client.get("/api/v1/plans/", **headers)  # a first call: nothing a list pays for alone
    small = counts(client, headers, lists(world), day)
    grow(world, world.plan, recs=4, actions=8)
    grow(world, PlanFactory(slug="other"), recs=3, actions=5)
    grow_the_rest(world)
    large = counts(client, headers, lists(world), day)
    assert large == small
    assert max(large.values()) <= MAX_QUERIES, large


def load_copy(slug: str) -> None:
    """Another installation's plan: the Herefordshire plan with its dated history, under another slug."""
    data = json.loads(HEREFORDSHIRE.read_text(encoding="utf-8"))
    data["plan"]["slug"] = slug
    plan_load_fixture(data=data, reason="test")


ALL_PLANS = [
    "/api/v1/actions/", "/api/v1/actions/?as_at=2006-05-19", "/api/v1/actions/?as_at=2006-03-01&overdue=true",
    "/api/v1/actions/?as_at=2006-05-19&status=in_progress&page=2", "/api/v1/actions/?update=no_update&q=training",
    "/api/v1/actions/?plan=copy-1&as_at=2006-05-19&status=in_progress",
]


def test_the_list_across_plans_stays_within_the_budget_with_three_times_the_plans(client, db, token_of):
    """Every plan's actions, today and as at a past day (their history back-dated as loaded): the same
    queries for one plan's worth of actions as for three times as many."""
    _, headers = token_of(make_user("reader", roles.VIEWER))
    load_copy("copy-1")
    client.get("/api/v1/plans/", **headers)
    small = counts(client, headers, ALL_PLANS)
    load_copy("copy-2")
    load_copy("copy-3")
    large = counts(client, headers, ALL_PLANS)
    assert client.get(ALL_PLANS[1], **headers).json()["count"] > 3 * 25  # several pages: the data did grow
    assert large == small
    assert max(large.values()) <= MAX_QUERIES, large
