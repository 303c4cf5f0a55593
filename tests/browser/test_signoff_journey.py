"""Review and sign-off as issue 11 describes it, in real Chromium: the officer receives the reminder
email (a real SMTP server on loopback), follows its link and records a completion with evidence; the
plan manager returns it with a comment (the officer is emailed it); the officer answers; the manager
accepts; the dashboard counts the action completed from that day."""

import re
from datetime import date, timedelta
from email import message_from_bytes
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from actionplan.models import Action
from tests.browser.conftest import DEMO_PASSWORD, assert_accessible, fill_date
from tests.browser.test_director_journey import completed_figure
from tests.commands.test_send_reminders import Sink, free_port

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SLUG = "herefordshire-jar-2006"
OFFICER_EMAIL = "officer@council.example"


def turn_on_sign_off(manager, url):
    manager.goto(f"{url}/plans/{SLUG}/")
    manager.get_by_role("link", name="Change the sign-off settings").click()
    assert_accessible(manager)
    manager.get_by_label("Completing an action needs sign-off").check()
    manager.get_by_label("Completing an action needs evidence").check()
    manager.get_by_label("Reason for the change").fill("Agreed at the Action Plan Group")
    manager.get_by_role("button", name="Save settings").click()
    expect(manager.get_by_text("Sign-off settings saved")).to_be_visible()
    expect(manager.locator("#completion-settings")).to_contain_text("needs sign-off")


@pytest.fixture
def smtp(settings, live_server):
    """A real SMTP server on loopback, Django's SMTP backend pointed at it, links in emails to the
    live server."""
    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = live_server.url
    yield sink
    controller.stop()


def emails_to(sink, address) -> list:
    return [message_from_bytes(e.content) for e in sink.received if e.rcpt_tos == [address]]


def html_of(message) -> str:
    return next(p.get_payload(decode=True).decode() for p in message.walk() if p.get_content_type() == "text/html")


def last_working_day() -> date:
    day = timezone.localdate()
    while day.weekday() > 4:
        day -= timedelta(days=1)
    return day


def test_completion_is_returned_answered_and_accepted_then_counted_from_that_day(
    demo, page, login, live_server, browser, tmp_path, smtp
):
    manager = browser.new_page()
    login("manager", manager)
    turn_on_sign_off(manager, live_server.url)
    manager.goto(f"{live_server.url}/plans/{SLUG}/dashboard/")
    completed_before = completed_figure(manager)

    # The officer's reminder email, sent through the loopback SMTP server, links to the update form.
    call_command("send_reminders", "--on", last_working_day().isoformat(), stdout=StringIO())
    (reminder,) = emails_to(smtp, OFFICER_EMAIL)
    link = re.search(r'<a href="([^"]+/actions/(\d+)/update/)"[^>]*>Update action ([\d.]+)', html_of(reminder))
    assert link.group(1).startswith(live_server.url)
    action = Action.objects.get(pk=int(link.group(2)))
    assert action.reference == link.group(3)
    page.goto(link.group(1))  # signed out: the login page, then straight on to the form
    page.fill("#id_username", "officer")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page.get_by_role("heading", name="Record progress")).to_be_visible()
    assert page.url == link.group(1)

    # The officer claims the completion. Without evidence it is refused, and nothing typed is lost.
    page.get_by_label("Status").select_option("completed")
    page.get_by_label("What has been done").fill("Audit schedule in place for all teams")
    page.get_by_role("button", name="Save progress").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("this plan needs evidence for every completion")
    expect(page.get_by_label("What has been done")).to_have_value("Audit schedule in place for all teams")
    assert_accessible(page)
    pdf = tmp_path / "audit-schedule.pdf"
    pdf.write_bytes(PDF)
    page.locator("#id_evidence_file").set_input_files(str(pdf))
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_text("its completion is awaiting sign-off")).to_be_visible()
    expect(page.locator("#signoff")).to_contain_text("Completion awaiting sign-off")
    assert_accessible(page)

    # The manager finds it in the inbox and returns it with a comment.
    manager.goto(f"{live_server.url}/sign-off/")
    card = manager.locator(".govuk-summary-card").filter(has_text=f"Action {action.reference}:")
    expect(card).to_contain_text("Audit schedule in place for all teams")
    expect(card.get_by_role("link", name="audit-schedule.pdf")).to_be_visible()
    assert_accessible(manager)
    card.get_by_role("link", name=re.compile("Return with a comment")).click()
    assert_accessible(manager)
    manager.get_by_role("button", name="Save decision").click()  # no comment yet: refused
    expect(manager.locator(".govuk-error-summary")).to_contain_text("Enter a comment")
    assert_accessible(manager)
    manager.get_by_label("Comment").fill("Attach the schedule signed by the team managers")
    manager.get_by_role("button", name="Save decision").click()
    expect(manager.get_by_text(f"Completion of action {action.reference} returned to the lead")).to_be_visible()
    (returned_mail,) = [m for m in emails_to(smtp, OFFICER_EMAIL) if "completion returned" in m["Subject"]]
    assert returned_mail["Subject"] == f"Action {action.reference}: completion returned"
    assert "Attach the schedule signed by the team managers" in html_of(returned_mail)

    # The officer sees the comment on their home page and answers it.
    page.goto(f"{live_server.url}/")
    returned = page.locator(".govuk-inset-text").filter(has_text=f"Action {action.reference}")
    expect(returned).to_contain_text("Attach the schedule signed by the team managers")
    assert_accessible(page)
    returned.get_by_role("link", name=f"Answer: record progress on action {action.reference}").click()
    page.get_by_label("Status").select_option("completed")
    page.get_by_label("What has been done").fill("Signed schedule attached")
    page.locator("#id_evidence_file").set_input_files(str(pdf))
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_text("its completion is awaiting sign-off")).to_be_visible()
    page.goto(f"{live_server.url}/")
    expect(page.locator("#awaiting ~ ul").first).to_contain_text(f"Action {action.reference}")

    # The manager accepts it from the inbox.
    manager.goto(f"{live_server.url}/sign-off/")
    card = manager.locator(".govuk-summary-card").filter(has_text=f"Action {action.reference}:")
    expect(card).to_contain_text("Signed schedule attached")
    card.get_by_role("button", name=f"Accept completion of action {action.reference}").click()
    expect(manager.get_by_text(f"Completion of action {action.reference} accepted")).to_be_visible()
    assert_accessible(manager)
    assert [m["Subject"] for m in emails_to(smtp, OFFICER_EMAIL)][-1] == (
        f"Action {action.reference}: completion accepted")

    # The dashboard counts it completed from today, not before.
    today = timezone.localdate()
    manager.goto(f"{live_server.url}/plans/{SLUG}/dashboard/")
    assert completed_figure(manager) == completed_before + 1
    yesterday = today - timedelta(days=1)
    manager.goto(f"{live_server.url}/plans/{SLUG}/dashboard/?as_at={yesterday.isoformat()}")
    assert completed_figure(manager) == completed_before
    page.goto(f"{live_server.url}/actions/{action.pk}/")
    expect(page.locator(".govuk-summary-list").first).to_contain_text(f"Completed on {today:%-d %B %Y}")
    history = page.locator("table.app-history")
    expect(history).to_contain_text("Completion accepted (signed off)")
    expect(history).to_contain_text("Completion returned to the lead")


def test_each_role_home_page_and_the_portfolio_pass_axe(demo, page, login, live_server, browser):
    login("officer")
    expect(page.get_by_role("heading", name="Your actions")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Overdue by")
    assert_accessible(page)
    for username in ("manager", "director"):
        other = browser.new_page()
        login(username, other)
        expect(other.get_by_role("heading", name="Completions awaiting sign-off")).to_be_visible()
        assert_accessible(other)
    # The director's chart: an image with a text alternative, and its table beside it.
    chart = other.locator("svg[role=img]").first
    expect(chart).to_be_visible()
    assert "13 Jul 06: Red 64, Amber 44, Green 68" in chart.locator("desc").text_content()
    expect(other.get_by_role("link", name=re.compile("^Update"))).to_have_count(0)
    other.goto(f"{live_server.url}/portfolio/")
    fill_date(other, "Show the portfolio as at", 13, 7, 2006)
    other.get_by_role("button", name="Show").click()
    expect(other.get_by_role("heading", name="Portfolio of plans as at 13 July 2006")).to_be_visible()
    expect(other.locator("#rounds ~ figure svg[role=img]")).to_be_visible()
    assert_accessible(other)
