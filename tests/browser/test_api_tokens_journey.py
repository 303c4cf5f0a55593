"""A person makes an API token on their own page, uses it, and revokes it; the documentation page
opens signed in. Real Chromium; no JavaScript is needed for the token page."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_viewer_makes_uses_and_revokes_a_token_at_320_px(demo, page, login, live_server):
    page.set_viewport_size({"width": 320, "height": 800})
    login("viewer")
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="Your API tokens")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("Power BI dashboard")
    page.get_by_role("button", name="Make token").click()
    expect(page.get_by_role("heading", name="Token “Power BI dashboard” made")).to_be_visible()
    secret = page.locator("#new-token").inner_text()
    assert re.fullmatch(r"jt_[\w-]{40,}", secret)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # the long secret wraps on a phone
    assert_accessible(page)

    api = Client()
    overdue = api.get("/api/v1/actions/", {"plan": "herefordshire-jar-2006", "as_at": "2006-05-19",
                                           "overdue": "true"}, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert overdue.status_code == 200
    assert overdue.json()["count"] > 0

    page.reload()  # the secret is not shown again
    expect(page.locator("#new-token")).to_have_count(0)
    page.get_by_role("button", name="Revoke token Power BI dashboard").click()
    expect(page.get_by_text("Token “Power BI dashboard” is revoked")).to_be_visible()
    expect(page.get_by_text("Revoked (revoked")).to_be_visible()
    assert api.get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_the_documentation_page_lists_every_operation(demo, page, login, live_server):
    login("viewer")
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.locator(".opblock")).to_have_count(13)
    expect(page.get_by_text("/api/v1/actions/{id}/progress/")).to_be_visible()
    assert errors == []  # nothing refused by the content security policy
