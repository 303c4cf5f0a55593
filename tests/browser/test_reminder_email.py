"""The reminder email as a person receives it: its HTML part in Chromium at phone width, with
real headings, links that name the action, and no axe-core violation."""

from datetime import date

import pytest
from playwright.sync_api import expect

from actionplan.services.notices import day_notices, render_notice
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", ["Henry Lewis", "Dennis Longmore"])
def test_the_herefordshire_email_of_10_may_2006_reads_well_and_passes_axe(demo, page, name):
    (notice,) = [n for n in day_notices(date(2006, 5, 10)) if n.recipient.name == name]
    _, html = render_notice(notice)
    page.set_viewport_size({"width": 320, "height": 800})
    page.set_content(html)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Reminders for {name}, 10 May 2006")
    assert page.get_by_role("heading", level=2).count() == len(notice.sections)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # no sideways scrolling on a phone
    assert_accessible(page)
    if name == "Henry Lewis":
        expect(page.get_by_role("link", name="Update action 13.2: Head of Service to establish audit schedule")
               .first).to_be_visible()
