"""The clerk: create a Cabinet report, preview it, download its PDF, issue it."""

import hashlib

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, fill_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = [
    ("Portfolio or programme area", "Children and Young People Services"),
    ("Financial Implications", "The JAR improvement budget for 2006-07 funds short-term support."),
    ("Consultees", "Children & Young People Partnership Board"),
    ("Contact officer's name", "Sue Fiennes"),
    ("Contact officer's job title", "Director of Children's Services"),
    ("Contact officer's telephone", "01432 260039"),
]


def test_clerk_creates_previews_downloads_and_issues_a_cabinet_report(demo, page, login, live_server):
    login("clerk")
    page.goto(f"{live_server.url}/plans/herefordshire-jar-2006/papers/new/")
    page.get_by_label("Cabinet report").check()
    fill_date(page, "Meeting date", 13, 7, 2006)
    fill_date(page, "Figures as at", 13, 7, 2006)
    page.get_by_role("button", name="Create draft").click()
    for label, value in SECTIONS:
        page.get_by_label(label).first.fill(value)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("button", name="Download PDF")).to_be_visible()
    paper_url = page.url
    assert_accessible(page)

    page.get_by_role("link", name="Preview").first.click()
    expect(page.get_by_text("areas of activity due by the end of").first).to_be_visible()
    page.go_back()

    page.get_by_role("button", name="Download PDF").first.click()
    expect(page.get_by_text("Your PDF is ready")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").first.click()
    assert download.value.path().read_bytes()[:5] == b"%PDF-"

    page.goto(paper_url)
    page.get_by_text("Issue", exact=True).first.click()
    page.get_by_role("button", name="Issue version 1").click()
    expect(page.get_by_text("Paper issued")).to_be_visible()
    fingerprint = page.locator("main").inner_text().split("SHA-256 fingerprint of the PDF:")[1].split()[0]
    with page.expect_download() as issued:
        page.get_by_role("link", name="Download the issued PDF").click()
    assert hashlib.sha256(issued.value.path().read_bytes()).hexdigest() == fingerprint
