"""Performance indicators: every role reads them; plan managers record targets and values."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from actionplan import permissions as perms
from actionplan.forms.indicators import FORMS
from actionplan.forms.versions import reopened
from actionplan.models import Indicator
from actionplan.selectors.history import last_save
from actionplan.selectors.indicators import plan_indicators, tolerance_pct
from actionplan.services import indicators
from actionplan.services.errors import StaleEdit
from actionplan.services.indicators import KIND_WORDS, KINDS
from actionplan.services.versions import unchanged_since


@login_required
def indicator_list(request, slug):
    plan = perms.plan_for(request.user, slug)
    rows = plan_indicators(plan)
    return render(
        request,
        "actionplan/indicator_list.html",
        {
            "plan": plan,
            "indicators": rows,
            "charts": [(row, row.chart_svg()) for row in rows],
            "tolerance": tolerance_pct(),
            "today": timezone.localdate(),
            "can_manage": perms.can_manage(request.user),
        },
    )


@login_required
def indicator_detail(request, slug, pk):
    plan = perms.plan_for(request.user, slug)
    rows = plan_indicators(plan, indicator_id=pk)
    if not rows:
        raise Http404
    row = rows[0]
    return render(
        request,
        "actionplan/indicator_detail.html",
        {
            "plan": plan,
            "indicator": row,
            "chart": row.chart_svg(),
            "tolerance": tolerance_pct(),
            "can_manage": perms.can_manage(request.user),
        },
    )


def _figure_form(request, slug, pk, kind, figure_pk=None):
    plan = perms.plan_for(request.user, slug, manage=True)
    if kind not in KINDS:
        raise Http404
    indicator = perms.of_plan(Indicator, plan, pk)
    instance = perms.figure_of(indicator, KINDS[kind], figure_pk) if figure_pk else None
    form = FORMS[kind](request.POST or None, indicator=indicator, instance=instance)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            with unchanged_since(form.instance, form.cleaned_data.get("version")):
                figure = indicators.figure_record(form.instance, reason=form.cleaned_data["reason"], user=request.user)
        except StaleEdit as changed:
            stale = last_save(changed.current, request.user)
            reopened(form, changed.current)
        else:
            verb = "changed" if instance else "recorded"
            messages.success(request, f"{KIND_WORDS[kind].capitalize()} for {figure.period} {verb}")
            return redirect("indicator_detail", slug=plan.slug, pk=indicator.pk)
    return render(
        request,
        "actionplan/indicator_form.html",
        {"plan": plan, "indicator": indicator, "form": form, "kind": kind, "word": KIND_WORDS[kind],
         "instance": instance, "stale": stale},
        status=409 if stale else (400 if form.errors else 200),
    )


@login_required
def indicator_figure_add(request, slug, pk, kind):
    return _figure_form(request, slug, pk, kind)


@login_required
def indicator_figure_edit(request, slug, pk, kind, figure_pk):
    return _figure_form(request, slug, pk, kind, figure_pk)
