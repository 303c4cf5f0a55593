"""HTML first (issue 12), in Chromium, signed out: the plan's published papers and a published paper's web page
open without signing in and pass axe; the page has a real heading structure and tables with header cells;
its PDF link downloads the issued file; an unpublished paper sends the visitor to sign in."""

import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from actionplan.models import Paper, Plan
from actionplan.services.paper_publishing import paper_set_public
from actionplan.services.papers import paper_issue
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_signed_out_visitor_reads_a_published_paper_and_its_pdf(demo, page, live_server):
    plan = Plan.objects.get(slug="herefordshire-jar-2006")
    clerk = get_user_model().objects.get(username="clerk")
    note = Paper.objects.get(plan=plan, kind=Paper.Kind.SCRUTINY_NOTE)
    exceptions = Paper.objects.get(plan=plan, kind=Paper.Kind.EXCEPTIONS)
    paper_issue(paper_id=note.pk, user=clerk)
    paper_set_public(paper_id=note.pk, user=clerk, public=True, why="Agenda published")
    issued = paper_issue(paper_id=exceptions.pk, user=clerk)  # issued, not published

    page.goto(live_server.url + reverse("published_papers", args=[plan.slug]))
    assert page.locator("h1").inner_text() == "Published papers"
    assert page.locator("table th[scope=col]").count() == 4
    assert page.get_by_role("link", name=note.title, exact=True).count() == 1, page.locator("main").inner_text()
    assert page.get_by_text(exceptions.title).count() == 0
    assert_accessible(page)

    page.get_by_role("link", name=note.title, exact=True).click()
    # Wait for the page itself, not only its address: the address changes as soon as the answer starts
    # to arrive, and counting headings then found none on a loaded machine.
    page.wait_for_url(f"**{reverse('paper_issued', args=[note.pk])}", wait_until="load")
    expect(page.locator("h1")).to_have_count(1)
    assert page.locator("h1").inner_text() == note.title
    assert page.locator("h2").count() >= 3
    assert page.locator(".app-paper-issued table thead th[scope=col]").count() >= 5
    assert page.get_by_role("link", name="Sign in").count() == 1
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name=f"Download the PDF of {note.title}").click()
    note.refresh_from_db()
    data = open(download.value.path(), "rb").read()  # noqa: SIM115
    assert hashlib.sha256(data).hexdigest() == note.issued_sha256

    page.goto(live_server.url + reverse("paper_issued", args=[issued.pk]))
    assert "/accounts/login/" in page.url
