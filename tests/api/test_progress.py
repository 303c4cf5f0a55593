"""Recording progress through the API: the form's rules, permission, version check and history."""

import pytest
from django.utils import timezone

from actionplan.models import Action, ProgressNote
from actionplan.rag import suggest_action_rag

URL = "/api/v1/actions/{}/progress/"


def post(client, action, headers, **body):
    return client.post(URL.format(action.pk), body, content_type="application/json", **headers)


def not_suggested(action, status="in_progress") -> str:
    """A RAG other than the one the rules suggest for the action at that status today."""
    suggested = suggest_action_rag(status=status, due_date=action.due_date, date_flag=action.date_flag,
                                   on=timezone.localdate())
    return next(rag for rag in ("red", "amber", "green") if rag != suggested)


@pytest.fixture
def officer(world, token_of):
    return token_of(world.users["officer"], name="Intranet feed")[1]


def test_a_write_appears_in_the_history_with_the_owner_and_the_tokens_name(client, world, officer):
    response = post(client, world.mine, officer, version=1, status="in_progress", note_date="2026-11-02",
                    note_text="Paper drafted and circulated")
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response.json()["status"] == "in_progress"
    latest = Action.objects.get(pk=world.mine.pk).history.first()
    assert latest.history_user == world.users["officer"]
    assert latest.history_change_reason == (
        "Status: Not started → In progress; Progress note added; via API (token Intranet feed)"
    )
    note = ProgressNote.objects.get(action=world.mine)
    assert note.history.first().history_change_reason == "Progress note added; via API (token Intranet feed)"


def test_a_stale_version_answers_409_with_the_current_version_and_writes_nothing(client, world, officer):
    assert post(client, world.mine, officer, version=1, status="in_progress").status_code == 200
    stale = post(client, world.mine, officer, version=1, status="delayed", note_date="2026-11-02",
                 note_text="Late")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert stale.json()["errors"][0]["field"] == "version"
    world.mine.refresh_from_db()
    assert world.mine.status == "in_progress"
    assert not ProgressNote.objects.exists()


def test_the_forms_rules_refuse_bad_input_naming_the_field_and_nothing_is_written(client, world, officer):
    response = post(client, world.mine, officer, version=1, status="in_progress", note_text="Done")
    assert response.status_code == 400
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors == {"note_date": "Enter the date the progress refers to"}
    reason = post(client, world.mine, officer, version=1, status="in_progress", rag=not_suggested(world.mine))
    assert {e["field"] for e in reason.json()["errors"]} == {"rag_reason"}
    unknown = post(client, world.mine, officer, version=1, status="in_progress", colour="red")
    assert unknown.json()["errors"] == [{"field": "colour", "message": "Unknown field 'colour'"}]
    world.mine.refresh_from_db()
    assert world.mine.version == 1


def test_a_rag_other_than_the_suggestion_is_kept_with_its_reason(client, world, officer):
    rag = not_suggested(world.mine)
    response = post(client, world.mine, officer, version=1, status="in_progress", rag=rag,
                    rag_reason="Partner funding withdrawn")
    assert response.status_code == 200
    assert (response.json()["rag"], response.json()["rag_override_reason"]) == (rag, "Partner funding withdrawn")


def test_an_evidence_link_is_recorded_with_the_note(client, world, officer):
    post(client, world.mine, officer, version=1, status="in_progress", note_date="2026-11-02", note_text="Minutes",
         evidence_url="https://council.example/minutes.pdf")
    evidence = client.get(f"/api/v1/actions/{world.mine.pk}/evidence/", **officer).json()["results"]
    assert [e["link"] for e in evidence] == ["https://council.example/minutes.pdf"]


def test_an_officer_may_not_record_progress_on_another_leads_action(client, world, officer):
    response = post(client, world.theirs, officer, version=1, status="completed")
    assert response.status_code == 403
    world.theirs.refresh_from_db()
    assert (world.theirs.status, world.theirs.version) == ("not_started", 1)


def test_a_session_write_needs_the_csrf_token_and_is_recorded_via_api(client, world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.users["manager"])
    assert post(strict, world.mine, {}, version=1, status="in_progress").status_code == 403
    client.force_login(world.users["manager"])
    assert post(client, world.mine, {}, version=1, status="in_progress").status_code == 200
    assert Action.objects.get(pk=world.mine.pk).history.first().history_change_reason.endswith("; via API")
