"""A recommendation's reported RAG beside its actions' suggestion, on every surface that shows one:
the dashboard, the recommendation page (as at any date), the plan page, the changes page, the
scrutiny note and `export_plan` JSON; and the issue's "done when" for 19 May 2006."""

import json
import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from actionplan.models import Paper, Rag
from actionplan.rag import roll_up
from actionplan.selectors.snapshot import plan_snapshot

MAY_19 = date(2006, 5, 19)
REPORTED_GREEN_ON_19_MAY = (1, 4, 8)  # the 19 May 2006 summary progress report: the rest Amber


@pytest.fixture
def director(client, hereford, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("sf", first_name="Sue", last_name="Fiennes")
    user.groups.add(Group.objects.get(name="Director"))
    client.force_login(user)
    return client


def suggested_from_actions(plan, day):
    """The roll-up of each recommendation's actions' RAGs, in Python from the snapshot's actions
    (the dashboard counts the same in the database)."""
    return {r.number: roll_up(a.rag for a in r.actions) for r in plan_snapshot(plan, day).recommendations}


def rag_cells(html: str, number: int) -> tuple[str, str]:
    """The dashboard's two RAG cells (reported else suggested; suggested) of recommendation `number`."""
    table = html[html.index('aria-label="Actions by recommendation"'):]
    row = re.search(rf'<tr class="govuk-table__row">\s*<th scope="row"[^>]*><a class="govuk-link" '
                    rf'href="[^"]*/recommendations/{number}/[^"]*">.*?</tr>', table, re.S)
    assert row, f"no dashboard row for recommendation {number}"
    cells = re.findall(r'<td class="govuk-table__cell app-dashboard-table__rag">(.*?)</td>', row[0], re.S)
    assert len(cells) == 2
    return cells[0], cells[1]


def first_tag(cell: str) -> str:
    return re.search(r'app-rag">(\w+)</strong>', cell)[1]


def test_as_at_19_may_2006_the_reported_rag_leads_with_the_suggestion_and_why_beside_it(director, hereford):
    suggested = suggested_from_actions(hereford, MAY_19)
    html = director.get(reverse("dashboard", args=[hereford.slug]), {"as_at": "2006-05-19"}).content.decode()
    board_rows = {r.number: r for r in director.get(reverse("dashboard", args=[hereford.slug]),
                                                      {"as_at": "2006-05-19"}).context["board"].recommendations}
    assert len(board_rows) == 17
    for number in range(1, 18):
        lead, beside = rag_cells(html, number)
        reported = "Green" if number in REPORTED_GREEN_ON_19_MAY else "Amber"
        assert first_tag(lead) == reported, number
        assert "Summary progress report of 19 May 2006:" in lead
        assert first_tag(beside) == Rag(suggested[number]).label, number
        view = board_rows[number].rag_view
        if reported.lower() != suggested[number]:
            assert escape(view.difference) in beside
            assert view.difference.startswith(f"Reported {reported} on 19 May 2006 (summary progress report); "
                                              f"the actions suggest {Rag(suggested[number]).label}: ")
        else:
            assert view.difference is None
            assert "Same as reported" in beside
    # The recommendation counts lead with the lead RAG, and say so.
    counts = {rag: (lead, sugg) for rag, lead, sugg in director.get(
        reverse("dashboard", args=[hereford.slug]), {"as_at": "2006-05-19"}).context["board"].recommendation_rags}
    assert counts[Rag.GREEN][0] == 3
    assert counts[Rag.AMBER][0] == 14
    assert counts[Rag.GREEN][1] == sum(1 for r in suggested.values() if r == Rag.GREEN)
    assert "17 of 17 recommendations had a reported RAG by 19 May 2006" in html


def test_export_plan_as_at_19_may_carries_reported_suggested_lead_and_difference(hereford, tmp_path):
    out = tmp_path / "plan.json"
    call_command("export_plan", hereford.slug, "--format", "json", "--as-at", "2006-05-19", "-o", str(out),
                 stdout=StringIO())
    recs = {r["number"]: r for r in json.loads(out.read_text())["recommendations"]}
    suggested = suggested_from_actions(hereford, MAY_19)
    for number, r in recs.items():
        reported = Rag.GREEN if number in REPORTED_GREEN_ON_19_MAY else Rag.AMBER
        assert r["rag"] == reported, number
        assert r["reported_rag"]["rag"] == reported
        assert (r["reported_rag"]["date"], r["reported_rag"]["source"]) == ("2006-05-19", "summary")
        assert r["reported_rag"]["reason"][:15] in r["summary"]["text"]  # its first sentence
        assert r["suggested_rag"] == suggested[number]
        assert (r["rag_difference"] is not None) == (reported != suggested[number])
    assert recs[1]["reported_rag"]["reason"] == "All milestones /actions now completed."


def test_the_scrutiny_note_leads_with_the_reported_rag_and_says_why_it_differs(client, hereford, django_user_model):
    from django.contrib.auth.models import Group

    clerk = django_user_model.objects.create_user("clerk")
    clerk.groups.add(Group.objects.get(name="Clerk"))
    client.force_login(clerk)
    paper = Paper.objects.get(plan=hereford, kind=Paper.Kind.SCRUTINY_NOTE)
    assert paper.as_at == MAY_19
    html = client.get(reverse("paper_preview", args=[paper.pk])).content.decode()
    suggested = suggested_from_actions(hereford, MAY_19)
    assert '<th scope="col">RAG (reported, else suggested)</th><th scope="col">Suggested from the actions</th>' in html
    rows = re.findall(r'<tr>\s*<td><span class="ref">(\d+)\.</span>.*?</tr>', html, re.S)
    assert len(rows) == 17
    for row in re.finditer(r'<tr>\s*<td><span class="ref">(\d+)\.</span>(.*?)</tr>', html, re.S):
        number, body = int(row[1]), row[2]
        tags = re.findall(r'class="rag rag--(\w+)"', body)
        reported = Rag.GREEN if number in REPORTED_GREEN_ON_19_MAY else Rag.AMBER
        assert tags == [reported, suggested[number]], number  # reported first, the suggestion beside it
        assert "Reported 19 May 2006 (summary progress report)" in body
        assert ("Why the RAGs differ: Reported" in body) == (reported != suggested[number])


def test_the_recommendation_page_shows_both_as_at_any_date(director, hereford):
    url = reverse("recommendation_detail", args=[hereford.slug, 1])
    may = director.get(url, {"as_at": "2006-05-19"})
    html = may.content.decode()
    state = may.context["state"]
    assert "RAG as at 19 May 2006: reported and suggested" in html
    assert "Summary progress report of 19 May 2006: All milestones /actions now completed." in html
    assert state.rag == Rag.GREEN
    assert state.suggested_rag == suggested_from_actions(hereford, MAY_19)[1]
    assert ("Why they differ" in html) == (state.suggested_rag != Rag.GREEN)
    if state.rag_view.differs:
        assert escape(state.rag_view.difference) in html
    assert "Actions as at 19 May 2006" in html

    # Before the summary progress report, nothing was reported: the suggestion leads, and says so.
    march = director.get(url, {"as_at": "2006-03-01"})
    html = march.content.decode()
    assert march.context["state"].reported is None
    assert "None reported by 1 March 2006" in html
    assert "Suggested from the actions" in html
    assert "Why they differ" not in html

    bad = director.get(url, {"as_at": "2999-01-01"})
    assert "The as-at date must be today or in the past" in bad.content.decode()


def test_the_plan_page_and_the_changes_page_show_the_reported_rag_beside_the_suggestion(director, hereford):
    plan_html = director.get(reverse("plan_detail", args=[hereford.slug])).content.decode()
    assert plan_html.count("Reported 19 May 2006 (summary progress report)") == 17
    changes = director.get(reverse("changes", args=[hereford.slug]), {"from": "2006-05-18", "to": "2006-05-19"})
    html = changes.content.decode()
    rec1 = next(r for r in changes.context["changes"].recommendations if r.number == 1)
    assert (rec1.rag_after, rec1.reported_before) == (Rag.GREEN, None)
    assert rec1.rag_reason.startswith("Summary progress report of 19 May 2006: All milestones")
    assert "Suggested from the actions" in html
    assert escape(rec1.rag_reason) in html


def test_a_recommendation_with_nothing_reported_leads_with_its_suggestion(client, world, tmp_path):
    client.force_login(world.users["director"])
    html = client.get(reverse("recommendation_detail", args=[world.plan.slug, 1])).content.decode()
    assert "None reported by today" in html
    out = tmp_path / "plan.json"
    call_command("export_plan", world.plan.slug, "--format", "json", "-o", str(out), stdout=StringIO())
    [rec] = json.loads(out.read_text())["recommendations"]
    assert rec["reported_rag"] is None
    assert rec["rag"] == rec["suggested_rag"] is not None
    assert rec["rag_difference"] is None
