"""A plan manager's pages: add, edit, reorder and cancel (never delete) actions and recommendations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from actionplan import limits
from actionplan import permissions as perms
from actionplan.forms.structure import ActionForm, RecommendationForm
from actionplan.models import Recommendation
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
    return render(request, "actionplan/action_form.html", {"plan": rec.plan, "rec": rec, "form": form, "adding": True})


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
            conflict = stale.current
            form.data = form.data.copy()
            form.data["version"] = stale.current.version
        else:
            messages.success(request, f"Action {action.reference} saved")
            return redirect("action_detail", pk=action.pk)
    return render(
        request,
        "actionplan/action_form.html",
        {"plan": action.recommendation.plan, "rec": action.recommendation, "action": action, "form": form,
         "conflict": conflict},
        status=409 if conflict else 200,
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


@login_required
def action_cancel(request, pk):
    action = perms.action_for(request.user, pk, manage=True)
    error, reason = None, ""
    if request.method == "POST":
        reason = request.POST.get("reason", "").strip()
        error = _reason_too_long(reason)
        if reason and not error:
            structure.action_cancel(action_id=action.pk, user=request.user, reason=reason)
            messages.success(request, f"Action {action.reference} cancelled; it stays in the record")
            return redirect("action_detail", pk=action.pk)
        error = error or "Give the reason for cancelling the action"
    return render(
        request,
        "actionplan/confirm_cancel.html",
        {"plan": action.recommendation.plan, "thing": f"action {action.reference}", "object": action, "error": error,
         "reason": reason},
        status=400 if error else 200,
    )


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
    return render(request, "actionplan/recommendation_form.html", {"plan": plan, "form": form, "adding": True})


@login_required
def recommendation_change(request, slug, number):
    rec = perms.recommendation_for(request.user, slug, number, manage=True)
    form = RecommendationForm(request.POST or None, instance=rec, plan=rec.plan)
    if request.method == "POST" and form.is_valid():
        rec = structure.recommendation_save(
            recommendation=form.instance, user=request.user,
            reason=form.cleaned_data["reason"] or "Recommendation edited",
        )
        messages.success(request, f"Recommendation {rec.number} saved")
        return redirect("recommendation_detail", slug=slug, number=rec.number)
    return render(request, "actionplan/recommendation_form.html", {"plan": rec.plan, "rec": rec, "form": form})


@login_required
def recommendation_cancel(request, slug, number):
    rec = perms.recommendation_for(request.user, slug, number, manage=True)
    error, reason = None, ""
    if request.method == "POST":
        reason = request.POST.get("reason", "").strip()
        error = _reason_too_long(reason)
        if reason and not error:
            structure.recommendation_cancel(recommendation=rec, user=request.user, reason=reason)
            messages.success(request, f"Recommendation {rec.number} and its actions cancelled; they stay in the record")
            return redirect("recommendation_detail", slug=slug, number=number)
        error = error or "Give the reason for cancelling the recommendation"
    return render(
        request,
        "actionplan/confirm_cancel.html",
        {"plan": rec.plan, "thing": f"recommendation {rec.number}", "object": rec, "error": error, "reason": reason},
        status=400 if error else 200,
    )
