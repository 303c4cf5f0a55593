"""Review and sign-off: the reviewer's inbox, one completion's review, and a plan's sign-off settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from actionplan import permissions as perms
from actionplan.forms.signoff import ACCEPT, RETURN, ReviewForm, SignoffSettingsForm
from actionplan.forms.versions import reopened
from actionplan.selectors.history import last_save
from actionplan.selectors.signoff import inbox
from actionplan.services import signoff
from actionplan.services.errors import AlreadyReviewed, StaleEdit
from actionplan.services.versions import current_version, unchanged_since


@login_required
def signoff_inbox(request):
    """Completions waiting for sign-off, oldest first, each with Accept and Return."""
    perms.reviewer_check(request.user)
    claims = list(inbox())
    for claim in claims:
        claim.own = not perms.can_review_claim(request.user, claim)
    return render(
        request, "actionplan/signoff_inbox.html", {"claims": claims, "today": timezone.localdate()}
    )


@login_required
def signoff_review(request, pk):
    """One completion: what was claimed, with its note and evidence; accept it or return it (POST)."""
    claim = perms.claim_for(request.user, pk)
    action = claim.action
    already = None
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["decision"] == ACCEPT:
                    signoff.claim_accept(claim_id=claim.pk, user=request.user, expected_version=data["version"],
                                         comment=data["comment"])
                    messages.success(request, f"Completion of action {action.reference} accepted: "
                                              f"it counts as completed from today")
                else:
                    signoff.claim_return(claim_id=claim.pk, user=request.user, expected_version=data["version"],
                                         comment=data["comment"])
                    messages.success(request, f"Completion of action {action.reference} returned to the lead "
                                              f"with your comment")
                return redirect("signoff_inbox")
            except AlreadyReviewed as done:
                already = done.current
            except ValidationError as e:
                for field, errors in e.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
    else:
        decision = request.GET.get("decision")
        form = ReviewForm(initial={"version": claim.version, "decision": decision if decision in (ACCEPT, RETURN)
                                   else None})
    if not claim.is_pending and already is None:
        already = claim
    return render(
        request,
        "actionplan/signoff_review.html",
        {"claim": claim, "action": action, "plan": action.recommendation.plan, "rec": action.recommendation,
         "form": form, "already": already,
         "evidence": list(action.evidence.select_related("uploaded_by").order_by("uploaded_at", "id"))},
        status=409 if already is not None and request.method == "POST" else (
            400 if request.method == "POST" else 200),
    )


@login_required
def plan_signoff_settings(request, slug):
    """A plan manager sets whether completions need sign-off and evidence."""
    plan = perms.plan_for(request.user, slug, manage=True)
    initial = {"needs_signoff": plan.completion_needs_signoff, "needs_evidence": plan.completion_needs_evidence,
               "version": current_version(plan)}
    form = SignoffSettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with unchanged_since(plan, data["version"]):
                signoff.plan_signoff_settings_change(
                    plan_id=plan.pk, needs_signoff=data["needs_signoff"], needs_evidence=data["needs_evidence"],
                    user=request.user, reason=data["reason"],
                )
        except StaleEdit as changed:
            stale = last_save(changed.current, request.user)
            reopened(form, changed.current)
        else:
            messages.success(request, "Sign-off settings saved")
            return redirect("plan_detail", slug=plan.slug)
    return render(request, "actionplan/plan_signoff_settings.html", {"plan": plan, "form": form, "stale": stale},
                  status=409 if stale else (400 if form.errors else 200))
