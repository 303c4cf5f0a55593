"""Filters the action list cannot apply are named in a GOV.UK error summary at the top of the page, each
linked to its box, and no list is shown that would quietly leave them out (issue 13)."""

from django.urls import reverse


def test_an_impossible_date_in_the_filters_gets_an_error_summary_and_no_misleading_list(client, world):
    client.force_login(world.users["viewer"])
    response = client.get(reverse("action_list"), {"due_after-day": "31", "due_after-month": "2",
                                                   "due_after-year": "2006", "status": "nonsense"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Actions" in html
    summary = html[html.index('class="govuk-error-summary"'):html.index("</h1>")]
    assert '<a href="#id_due_after-day">Due on or after must be a real date</a>' in summary
    assert "Status: select one of the options shown" in summary
    assert html.index('class="govuk-error-summary"') < html.index("<h1")  # above the heading, as GOV.UK asks
    assert 'id="id_due_after-error"' in html  # the message beside the boxes too
    assert 'value="31"' in html  # what was typed is kept
    assert "No actions are listed until the filters in error are corrected" in html
    assert "Discussion paper to be prepared" not in html


def test_filters_that_can_be_applied_list_the_actions_with_no_error(client, world):
    client.force_login(world.users["viewer"])
    response = client.get(reverse("action_list"), {"due_after-day": "1", "due_after-month": "1",
                                                   "due_after-year": "2006", "list": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" not in html
    assert "<title>Actions" in html
    assert "found ·" in html  # the count and the list, as asked
