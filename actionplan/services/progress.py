"""Recording progress on an action: the officer's weekly few minutes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actionplan.dates import uk_date
from actionplan.evidence import check_upload
from actionplan.history import save_recorded
from actionplan.models import Action, Evidence, Person, ProgressNote, Status
from actionplan.rag import suggest_action_rag, suggested_rag
from actionplan.services import signoff
from actionplan.services.errors import StaleEdit
from actionplan.services.last_notes import notes_recorded

NOTE_DATE = "Date the progress refers to"  # the form's label: its errors name the date as the form does


@dataclass
class ProgressUpdate:
    """One update. A note with no `note_date` is dated today (a default for programs and tests); the browser
    form always gives the date, asking for it when a note comes without one."""

    status: str
    note_date: date | None = None
    note_text: str = ""
    rag: str = ""
    rag_reason: str = ""
    evidence_file: object = None
    evidence_url: str = ""
    evidence_title: str = ""


def person_for(user, plan) -> Person | None:
    return Person.objects.filter(plan=plan, user=user).first() if user.is_authenticated else None


def validate_progress(action: Action, update: ProgressUpdate, today: date) -> None:
    """Every rule for an update, checked before anything is written; errors keyed by form field."""
    errors = {}
    plan = action.recommendation.plan
    if update.status not in Status.values:
        errors["status"] = "Choose a status from the list"
    elif action.status == Status.CANCELLED and update.status != Status.CANCELLED:
        # The form offers no "Cancelled", so it would otherwise reinstate the action unasked.
        errors["status"] = "This action was cancelled: its progress can no longer be recorded"
    if update.note_text.strip():
        # Only a note is dated: without one, a date given is not used and so not checked.
        problem = ProgressNote.date_problem(update.note_date or today, plan_started_on=plan.started_on, today=today)
        if problem == ProgressNote.FUTURE:
            errors["note_date"] = f"{NOTE_DATE} must be today or in the past"
        elif problem == ProgressNote.BEFORE_PLAN:
            errors["note_date"] = f"{NOTE_DATE} must be on or after {uk_date(plan.started_on)}, when the plan began"
    evidence_error = _evidence_error(action, update)
    if evidence_error:
        errors["evidence_file"] = evidence_error
    if update.rag and update.status in Status.values:
        suggested = suggest_action_rag(
            status=update.status, due_date=action.due_date, date_flag=action.date_flag, on=today
        )
        if update.rag != suggested and not update.rag_reason.strip():
            errors["rag_reason"] = "Give a reason for choosing a RAG other than the suggested one"
    if errors:
        raise ValidationError(errors)


def _evidence_error(action: Action, update: ProgressUpdate) -> str:
    """The upload's own problem, else a completion without the evidence the plan needs; "" if none."""
    if update.evidence_file:
        try:
            check_upload(update.evidence_file)
        except ValidationError as e:
            return e.messages[0]
    if update.status not in Status.values:
        return ""
    return signoff.evidence_problem(action, update.status, file=update.evidence_file, url=update.evidence_url)


@transaction.atomic
def action_record_progress(*, action_id: int, user, expected_version: int, update: ProgressUpdate) -> Action:
    """Apply one progress update (status, a dated note, evidence, RAG) as one recorded change. When the
    plan's completions need sign-off, marking the action completed records a claim instead
    (`services.signoff`): the note and evidence are saved, the status and RAG wait for the reviewer."""
    action = Action.objects.select_for_update().select_related("recommendation__plan").get(pk=action_id)
    if action.version != expected_version:
        raise StaleEdit(action)
    today = timezone.localdate()
    validate_progress(action, update, today)
    evidence = None
    try:
        note = _add_note(action, update, user, today)
        evidence = _add_evidence(action, note, update, user)
        if signoff.claims_completion(action, update.status):
            signoff.claim_completion(action, note=note, evidence=evidence, user=user)
        else:
            if update.status != Status.COMPLETED:
                signoff.withdraw_pending(action, user=user, why=f"status recorded as {Status(update.status).label}")
            _apply_status_and_rag(action, update, user, today, noted=note is not None)
    except Exception:
        if evidence is not None and evidence.file:  # a failed save must not leave an orphan upload on disk
            evidence.file.storage.delete(evidence.file.name)
        raise
    return action


def _add_note(action, update, user, today) -> ProgressNote | None:
    if not update.note_text.strip():
        return None
    note = ProgressNote(
        action=action,
        note_date=update.note_date or today,
        text=update.note_text.strip(),
        author=person_for(user, action.recommendation.plan),
        recorded_by=user,
        recorded_at=timezone.now(),
    )
    save_recorded(note, reason="Progress note added", user=user)
    notes_recorded([action.pk])
    return note


def _add_evidence(action, note, update, user) -> Evidence | None:
    upload = update.evidence_file
    if not (upload or update.evidence_url):
        return None
    evidence = Evidence(
        action=action,
        note=note,
        title=update.evidence_title or (upload.name if upload else update.evidence_url),
        original_name=upload.name if upload else "",
        content_type=check_upload(upload) if upload else "",
        size=upload.size if upload else 0,
        url=update.evidence_url,
        uploaded_by=user,
        uploaded_at=timezone.now(),
    )
    if upload:
        evidence.file.save("evidence", upload, save=False)
    save_recorded(evidence, reason="Evidence added", user=user)
    return evidence


def _apply_status_and_rag(action, update, user, today, *, noted: bool) -> None:
    reasons = []
    if update.status != action.status:
        reasons.append(f"Status: {Status(action.status).label} → {Status(update.status).label}")
        action.set_status(update.status, on=update.note_date or today)
    suggested = suggested_rag(action, today)
    reason = update.rag_reason.strip()
    if update.rag and update.rag != suggested:
        if (update.rag, reason) != (action.rag_override, action.rag_override_reason):
            reasons.append(f"RAG set to {update.rag.title()}: {reason}")
        action.rag_override, action.rag_override_reason = update.rag, reason
    else:
        if action.rag_override:
            reasons.append("RAG override removed; the suggested RAG applies")
            action.rag_override, action.rag_override_reason = "", ""
        if update.rag and reason:  # agreeing with the suggestion, but the reason is still worth keeping
            reasons.append(f"RAG {update.rag.title()} (as suggested): {reason}")
    if noted:
        reasons.append("Progress note added")
    action.version += 1
    save_recorded(action, reason="; ".join(reasons) or "Progress reviewed, no change", user=user)
