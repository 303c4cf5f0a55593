"""Every URL pattern × every role: who may open what. A new view must be declared here."""

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from actionplan import urls as app_urls
from actionplan.models import Paper, ReportingDate
from actionplan.services.tokens import token_create
from tests.factories import (
    CompletionClaimFactory,
    EvidenceFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PaperAppendixFactory,
    PaperFactory,
    PaperRenderFactory,
    issued_paper,
)

ROLES = ["anonymous", "officer", "manager", "director", "clerk", "viewer", "norole"]
READERS = {"officer", "manager", "director", "clerk", "viewer"}


# url name -> (how to build kwargs from the world, roles allowed on GET, method)
MATRIX = {
    "home": (lambda w: {}, READERS | {"norole"}, "get"),
    "plan_list": (lambda w: {}, READERS, "get"),
    "plan_detail": (lambda w: {"slug": w.plan.slug}, READERS, "get"),
    "recommendation_add": (lambda w: {"slug": w.plan.slug}, {"manager"}, "get"),
    "recommendation_detail": (lambda w: {"slug": w.plan.slug, "number": 1}, READERS, "get"),
    "recommendation_rag": (lambda w: {"slug": w.plan.slug, "number": 1}, {"director"}, "get"),
    "recommendation_edit": (lambda w: {"slug": w.plan.slug, "number": 1}, {"manager"}, "get"),
    "recommendation_cancel": (lambda w: {"slug": w.plan.slug, "number": 1}, {"manager"}, "get"),
    "action_add": (lambda w: {"slug": w.plan.slug, "number": 1}, {"manager"}, "get"),
    "action_list": (lambda w: {}, READERS, "get"),
    "action_detail": (lambda w: {"pk": w.mine.pk}, READERS, "get"),
    "action_update": (lambda w: {"pk": w.mine.pk}, {"officer", "manager"}, "get"),
    "action_edit": (lambda w: {"pk": w.mine.pk}, {"manager"}, "get"),
    "action_reorder": (lambda w: {"pk": w.mine.pk}, {"manager"}, "post"),
    "action_cancel": (lambda w: {"pk": w.mine.pk}, {"manager"}, "get"),
    "evidence_download": (lambda w: {"pk": w.evidence.pk}, READERS, "get"),
    # Issue 4: dashboards, changes, portfolio, indicators.
    "dashboard": (lambda w: {"slug": w.plan.slug}, READERS, "get"),
    "dashboard_actions": (lambda w: {"slug": w.plan.slug}, READERS, "get"),
    "changes": (lambda w: {"slug": w.plan.slug}, READERS, "get"),
    "portfolio": (lambda w: {}, READERS, "get"),
    "indicator_list": (lambda w: {"slug": w.plan.slug}, READERS, "get"),
    "indicator_detail": (lambda w: {"slug": w.plan.slug, "pk": w.indicator.pk}, READERS, "get"),
    "indicator_figure_add": (
        lambda w: {"slug": w.plan.slug, "pk": w.indicator.pk, "kind": "values"}, {"manager"}, "get"
    ),
    "indicator_figure_edit": (
        lambda w: {"slug": w.plan.slug, "pk": w.indicator.pk, "kind": "values",
                   "figure_pk": w.value.pk},
        {"manager"},
        "get",
    ),
    # Issue 5: committee papers. Drafts are for clerks and plan managers; readers see issued papers
    # (tests/views/test_papers.py checks a reader reaching an issued paper).
    "paper_list": (lambda w: {"slug": w.plan.slug}, READERS, "get"),
    "paper_create": (lambda w: {"slug": w.plan.slug}, {"clerk", "manager"}, "get"),
    "paper_detail": (lambda w: {"pk": w.paper.pk}, {"clerk", "manager"}, "get"),
    "paper_edit": (lambda w: {"pk": w.paper.pk}, {"clerk", "manager"}, "get"),
    "paper_preview": (lambda w: {"pk": w.paper.pk}, {"clerk", "manager"}, "get"),
    "paper_pdf": (lambda w: {"pk": w.paper.pk}, {"clerk", "manager"}, "get"),
    "paper_issue": (lambda w: {"pk": w.paper.pk}, {"clerk", "manager"}, "get"),
    # PDFs made by the background worker: progress page, then the file (issue 5, Speed).
    "paper_render": (lambda w: {"pk": w.paper.pk, "render_pk": w.render.pk}, {"clerk", "manager"}, "get"),
    "paper_render_file": (
        lambda w: {"pk": w.paper.pk, "render_pk": w.render.pk}, {"clerk", "manager"}, "get"
    ),
}
# Issue 12: paper types, set by those who produce papers.
MATRIX.update({
    "paper_type_list": (lambda w: {"slug": w.plan.slug}, {"clerk", "manager"}, "get"),
    "paper_type_edit": (lambda w: {"slug": w.plan.slug, "kind": "cabinet_report"}, {"clerk", "manager"}, "get"),
})
MATRIX.update(
    {
        "plan_export_xlsx": (lambda w: {"slug": w.plan.slug}, READERS, "get"),
        "action_list_export_xlsx": (lambda w: {}, READERS, "get"),
        "action_list_export_csv": (lambda w: {}, READERS, "get"),
        "plan_import": (lambda w: {"slug": w.plan.slug}, {"manager", "clerk"}, "get"),
        "plan_import_new": (lambda w: {}, {"manager"}, "get"),
        # With no workbook waiting, an allowed user is sent back to choose one (302).
        "plan_import_apply": (lambda w: {"token": "0" * 32}, {"manager", "clerk"}, "post"),
        # Issue 11: review and sign-off. The claim is the officer's: plan managers and directors review it.
        "signoff_inbox": (lambda w: {}, {"manager", "director"}, "get"),
        "signoff_review": (lambda w: {"pk": w.claim.pk}, {"manager", "director"}, "get"),
        "plan_signoff_settings": (lambda w: {"slug": w.plan.slug}, {"manager"}, "get"),
    }
)

MATRIX.update(
    {
        # Issue 11: the reporting cycle. The calendar is a plan manager's; every reader sees the returns.
        "reporting_calendar": (lambda w: {"slug": w.plan.slug}, {"manager"}, "get"),
        "reporting_date_add": (lambda w: {"slug": w.plan.slug}, {"manager"}, "get"),
        "reporting_date_remove": (lambda w: {"slug": w.plan.slug, "pk": w.meeting.pk}, {"manager"}, "post"),
        "plan_returns": (lambda w: {"slug": w.plan.slug}, READERS, "get"),
        # Everyone signed in chooses their own reminder emails (and nobody else's).
        "notice_preferences": (lambda w: {}, READERS | {"norole"}, "get"),
        # Issue 16: everyone signed in makes and revokes their own API tokens; the token is the viewer's.
        "api_tokens": (lambda w: {}, READERS | {"norole"}, "get"),
        "api_token_revoke": (lambda w: {"pk": w.token.pk}, {"viewer"}, "post"),
    }
)
MATRIX.update(
    {
        # Issue 12, HTML first: an issued paper's web page is read as its PDF is (the world's is issued, not
        # published); publishing is for those who issue papers; a plan's published papers (none in the world).
        "paper_issued": (lambda w: {"pk": w.issued.pk}, READERS, "get"),
        "paper_publish": (lambda w: {"pk": w.issued.pk}, {"clerk", "manager"}, "get"),
        "published_papers": (lambda w: {"slug": w.plan.slug}, READERS, "get"),
        # The accessibility statement is for everyone, signed in or not.
        "accessibility": (lambda w: {}, set(ROLES), "get"),
    }
)
# Open without signing in (every other page sends a signed-out visitor to sign in).
OPEN_TO_ALL = {"accessibility"}
MATRIX.update(
    {
        # Issue 12: appendices a clerk writes or uploads for a draft paper (readers reach an issued paper's
        # uploaded file: tests/papers/test_appendices.py).
        "paper_appendix_add": (lambda w: {"pk": w.paper.pk, "kind": "text"}, {"clerk", "manager"}, "get"),
        "paper_appendix_edit": (lambda w: {"pk": w.paper.pk, "appendix_pk": w.appendix.pk}, {"clerk", "manager"},
                                "get"),
        "paper_appendix_remove": (lambda w: {"pk": w.paper.pk, "appendix_pk": w.appendix.pk},
                                  {"clerk", "manager"}, "get"),
        "paper_appendix_file": (lambda w: {"pk": w.paper.pk, "appendix_pk": w.uploaded.pk}, {"clerk", "manager"},
                                "get"),
    }
)
# Refused otherwise than 403: someone else's token is not found (404), as if it did not exist.
REFUSED_WITH = {"api_token_revoke": 404}


def all_names():
    return sorted({p.name for p in get_resolver(app_urls).url_patterns if p.name})


def test_every_url_pattern_is_declared_in_the_matrix():
    assert set(all_names()) <= set(MATRIX)


@pytest.fixture
def world_with_evidence(world):
    """The conftest plan with one of each thing the pages show: evidence, an indicator and its value,
    a draft Cabinet report (drafts are for clerks and plan managers) and a PDF of it being made."""
    world.evidence = EvidenceFactory(action=world.mine)
    world.indicator = IndicatorFactory(plan=world.plan, code="CH 12", title="Conferences")
    world.value = IndicatorValueFactory(indicator=world.indicator)
    world.paper = PaperFactory(plan=world.plan, kind=Paper.Kind.CABINET_REPORT, meeting_body="Cabinet",
                               title="Progress report")
    world.render = PaperRenderFactory(paper=world.paper)
    world.appendix = PaperAppendixFactory(paper=world.paper)
    world.uploaded = PaperAppendixFactory(paper=world.paper, pdf=True, title="Performance management report")
    world.claim = CompletionClaimFactory(action=world.mine, claimed_by=world.users["officer"])
    world.meeting = ReportingDate.objects.create(plan=world.plan, name="Cabinet", meets_on=timezone.localdate())
    world.token, _ = token_create(user=world.users["viewer"], name="Dashboard", expires_on=None)
    world.issued = issued_paper(world.plan, user=world.users["clerk"], title="Issued progress report")
    return world


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world_with_evidence, name, role):
    kwargs_for, allowed, method = MATRIX[name]
    url = reverse(name, kwargs=kwargs_for(world_with_evidence))
    if role != "anonymous":
        client.force_login(world_with_evidence.users[role])
    response = getattr(client, method)(url)
    if role == "anonymous" and name not in OPEN_TO_ALL:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif role in allowed:
        assert response.status_code in (200, 302), f"{role} should reach {name}"
    else:
        assert response.status_code == REFUSED_WITH.get(name, 403), f"{role} must be refused {name}"


# A published paper: its web page and PDF, and its plan's list, open for everyone, signed in or not.
PUBLISHED = {
    "paper_issued": lambda w: {"pk": w.published.pk},
    "paper_pdf": lambda w: {"pk": w.published.pk},
    "published_papers": lambda w: {"slug": w.plan.slug},
}


@pytest.mark.parametrize("name", sorted(PUBLISHED))
@pytest.mark.parametrize("role", ROLES)
def test_a_published_paper_opens_for_everyone(client, world, name, role):
    world.published = issued_paper(world.plan, public=True, title="Published progress report")
    if role != "anonymous":
        client.force_login(world.users[role])
    response = client.get(reverse(name, kwargs=PUBLISHED[name](world)))
    assert response.status_code == 200, f"{role} should reach the published {name}"


def test_officer_is_refused_another_leads_update_form_and_nothing_changes(client, world):
    client.force_login(world.users["officer"])
    url = reverse("action_update", args=[world.theirs.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"version": 1, "status": "completed", "note_text": "Done", "rag": ""})
    assert response.status_code == 403
    world.theirs.refresh_from_db()
    assert world.theirs.status == "not_started"
    assert world.theirs.version == 1
    assert not world.theirs.notes.exists()


def test_a_reviewer_may_not_sign_off_their_own_completion(client, world):
    """Sign-off is a second pair of eyes: the claimant is refused even when a plan manager."""
    claim = CompletionClaimFactory(action=world.mine, claimed_by=world.users["manager"])
    client.force_login(world.users["manager"])
    url = reverse("signoff_review", args=[claim.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"version": claim.version, "decision": "accept"}).status_code == 403
    claim.refresh_from_db()
    assert claim.state == "pending"
    world.mine.refresh_from_db()
    assert world.mine.status == "not_started"
