"""A plan's pages: the list of plans, a plan, a recommendation, and a director's RAG for it."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from actionplan import permissions as perms
from actionplan.forms.dashboard import AsAtForm
from actionplan.forms.dates import date_given
from actionplan.forms.structure import RecommendationRagForm
from actionplan.forms.versions import reopened
from actionplan.selectors.history import last_save
from actionplan.selectors.snapshot import recommendation_as_at
from actionplan.selectors.today import listed, plan_progress, recommendations_with_progress, with_rag
from actionplan.services import structure
from actionplan.services.errors import StaleEdit


@login_required
def plan_list(request):
    today = timezone.localdate()
    plans = list(perms.plans_for(request.user).order_by("title"))
    return render(
        request,
        "actionplan/plan_list.html",
        {"plans": plans, "today": today, "can_manage": perms.can_manage(request.user)},
    )


@login_required
def plan_detail(request, slug):
    plan = perms.plan_for(request.user, slug)
    today = timezone.localdate()
    recs, totals = plan_progress(plan, today)
    groups = [(name, list(items)) for name, items in groupby(recs, key=lambda r: r.group.name)]
    return render(
        request,
        "actionplan/plan_detail.html",
        {
            "plan": plan,
            "groups": groups,
            "totals": totals,
            "today": today,
            "can_manage": perms.can_manage(request.user),
            "can_import": perms.can_import_updates(request.user),
            "can_review": perms.can_review(request.user),
        },
    )


@login_required
def recommendation_detail(request, slug, number):
    """A recommendation today or as at any day: its reported RAG beside its actions' suggestion."""
    rec = perms.recommendation_for(request.user, slug, number)
    today = timezone.localdate()
    form = AsAtForm(request.GET if date_given(request.GET, "as_at") else {"as_at": today.isoformat()}, plan=rec.plan)
    as_at = form.cleaned_data["as_at"] if form.is_valid() and form.cleaned_data["as_at"] else today
    past = as_at < today
    state, summaries = recommendation_as_at(rec, as_at if past else None)
    return render(
        request,
        "actionplan/recommendation_detail.html",
        {
            "plan": rec.plan,
            "rec": rec,
            "form": form,
            "state": state,
            "as_at": as_at,
            "past": past,
            # Today the actions come from the live tables, with the plan manager's controls.
            "actions": [] if past else with_rag(listed(rec.actions.all()).order_by("position"), today),
            "summaries": summaries,
            "today": today,
            "can_manage": perms.can_manage(request.user) and not past,
            "can_direct": perms.can_direct(request.user) and not past,
        },
    )


@login_required
def recommendation_rag(request, slug, number):
    """A director sets the recommendation's RAG (with a reason) and writes a dated summary."""
    rec = perms.recommendation_for(request.user, slug, number, direct=True)
    today = timezone.localdate()
    [row] = recommendations_with_progress(rec.plan, today, only=rec)
    suggested = row.rag_of_actions  # what the actions say, whatever a director has set
    form = RecommendationRagForm(
        request.POST or None,
        suggested_rag=suggested,
        initial={"rag": rec.rag_override, "reason": rec.rag_override_reason, "summary_date": today,
                 "version": rec.version},
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            structure.recommendation_set_rag(
                recommendation=rec, expected_version=data["version"], rag=data["rag"], reason=data["reason"].strip(),
                summary=data["summary"], summary_date=data["summary_date"], user=request.user,
            )
        except StaleEdit as changed:
            stale = last_save(changed.current, request.user)
            reopened(form, changed.current)
        else:
            messages.success(request, f"Recommendation {rec.number} updated")
            return redirect("recommendation_detail", slug=slug, number=number)
    context = {"plan": rec.plan, "rec": rec, "form": form, "suggested": suggested, "stale": stale}
    return render(request, "actionplan/recommendation_rag.html", context,
                  status=409 if stale else (400 if form.errors else 200))
