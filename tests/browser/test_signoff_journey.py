"""Review and sign-off as issue 11 describes it, in real Chromium: the officer records a completion
with evidence; the plan manager returns it with a comment; the officer answers; the manager accepts;
the dashboard counts the action completed from that day."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_director_journey import completed_figure
from tests.browser.test_officer_journeys import hl_action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SLUG = "herefordshire-jar-2006"


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


def claim_completion(page, reference, note):
    page.get_by_role("link", name=re.compile(rf"Update\s+action {re.escape(reference)}$")).click()
    page.get_by_label("Status").select_option("completed")
    page.get_by_label("What has been done").fill(note)
    page.get_by_role("button", name="Save progress").click()


def test_completion_is_returned_answered_and_accepted_then_counted_from_that_day(
    demo, page, login, live_server, browser, tmp_path
):
    action = hl_action()
    manager = browser.new_page()
    login("manager", manager)
    turn_on_sign_off(manager, live_server.url)
    manager.goto(f"{live_server.url}/plans/{SLUG}/dashboard/")
    completed_before = completed_figure(manager)

    # The officer claims the completion. Without evidence it is refused, and nothing typed is lost.
    login("officer")
    claim_completion(page, action.reference, "Audit schedule in place for all teams")
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
    other.get_by_label("Show the portfolio as at").fill("2006-07-13")
    other.get_by_role("button", name="Show").click()
    expect(other.get_by_role("heading", name="Portfolio of plans as at 13 July 2006")).to_be_visible()
    expect(other.locator("#rounds ~ figure svg[role=img]")).to_be_visible()
    assert_accessible(other)
