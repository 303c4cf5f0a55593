"""The clerk's journey through the paper pages, and what readers may see of issued papers."""

import base64
import hashlib
import io
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actionplan.models import Paper, Status
from actionplan.services.versions import current_version


def _create(client, world, **extra):
    client.force_login(world.users["clerk"])
    today = timezone.localdate()
    data = {"kind": "cabinet_report", "meeting_date": today.isoformat(), "as_at": today.isoformat(),
            "meeting_body": "", "title": "", "fill_generated": "on", **extra}
    return client.post(reverse("paper_create", args=[world.plan.slug]), data)


def _edit_data(paper: Paper, **changes) -> dict:
    data = {
        "title": paper.title, "meeting_body": paper.meeting_body, "meeting_date": paper.meeting_date.isoformat(),
        "as_at": paper.as_at.isoformat(), "portfolio": "Children and Young People Services",
        "wards_affected": "County-wide", "purpose": paper.purpose, "key_decision": "False",
        "recommendations": paper.recommendations, "reasons": paper.reasons,
        "financial_implications": "None beyond the approved budget.", "considerations": paper.considerations,
        "alternative_options": paper.alternative_options, "risk_management": paper.risk_management,
        "consultees": "Action Plan Group", "background_papers": paper.background_papers,
        "contact_name": "Sue Fiennes", "contact_title": "Director of Children's Services",
        "contact_phone": "01432 260039", "due_by": paper.due_by.isoformat(), "changes_since": "",
        "appendices": paper.appendices, "save": "1", "version": current_version(paper),
    }
    data.update(changes)
    return data


def _pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def test_clerk_creates_previews_downloads_and_issues_a_cabinet_report(client, world):
    response = _create(client, world)
    paper = Paper.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("paper_edit", args=[paper.pk])
    assert client.get(reverse("paper_edit", args=[paper.pk])).status_code == 200

    response = client.post(reverse("paper_edit", args=[paper.pk]), _edit_data(paper, title="Progress on the JAR plan"))
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.title == "Progress on the JAR plan"
    assert paper.contact_name == "Sue Fiennes"

    preview = client.get(reverse("paper_preview", args=[paper.pk])).content.decode()
    assert "Progress on the JAR plan" in preview
    assert "Financial Implications" in preview
    # The preview is served under the CSP: no inline styles or scripts of its own.
    assert "<style" not in preview
    assert 'style="' not in preview

    # Every PDF is made by the background task (the immediate backend in tests): POST, then the file.
    started = client.post(reverse("paper_pdf", args=[paper.pk]))
    assert started.status_code == 302
    draft = client.get(started["Location"] + "file/")
    assert draft["Content-Type"] == "application/pdf"
    assert draft["Cache-Control"] == "no-store"
    text = _pdf_text(draft.content)
    for words in ("Progress on the JAR plan", "None beyond the approved budget.", "Draft, version 1"):
        assert words in text
        assert words.split(",")[0] in preview

    response = client.post(reverse("paper_issue", args=[paper.pk]))
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.is_issued
    assert len(paper.issued_sha256) == 64
    detail = client.get(reverse("paper_detail", args=[paper.pk])).content.decode()
    assert paper.issued_sha256 in detail


def test_issued_pdf_is_served_byte_for_byte_after_the_plan_changes(client, world):
    _create(client, world)
    paper = Paper.objects.get()
    client.post(reverse("paper_edit", args=[paper.pk]), _edit_data(paper))
    client.post(reverse("paper_issue", args=[paper.pk]))
    paper.refresh_from_db()
    first = client.get(reverse("paper_pdf", args=[paper.pk]))
    assert hashlib.sha256(first.content).hexdigest() == paper.issued_sha256
    assert first["Repr-Digest"] == f"sha-256=:{base64.b64encode(bytes.fromhex(paper.issued_sha256)).decode()}:"

    world.mine.status = Status.COMPLETED  # the plan moves on
    world.mine.completed_on = timezone.localdate()
    world.mine.save()
    client.force_login(world.users["viewer"])  # readers download issued papers too
    again = client.get(reverse("paper_pdf", args=[paper.pk]))
    assert again.status_code == 200
    assert again.content == first.content


def test_issuing_an_incomplete_paper_names_the_empty_sections(client, world):
    _create(client, world)
    paper = Paper.objects.get()
    response = client.post(reverse("paper_issue", args=[paper.pk]))
    assert response.status_code == 400
    page = response.content.decode()
    assert "The paper was not issued" in page
    for name in ("Financial Implications is empty", "Consultees is empty", "Contact officer&#x27;s name is empty"):
        assert name in page
    paper.refresh_from_db()
    assert not paper.is_issued


def test_an_as_at_date_in_the_future_is_refused_on_the_form(client, world):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = _create(client, world, as_at=tomorrow)
    assert response.status_code == 400
    assert "The as-at date must be today or in the past" in response.content.decode()
    assert not Paper.objects.exists()


def test_insert_generated_paragraphs_fills_the_form_without_saving(client, world):
    _create(client, world, fill_generated="")
    paper = Paper.objects.get()
    assert paper.considerations == ""
    response = client.post(reverse("paper_edit", args=[paper.pk]), _edit_data(paper, generate="1", save=""))
    assert response.status_code == 200
    assert "areas of activity due by" in response.content.decode()
    paper.refresh_from_db()
    assert paper.considerations == ""


def test_editing_an_issued_paper_saves_a_new_version(client, world):
    _create(client, world)
    paper = Paper.objects.get()
    client.post(reverse("paper_edit", args=[paper.pk]), _edit_data(paper))
    client.post(reverse("paper_issue", args=[paper.pk]))
    paper.refresh_from_db()
    response = client.post(reverse("paper_edit", args=[paper.pk]), _edit_data(paper, purpose="Revised purpose."))
    newer = Paper.objects.get(supersedes=paper)
    assert response["Location"] == reverse("paper_detail", args=[newer.pk])
    assert newer.version == 2
    assert not newer.is_issued
    assert newer.purpose == "Revised purpose."
    # Going back to edit the issued one lands on the newer draft.
    assert client.get(reverse("paper_edit", args=[paper.pk]))["Location"] == reverse("paper_edit", args=[newer.pk])


def test_readers_see_issued_papers_but_not_drafts(client, world):
    _create(client, world)
    draft = Paper.objects.get()
    client.post(reverse("paper_edit", args=[draft.pk]), _edit_data(draft))
    _create(client, world, title="Second draft")
    client.post(reverse("paper_issue", args=[draft.pk]))
    client.force_login(world.users["viewer"])
    listing = client.get(reverse("paper_list", args=[world.plan.slug])).content.decode()
    assert draft.title in listing
    assert "Second draft" not in listing
    assert "Create a paper" not in listing
    assert client.get(reverse("paper_detail", args=[draft.pk])).status_code == 200
    assert client.get(reverse("paper_preview", args=[draft.pk])).status_code == 200
    other = Paper.objects.get(title="Second draft")
    assert client.get(reverse("paper_detail", args=[other.pk])).status_code == 403
    assert client.get(reverse("paper_edit", args=[draft.pk])).status_code == 403
    assert client.post(reverse("paper_issue", args=[other.pk])).status_code == 403


def test_clerk_sets_how_many_actions_not_on_target_the_appendix_lists(client, world):
    _create(client, world)
    paper = Paper.objects.get()
    page = client.get(reverse("paper_edit", args=[paper.pk])).content.decode()
    assert "Actions not on target: how many to list" in page
    assert re.search(r'<input type="text" name="red_actions_limit"[^>]*inputmode="numeric"', page)
    response = client.post(reverse("paper_edit", args=[paper.pk]), _edit_data(paper, red_actions_limit="10"))
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.red_actions_limit == 10
    response = client.post(reverse("paper_edit", args=[paper.pk]), _edit_data(paper, red_actions_limit="0"))
    assert response.status_code == 400
    assert "Actions not on target: how many to list must be 1 or more" in response.content.decode()
    paper.refresh_from_db()
    assert paper.red_actions_limit == 10  # nothing half-written
