"""Finding an action by its reference (actionplan.selectors.search), in real Chromium."""

import re

import pytest
from playwright.sync_api import expect

from actionplan.models import Action
from tests.browser.conftest import DEMO_PASSWORD, assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def action_13_2():
    return Action.objects.get(recommendation__number=13, position=2)


def test_search_by_reference_opens_the_action_and_names_what_is_not_there(demo, page, login, live_server):
    login("officer")
    search = page.get_by_role("search", name="Actions").get_by_label("Find an action")
    expect(search).to_have_attribute("type", "search")
    search.fill("13.2")
    search.press("Enter")

    target = action_13_2()
    page.wait_for_url(re.compile(rf"/actions/{target.pk}/\?search=13\.2$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(target.description)
    expect(page.locator("#found-by-search")).to_contain_text("The only action found for “13.2”.")
    assert_accessible(page)

    page.get_by_role("link", name="Show it in the list of actions").click()
    expect(page.get_by_text("1 action found")).to_be_visible()
    expect(page.get_by_role("link", name="13.2", exact=True)).to_be_visible()

    page.get_by_label("Search").fill("13.42")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#search-problems")).to_have_text(
        "There is no action 13.42 in this plan. Recommendation 13 has actions 13.1 to 13.9."
    )
    expect(page.get_by_text("0 actions found")).to_be_visible()
    expect(page.get_by_label("Search")).to_have_value("13.42")
    assert_accessible(page)

    page.get_by_label("Search").fill("rec 13 hl")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("2 actions found")).to_be_visible()
    table = page.locator("table.govuk-table tbody")
    expect(table.get_by_role("link", name="13.2", exact=True)).to_be_visible()
    expect(table.get_by_role("link", name="13.9", exact=True)).to_be_visible()


def test_search_by_reference_works_without_javascript(demo, browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "viewer")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.get_by_label("Find an action").fill("13 .2")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(action_13_2().description)
    context.close()
