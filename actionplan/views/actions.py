"""An action's page, its lead's progress form (stale edits caught, nothing typed lost), its evidence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from actionplan import permissions as perms
from actionplan.asat import local_day
from actionplan.forms.actions import ProgressForm
from actionplan.models import CompletionClaim, Status
from actionplan.models.action import notes_newest_first
from actionplan.rag import action_rag, suggested_rag
from actionplan.selectors.completions import undated_completions
from actionplan.selectors.history import action_history, edits_since
from actionplan.selectors.notes import action_notes
from actionplan.selectors.signoff import claim_rows, latest_claim
from actionplan.services import progress, signoff
from actionplan.services.errors import StaleEdit
from actionplan.updates import rag_basis, update_state


@login_required
def action_detail(request, pk):
    action = perms.action_for(request.user, pk)
    today = timezone.localdate()
    leads = list(action.leads.select_related("person"))
    claims = claim_rows(action)
    claim = latest_claim(claims)
    notes = action_notes(action)
    last_update = local_day(max((n.recorded_at for n in notes), default=None))
    suggested = suggested_rag(action, today)
    return render(
        request,
        "actionplan/action_detail.html",
        {
            "plan": action.recommendation.plan,
            "rec": action.recommendation,
            "action": action,
            "leads": leads,
            "notes": notes,
            "completion_recorded": undated_completions([action]).get(action.pk),
            "evidence": list(action.evidence.select_related("uploaded_by")),  # the page names no evidence's note
            "history": action_history(action, claims),
            "rag": action_rag(action, today),
            "suggested_rag": suggested,
            "rag_basis": rag_basis(action, suggested=suggested, last_update=last_update, on=today),
            "update_state": update_state(
                status=action.status, due_date=action.due_date, date_flag=action.date_flag,
                last_update=last_update, on=today,
            ),
            "today": today,
            "can_update": perms.can_update_action(request.user, action, leads),
            "can_manage": perms.can_manage(request.user),
            "claim": claim,
            "can_review_claim": claim is not None and claim.state == CompletionClaim.State.PENDING
            and perms.can_review_claim(request.user, claim),
        },
    )


def _save_progress(request, action, form, suggested):
    """Record a valid form's update: (the redirect after saving, or None), the form, any conflict."""
    data = form.cleaned_data
    update = progress.ProgressUpdate(
        status=data["status"], note_date=data["note_date"], note_text=data["note_text"], rag=data["rag"],
        rag_reason=data["rag_reason"], evidence_file=data["evidence_file"], evidence_url=data["evidence_url"],
    )
    try:
        progress.action_record_progress(
            action_id=action.pk, user=request.user, expected_version=data["version"], update=update
        )
    except StaleEdit as stale:
        # Keep what they typed; move the form onto the current version so a re-save applies.
        form = ProgressForm({**request.POST.dict(), "version": stale.current.version}, suggested_rag=suggested)
        form.is_valid()
        return None, form, edits_since(stale.current, data["version"], request.user)
    except ValidationError as e:
        for field, errors in e.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None, form, None
    claimed = signoff.claims_completion(action, update.status)
    messages.success(request, f"Progress on action {action.reference} saved" + (
        ": its completion is awaiting sign-off by a plan manager or director" if claimed else ""))
    return redirect("action_detail", pk=action.pk), form, None


@login_required
def action_update(request, pk):
    """The officer's form: status, a dated note, evidence, RAG. Stale edits are caught, nothing lost."""
    action = perms.action_for(request.user, pk, update=True)
    today = timezone.localdate()
    suggested = suggested_rag(action, today)
    pending = signoff.pending_claim(action)
    conflict = None
    if request.method == "POST":
        form = ProgressForm(request.POST, request.FILES, suggested_rag=suggested)
        if form.is_valid():
            saved, form, conflict = _save_progress(request, action, form, suggested)
            if saved is not None:
                return saved
    else:
        form = ProgressForm(
            suggested_rag=suggested,
            # While a completion waits for sign-off the form keeps saying "Completed": choosing
            # another status withdraws the claim.
            initial={"version": action.version, "status": Status.COMPLETED if pending else action.status,
                     "rag": action.rag_override, "rag_reason": action.rag_override_reason, "note_date": today},
        )
    return render(
        request,
        "actionplan/action_update.html",
        {
            "plan": action.recommendation.plan,
            "rec": action.recommendation,
            "action": action,
            "form": form,
            "suggested_rag": suggested,
            "conflict": conflict,
            "today": today,
            "pending": pending,
            "last_note": action.notes.select_related("author", "recorded_by").order_by(*notes_newest_first()).first(),
        },
        status=409 if conflict else (400 if request.method == "POST" else 200),
    )


@login_required
def evidence_download(request, pk):
    evidence = perms.evidence_for(request.user, pk)
    if not evidence.file:
        raise Http404("This evidence is a link, not a file")
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name or "evidence",
        content_type=evidence.content_type or "application/octet-stream",
    )
