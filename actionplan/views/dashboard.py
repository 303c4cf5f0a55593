"""Directors' pages: the plan dashboard at any date, the actions behind each figure,
what changed between two dates, and the portfolio of every plan.

All are GET pages whose URL carries the dates, so a view can be shared. Every role that
reads plans may open them. A date the plan cannot be shown at (not a date, in the
future, before the plan began) is a GOV.UK error summary on the page, never a 500.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from actionplan import permissions as perms
from actionplan.models import Person, Plan, Status, TimescaleGroup
from actionplan.rag import scheme_choices
from actionplan.selectors.changes import changes_between
from actionplan.selectors.dashboard import (
    OUTCOMES,
    Cell,
    Counts,
    Moment,
    actions_behind,
    count_aggregates,
    describe_due_by,
    end_of_month,
    list_headings,
    plan_dashboard,
    quick_dates,
)
from actionplan.selectors.snapshot import AsAtError, check_as_at

LIST_PREVIEW = 10  # rows shown of each attention list; the whole list is one link away


def _date_field(label: str, what: str, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": f"Enter the {what} as a real date, for example 2006-05-19"},
    )


class _PlanDatesForm(forms.Form):
    def __init__(self, data, *, plan: Plan):
        super().__init__(data)
        self.plan = plan

    def _check(self, name: str, what: str) -> date | None:
        """The rule of selectors.snapshot.check_as_at, worded for the error summary."""
        day = self.cleaned_data.get(name)
        if day is None:
            return day
        try:
            check_as_at(self.plan, day)
        except AsAtError:
            if day > timezone.localdate():
                raise forms.ValidationError(f"The {what} must be today or in the past") from None
            raise forms.ValidationError(
                f"The {what} must be on or after {self.plan.started_on:%-d %B %Y}, when the plan began"
            ) from None
        return day


class AsAtForm(_PlanDatesForm):
    as_at = _date_field(
        "Show the plan as at", "as-at date", "The figures the system held at the end of this day"
    )
    due_by = _date_field("Count the actions due by", "due-by date", "For example the end of a quarter")

    def clean_as_at(self):
        return self._check("as_at", "as-at date")


class CellForm(AsAtForm):
    """Which figure's actions to list (the query string of every figure's link)."""

    rag = forms.ChoiceField(required=False, choices=[("", "")])
    status = forms.ChoiceField(required=False, choices=[("", ""), *Status.choices])
    live = forms.BooleanField(required=False)
    completed = forms.BooleanField(required=False)
    list = forms.ChoiceField(required=False, choices=lambda: [("", ""), *list_headings().items()])
    rec = forms.IntegerField(required=False, min_value=1)
    group = forms.IntegerField(required=False, min_value=1)
    lead = forms.IntegerField(required=False, min_value=1)
    outcome = forms.ChoiceField(required=False, choices=[("", ""), *OUTCOMES.items()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rag"].choices = [("", ""), *scheme_choices()]


class ChangesForm(_PlanDatesForm):
    to = _date_field("To", "'to' date", "Leave blank for today")

    def clean_to(self):
        return self._check("to", "'to' date")

    def clean_from(self):
        return self._check("from", "'from' date")

    def clean(self):
        data = super().clean()
        since, until = data.get("from"), data.get("to") or timezone.localdate()
        if since and until and since >= until:
            self.add_error("from", "The 'from' date must be before the 'to' date")
        return data


# "from" is a Python keyword, so the field is added by name; it leads the form.
ChangesForm.base_fields = {
    "from": _date_field("From", "'from' date", "Changes recorded after the end of this day"),
    **ChangesForm.base_fields,
}


def _with_default(request, name: str, value: date) -> dict:
    data = request.GET.copy()
    if not data.get(name):
        data[name] = value.isoformat()
    return data


@login_required
def dashboard(request, slug):
    plan = perms.plan_for(request.user, slug)
    today = timezone.localdate()
    form = AsAtForm(_with_default(request, "as_at", today), plan=plan)
    if form.is_valid() and form.cleaned_data["due_by"] is None:
        # Show the default "due by" (the end of the as-at month) in its box.
        data = form.data.copy()
        data["due_by"] = end_of_month(form.cleaned_data["as_at"] or today).isoformat()
        form = AsAtForm(data, plan=plan)
    board, lists = None, []
    if form.is_valid():
        board = plan_dashboard(plan, form.cleaned_data["as_at"], form.cleaned_data["due_by"])
        lists = board.lists
    return render(
        request,
        "actionplan/dashboard.html",
        {
            "plan": plan,
            "form": form,
            "board": board,
            "lists": lists,
            "today": today,
            "quick_dates": quick_dates(plan),
            "preview": LIST_PREVIEW,
        },
    )


def _cell_title(cell: Cell, plan: Plan, group_name: str, lead_label: str) -> str:
    words = []
    if cell.due_by is not None:
        words.append(f"Due {describe_due_by(cell.due_by)}")
        if cell.outcome:
            words.append(OUTCOMES[cell.outcome])
    if cell.list:
        heading = list_headings()[cell.list]
        words.append(heading.lower() if words else heading)
    if cell.rag:
        words.append(f"RAG {dict(scheme_choices()).get(cell.rag, cell.rag)}")
    if cell.status:
        words.append(f"status {Status(cell.status).label.lower()}")
    if cell.completed:
        words.append("completed")
    if cell.live and not (cell.rag or cell.status or cell.completed):
        words.append("all live actions")
    if cell.rec is not None:
        words.append(f"recommendation {cell.rec}")
    if group_name:
        words.append(f"timescale {group_name}")
    if lead_label:
        words.append(f"led by {lead_label}")
    text = ", ".join(words) or "All actions"
    return text[0].upper() + text[1:]


@login_required
def dashboard_actions(request, slug):
    """The actions behind one dashboard figure, as they stood on the as-at day."""
    plan = perms.plan_for(request.user, slug)
    today = timezone.localdate()
    form = CellForm(_with_default(request, "as_at", today), plan=plan)
    context = {"plan": plan, "form": form, "today": today}
    if form.is_valid():
        data = form.cleaned_data
        cell = Cell(
            rag=data["rag"], status=data["status"], live=data["live"], completed=data["completed"],
            list=data["list"], rec=data["rec"], group=data["group"], lead=data["lead"],
            due_by=data["due_by"], outcome=data["outcome"],
        )
        group_name = lead_label = ""
        if cell.group is not None:
            group_name = get_object_or_404(TimescaleGroup, plan=plan, pk=cell.group).name
        if cell.lead is not None:
            person = get_object_or_404(Person, plan=plan, pk=cell.lead)
            lead_label = f"{person.initials}" + (f" ({person.name})" if person.name else "")
        moment = Moment.for_date(data["as_at"])
        context.update(
            moment=moment,
            cell=cell,
            title=_cell_title(cell, plan, group_name, lead_label),
            actions=actions_behind(moment, plan, cell),
        )
    return render(request, "actionplan/dashboard_actions.html", context)


@login_required
def changes(request, slug):
    """What changed between two dates (default: since the last committee date, to today)."""
    plan = perms.plan_for(request.user, slug)
    today = timezone.localdate()
    dates = quick_dates(plan)
    data = _with_default(request, "to", today)
    if not data.get("from"):
        try:
            until = date.fromisoformat(data["to"])
        except ValueError:
            until = today
        earlier = [q.day for q in dates if q.day < until]
        data["from"] = (earlier[-1] if earlier else plan.started_on).isoformat()
    form = ChangesForm(data, plan=plan)
    result = None
    if form.is_valid():
        result = changes_between(plan, form.cleaned_data["from"], form.cleaned_data["to"] or today)
    return render(
        request,
        "actionplan/changes.html",
        {"plan": plan, "form": form, "changes": result, "today": today, "quick_dates": dates},
    )


@login_required
def portfolio(request):
    """Every plan with its RAG counts and overdue totals, counted in one query."""
    if not perms.can_read(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    plans = list(
        Plan.objects.annotate(**count_aggregates(today, prefix="recommendations__actions__")).order_by("title")
    )
    for plan in plans:
        plan.counts = Counts.from_row(plan.__dict__)
    return render(
        request,
        "actionplan/portfolio.html",
        {"plans": plans, "totals": Counts.total([p.counts for p in plans]), "today": today,
         "rag_choices": scheme_choices()},
    )
