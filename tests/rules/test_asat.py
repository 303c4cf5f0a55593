""""As at" in one place: which days a plan can be shown at, in one wording, in the local time zone."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from actionplan.asat import AsAtError, Moment, check_as_at, end_of_day, local_time
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

FUTURE = "The as-at date must be today or in the past"
BEFORE = "The as-at date must be on or after 1 December 2005, when the plan began"


@pytest.fixture
def plan():
    return PlanFactory(slug="jar", started_on=date(2005, 12, 1))


def test_as_at_check_accepts_the_day_the_plan_began_and_today(plan):
    check_as_at(plan, date(2005, 12, 1))
    check_as_at(plan, timezone.localdate())


@pytest.mark.parametrize(
    ("day", "message"),
    [(lambda: timezone.localdate() + timedelta(days=1), FUTURE), (lambda: date(2005, 11, 30), BEFORE)],
)
def test_as_at_check_refuses_the_future_and_before_the_plan_in_one_wording(plan, day, message):
    with pytest.raises(AsAtError) as caught:
        check_as_at(plan, day())
    assert str(caught.value) == message


def test_as_at_check_wording_is_the_same_on_every_page_and_command(client, django_user_model, plan):
    """Dashboard, workbook export and the export command all say it the same way."""
    from django.contrib.auth.models import Group

    from actionplan import roles

    user = django_user_model.objects.create_user("clerk")
    user.groups.add(Group.objects.get(name=roles.PLAN_MANAGER))
    client.force_login(user)
    dashboard = client.get(reverse("dashboard", args=[plan.slug]), {"as_at": "2001-01-01"}).content.decode()
    assert BEFORE in dashboard
    export = client.get(reverse("plan_export_xlsx", args=[plan.slug]), {"as_at": "2999-01-01"}, follow=True)
    assert FUTURE in export.content.decode()
    with pytest.raises(CommandError, match=f"^--as-at: {BEFORE}$"):
        call_command("export_plan", plan.slug, "--as-at", "2001-01-01")


def test_as_at_time_zone_comes_from_settings(settings):
    settings.TIME_ZONE = "Europe/London"
    assert end_of_day(date(2006, 7, 1)) == datetime(2006, 7, 1, 23, 59, 59, 999999, tzinfo=ZoneInfo("Europe/London"))
    settings.TIME_ZONE = "Pacific/Auckland"
    assert local_time(date(2006, 7, 1), time(9)).tzinfo == ZoneInfo("Pacific/Auckland")


def test_as_at_moment_reads_today_live_and_a_past_day_at_its_end():
    today = timezone.localdate()
    assert Moment.for_date(None).is_today
    assert Moment.for_date(today + timedelta(days=3)).on == today
    past = Moment.for_date(date(2006, 3, 1))
    assert not past.is_today
    assert past.at == end_of_day(date(2006, 3, 1))


@pytest.mark.parametrize("day", [date(2006, 1, 31), date(2006, 3, 1), date(2006, 5, 19), date(2006, 12, 21)])
def test_versions_by_index_seek_are_the_versions_the_ranking_reads(hereford, day):
    """`Moment.versions_of` (one seek per action) and `Moment.rows` (ranking history) agree on
    every action's version as at a day, including actions not yet created then."""
    from actionplan.models import Action
    from tests.factories import ActionFactory

    ActionFactory(recommendation=hereford.recommendations.get(number=1), position=99)  # added today
    moment = Moment.for_date(day)
    fields = ("id", "status", "due_date", "rag_override", "description")
    ranked = sorted(moment.rows(Action, recommendation__plan=hereford).values_list(*fields))
    sought = sorted(moment.versions_of(Action.objects.filter(recommendation__plan=hereford)).values_list(*fields))
    assert sought == ranked
    assert len(ranked) == Action.objects.count() - 1  # every action but today's
