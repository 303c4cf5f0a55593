"""The Cabinet report's due-by sentence: the clerk chooses what an area of activity is (actions or
recommendations, optionally one timescale group) when creating and editing a paper."""

from datetime import date

import pytest
from django.urls import reverse

from actionplan.models import AreaOfActivity, Paper, TimescaleGroup
from actionplan.selectors.due_by import Areas, due_by_sentence
from actionplan.services import papers
from tests.conftest import make_user
from tests.factories import GroupFactory, PlanFactory
from tests.views.test_papers import _edit_data

JULY, JUNE = date(2006, 7, 13), date(2006, 6, 30)


@pytest.fixture
def clerk(client, hereford):
    client.force_login(make_user("clerk-h", "Clerk"))
    return client


def _create(client, plan, **extra):
    data = {"kind": "cabinet_report", "meeting_date": "2006-07-13", "as_at": "2006-07-13", "meeting_body": "",
            "title": "", "fill_generated": "on", **extra}
    return client.post(reverse("paper_create", args=[plan.slug]), data)


def test_by_default_the_sentence_counts_actions_in_the_whole_plan(clerk, hereford):
    page = clerk.get(reverse("paper_create", args=[hereford.slug])).content.decode()
    assert 'name="due_by_area" type="radio" value="actions" checked' in page
    assert "The whole plan" in page
    assert _create(clerk, hereford).status_code == 302
    paper = Paper.objects.filter(plan=hereford).latest("pk")
    assert (paper.due_by_area, paper.due_by_group) == (AreaOfActivity.ACTIONS, None)
    assert due_by_sentence(hereford, JUNE, JULY)[0] in paper.considerations


def test_the_clerk_counts_recommendations_in_one_timescale(clerk, hereford):
    group = TimescaleGroup.objects.filter(plan=hereford).order_by("order").first()
    response = _create(clerk, hereford, due_by_area="recommendations", due_by_group=group.pk)
    assert response.status_code == 302
    paper = Paper.objects.filter(plan=hereford).latest("pk")
    assert paper.due_by_area == AreaOfActivity.RECOMMENDATIONS
    assert paper.due_by_group == group
    sentence, counts = due_by_sentence(hereford, JUNE, JULY, Areas(AreaOfActivity.RECOMMENDATIONS, group.pk))
    assert sentence in paper.considerations
    assert counts["total"] < due_by_sentence(hereford, JUNE, JULY)[1]["total"]  # recommendations, not actions


def test_insert_generated_paragraphs_counts_what_the_form_shows(clerk, hereford):
    paper = Paper.objects.get(plan=hereford, kind=Paper.Kind.CABINET_REPORT, as_at=JULY)
    data = _edit_data(paper, considerations="", due_by_area="recommendations", generate="1")
    del data["save"]
    page = clerk.post(reverse("paper_edit", args=[paper.pk]), data).content.decode()
    sentence, _ = due_by_sentence(hereford, JUNE, JULY, Areas(AreaOfActivity.RECOMMENDATIONS))
    assert sentence.replace("'", "&#x27;") in page
    paper.refresh_from_db()
    assert paper.due_by_area == AreaOfActivity.ACTIONS  # nothing saved until the clerk saves


def test_a_timescale_of_another_plan_is_refused(clerk, hereford):
    other = GroupFactory(plan=PlanFactory(slug="other"), name="Elsewhere", order=1)
    response = _create(clerk, hereford, due_by_group=other.pk)
    assert response.status_code == 400
    assert "Timescale: select one of the options shown" in response.content.decode()
    paper = Paper.objects.get(plan=hereford, kind=Paper.Kind.CABINET_REPORT, as_at=JULY)
    with pytest.raises(papers.PaperError, match="timescale group of this paper's plan"):
        papers.paper_update(paper_id=paper.pk, user=None, changes={"due_by_group": other})
