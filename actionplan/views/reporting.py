"""The reporting cycle's pages: a plan manager's calendar (regular meeting, named meetings,
deadlines), and the returns each round is owed, which every reader may open."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from actionplan import permissions as perms
from actionplan.dates import uk_date
from actionplan.forms.reporting import CalendarForm, ReportingDateForm, ReturnsForm
from actionplan.forms.versions import reopened
from actionplan.models import ReportingDate
from actionplan.rounds import in_focus
from actionplan.selectors.history import last_save
from actionplan.selectors.returns import cannot_be_reminded, plan_rounds, round_returns
from actionplan.services import reporting
from actionplan.services.errors import StaleEdit
from actionplan.services.versions import unchanged_since


def _calendar_page(request, plan, form, date_form, status=200, stale=None):
    today = timezone.localdate()
    return render(
        request,
        "actionplan/reporting_calendar.html",
        {
            "plan": plan, "form": form, "date_form": date_form,
            "dates": ReportingDate.objects.filter(plan=plan).order_by("meets_on", "name"),
            "suggestions": reporting.paper_meetings(plan),
            "rounds": plan_rounds(plan, today), "today": today, "stale": stale,
        },
        status=status,
    )


@login_required
def reporting_calendar(request, slug):
    plan = perms.plan_for(request.user, slug, manage=True)
    form = CalendarForm(request.POST or None, instance=reporting.calendar_of(plan))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in CalendarForm.Meta.fields}
        try:
            with unchanged_since(form.instance, form.cleaned_data.get("version")):
                reporting.calendar_save(plan=plan, fields=fields, user=request.user)
        except StaleEdit as changed:
            reopened(form, changed.current)
            return _calendar_page(request, plan, form, ReportingDateForm(), status=409,
                                  stale=last_save(changed.current, request.user))
        messages.success(request, "Reporting calendar saved")
        return redirect("reporting_calendar", slug=slug)
    return _calendar_page(request, plan, form, ReportingDateForm(), status=400 if form.errors else 200)


@login_required
def reporting_date_add(request, slug):
    plan = perms.plan_for(request.user, slug, manage=True)
    form = ReportingDateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = reporting.reporting_date_add(plan=plan, user=request.user, **form.cleaned_data)
        except ValidationError as e:
            for field, errors in e.message_dict.items():
                form.add_error(field, errors)
        else:
            messages.success(request, f"{entry.name} on {uk_date(entry.meets_on)} added to the reporting calendar")
            return redirect("reporting_calendar", slug=slug)
    return render(
        request, "actionplan/reporting_date_form.html", {"plan": plan, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def reporting_date_remove(request, slug, pk):
    plan = perms.plan_for(request.user, slug, manage=True)
    entry = perms.of_plan(ReportingDate, plan, pk)
    reporting.reporting_date_remove(entry=entry, user=request.user)
    messages.success(request, f"{entry.name} on {uk_date(entry.meets_on)} removed from the reporting calendar")
    return redirect("reporting_calendar", slug=slug)


@login_required
def plan_returns(request, slug):
    """The returns a round is owed: received, due or missing, by action, as at a day."""
    plan = perms.plan_for(request.user, slug)
    today = timezone.localdate()
    rounds = plan_rounds(plan, today)
    form = ReturnsForm(request.GET or None, plan=plan, rounds=rounds)
    context = {"plan": plan, "form": form, "rounds": rounds, "today": today,
               "can_manage": perms.can_manage(request.user)}
    data = form.cleaned_data if form.is_valid() else {} if not form.is_bound else None
    if data is not None:
        on = data.get("as_at") or today
        chosen = next((r for r in rounds if r.key == data.get("round")), None) or in_focus(rounds, on)
        if chosen is not None:
            rows = round_returns(plan, chosen, on)
            shown = [r for r in rows if r.state == data["state"]] if data.get("state") else rows
            context.update(
                round=chosen, on=on, rows=shown, total=len(rows),
                counts={state: sum(1 for r in rows if r.state == state) for state in ("received", "due", "missing")},
                unreachable=cannot_be_reminded(rows),
            )
    return render(request, "actionplan/returns.html", context, status=400 if form.errors else 200)
