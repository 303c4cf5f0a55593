"""A plan manager edits actions and recommendations; a director sets a recommendation's RAG.

Everything here goes through the pages (URLs and what they show), as the people using them would.
"""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actionplan.dates import uk_date
from actionplan.models import Recommendation
from tests.conftest import make_user


def action_form_data(form_page, **changes) -> dict:
    """What a browser would send back from the action form as opened: its fields, changed as typed."""
    form = form_page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(changes)
    return data


def _v(obj) -> int:
    """The version a form opened on obj now would carry."""
    obj.refresh_from_db()
    return obj.version


def latest_history(obj):
    return obj.history.order_by("-history_id").first()


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- the action edit form ---------------------------------------------------------------------

def test_plan_manager_edits_an_action_and_sees_it_on_its_page_and_in_its_history(client, world):
    client.force_login(world.users["manager"])
    url = reverse("action_edit", args=[world.mine.pk])
    opened = client.get(url)
    assert opened.status_code == 200
    assert "Edit action 1.1" in opened.content.decode()
    data = action_form_data(opened, description="Discussion paper revised with the LSCB", by_when_text="End Apr 06",
                            leads=[world.sf.pk], lead_text="SF", reason="Agreed at the Action Plan Group on 7 March")
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("action_detail", args=[world.mine.pk])
    html = page(client, response["Location"])
    assert "Action 1.1 saved" in html
    assert "Discussion paper revised with the LSCB" in html
    assert "End Apr 06" in html
    assert "30 April 2006" in html
    world.mine.refresh_from_db()
    assert world.mine.due_date == date(2006, 4, 30)
    assert world.mine.version == 2
    assert list(world.mine.leads.values_list("person__initials", flat=True)) == ["SF"]
    row = latest_history(world.mine)
    assert (row.history_user, row.history_change_reason) == (
        world.users["manager"], "Agreed at the Action Plan Group on 7 March"
    )


def test_an_edit_without_a_description_is_refused_beside_the_field_and_nothing_changes(client, world):
    client.force_login(world.users["manager"])
    url = reverse("action_edit", args=[world.mine.pk])
    response = client.post(url, action_form_data(client.get(url), description="   ", partners="Police, PCT"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Enter action to be taken" in html
    assert "Police, PCT" in html  # what was typed is kept
    world.mine.refresh_from_db()
    assert world.mine.description == "Discussion paper to be prepared"
    assert world.mine.version == 1


def test_two_managers_edit_one_action_and_the_second_save_gets_the_conflict_page(client, world):
    """Both open the form; the first saves; the second sees the other's change, keeps what they typed."""
    other_manager = make_user("manager2", "Plan manager", first_name="Jane", last_name="Jones")
    first, second = Client(), client
    first.force_login(other_manager)
    second.force_login(world.users["manager"])
    url = reverse("action_edit", args=[world.mine.pk])
    first_form, second_form = first.get(url), second.get(url)

    saved = first.post(url, action_form_data(first_form, description="Paper to go to the LSCB in April",
                                             reason="Date moved by the LSCB"))
    assert saved.status_code == 302
    response = second.post(url, action_form_data(second_form, description="Paper to be prepared with the police",
                                                 partners="West Mercia Police"))
    html = response.content.decode()
    assert response.status_code == 409
    assert "Jane Jones saved this action after you opened this page. Nothing you typed has been saved yet." in html
    assert "Jane Jones, " in html  # who
    assert "Date moved by the LSCB" in html  # and why
    assert "Action to be taken: Discussion paper to be prepared → Paper to go to the LSCB in April" in html
    assert "Paper to be prepared with the police" in html
    assert "West Mercia Police" in html  # what was typed is kept
    world.mine.refresh_from_db()
    assert world.mine.description == "Paper to go to the LSCB in April"
    assert world.mine.version == 2

    # The conflict page's form now carries the current version: saving again applies the second edit.
    again = second.post(url, action_form_data(response, description="Paper to be prepared with the police",
                                              partners="West Mercia Police"))
    assert again.status_code == 302
    world.mine.refresh_from_db()
    assert world.mine.description == "Paper to be prepared with the police"
    assert world.mine.version == 3
    assert latest_history(world.mine).history_user == world.users["manager"]


# --- recommendations ----------------------------------------------------------------------------

def test_plan_manager_adds_a_recommendation_and_finds_it_on_the_plan(client, world):
    client.force_login(world.users["manager"])
    response = client.post(
        reverse("recommendation_add", args=[world.plan.slug]),
        {"number": 2, "text": "Make sure thresholds for services are understood", "group": world.group.pk,
         "reason": "Added after the annual review"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("recommendation_detail", args=[world.plan.slug, 2])
    html = page(client, response["Location"])
    assert "Recommendation 2 added" in html
    assert "Make sure thresholds for services are understood" in html
    assert "0 of 0 actions completed" in html
    assert "Make sure thresholds for services are understood" in page(
        client, reverse("plan_detail", args=[world.plan.slug])
    )
    rec = Recommendation.objects.get(plan=world.plan, number=2)
    row = latest_history(rec)
    assert (row.history_user, row.history_change_reason) == (world.users["manager"], "Added after the annual review")


def test_a_recommendation_number_already_used_is_refused(client, world):
    client.force_login(world.users["manager"])
    response = client.post(reverse("recommendation_add", args=[world.plan.slug]),
                           {"number": 1, "text": "A second recommendation 1", "group": world.group.pk, "reason": ""})
    assert response.status_code == 400
    assert "Recommendation 1 already exists in this plan" in response.content.decode()
    assert world.plan.recommendations.count() == 1


def test_plan_manager_edits_a_recommendation(client, world):
    later = world.plan.groups.create(name="June 2006 –", order=2)
    client.force_login(world.users["manager"])
    url = reverse("recommendation_edit", args=[world.plan.slug, 1])
    assert "Ensure that things improve." in page(client, url)
    response = client.post(url, {"version": _v(world.rec), "number": 1,
                                 "text": "Ensure that referrals are acknowledged within a day",
                                 "group": later.pk, "reason": "Reworded at the inspectors' request"})
    assert response.status_code == 302
    html = page(client, response["Location"])
    assert "Recommendation 1 saved" in html
    assert "Ensure that referrals are acknowledged within a day" in html
    assert "June 2006 –" in html
    world.rec.refresh_from_db()
    assert world.rec.group == later
    row = latest_history(world.rec)
    assert (row.history_user, row.history_change_reason) == (
        world.users["manager"], "Reworded at the inspectors' request"
    )


def test_cancelling_a_recommendation_needs_a_reason_and_cancels_its_actions(client, world):
    client.force_login(world.users["manager"])
    url = reverse("recommendation_cancel", args=[world.plan.slug, 1])
    assert "recommendation 1" in page(client, url)
    refused = client.post(url, {"reason": "  ", "version": _v(world.rec)})
    assert refused.status_code == 400
    assert "Give the reason for cancelling the recommendation" in refused.content.decode()
    world.rec.refresh_from_db()
    assert not world.rec.cancelled

    response = client.post(url, {"reason": "Merged into recommendation 2", "version": _v(world.rec)})
    assert response.status_code == 302
    html = page(client, response["Location"])
    assert "Recommendation 1 and its actions cancelled; they stay in the record" in html
    assert "Cancel recommendation" not in html  # nothing left to cancel
    assert html.count("Cancelled") >= 2  # both actions, still listed
    world.rec.refresh_from_db()
    assert world.rec.cancelled
    assert set(world.rec.actions.values_list("status", flat=True)) == {"cancelled"}
    assert latest_history(world.rec).history_user == world.users["manager"]
    assert "Merged into recommendation 2" in latest_history(world.rec).history_change_reason
    assert "Merged into recommendation 2" in latest_history(world.theirs).history_change_reason


# --- the director's RAG and summary ---------------------------------------------------------------

@pytest.fixture
def director(client, world):
    client.force_login(world.users["director"])
    return client


def _other_rag(response) -> str:
    """A RAG other than the one the actions suggest, so that setting it is an override."""
    suggested = response.context["suggested"]
    return "green" if suggested != "green" else "red"


def test_director_sets_the_rag_with_a_reason_and_it_shows_on_the_page_in_history_and_changes(director, world):
    url = reverse("recommendation_rag", args=[world.plan.slug, 1])
    opened = director.get(url)
    assert "Its actions suggest" in opened.content.decode()
    rag = _other_rag(opened)
    today = timezone.localdate()
    response = director.post(url, {"version": _v(world.rec),
                                   "rag": rag, "reason": "Both actions agreed at the LSCB on 7 March",
                                   "summary_date": today.isoformat(), "summary": "The paper is with the LSCB."})
    assert response.status_code == 302
    assert response["Location"] == reverse("recommendation_detail", args=[world.plan.slug, 1])
    html = page(director, response["Location"])
    assert "Recommendation 1 updated" in html
    assert f'app-rag">{rag.title()}</strong>' in html
    assert f"Set by Sue Fiennes on {uk_date(today)}: Both actions agreed at the LSCB on 7 March" in html
    assert "The paper is with the LSCB." in html

    world.rec.refresh_from_db()
    assert (world.rec.rag_override, world.rec.version) == (rag, 2)
    row = latest_history(world.rec)
    assert row.history_user == world.users["director"]
    assert row.history_change_reason == f"RAG set to {rag.title()}: Both actions agreed at the LSCB on 7 March"
    summary = world.rec.summaries.get()
    assert (summary.author, summary.rag, summary.date) == (world.users["director"], rag, today)

    changes = page(director, reverse("changes", args=[world.plan.slug])
                   + f"?from={(today - timedelta(days=1)).isoformat()}&to={today.isoformat()}")
    assert "Both actions agreed at the LSCB on 7 March" in changes


def test_choosing_the_rag_the_actions_suggest_sets_nothing_by_hand_and_clears_a_rag_set_before(director, world):
    url = reverse("recommendation_rag", args=[world.plan.slug, 1])
    opened = director.get(url)
    suggested = opened.context["suggested"]
    director.post(url, {"version": _v(world.rec),
                        "rag": _other_rag(opened), "reason": "Agreed at the board", "summary_date": "",
                        "summary": ""})
    world.rec.refresh_from_db()
    assert world.rec.rag_override == _other_rag(opened)

    today = timezone.localdate()
    response = director.post(url, {"version": _v(world.rec),
                                   "rag": suggested, "reason": "", "summary_date": today.isoformat(),
                                   "summary": "Still behind on both actions."})
    assert response.status_code == 302
    world.rec.refresh_from_db()
    assert (world.rec.rag_override, world.rec.rag_override_reason) == ("", "")  # follows its actions again
    assert latest_history(world.rec).history_change_reason == (
        f"RAG {suggested.title()} chosen, the RAG its actions suggest: nothing set by hand"
    )
    assert world.rec.summaries.get().rag == suggested  # the summary carries the RAG the director chose
    html = page(director, response["Location"])
    assert f"Summary progress report of {uk_date(today)}: Still behind on both actions." in html


def test_a_rag_other_than_the_actions_needs_a_reason_and_nothing_is_saved_without_one(director, world):
    url = reverse("recommendation_rag", args=[world.plan.slug, 1])
    rag = _other_rag(director.get(url))
    response = director.post(url, {"version": _v(world.rec),
                                   "rag": rag, "reason": " ", "summary_date": "", "summary": ""})
    assert response.status_code == 400
    assert "Give a reason for setting a RAG other than that of its actions" in response.content.decode()
    world.rec.refresh_from_db()
    assert world.rec.rag_override == ""
    assert world.rec.version == 1


def test_a_summary_needs_its_date(director, world):
    url = reverse("recommendation_rag", args=[world.plan.slug, 1])
    response = director.post(url, {"version": _v(world.rec),
                                   "rag": "", "reason": "", "summary_date": "", "summary": "Work continues"})
    assert response.status_code == 400
    assert "Enter the date the summary speaks of" in response.content.decode()
    assert not world.rec.summaries.exists()


def test_director_removes_the_rag_set_by_hand_and_the_actions_rag_applies_again(director, world):
    url = reverse("recommendation_rag", args=[world.plan.slug, 1])
    rag = _other_rag(director.get(url))
    director.post(url, {"version": _v(world.rec),
                        "rag": rag, "reason": "Agreed at the board", "summary_date": "", "summary": ""})
    response = director.post(url, {"version": _v(world.rec),
                                   "rag": "", "reason": "", "summary_date": "", "summary": ""})
    assert response.status_code == 302
    html = page(director, response["Location"])
    assert "Set by a director" not in html
    world.rec.refresh_from_db()
    assert (world.rec.rag_override, world.rec.rag_override_reason, world.rec.version) == ("", "", 3)
    row = latest_history(world.rec)
    assert row.history_user == world.users["director"]
    assert row.history_change_reason == "RAG override removed; the actions' RAG applies"
    assert not world.rec.summaries.exists()  # no summary typed, none written


# --- a cancelled action -----------------------------------------------------------------------------

def test_a_note_on_a_cancelled_action_does_not_quietly_reopen_it(client, world):
    """The progress form has no "Cancelled" status, so it opens on "Not started": saving a note from it
    used to reinstate the cancelled action without anyone choosing to. It is refused and nothing changes."""
    client.force_login(world.users["manager"])
    client.post(reverse("action_cancel", args=[world.mine.pk]), {"reason": "Duplicate of 1.2",
                                                                 "version": _v(world.mine)})
    client.force_login(world.users["officer"])
    url = reverse("action_update", args=[world.mine.pk])
    form = client.get(url).context["form"]
    status_sent = form.fields["status"].choices[0][0]  # what a browser sends when no option is selected
    response = client.post(url, {"version": form["version"].value(), "status": status_sent, "note_date": "2006-03-01",
                                 "note_text": "Spoke to the LSCB chair", "rag": "", "rag_reason": ""})
    assert response.status_code == 400
    assert "This action was cancelled" in response.content.decode()
    world.mine.refresh_from_db()
    assert world.mine.status == "cancelled"
    assert not world.mine.notes.exists()
