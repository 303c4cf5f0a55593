"""Review and sign-off: a completion is a claim until a reviewer accepts it (completed from that day)
or returns it with a comment; evidence may be required; the lead is emailed either way."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from actionplan import roles
from actionplan.asat import local_time
from actionplan.models import Action, ActionLead, CompletionClaim, Evidence, ProgressNote, Rag, Status
from actionplan.selectors.dashboard import plan_dashboard
from actionplan.selectors.history import action_history
from actionplan.services import signoff
from actionplan.services.errors import AlreadyReviewed
from actionplan.services.progress import ProgressUpdate, action_record_progress
from actionplan.services.structure import action_cancel
from tests.factories import ActionFactory, EvidenceFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PENDING, ACCEPTED, RETURNED = CompletionClaim.State.PENDING, CompletionClaim.State.ACCEPTED, "returned"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def people():
    lead = UserFactory(username="hl", first_name="Henry", last_name="Lewis", email="henry.lewis@example.gov.uk",
                       role=roles.OFFICER)
    reviewer = UserFactory(username="dl", first_name="Dennis", last_name="Longmore", role=roles.PLAN_MANAGER)
    return lead, reviewer


def make_action(lead):
    made = ActionFactory(status=Status.IN_PROGRESS, due_date=date(2006, 6, 30))
    plan = made.recommendation.plan
    plan.completion_needs_signoff = True
    plan.save()
    ActionLead.objects.create(action=made, person=PersonFactory(plan=plan, initials="HL", user=lead))
    return made


@pytest.fixture
def action(people):
    """An in-progress action led by HL, in a plan whose completions need sign-off."""
    return make_action(people[0])


def record(action, user, **kw):
    action.refresh_from_db()
    return action_record_progress(action_id=action.pk, user=user, expected_version=action.version,
                                  update=ProgressUpdate(**kw))


def claim_of(action) -> CompletionClaim:
    return CompletionClaim.objects.get(action=action)


def test_with_sign_off_a_completion_is_a_claim_and_the_action_stays_open(action, people):
    lead, _ = people
    pdf = SimpleUploadedFile("closure-report.pdf", PDF, content_type="application/pdf")
    record(action, lead, status=Status.COMPLETED, note_text="Audit schedule in place", evidence_file=pdf,
           rag=Rag.GREEN)
    action.refresh_from_db()
    assert (action.status, action.completed_on, action.rag_override) == (Status.IN_PROGRESS, None, "")
    claim = claim_of(action)
    assert (claim.state, claim.claimed_by) == (PENDING, lead)
    assert claim.note == ProgressNote.objects.get(action=action)
    assert claim.evidence == Evidence.objects.get(action=action)
    assert "Completion claimed: awaiting sign-off" in action.history.latest().history_change_reason
    assert "Completion claimed: awaiting sign-off" in [e.what for e in action_history(action)]


def test_without_sign_off_completing_completes_at_once(action, people):
    plan = action.recommendation.plan
    plan.completion_needs_signoff = False
    plan.save()
    record(action, people[0], status=Status.COMPLETED, note_date=date(2006, 5, 2), note_text="Done")
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (Status.COMPLETED, date(2006, 5, 2))
    assert not CompletionClaim.objects.exists()


def test_a_second_completed_update_keeps_the_one_claim_waiting(action, people):
    record(action, people[0], status=Status.COMPLETED, note_text="Done")
    record(action, people[0], status=Status.COMPLETED, note_text="Minutes attached to the file")
    assert CompletionClaim.objects.filter(action=action).count() == 1
    assert ProgressNote.objects.filter(action=action).count() == 2
    assert "Completion already awaiting sign-off" in Action.objects.get(pk=action.pk).history.latest(
    ).history_change_reason


def test_recording_another_status_withdraws_the_claim(action, people):
    record(action, people[0], status=Status.COMPLETED, note_text="Done")
    record(action, people[0], status=Status.DELAYED, note_text="Not yet: the panel did not meet")
    claim = claim_of(action)
    assert claim.state == CompletionClaim.State.WITHDRAWN
    assert "status recorded as Delayed" in claim.history.latest().history_change_reason
    action.refresh_from_db()
    assert action.status == Status.DELAYED


def test_cancelling_the_action_withdraws_the_claim(action, people):
    record(action, people[0], status=Status.COMPLETED, note_text="Done")
    action.refresh_from_db()
    action_cancel(action_id=action.pk, expected_version=action.version, user=people[1], reason="Duplicate")
    assert claim_of(action).state == CompletionClaim.State.WITHDRAWN


@pytest.mark.parametrize("signoff_on", [True, False])
def test_evidence_required_refuses_a_completion_without_it_and_writes_nothing(action, people, signoff_on):
    plan = action.recommendation.plan
    plan.completion_needs_signoff, plan.completion_needs_evidence = signoff_on, True
    plan.save()
    with pytest.raises(ValidationError) as err:
        record(action, people[0], status=Status.COMPLETED, note_text="Done")
    assert "this plan needs evidence for every completion" in err.value.message_dict["evidence_file"][0]
    action.refresh_from_db()
    assert (action.status, action.version) == (Status.IN_PROGRESS, 1)
    assert not ProgressNote.objects.exists()
    assert not CompletionClaim.objects.exists()


def test_evidence_required_is_met_by_a_link_or_by_evidence_already_on_the_action(action, people):
    plan = action.recommendation.plan
    plan.completion_needs_evidence = True
    plan.save()
    record(action, people[0], status=Status.COMPLETED, evidence_url="https://intranet.example.gov.uk/jar/1")
    assert claim_of(action).state == PENDING
    other = ActionFactory(recommendation=action.recommendation, status=Status.IN_PROGRESS)
    EvidenceFactory(action=other)
    record(other, people[0], status=Status.COMPLETED, note_text="See the minutes attached in March")
    assert claim_of(other).state == PENDING
    # Evidence is asked for completions only: other updates go through without it.
    third = ActionFactory(recommendation=action.recommendation)
    record(third, people[0], status=Status.IN_PROGRESS, note_text="Started")
    assert Action.objects.get(pk=third.pk).status == Status.IN_PROGRESS


def test_accepting_completes_the_action_from_that_day_and_emails_the_lead(
    action, people, django_capture_on_commit_callbacks
):
    lead, reviewer = people
    action.rag_override, action.rag_override_reason = Rag.RED, "Panel has not met"
    action.save()
    record(action, lead, status=Status.COMPLETED, note_text="Done")
    claim = claim_of(action)
    with django_capture_on_commit_callbacks(execute=True):
        signoff.claim_accept(claim_id=claim.pk, user=reviewer, expected_version=claim.version, comment="Checked")
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (Status.COMPLETED, timezone.localdate())
    assert action.rag_override == ""
    reason = action.history.latest().history_change_reason
    assert "Completion accepted by Dennis Longmore: Checked" in reason
    claim.refresh_from_db()
    assert (claim.state, claim.reviewer, claim.comment) == (ACCEPTED, reviewer, "Checked")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["henry.lewis@example.gov.uk"]
    assert message.subject == f"Action {action.reference}: completion accepted"
    assert "Dennis Longmore accepted the completion" in message.body
    html = message.alternatives[0][0]
    assert "Dennis Longmore accepted the completion" in html
    assert f"/actions/{action.pk}/" in html


def test_returning_needs_a_comment_and_then_tells_the_lead_what_to_do(
    action, people, django_capture_on_commit_callbacks
):
    lead, reviewer = people
    record(action, lead, status=Status.COMPLETED, note_text="Done")
    claim = claim_of(action)
    with pytest.raises(ValidationError) as err:
        signoff.claim_return(claim_id=claim.pk, user=reviewer, expected_version=claim.version, comment="  ")
    assert "comment" in err.value.message_dict
    assert claim_of(action).state == PENDING
    with django_capture_on_commit_callbacks(execute=True):
        signoff.claim_return(claim_id=claim.pk, user=reviewer, expected_version=claim.version,
                             comment="Attach the signed minutes")
    assert claim_of(action).state == RETURNED
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS
    assert "Completion returned: Attach the signed minutes" in claim_of(action).history.latest().history_change_reason
    body = mail.outbox[0].body
    assert "returned the completion" in body
    assert "Their comment: Attach the signed minutes" in body
    assert f"/actions/{action.pk}/update/" in body


def test_a_claim_already_decided_by_someone_else_is_not_decided_again(action, people):
    lead, reviewer = people
    director = UserFactory(username="sf", first_name="Sue", last_name="Fiennes", role=roles.DIRECTOR)
    record(action, lead, status=Status.COMPLETED, note_text="Done")
    claim = claim_of(action)
    opened = claim.version
    signoff.claim_return(claim_id=claim.pk, user=director, expected_version=opened, comment="Not yet")
    with pytest.raises(AlreadyReviewed) as err:
        signoff.claim_accept(claim_id=claim.pk, user=reviewer, expected_version=opened)
    assert (err.value.current.state, err.value.current.reviewer) == (RETURNED, director)
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS


def test_no_email_for_a_lead_without_an_address_and_the_decision_stands(action, people,
                                                                        django_capture_on_commit_callbacks):
    lead, reviewer = people
    lead.email = ""
    lead.save()
    record(action, lead, status=Status.COMPLETED, note_text="Done")
    claim = claim_of(action)
    with django_capture_on_commit_callbacks(execute=True):
        signoff.claim_accept(claim_id=claim.pk, user=reviewer, expected_version=claim.version)
    assert mail.outbox == []
    assert claim_of(action).state == ACCEPTED


def _clock(monkeypatch, day: date, hour: int = 10):
    moment = local_time(day, datetime.min.time().replace(hour=hour))
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_dashboard_counts_it_completed_from_the_accepted_date_not_the_claimed_one(people, monkeypatch):
    lead, reviewer = people
    _clock(monkeypatch, date(2006, 6, 1))
    action = make_action(lead)  # the plan as it stood from 1 June 2006
    _clock(monkeypatch, date(2006, 6, 5))
    record(action, lead, status=Status.COMPLETED, note_text="Done")
    claim = claim_of(action)
    _clock(monkeypatch, date(2006, 6, 12))
    signoff.claim_accept(claim_id=claim.pk, user=reviewer, expected_version=claim.version)
    monkeypatch.undo()
    plan = action.recommendation.plan
    completed = {day: plan_dashboard(plan, day).totals.completed for day in
                 (date(2006, 6, 5), date(2006, 6, 11), date(2006, 6, 12), date(2006, 6, 13))}
    assert completed == {date(2006, 6, 5): 0, date(2006, 6, 11): 0, date(2006, 6, 12): 1, date(2006, 6, 13): 1}
    action.refresh_from_db()
    assert action.completed_on == date(2006, 6, 12)
    assert claim_of(action).claimed_at.date() == date(2006, 6, 5)


def test_settings_change_is_recorded_with_its_reason(action, people):
    plan = action.recommendation.plan
    signoff.plan_signoff_settings_change(plan_id=plan.pk, needs_signoff=False, needs_evidence=True,
                                         user=people[1], reason="Agreed at the APG")
    plan.refresh_from_db()
    assert (plan.completion_needs_signoff, plan.completion_needs_evidence) == (False, True)
    row = plan.history.latest()
    assert row.history_user == people[1]
    assert row.history_change_reason == (
        "Settings changed: completion needs sign-off: no; completion needs evidence: yes (Agreed at the APG)"
    )


def test_due_date_passing_while_a_claim_waits_does_not_make_it_completed(action, people):
    """Until accepted, the action is judged as it is: an open action past its due date is overdue."""
    action.due_date = timezone.localdate() - timedelta(days=3)
    action.save()
    record(action, people[0], status=Status.COMPLETED, note_text="Done")
    board = plan_dashboard(action.recommendation.plan)
    assert board.totals.completed == 0
    assert board.totals.overdue == 1
