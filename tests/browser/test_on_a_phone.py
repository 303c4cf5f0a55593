"""Issue 13's done-when: an officer's update in two minutes, on a phone (390 × 844 in Chromium).

Set JARTRACKER_SCREENSHOTS to a directory to keep the README's screenshots of the home page and the update
form as this run draws them (phone-home-390.png, phone-update-390.png).
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from actionplan.models import Action
from tests.browser.conftest import DEMO_PASSWORD, assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def assert_no_sideways_scrolling(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a {PHONE['width']} px screen"


def keep_screenshot(page, name):
    """The viewport, as the officer sees it, into JARTRACKER_SCREENSHOTS when set."""
    folder = os.environ.get("JARTRACKER_SCREENSHOTS")
    if folder:
        page.screenshot(path=Path(folder) / name)


def test_officer_finds_13_2_by_reference_and_changes_only_its_status_on_a_phone(demo, browser, live_server):
    action = Action.objects.get(recommendation__plan__slug="herefordshire-jar-2006",
                                recommendation__number=13, position=2)
    notes_before = action.notes.count()
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    assert_no_sideways_scrolling(page)
    page.fill("#id_username", "officer")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")

    expect(page.get_by_role("heading", name="Home", level=1)).to_be_visible()
    assert_no_sideways_scrolling(page)
    keep_screenshot(page, "phone-home-390.png")
    update_links = page.get_by_role("link", name=re.compile(r"^Update\s+action ")).all()
    assert update_links, "the officer's home page offers no Update link"
    for link in update_links:  # each within the screen's width, not cut off or scrolled away sideways
        box = link.bounding_box() or {"x": -1, "width": 0}  # None when not drawn at all
        assert 0 <= box["x"] < box["x"] + box["width"] <= PHONE["width"], link.text_content()
    search = page.get_by_role("search", name="Actions").get_by_label("Find an action")
    search.fill("13.2")
    search.press("Enter")

    page.wait_for_url(re.compile(rf"/actions/{action.pk}/\?search=13\.2$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(action.description)
    assert_no_sideways_scrolling(page)
    page.get_by_role("button", name="Record progress").click()

    expect(page.get_by_role("heading", name="Record progress")).to_be_visible()
    assert_no_sideways_scrolling(page)
    assert_accessible(page)
    page.get_by_label("Status").select_option("in_progress")
    expect(page.get_by_label("What has been done")).to_have_value("")
    keep_screenshot(page, "phone-update-390.png")
    page.get_by_role("button", name="Save progress").click()

    expect(page.get_by_text("Progress on action 13.2 saved")).to_be_visible()
    assert_no_sideways_scrolling(page)
    assert_accessible(page)
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert action.notes.count() == notes_before
    context.close()
