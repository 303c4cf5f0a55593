"""Reads: the action list's filters as at a day, refusals of bad input, pages in a stable order."""

from datetime import date

import pytest
from django.utils import timezone

from actionplan import roles
from actionplan.models import Paper
from tests.conftest import make_user
from tests.factories import EvidenceFactory, PaperFactory, issued_paper

SLUG = "herefordshire-jar-2006"


@pytest.fixture
def reader(token_of):
    return token_of(make_user("reader", roles.VIEWER))[1]


def all_rows(client, headers, **params):
    rows, page = [], 1
    while True:
        body = client.get("/api/v1/actions/", {**params, "page": page}, **headers).json()
        rows += body["results"]
        if not body["next"]:
            return rows
        page += 1


def test_overdue_as_at_19_may_2006_lists_open_actions_past_a_clean_due_date(client, hereford, reader):
    rows = all_rows(client, reader, plan=SLUG, as_at="2006-05-19", overdue="true")
    assert rows
    for row in rows:
        assert row["status"] not in ("completed", "cancelled")
        assert row["date_flag"] is None
        assert date.fromisoformat(row["due_date"]) < date(2006, 5, 19)


def test_action_10_5_whose_by_when_reads_jun_05_is_never_overdue(client, hereford, reader):
    """ "Jun 05" is before the plan began: the date is flagged, so it heads no overdue list."""
    refs = {r["reference"] for r in all_rows(client, reader, plan=SLUG, as_at="2006-05-19", overdue="true")}
    assert "10.5" not in refs
    one = client.get("/api/v1/actions/", {"plan": SLUG, "q": "10.5"}, **reader).json()["results"]
    assert [(r["reference"], r["by_when"]) for r in one] == [("10.5", "Jun 05")]
    assert one[0]["date_flag"] is not None


def test_fewer_actions_were_overdue_in_march_than_in_may_2006(client, hereford, reader):
    march = client.get("/api/v1/actions/", {"plan": SLUG, "as_at": "2006-03-01", "overdue": "true"}, **reader)
    may = client.get("/api/v1/actions/", {"plan": SLUG, "as_at": "2006-05-19", "overdue": "true"}, **reader)
    assert march.json()["count"] < may.json()["count"]


def test_filters_by_status_rag_lead_and_due_dates(client, hereford, reader):
    day = {"plan": SLUG, "as_at": "2006-05-19"}
    completed = all_rows(client, reader, **day, status="completed")
    assert completed
    assert {r["status"] for r in completed} == {"completed"}
    red_or_amber = all_rows(client, reader, **day, rag="red,amber")
    assert red_or_amber
    assert {r["rag"] for r in red_or_amber} <= {"red", "amber"}
    hl = all_rows(client, reader, **day, lead="hl")
    assert hl
    assert all("HL" in r["leads"] for r in hl)
    window = all_rows(client, reader, **day, due_after="2006-03-01", due_before="2006-03-31")
    assert window
    assert all("2006-03-01" <= r["due_date"] <= "2006-03-31" for r in window)


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"overdu": "true"}, "overdu", "Unknown query parameter 'overdu'"),
        ({"as_at": "19/05/2006"}, "as_at", "is not a date; use YYYY-MM-DD"),
        ({"as_at": "2999-01-01"}, "as_at", "must be today or in the past"),
        ({"plan": SLUG, "as_at": "2005-01-01"}, "as_at", "on or after 1 December 2005, when the plan began"),
        ({"status": "done"}, "status", "'done' is not a status"),
        ({"rag": "purple"}, "rag", "'purple' is not a RAG"),
        ({"plan": "nowhere"}, "plan", "No plan 'nowhere'; plans: herefordshire-jar-2006"),
        ({"due_before": "soon"}, "due_before", "Date has wrong format"),
    ],
)
def test_bad_input_is_refused_with_the_field_and_a_message(client, hereford, reader, params, field, words):
    response = client.get("/api/v1/actions/", params, **reader)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == field
    assert words in error["message"]


def test_pages_of_25_in_plan_recommendation_and_action_order(client, hereford, reader):
    first = client.get("/api/v1/actions/", {"plan": SLUG}, **reader).json()
    assert len(first["results"]) == 25
    rows = all_rows(client, reader, plan=SLUG)
    assert len(rows) == first["count"]
    keys = [tuple(int(n) for n in r["reference"].split(".")) for r in rows]
    assert keys == sorted(keys)
    assert client.get("/api/v1/actions/", {"page": 999}, **reader).status_code == 404


def test_a_recommendation_not_yet_in_the_plan_is_not_found_on_that_day(client, world, token_of):
    _, headers = token_of(world.users["viewer"])
    world.plan.started_on = date(2005, 1, 1)
    world.plan.save()
    response = client.get(f"/api/v1/plans/{world.plan.slug}/recommendations/1/", {"as_at": "2005-06-01"}, **headers)
    assert response.status_code == 404
    assert response.json()["errors"][0]["message"] == "Recommendation 1 was not yet in the plan on that day"


def test_evidence_lists_its_file_through_the_signed_in_download_page(client, world, token_of):
    _, headers = token_of(world.users["viewer"])
    evidence = EvidenceFactory(action=world.mine)
    [row] = client.get(f"/api/v1/actions/{world.mine.pk}/evidence/", **headers).json()["results"]
    assert row["download"] == f"http://testserver/evidence/{evidence.pk}/"
    assert client.get(row["download"], **headers).status_code == 302  # a token alone does not fetch the file


def test_papers_lists_issued_papers_only_with_their_pdf_and_page(client, world, token_of):
    _, headers = token_of(world.users["clerk"])
    PaperFactory(plan=world.plan, kind=Paper.Kind.CABINET_REPORT, title="Draft")
    issued = PaperFactory(plan=world.plan, kind=Paper.Kind.CABINET_REPORT, title="Issued", issued_at=timezone.now())
    rows = client.get(f"/api/v1/plans/{world.plan.slug}/papers/", **headers).json()["results"]
    assert [(r["title"], r["pdf"]) for r in rows] == [("Issued", f"http://testserver/papers/{issued.pk}/pdf/")]


def test_a_paper_issued_with_its_web_page_links_that_page_and_says_whether_it_is_published(client, world, token_of):
    _, headers = token_of(world.users["viewer"])
    with_page = issued_paper(world.plan, public=True)
    pdf_only = PaperFactory(plan=world.plan, kind=Paper.Kind.SCRUTINY_NOTE, issued_at=timezone.now())
    rows = {r["id"]: r for r in client.get(f"/api/v1/plans/{world.plan.slug}/papers/", **headers).json()["results"]}
    assert (rows[with_page.pk]["html"], rows[with_page.pk]["public"]) == (
        f"http://testserver/papers/{with_page.pk}/issued/", True)
    assert (rows[pdf_only.pk]["html"], rows[pdf_only.pk]["public"]) == (None, False)
    assert rows[pdf_only.pk]["page"] == f"http://testserver/papers/{pdf_only.pk}/"
