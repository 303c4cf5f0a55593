"""Sending exactly once: claim, send, mark (actionplan/services/notices.py), with Django's locmem backend."""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.utils import timezone

from actionplan import roles
from actionplan.models import ReportingDate, SentNotice
from actionplan.services.notices import claim, day_notices, render_notice, send_notices


@pytest.fixture
def cycle(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.COUNCIL_NAME = "Example Borough Council"
    day = timezone.localdate()
    while day.weekday() >= 5:  # forward, not back: the plan made just now is not in the history of a past day
        day += timedelta(days=1)
    ReportingDate.objects.create(plan=world.plan, name="Action Plan Group", meets_on=day + timedelta(days=7))
    world.users["officer"].email = "henry.lewis@council.example"
    world.users["officer"].save()
    # The factories' 2006 due dates would make both actions long overdue today.
    type(world.mine).objects.filter(recommendation__plan=world.plan).update(due_date=None)
    world.mine.refresh_from_db()
    world.day = day
    return world


def test_each_email_is_sent_once_however_often_the_run_is_repeated(cycle):
    first = send_notices(cycle.day, day_notices(cycle.day))
    assert [n.recipient.email for n in first.sent] == ["henry.lewis@council.example"]
    assert len(mail.outbox) == 1
    second = send_notices(cycle.day, day_notices(cycle.day))
    assert second.sent == []
    assert [n.recipient.email for n in second.already] == ["henry.lewis@council.example"]
    assert len(mail.outbox) == 1
    row = SentNotice.objects.get()
    assert (row.state, row.attempts, row.recipient) == ("sent", 1, cycle.users["officer"])


def test_a_failed_send_is_never_recorded_as_sent_and_is_retried_on_the_next_run(cycle, monkeypatch):
    real_send = EmailMultiAlternatives.send

    def refused(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refused)
    report = send_notices(cycle.day, day_notices(cycle.day))
    assert [error for _, error in report.failed] == ["ConnectionRefusedError: mail server down"]
    row = SentNotice.objects.get()
    assert (row.state, row.sent_at) == ("failed", None)
    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    report = send_notices(cycle.day, day_notices(cycle.day))
    assert len(report.sent) == 1
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts, row.error) == ("sent", 2, "")


def test_a_claim_held_by_another_run_is_not_taken(cycle):
    (notice,) = [n for n in day_notices(cycle.day) if n.recipient.reachable]
    assert claim(notice) is not None
    assert claim(notice) is None  # claimed (or sent) elsewhere: skipped, not sent twice
    SentNotice.objects.update(state="failed")
    assert claim(notice) is not None  # a failed one is taken over by exactly one run
    assert claim(notice) is None


@pytest.fixture
def race_db(transactional_db):
    """Committed data two connections can see; the role groups again (a flushed database has none)."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("SQLite's in-memory test database is one connection's; the race runs on PostgreSQL in CI")
    for name in roles.ALL:
        Group.objects.get_or_create(name=name)


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_once_send_one_email(race_db, world, settings):
    """Two threads, each its own database connection, race for the same notice."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    day = timezone.localdate()
    while day.weekday() >= 5:  # forward, not back: the plan made just now is not in the history of a past day
        day += timedelta(days=1)
    ReportingDate.objects.create(plan=world.plan, name="Action Plan Group", meets_on=day + timedelta(days=7))
    world.users["officer"].email = "henry.lewis@council.example"
    world.users["officer"].save()
    (notice,) = [n for n in day_notices(day) if n.recipient.reachable]
    barrier, won = threading.Barrier(2), []

    def race():
        barrier.wait()
        try:
            won.append(claim(notice) is not None)
        finally:
            connection.close()

    threads = [threading.Thread(target=race) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(won) == [False, True]
    assert SentNotice.objects.count() == 1


def test_the_email_is_plain_text_and_html_with_real_headings_lists_and_the_councils_name(cycle):
    send_notices(cycle.day, day_notices(cycle.day))
    (message,) = mail.outbox
    assert message.subject.startswith("Example Borough Council improvement plans: 1 return to make")
    assert "RETURNS FOR THE ACTION PLAN GROUP" in message.body
    assert f"http://127.0.0.1:8000/actions/{cycle.mine.pk}/update/" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert '<html lang="en-GB">' in html
    assert "<h1" in html
    assert "<h2" in html
    assert f'<li style="margin-bottom:8px;"><a href="http://127.0.0.1:8000/actions/{cycle.mine.pk}/update/"' in html
    assert "Update action 1.1: Discussion paper to be prepared</a>" in html
    assert "Example Borough Council" in html


def test_html_in_an_action_is_escaped_in_the_html_email(cycle):
    cycle.mine.description = "Review <script>alert(1)</script> & report"
    cycle.mine.save()
    (notice,) = [n for n in day_notices(cycle.day) if n.recipient.reachable]
    text, html = render_notice(notice)
    assert "<script>" not in html
    assert "Review <script>alert(1)</script> & report" in text
