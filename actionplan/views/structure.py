"""A plan manager's pages: add, edit, reorder and cancel (never delete) actions and recommendations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from actionplan import limits
from actionplan import permissions as perms
from actionplan.forms.structure import ActionForm, RecommendationForm
from actionplan.forms.versions import MISSING, reopened
from actionplan.models import Recommendation
from actionplan.selectors.history import edits_since, last_save
from actionplan.services import structure
from actionplan.services.errors import StaleEdit

ACTION_FIELDS = ActionForm.Meta.fields


@login_required
def action_add(request, slug, number):
    rec = perms.recommendation_for(request.user, slug, number, manage=True)
    form = ActionForm(request.POST or None, plan=rec.plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        action = structure.action_create(
            recommendation=rec,
            fields={f: data[f] for f in ACTION_FIELDS},
            leads=data["leads"],
            user=request.user,
            reason=data["reason"] or "Action added",
        )
        messages.success(request, f"Action {action.reference} added")
        return redirect("action_detail", pk=action.pk)
    return render(request, "actionplan/action_form.html", {"plan": rec.plan, "rec": rec, "form": form, "adding": True},
                  status=400 if form.errors else 200)


@login_required
def action_change(request, pk):
    action = perms.action_for(request.user, pk, manage=True)
    form = ActionForm(request.POST or None, instance=action, plan=action.recommendation.plan)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            structure.action_edit(
                action_id=action.pk,
                expected_version=data["version"],
                fields={f: data[f] for f in ACTION_FIELDS},
                leads=data["leads"],
                user=request.user,
                reason=data["reason"] or "Action edited",
            )
        except StaleEdit as stale:
            # Keep what they typed; move the form onto the current version so a re-save applies.
            conflict = edits_since(stale.current, data["version"], request.user)
            reopened(form, stale.current)
        else:
            messages.success(request, f"Action {action.reference} saved")
            return redirect("action_detail", pk=action.pk)
    return render(
        request,
        "actionplan/action_form.html",
        {"plan": action.recommendation.plan, "rec": action.recommendation, "action": action, "form": form,
         "conflict": conflict},
        status=409 if conflict else (400 if form.errors else 200),
    )


@login_required
@require_POST
def action_reorder(request, pk):
    action = perms.action_for(request.user, pk, manage=True)
    direction = -1 if request.POST.get("direction") == "up" else 1
    structure.action_move(action_id=action.pk, direction=direction, user=request.user)
    messages.success(request, f"Action moved {'up' if direction < 0 else 'down'}")
    rec = action.recommendation
    return redirect("recommendation_detail", slug=rec.plan.slug, number=rec.number)


def _reason_too_long(reason: str) -> str | None:
    return limits.too_long("Reason for cancelling", limits.REASON) if len(reason) > limits.REASON else None


def _cancel_request(request) -> tuple[str, int | None, str | None]:
    """The reason typed, the version the page was opened at, and the problem with them (None if none)."""
    reason = request.POST.get("reason", "").strip()
    version = request.POST.get("version", "")
    if not version.isdigit():
        return reason, None, MISSING
    return reason, int(version), _reason_too_long(reason) or (None if reason else "")


def _cancel_page(request, obj, thing: str, error, reason: str, stale=None):
    plan = obj.plan if isinstance(obj, Recommendation) else obj.recommendation.plan
    return render(
        request,
        "actionplan/confirm_cancel.html",
        {"plan": plan, "thing": thing, "object": obj, "error": error, "reason": reason, "stale": stale},
        status=409 if stale else (400 if error else 200),
    )


@login_required
def action_cancel(request, pk):
    action = perms.action_for(request.user, pk, manage=True)
    error, reason, stale = None, "", None
    if request.method == "POST":
        reason, version, error = _cancel_request(request)
        if error is None and version is not None:
            try:
                structure.action_cancel(action_id=action.pk, expected_version=version, user=request.user,
                                        reason=reason)
            except StaleEdit as changed:
                action, stale = changed.current, last_save(changed.current, request.user)
            else:
                messages.success(request, f"Action {action.reference} cancelled; it stays in the record")
                return redirect("action_detail", pk=action.pk)
        error = error if error != "" else "Give the reason for cancelling the action"
    return _cancel_page(request, action, f"action {action.reference}", error, reason, stale)


@login_required
def recommendation_add(request, slug):
    plan = perms.plan_for(request.user, slug, manage=True)
    instance = Recommendation(plan=plan)
    form = RecommendationForm(request.POST or None, instance=instance, plan=plan)
    if request.method == "POST" and form.is_valid():
        rec = structure.recommendation_save(
            recommendation=form.instance, user=request.user,
            reason=form.cleaned_data["reason"] or "Recommendation added",
        )
        messages.success(request, f"Recommendation {rec.number} added")
        return redirect("recommendation_detail", slug=slug, number=rec.number)
    return render(request, "actionplan/recommendation_form.html", {"plan": plan, "form": form, "adding": True},
                  status=400 if form.errors else 200)


@login_required
def recommendation_change(request, slug, number):
    rec = perms.recommendation_for(request.user, slug, number, manage=True)
    form = RecommendationForm(request.POST or None, instance=rec, plan=rec.plan)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = structure.recommendation_save(
                recommendation=form.instance, user=request.user, expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"] or "Recommendation edited",
            )
        except StaleEdit as changed:
            stale = last_save(changed.current, request.user)
            reopened(form, changed.current)
        else:
            messages.success(request, f"Recommendation {saved.number} saved")
            return redirect("recommendation_detail", slug=slug, number=saved.number)
    return render(request, "actionplan/recommendation_form.html",
                  {"plan": rec.plan, "rec": rec, "form": form, "stale": stale},
                  status=409 if stale else (400 if form.errors else 200))


@login_required
def recommendation_cancel(request, slug, number):
    rec = perms.recommendation_for(request.user, slug, number, manage=True)
    error, reason, stale = None, "", None
    if request.method == "POST":
        reason, version, error = _cancel_request(request)
        if error is None and version is not None:
            try:
                structure.recommendation_cancel(recommendation=rec, expected_version=version, user=request.user,
                                                reason=reason)
            except StaleEdit as changed:
                rec, stale = changed.current, last_save(changed.current, request.user)
            else:
                messages.success(request,
                                 f"Recommendation {rec.number} and its actions cancelled; they stay in the record")
                return redirect("recommendation_detail", slug=slug, number=number)
        error = error if error != "" else "Give the reason for cancelling the recommendation"
    return _cancel_page(request, rec, f"recommendation {rec.number}", error, reason, stale)
