from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from actionplan.history import save_recorded, versions_as_at
from actionplan.models import Action, Status
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_every_change_records_who_when_and_why():
    user = get_user_model().objects.create_user("hl")
    action = ActionFactory()
    action.status = Status.COMPLETED
    save_recorded(
        action, reason="Paper agreed by LSCB", user=user, when=datetime(2006, 2, 27, 15, tzinfo=LONDON)
    )
    latest = action.history.order_by("-history_id").first()
    assert latest.history_user == user
    assert latest.history_change_reason == "Paper agreed by LSCB"
    assert latest.history_date == datetime(2006, 2, 27, 15, tzinfo=LONDON)
    assert latest.status == Status.COMPLETED


def test_back_dating_applies_to_one_save_only():
    action = ActionFactory()
    save_recorded(action, reason="old", when=datetime(2006, 1, 1, tzinfo=LONDON))
    action.description = "Changed"
    save_recorded(action, reason="new")
    newest = action.history.first()
    assert newest.history_change_reason == "new"
    assert newest.history_date.date() > date(2020, 1, 1)


def test_versions_as_at_reads_each_object_as_it_stood():
    t0 = datetime(2006, 1, 10, 12, tzinfo=LONDON)
    action = ActionFactory.build()
    action.recommendation.plan.save()
    action.recommendation.group.save()
    action.recommendation.save()
    save_recorded(action, reason="created", when=t0)
    action.status = Status.IN_PROGRESS
    save_recorded(action, reason="started", when=t0 + timedelta(days=10))
    action.status = Status.COMPLETED
    save_recorded(action, reason="done", when=t0 + timedelta(days=20))

    def status_at(moment):
        return [v.status for v in versions_as_at(Action, moment)]

    assert status_at(t0 - timedelta(days=1)) == []
    assert status_at(t0 + timedelta(days=5)) == [Status.NOT_STARTED]
    assert status_at(t0 + timedelta(days=15)) == [Status.IN_PROGRESS]
    assert status_at(t0 + timedelta(days=25)) == [Status.COMPLETED]
