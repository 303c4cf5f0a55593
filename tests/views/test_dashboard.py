"""The dashboard pages: moving the as-at date, the drill-down, bad dates and an empty plan."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from actionplan.asat import AsAtError, check_as_at
from actionplan.selectors.dashboard import plan_dashboard
from tests.views.test_due_by_page import sentence_on_page


def test_director_moves_the_as_at_date_and_sees_the_state_change(client, hereford, django_user_model):
    from django.contrib.auth.models import Group

    director = django_user_model.objects.create_user("sf")
    director.groups.add(Group.objects.get(name="Director"))
    client.force_login(director)
    url = reverse("dashboard", args=[hereford.slug])
    may = client.get(url, {"as_at": "2006-05-19"}).content.decode()
    march = client.get(url, {"as_at": "2006-03-01"}).content.decode()
    assert "Dashboard as at 19 May 2006" in may
    assert "Dashboard as at 1 March 2006" in march
    assert may != march
    sentence = plan_dashboard(hereford, date(2006, 5, 19)).due_by.sentence
    assert sentence_on_page(may) == sentence
    assert f"{reverse('dashboard_actions', args=[hereford.slug])}?as_at=2006-05-19&amp;rag=red" in may
    assert "?as_at=2006-05-19" in may  # quick choice for the summary report


@pytest.mark.parametrize(
    ("as_at", "message"),
    [
        ("2006-13-45", "The as-at date must be a real date"),
        ("yesterday", "The as-at date must be a real date"),
        ("2999-01-01", None),  # None: the as-at check's own words, as on every as-at form
        ("2001-01-01", None),
    ],
)
def test_a_bad_as_at_date_is_an_error_summary_not_a_crash(client, world, as_at, message):
    if message is None:
        with pytest.raises(AsAtError) as refused:
            check_as_at(world.plan, date.fromisoformat(as_at))
        message = escape(str(refused.value))
    client.force_login(world.users["viewer"])
    response = client.get(reverse("dashboard", args=[world.plan.slug]), {"as_at": as_at})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert message in body
    assert "<title>Error:" in body


def test_the_drill_down_lists_the_actions_as_they_stood(client, hereford, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("v")
    user.groups.add(Group.objects.get(name="Viewer"))
    client.force_login(user)
    url = reverse("dashboard_actions", args=[hereford.slug])
    response = client.get(url, {"as_at": "2006-03-01", "completed": "on", "rec": 1})
    march_completed = plan_dashboard(hereford, date(2006, 3, 1)).recommendations[0].counts.completed
    assert f"recommendation 1: {march_completed} actions" in response.content.decode()
    assert client.get(url, {"rag": "purple"}).status_code == 200  # an error summary, not a crash
    assert client.get(url, {"lead": 999999}).status_code == 404


def test_a_plan_with_nothing_in_it_yet_shows_empty_pages(client, world):
    from tests.factories import PlanFactory

    PlanFactory(slug="empty", title="Empty plan")
    client.force_login(world.users["viewer"])
    for name in ("dashboard", "changes", "indicator_list"):
        assert client.get(reverse(name, args=["empty"])).status_code == 200, name
    body = client.get(reverse("dashboard", args=["empty"])).content.decode()
    assert "There are no areas of activity due" in body
    assert client.get(reverse("dashboard_actions", args=["empty"]), {"list": "stale"}).status_code == 200
