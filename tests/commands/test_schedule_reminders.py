"""manage.py schedule_reminders: the daily clock that queues send_reminders for the worker."""

from datetime import date, datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from actionplan.management.commands.schedule_reminders import due_to_queue, parse_at
from actionplan.models import ReportingDate, SentNotice


def test_the_day_is_queued_once_from_the_set_time_on():
    at = (7, 0)
    morning = datetime(2006, 5, 10, 6, 59)
    assert not due_to_queue(morning, at, None)
    assert due_to_queue(morning.replace(hour=7, minute=0), at, None)
    assert due_to_queue(morning.replace(hour=15), at, None)  # started late: queued at once
    assert not due_to_queue(morning.replace(hour=15), at, date(2006, 5, 10))  # already queued today
    assert due_to_queue(datetime(2006, 5, 11, 7, 0), at, date(2006, 5, 10))


def test_a_bad_time_is_explained():
    with pytest.raises(CommandError) as error:
        parse_at("7am")
    assert str(error.value) == "--at '7am' is not a time; use HH:MM on the 24-hour clock, e.g. 07:00"
    assert parse_at("19:30") == (19, 30)


def test_once_queues_todays_reminders_and_the_worker_sends_them(world, settings):
    """The test settings run tasks at once (immediate backend), as db_worker would pick it up."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    today = timezone.localdate()
    ReportingDate.objects.create(plan=world.plan, name="Action Plan Group", meets_on=today + timezone.timedelta(days=7))
    world.users["officer"].email = "henry.lewis@council.example"
    world.users["officer"].save()
    out = StringIO()
    call_command("schedule_reminders", "--once", stdout=out)
    assert out.getvalue().startswith(f"Queued the reminders for {today.isoformat()}")
    if today.weekday() < 5:
        assert [m.to for m in mail.outbox] == [["henry.lewis@council.example"]]
        assert SentNotice.objects.get().state == "sent"
    else:
        assert mail.outbox == []
