"""The sign-off pages as a lead, a plan manager and a director use them."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actionplan.models import CompletionClaim, ProgressNote
from actionplan.services.versions import current_version
from tests.factories import CompletionClaimFactory, EvidenceFactory, NoteFactory


@pytest.fixture
def signoff_world(world):
    world.plan.completion_needs_signoff = True
    world.plan.save()
    world.users["officer"].email = "henry.lewis@example.gov.uk"
    world.users["officer"].save()
    return world


def post_update(client, action, **data):
    base = {"version": action.version, "status": "completed", "note_date": timezone.localdate().isoformat(),
            "note_text": "", "rag": "", "rag_reason": ""}
    return client.post(reverse("action_update", args=[action.pk]), {**base, **data})


def test_lead_completes_an_action_and_it_shows_awaiting_sign_off(client, signoff_world):
    w = signoff_world
    client.force_login(w.users["officer"])
    form = client.get(reverse("action_update", args=[w.mine.pk])).content.decode()
    assert "Completing this action needs sign-off" in form
    response = post_update(client, w.mine, note_text="Thresholds agreed with the LSCB")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "its completion is awaiting sign-off by a plan manager or director" in page
    assert "Completion awaiting sign-off" in page
    assert "Review this completion" not in page  # the lead cannot sign off their own work
    form = client.get(reverse("action_update", args=[w.mine.pk]))
    assert form.context["form"].initial["status"] == "completed"


def test_evidence_required_is_refused_with_a_message_naming_it_and_keeps_what_was_typed(client, signoff_world):
    w = signoff_world
    w.plan.completion_needs_evidence = True
    w.plan.save()
    client.force_login(w.users["officer"])
    response = post_update(client, w.mine, note_text="Thresholds agreed with the LSCB")
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "this plan needs evidence for every completion" in html
    assert 'href="#id_evidence_file"' in html
    assert "Thresholds agreed with the LSCB" in html
    assert not ProgressNote.objects.exists()
    assert not CompletionClaim.objects.exists()


def test_inbox_lists_waiting_completions_oldest_first_with_their_evidence(client, signoff_world):
    w = signoff_world
    now = timezone.now()
    newer = CompletionClaimFactory(action=w.theirs, claimed_by=w.users["director"], claimed_at=now)
    older = CompletionClaimFactory(action=w.mine, claimed_by=w.users["officer"], claimed_at=now - timedelta(days=3),
                                   note=NoteFactory(action=w.mine, text="All done"))
    EvidenceFactory(action=w.mine, original_name="signed-minutes.pdf")
    CompletionClaimFactory(action=w.mine, state="returned", claimed_at=now - timedelta(days=9))
    client.force_login(w.users["manager"])
    response = client.get(reverse("signoff_inbox"))
    assert [c.pk for c in response.context["claims"]] == [older.pk, newer.pk]
    html = response.content.decode()
    assert html.index("Action 1.1") < html.index("Action 1.2")
    assert "3 days ago" in html
    assert "All done" in html
    assert "signed-minutes.pdf" in html
    # The director claimed 1.2: in the director's inbox it cannot be accepted by them.
    client.force_login(w.users["director"])
    director = client.get(reverse("signoff_inbox"))
    assert [c.own for c in director.context["claims"]] == [False, True]
    assert director.content.decode().count('name="decision" value="accept"') == 1


def test_accept_from_the_inbox_shows_a_banner_and_completes_the_action(client, signoff_world,
                                                                       django_capture_on_commit_callbacks):
    w = signoff_world
    claim = CompletionClaimFactory(action=w.mine, claimed_by=w.users["officer"])
    client.force_login(w.users["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("signoff_review", args=[claim.pk]),
                               {"version": claim.version, "decision": "accept"}, follow=True)
    html = response.content.decode()
    assert "Completion of action 1.1 accepted: it counts as completed from today" in html
    assert "No completions are waiting for sign-off" in html
    w.mine.refresh_from_db()
    assert (w.mine.status, w.mine.completed_on) == ("completed", timezone.localdate())
    assert [m.to for m in mail.outbox] == [["henry.lewis@example.gov.uk"]]


def test_return_without_a_comment_is_refused_on_the_page(client, signoff_world):
    w = signoff_world
    claim = CompletionClaimFactory(action=w.mine, claimed_by=w.users["officer"])
    client.force_login(w.users["director"])
    page = client.get(reverse("signoff_review", args=[claim.pk]) + "?decision=return")
    assert page.context["form"].initial["decision"] == "return"
    response = client.post(reverse("signoff_review", args=[claim.pk]), {"version": claim.version,
                                                                        "decision": "return", "comment": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter a comment saying why the completion is returned" in html
    assert 'href="#id_comment"' in html
    claim.refresh_from_db()
    assert claim.state == "pending"


def test_lead_sees_the_returned_comment_on_the_action(client, signoff_world):
    w = signoff_world
    claim = CompletionClaimFactory(action=w.mine, claimed_by=w.users["officer"])
    client.force_login(w.users["director"])
    client.post(reverse("signoff_review", args=[claim.pk]),
                {"version": claim.version, "decision": "return", "comment": "Attach the signed minutes"})
    client.force_login(w.users["officer"])
    html = client.get(reverse("action_detail", args=[w.mine.pk])).content.decode()
    assert "Completion returned" in html
    assert "Attach the signed minutes" in html
    assert "Completion returned to the lead" in html  # in the history, with who and why


def test_a_completion_decided_meanwhile_is_not_decided_twice(client, signoff_world):
    w = signoff_world
    claim = CompletionClaimFactory(action=w.mine, claimed_by=w.users["officer"])
    opened = claim.version
    client.force_login(w.users["director"])
    client.post(reverse("signoff_review", args=[claim.pk]),
                {"version": opened, "decision": "return", "comment": "Not yet"})
    client.force_login(w.users["manager"])
    response = client.post(reverse("signoff_review", args=[claim.pk]), {"version": opened, "decision": "accept"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Sue Fiennes already returned this completion" in html
    assert "Nothing you entered here has been saved" in html
    w.mine.refresh_from_db()
    assert w.mine.status == "not_started"


def test_settings_page_turns_both_rules_off_again(client, signoff_world):
    w = signoff_world
    client.force_login(w.users["manager"])
    url = reverse("plan_signoff_settings", args=[w.plan.slug])
    page = client.get(url)
    assert page.context["form"].initial == {"needs_signoff": True, "needs_evidence": False,
                                            "version": current_version(w.plan)}
    response = client.post(url, {"version": current_version(w.plan)})  # both boxes cleared, no reason
    assert response.status_code == 302
    w.plan.refresh_from_db()
    assert w.plan.completion_needs_signoff is False
    detail = client.get(reverse("plan_detail", args=[w.plan.slug])).content.decode()
    assert "Sign-off settings saved" in detail
    assert "does not need sign-off" in detail
