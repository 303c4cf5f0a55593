"""manage.py send_reminders on the Herefordshire plan, through a real SMTP server on loopback (aiosmtpd)."""

import socket
from email import message_from_bytes
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from actionplan.models import SentNotice


def run(*args) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("setup_demo", stdout=StringIO())


class Sink:
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1, and Django's SMTP backend pointed at it."""
    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    controller.stop()


@pytest.mark.parametrize(("args", "message"), [
    (["--on", "10/05/2006"], "--on '10/05/2006' is not a date; use YYYY-MM-DD, e.g. 2006-05-19"),
    (["--on", "2999-01-04"], "--on: The reminders date must be today or in the past"),
    (["--plan", "nope"], "no plan 'nope'; plans: herefordshire-jar-2006"),
    (["--plan", "herefordshire-jar-2006", "--on", "2005-06-01"],
     "--on: The reminders date must be on or after 1 December 2005, when the plan began"),
])
def test_bad_arguments_get_one_clear_line_and_send_nothing(demo, args, message):
    with pytest.raises(CommandError) as error:
        run(*args)
    assert str(error.value) == message
    assert mail.outbox == []
    assert not SentNotice.objects.exists()


def test_dry_run_lists_the_returns_for_the_19_may_report_and_the_overdue_actions_per_lead(demo):
    out = run("--on", "2006-05-10", "--dry-run", "--plan", "herefordshire-jar-2006")
    assert out.startswith("Dry run for 10 May 2006: 3 emails would be sent")
    henry = out[out.index("Henry Lewis <officer@council.example>"):]
    henry = henry[:henry.index("\n\n")]
    assert "Returns for the Children's Services Scrutiny Committee, 31 May 2006" in henry
    assert "due by 16 May 2006" in henry
    assert "  Overdue (" in henry
    assert "overdue by 40 days (due 31 March 2006)" in henry
    assert "SD (Sue Doheny, Locality Manager - PCT) CANNOT BE REMINDED (no account)" in out
    assert mail.outbox == []
    assert not SentNotice.objects.exists()


def test_the_real_run_sends_them_over_smtp_and_a_second_run_sends_nothing(demo, smtp):
    out = run("--on", "2006-05-10")
    assert "3 sent, 0 already sent, 0 failed, 2 cannot be reminded" in out
    assert sorted(e.rcpt_tos[0] for e in smtp.received) == [
        "director@council.example", "manager@council.example", "officer@council.example"]
    henry = next(message_from_bytes(e.content) for e in smtp.received if e.rcpt_tos == ["officer@council.example"])
    assert henry["Subject"].startswith("Herefordshire Council improvement plans: 5 returns to make")
    kinds = [part.get_content_type() for part in henry.walk()]
    assert kinds == ["multipart/alternative", "text/plain", "text/html"]
    assert "/update/" in henry.get_payload(0).get_payload(decode=True).decode()
    again = run("--on", "2006-05-10")
    assert "0 sent, 3 already sent" in again
    assert len(smtp.received) == 3


def test_when_the_mail_server_is_down_nothing_is_marked_sent_and_the_next_run_sends(demo, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 5
    with pytest.raises(CommandError) as error:
        run("--on", "2006-05-10")
    assert str(error.value) == "3 emails could not be sent; run again to retry them"
    assert set(SentNotice.objects.values_list("state", flat=True)) == {"failed"}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert "3 sent, 0 already sent, 0 failed" in run("--on", "2006-05-10")
    assert set(SentNotice.objects.values_list("state", "attempts")) == {("sent", 2)}


def test_at_weekends_it_says_so_and_sends_nothing(demo):
    said = run("--on", "2006-05-13")
    assert said == "13 May 2006 is a Saturday: reminders go on working days only. Nothing to send.\n"
