"""Finding an action by reference from the home page and the action list (views.lists)."""

import re

from django.urls import reverse

from actionplan.models import ActionLead
from tests.factories import ActionFactory, PlanFactory, RecommendationFactory

# What the list page's filter form sends when only the search box was filled in.
EMPTY_FILTERS = {"plan": "", "lead": "", "due_after": "", "due_before": "", "update": ""}


def listed(response) -> list[str]:
    """The references in the list's table, in order."""
    return re.findall(r'href="/actions/\d+/">([\d.]+)</a>', response.content.decode())


def test_the_home_page_offers_a_search_for_actions(client, world):
    client.force_login(world.users["officer"])
    html = client.get(reverse("home")).content.decode()
    form = re.search(r'<form method="get" action="([^"]+)" role="search".*?</form>', html, re.S)
    assert form is not None
    assert form[1] == reverse("action_list")
    assert '<label class="govuk-label govuk-label--s" for="home-search">Find an action</label>' in form[0]
    assert re.search(r'<input [^>]*id="home-search" name="q" type="search"', form[0])
    assert ">Search</button>" in form[0]


def test_an_exact_reference_opens_the_action(client, world):
    client.force_login(world.users["officer"])
    response = client.get(reverse("action_list"), {"q": "1.1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("action_detail", args=[world.mine.pk]) + "?search=1.1"
    page = client.get(response["Location"]).content.decode()
    assert "The only action found for “1.1”." in page
    assert f'href="{reverse("action_list")}?q=1.1&amp;list=1">Show it in the list of actions</a>' in page


def test_a_reference_typed_loosely_opens_the_action_and_is_named_tidily(client, world):
    client.force_login(world.users["viewer"])
    for typed in ("1 .1", "action 1.1", "R1.1", " 1.1 "):
        response = client.get(reverse("action_list"), {"q": typed, **EMPTY_FILTERS})
        assert response["Location"] == reverse("action_detail", args=[world.mine.pk]) + "?search=1.1", typed


def test_the_plan_filter_narrows_where_to_look_and_still_opens_the_action(client, world):
    client.force_login(world.users["viewer"])
    elsewhere = RecommendationFactory(plan=PlanFactory(slug="other"), number=1)
    ActionFactory(recommendation=elsewhere, position=1, description="Another plan's 1.1")
    both = client.get(reverse("action_list"), {"q": "1.1"})
    assert both.status_code == 200  # two plans have a 1.1: the list shows both
    assert listed(both) == ["1.1", "1.1"]
    response = client.get(reverse("action_list"), {"q": "1.1", **EMPTY_FILTERS, "plan": "jar"})
    assert response["Location"].startswith(reverse("action_detail", args=[world.mine.pk]))


def test_other_filters_keep_the_list(client, world):
    client.force_login(world.users["viewer"])
    kept = client.get(reverse("action_list"), {"q": "1.1", "status": "not_started"})
    assert kept.status_code == 200
    assert listed(kept) == ["1.1"]
    assert 'value="1.1"' in kept.content.decode()
    none = client.get(reverse("action_list"), {"q": "1.1", "status": "completed"})
    assert listed(none) == []
    assert "There is no action" not in none.content.decode()  # it exists; the filter left it out


def test_asking_for_the_list_shows_the_list(client, world):
    client.force_login(world.users["viewer"])
    response = client.get(reverse("action_list"), {"q": "1.1", "list": "1"})
    assert response.status_code == 200
    assert listed(response) == ["1.1"]


def test_a_reference_that_does_not_exist_says_so(client, world):
    client.force_login(world.users["viewer"])
    html = client.get(reverse("action_list"), {"q": "1.42", **EMPTY_FILTERS}).content.decode()
    assert "There is no action 1.42 in this plan. Recommendation 1 has actions 1.1 to 1.2." in html
    assert "0 actions found" in html
    html = client.get(reverse("action_list"), {"q": "rec 7"}).content.decode()
    assert "There is no recommendation 7 in this plan." in html


def test_initials_and_words_combine(client, world):
    client.force_login(world.users["viewer"])
    extra = ActionFactory(recommendation=world.rec, position=3, description="Audit the discussion paper")
    ActionLead.objects.create(action=extra, person=world.sf)
    assert listed(client.get(reverse("action_list"), {"q": "hl"})) == ["1.1"]
    assert listed(client.get(reverse("action_list"), {"q": "paper"})) == ["1.1", "1.3"]
    assert listed(client.get(reverse("action_list"), {"q": "paper SF"})) == ["1.3"]
    assert listed(client.get(reverse("action_list"), {"q": "rec 1 sf"})) == ["1.2", "1.3"]


def test_a_search_too_long_is_refused_in_words(client, world):
    client.force_login(world.users["viewer"])
    html = client.get(reverse("action_list"), {"q": "audit " * 20}).content.decode()
    assert "Search must be 100 characters or fewer" in html


def test_the_workbook_of_a_search_has_the_actions_listed(client, world):
    """The export reads the same search: never a redirect, the one action."""
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(world.users["viewer"])
    response = client.get(reverse("action_list_export_xlsx"), {"q": "1.1"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).worksheets[0]
    descriptions = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert "Discussion paper to be prepared" in descriptions
    assert "LSCB Subgroup to meet" not in descriptions
