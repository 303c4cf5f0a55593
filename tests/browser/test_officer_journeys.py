"""The main journeys, as each role walks them, in real Chromium."""

import re

import pytest
from playwright.sync_api import expect

from actionplan.models import Action, Paper, Person
from tests.browser.conftest import assert_accessible, fill_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def hl_action():
    hl = Person.objects.get(initials="HL")
    return Action.objects.filter(leads__person=hl).exclude(status="completed").order_by("due_date").first()


def test_officer_records_progress_with_evidence_and_director_sees_it(demo, page, login, live_server, tmp_path, browser):
    action = hl_action()
    login("officer")
    expect(page.get_by_role("heading", name="Your actions")).to_be_visible()
    expect(page.locator("#attention")).to_contain_text("need")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(rf"Update\s+action {re.escape(action.reference)}$")).click()
    expect(page.get_by_role("heading", name="Record progress")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_label("What has been done").fill("Draft audit schedule sent to team managers")
    pdf = tmp_path / "audit-schedule.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.locator("#id_evidence_file").set_input_files(str(pdf))
    page.get_by_label("Red", exact=True).check()
    page.get_by_label("Reason for choosing a different RAG").fill("Team manager post vacant until June")
    page.get_by_role("button", name="Save progress").click()

    expect(page.get_by_text(f"Progress on action {action.reference} saved")).to_be_visible()
    expect(page.locator("#notes ~ div").first).to_contain_text("Draft audit schedule sent to team managers")
    expect(page.get_by_role("link", name="audit-schedule.pdf")).to_be_visible()
    history = page.locator("table.app-history")
    expect(history).to_contain_text("Henry Lewis")
    expect(history).to_contain_text("Team manager post vacant until June")
    assert_accessible(page)

    director = browser.new_page()
    login("director", director)
    director.goto(f"{live_server.url}/actions/{action.pk}/")
    expect(director.locator("table.app-history")).to_contain_text("Henry Lewis")
    expect(director.locator("#notes ~ div").first).to_contain_text("Draft audit schedule sent to team managers")
    expect(director.get_by_role("link", name="Record progress")).to_have_count(0)


@pytest.mark.parametrize(("day", "month", "year", "message"), [
    (1, 1, 2099, "Date the progress refers to must be today or in the past"),
    (15, "", 2006, "Date the progress refers to must include a month"),
    (31, 2, 2006, "Date the progress refers to must be a real date"),
])
def test_officer_sees_each_date_error_next_to_the_boxes_and_keeps_input(demo, page, login, live_server,
                                                                       day, month, year, message):
    action = hl_action()
    login("officer")
    page.goto(f"{live_server.url}/actions/{action.pk}/update/")
    page.get_by_label("What has been done").fill("Half way")
    fill_date(page, "Date the progress refers to", day, month, year)
    page.get_by_role("button", name="Save progress").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    expect(page.get_by_role("group", name="Date the progress refers to")).to_contain_text(message)
    expect(page.get_by_label("What has been done")).to_have_value("Half way")
    assert_accessible(page)
    assert not action.notes.filter(text="Half way").exists()  # nothing written


def test_conflicting_edit_is_caught(demo, page, login, live_server, browser):
    action = hl_action()
    login("officer")
    page.goto(f"{live_server.url}/actions/{action.pk}/update/")
    manager = browser.new_page()
    login("manager", manager)
    manager.goto(f"{live_server.url}/actions/{action.pk}/update/")
    manager.get_by_label("What has been done").fill("Manager: schedule agreed at APG")
    manager.get_by_role("button", name="Save progress").click()
    expect(manager.locator(".govuk-notification-banner")).to_contain_text("saved")

    page.get_by_label("What has been done").fill("Officer: my own note")
    page.get_by_role("button", name="Save progress").click()
    banner = page.locator("#conflict")
    expect(banner).to_contain_text("saved this action after you opened this page")
    expect(banner).to_contain_text("Note: — → Manager: schedule agreed at APG")
    expect(page.get_by_label("What has been done")).to_have_value("Officer: my own note")
    assert_accessible(page)
    page.get_by_role("button", name="Save progress").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")
    notes = page.locator("#notes ~ div")
    expect(notes.first).to_contain_text("Officer: my own note")


def test_officer_is_refused_another_leads_action(demo, page, login, live_server):
    other = Action.objects.exclude(leads__person__initials="HL").filter(leads__isnull=False).first()
    login("officer")
    response = page.goto(f"{live_server.url}/actions/{other.pk}/update/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="You do not have permission")).to_be_visible()
    page.goto(f"{live_server.url}/actions/{other.pk}/")
    expect(page.get_by_role("link", name="Record progress")).to_have_count(0)


def test_plan_manager_adds_an_action(demo, page, login, live_server):
    login("manager")
    page.goto(f"{live_server.url}/plans/herefordshire-jar-2006/recommendations/4/")
    page.get_by_role("link", name="Add an action").click()
    assert_accessible(page)
    page.get_by_label("Action to be taken").fill("Publish duty team recording standards on the intranet")
    page.get_by_label("By when").fill("End Jul 06")
    page.get_by_label("HL – Henry Lewis").check()
    page.get_by_label("Reason for the change").fill("Agreed at Action Plan Group")
    page.get_by_role("button", name="Add action").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("added")
    expect(page.get_by_role("heading", name="Publish duty team recording standards on the intranet")).to_be_visible()
    expect(page.locator(".govuk-hint", has_text="Read as:")).to_contain_text("due 31 July 2006")
    expect(page.locator("table.app-history")).to_contain_text("Agreed at Action Plan Group")


ROLE_PAGES = {
    "officer": ["/account/reminders/", "/", "/plans/", "/plans/herefordshire-jar-2006/",
                "/plans/herefordshire-jar-2006/recommendations/1/",
                "/actions/", "/actions/?status=completed&rag=green", "/actions/{action}/",
                "/accounts/password_change/"],
    "manager": ["/actions/{action}/edit/", "/actions/{action}/cancel/",
                "/plans/herefordshire-jar-2006/recommendations/add/",
                "/plans/herefordshire-jar-2006/import/", "/imports/new/",
                "/plans/herefordshire-jar-2006/recommendations/2/edit/",
                "/plans/herefordshire-jar-2006/calendar/", "/plans/herefordshire-jar-2006/calendar/meetings/add/",
                "/plans/herefordshire-jar-2006/returns/?as_at=2006-05-25&round=2006-05-19",
                "/plans/herefordshire-jar-2006/dashboard/?as_at=2006-05-25", "/account/reminders/"],
    "director": ["/plans/herefordshire-jar-2006/recommendations/1/rag/",
                 "/plans/herefordshire-jar-2006/dashboard/",
                 "/plans/herefordshire-jar-2006/dashboard/?as_at=2006-05-19",
                 "/plans/herefordshire-jar-2006/dashboard/?as_at=2006-03-01",
                 "/plans/herefordshire-jar-2006/dashboard/?as_at=2099-01-01",
                 "/plans/herefordshire-jar-2006/changes/?from=2006-03-01&to=2006-05-19",
                 "/plans/herefordshire-jar-2006/indicators/", "/portfolio/"],
    "clerk": ["/plans/herefordshire-jar-2006/papers/", "/plans/herefordshire-jar-2006/papers/new/",
              "/papers/{paper}/", "/papers/{paper}/edit/", "/papers/{paper}/preview/"],
    "viewer": ["/", "/actions/?page=2", "/plans/herefordshire-jar-2006/returns/?as_at=2006-05-10&state=due"],
}


@pytest.mark.parametrize("role", sorted(ROLE_PAGES))
def test_every_page_has_no_axe_violations(demo, page, login, live_server, role):
    login(role)
    paths = ROLE_PAGES[role]
    first = Action.objects.order_by("recommendation__number", "position").first()
    paper = Paper.objects.order_by("meeting_date").first()
    for path in paths:
        response = page.goto(live_server.url + path.format(action=first.pk, paper=paper.pk))
        assert response.status in (200, 400), path  # 400: a refused as-at date, shown as an error summary
        assert_accessible(page)


def test_login_page_is_accessible_and_reports_bad_password(demo, page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.fill("#id_username", "officer")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
