"""A clerk adds, edits and removes a draft paper's own appendices in the browser (no JavaScript), and
whoever reads an issued paper downloads its uploaded appendix; an issued paper's appendices never change."""

import re

from django.urls import reverse
from django.utils import timezone

from actionplan.models import Paper, PaperAppendix
from actionplan.services.versions import current_version
from tests.factories import PaperAppendixFactory, PaperFactory, one_page_pdf

STAFFING = "# Staffing\n\n- social workers\n\n| Team | Posts |\n| Hereford | 12 |"


def _clerk(client, world):
    client.force_login(world.users["clerk"])
    return PaperFactory(plan=world.plan, kind=Paper.Kind.SCRUTINY_NOTE, title="Progress note",
                        appendices=["summary"])


def test_a_text_appendix_refused_names_each_problem_in_the_error_summary_and_writes_nothing(client, world):
    paper = _clerk(client, world)
    url = reverse("paper_appendix_add", args=[paper.pk, "text"])
    response = client.post(url, {"title": "", "order": "first", "body": ""})
    assert response.status_code == 400
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', response.content.decode(), re.S)[0]
    assert "Enter the appendix&#x27;s title" in summary
    assert "Order must be a whole number, like 1" in summary
    assert "Enter the text of the appendix" in summary
    response = client.post(url, {"title": "Staffing", "order": "1", "body": '<script>alert("x")</script>'})
    assert "nothing left to print once scripts and markup are removed" in response.content.decode()
    assert not PaperAppendix.objects.exists()


def test_a_text_appendix_is_confirmed_then_shown_sanitised_after_the_generated_ones(client, world):
    paper = _clerk(client, world)
    response = client.post(reverse("paper_appendix_add", args=[paper.pk, "text"]),
                           {"title": "Staffing", "order": "1",
                            "body": STAFFING + '\n\n<a href="javascript:alert(1)" onclick="go()">Click</a>'},
                           follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("paper_detail", args=[paper.pk]) + "#appendices"
    assert "Appendix &#x27;Staffing&#x27; added to the paper" in page
    assert "the first is Appendix 2" in page  # after the summary made from the plan
    preview = client.get(reverse("paper_preview", args=[paper.pk])).content.decode()
    assert "Appendix 2: Staffing" in preview
    assert '<h3>Staffing</h3><ul><li>social workers</li></ul><table><thead><tr><th scope="col">Team</th>' in preview
    assert "javascript:" not in preview
    assert 'onclick="go()"' not in preview


def test_editing_an_appendix_saves_with_its_version_and_confirms(client, world):
    paper = _clerk(client, world)
    appendix = PaperAppendixFactory(paper=paper)
    url = reverse("paper_appendix_edit", args=[paper.pk, appendix.pk])
    assert 'name="version"' in client.get(url).content.decode()
    response = client.post(url, {"title": "Staffing at June", "order": "3", "body": STAFFING,
                                 "version": current_version(appendix)}, follow=True)
    assert "Appendix &#x27;Staffing at June&#x27; saved" in response.content.decode()
    appendix.refresh_from_db()
    assert (appendix.title, appendix.order) == ("Staffing at June", 3)


def test_an_issued_papers_appendices_do_not_change_and_its_upload_is_read_by_every_reader(client, world):
    paper = PaperFactory(plan=world.plan)
    uploaded = PaperAppendixFactory(paper=paper, pdf=True)
    Paper.objects.filter(pk=paper.pk).update(issued_at=timezone.now())
    client.force_login(world.users["clerk"])
    for url in (reverse("paper_appendix_add", args=[paper.pk, "text"]),
                reverse("paper_appendix_edit", args=[paper.pk, uploaded.pk]),
                reverse("paper_appendix_remove", args=[paper.pk, uploaded.pk])):
        response = client.post(url, {"title": "Changed", "order": "1", "body": "Changed",
                                     "version": current_version(uploaded)}, follow=True)
        assert "Version 1 has been issued: its appendices do not change" in response.content.decode()
    uploaded.refresh_from_db()
    assert uploaded.title == "Staffing"
    assert PaperAppendix.objects.filter(paper=paper).count() == 1
    client.force_login(world.users["viewer"])
    download = client.get(reverse("paper_appendix_file", args=[paper.pk, uploaded.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == one_page_pdf()
    detail = client.get(reverse("paper_detail", args=[paper.pk])).content.decode()
    assert "An issued paper's appendices do not change." in detail
    assert "Upload a PDF appendix" not in detail


def test_a_published_papers_uploaded_appendix_is_read_signed_out_and_an_unpublished_ones_is_not(client, world):
    paper = PaperFactory(plan=world.plan)
    uploaded = PaperAppendixFactory(paper=paper, pdf=True)
    Paper.objects.filter(pk=paper.pk).update(issued_at=timezone.now())
    url = reverse("paper_appendix_file", args=[paper.pk, uploaded.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    Paper.objects.filter(pk=paper.pk).update(public=True)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == one_page_pdf()
