"""HTML first (issue 12): an issued paper's web page is the HTML stored at issue; a clerk publishes it (and
withdraws it) with a reason kept in its history; a published paper, its PDF and the plan's list of them open
without signing in, and nothing else does: not an unpublished paper, its PDF, a draft, or any other page."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplan.models import Paper, Status
from actionplan.services.paper_publishing import paper_set_public
from actionplan.services.papers import PaperError, paper_issue
from actionplan.services.versions import current_version
from tests.factories import PaperFactory


def _issue(world, title="Progress on the JAR plan", **fields) -> Paper:
    paper = PaperFactory(plan=world.plan, title=title, **fields)
    return paper_issue(paper_id=paper.pk, user=world.users["clerk"])


def _paper_part(page: str) -> str:
    """The paper on its web page (the rest carries a fresh CSP nonce on every request)."""
    return page[page.index('<div class="app-paper-preview app-paper-issued"'):page.index("</main>")]


def _sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_web_page_is_the_html_stored_at_issue_whatever_the_plan_says_later(client, world):
    paper = _issue(world)
    client.force_login(world.users["viewer"])
    first = client.get(reverse("paper_issued", args=[paper.pk]))
    assert first.status_code == 200
    page = first.content.decode()
    assert "Discussion paper to be prepared" in page
    assert hashlib.sha256(paper.issued_html.open("rb").read()).hexdigest() == paper.issued_html_sha256
    assert f'href="{reverse("paper_pdf", args=[paper.pk])}"' in page  # the PDF beside it
    # Served under the CSP: the stored paper has no script or inline style of its own.
    assert "<script" not in _paper_part(page)
    assert "style=" not in _paper_part(page)

    world.mine.description = "Discussion paper rewritten after the inspection"  # the plan moves on
    world.mine.status = Status.COMPLETED
    world.mine.completed_on = timezone.localdate()
    world.mine.save()
    again = client.get(reverse("paper_issued", args=[paper.pk])).content.decode()
    assert "Discussion paper rewritten" not in again
    assert _paper_part(again) == _paper_part(page)
    # The preview, made from the plan now, does show the change: the page above really is the stored one.
    client.force_login(world.users["clerk"])
    assert "Discussion paper rewritten" in client.get(reverse("paper_preview", args=[paper.pk])).content.decode()


def test_a_changed_stored_page_is_refused_not_shown(client, world):
    paper = _issue(world)
    with open(paper.issued_html.path, "ab") as f:
        f.write(b"<p>added later</p>")
    client.force_login(world.users["viewer"])
    response = client.get(reverse("paper_issued", args=[paper.pk]))
    assert response.status_code == 500
    assert b"no longer matches the SHA-256" in response.content


def test_signed_out_visitors_read_a_published_paper_and_nothing_else(client, world):
    published = _issue(world, title="Published progress report")
    unpublished = _issue(world, title="Unpublished progress report")
    draft = PaperFactory(plan=world.plan, title="Draft progress report")
    paper_set_public(paper_id=published.pk, user=world.users["clerk"], public=True, why="Agenda published")

    page = client.get(reverse("paper_issued", args=[published.pk]))
    assert page.status_code == 200
    assert "Published progress report" in page.content.decode()
    assert page["Cache-Control"] == "no-cache"  # a cache must ask again: a withdrawal takes effect at once
    assert "Cookie" in page["Vary"]
    assert "Sign in" in page.content.decode()
    assert "Sign out" not in page.content.decode()
    pdf = client.get(reverse("paper_pdf", args=[published.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == published.issued_sha256
    listed = client.get(reverse("published_papers", args=[world.plan.slug])).content.decode()
    assert "Published progress report" in listed
    assert "Unpublished progress report" not in listed
    assert "Draft progress report" not in listed

    for refused in (
        reverse("paper_issued", args=[unpublished.pk]), reverse("paper_pdf", args=[unpublished.pk]),
        reverse("paper_issued", args=[draft.pk]), reverse("paper_pdf", args=[draft.pk]),
        reverse("paper_issued", args=[999999]),  # no such paper: the same answer as a draft
        reverse("paper_detail", args=[published.pk]), reverse("paper_preview", args=[published.pk]),
        reverse("paper_list", args=[world.plan.slug]), reverse("plan_detail", args=[world.plan.slug]),
        reverse("published_papers", args=["no-such-plan"]),
    ):
        assert _sent_to_sign_in(client.get(refused)), refused
    assert _sent_to_sign_in(client.post(reverse("paper_pdf", args=[draft.pk])))


def test_a_plan_with_nothing_published_tells_signed_out_visitors_nothing(client, world):
    _issue(world)
    assert _sent_to_sign_in(client.get(reverse("published_papers", args=[world.plan.slug])))
    client.force_login(world.users["viewer"])
    page = client.get(reverse("published_papers", args=[world.plan.slug]))
    assert page.status_code == 200
    assert "No paper on this plan has been published yet" in page.content.decode()


def test_clerk_publishes_and_withdraws_with_reasons_kept_in_the_history(client, world):
    paper = _issue(world)
    client.force_login(world.users["clerk"])
    url = reverse("paper_publish", args=[paper.pk])
    assert "Publish this paper" in client.get(url).content.decode()

    empty = client.post(url, {"version": current_version(paper), "why": "  "})
    assert empty.status_code == 400
    assert "Say why the paper is being published" in empty.content.decode()
    paper.refresh_from_db()
    assert not paper.public

    sent = client.post(url, {"version": current_version(paper), "why": "Agenda for 5 June published"})
    assert sent.status_code == 302
    paper.refresh_from_db()
    assert paper.public
    row = paper.history.order_by("-history_id").first()
    assert row.history_user == world.users["clerk"]
    assert row.history_change_reason == "Published: readable without signing in. Why: Agenda for 5 June published"

    client.logout()
    assert client.get(reverse("paper_issued", args=[paper.pk])).status_code == 200

    client.force_login(world.users["manager"])
    assert "Withdraw this paper" in client.get(url).content.decode()
    stale = client.post(url, {"version": current_version(paper) - 1, "why": "Personal data in appendix 2"})
    assert stale.status_code == 409
    sent = client.post(url, {"version": current_version(paper), "why": "Personal data in appendix 2"})
    assert sent.status_code == 302
    paper.refresh_from_db()
    assert not paper.public
    row = paper.history.order_by("-history_id").first()
    assert (row.history_user, row.history_change_reason) == (
        world.users["manager"], "Withdrawn from publication. Why: Personal data in appendix 2")
    detail = client.get(reverse("paper_detail", args=[paper.pk])).content.decode()
    assert "Personal data in appendix 2" in detail  # the history on the paper's page

    client.logout()
    assert _sent_to_sign_in(client.get(reverse("paper_issued", args=[paper.pk])))
    assert _sent_to_sign_in(client.get(reverse("paper_pdf", args=[paper.pk])))


def test_a_draft_cannot_be_published(world):
    draft = PaperFactory(plan=world.plan)
    with pytest.raises(PaperError, match="Only an issued paper can be published"):
        paper_set_public(paper_id=draft.pk, user=world.users["clerk"], public=True, why="Agenda published")
    draft.refresh_from_db()
    assert not draft.public


def test_the_accessibility_statement_opens_signed_out_and_is_in_the_footer(client, world):
    page = client.get(reverse("accessibility"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Accessibility statement for" in text
    assert "veraPDF" in text
    assert "axe-core" in text
    assert "320 by 640" in text
    client.force_login(world.users["viewer"])
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("accessibility")}"' in home
