"""Directors' pages: the plan dashboard at any date, the actions behind each figure,
what changed between two dates, and the portfolio of every plan.

All are GET pages whose URL carries the dates, so a view can be shared. Every role that
reads plans may open them. A date the plan cannot be shown at (not a date, in the
future, before the plan began) is a GOV.UK error summary on the page, never a 500.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from actionplan import permissions as perms
from actionplan.asat import Moment
from actionplan.dates import end_of_month
from actionplan.forms.dashboard import AsAtForm, CellForm, ChangesForm, PortfolioForm, plan_groups
from actionplan.forms.dates import date_given, typed_date
from actionplan.models import AreaOfActivity, Person, Status, TimescaleGroup
from actionplan.rag import scheme_choices
from actionplan.selectors.attention import list_headings
from actionplan.selectors.changes import changes_between
from actionplan.selectors.dashboard import plan_dashboard
from actionplan.selectors.drilldown import UPDATES, Cell, actions_behind, recommendations_behind
from actionplan.selectors.due_by import OUTCOMES, describe_due_by
from actionplan.selectors.figures import Counts
from actionplan.selectors.quick_dates import quick_dates
from actionplan.selectors.rag_rounds import counts_at, portfolio_rag_rounds, rounds_chart

LIST_PREVIEW = 10  # rows shown of each attention list; the whole list is one link away


def _with_default(request, name: str, value: date) -> dict:
    """The query string, with `value` as the date `name` when it gives none (as boxes or YYYY-MM-DD)."""
    data = request.GET.copy()
    if not date_given(data, name):
        data[name] = value.isoformat()
    return data


@login_required
def dashboard(request, slug):
    plan = perms.plan_for(request.user, slug)
    today = timezone.localdate()
    data = _with_default(request, "as_at", today)
    data.setdefault("area", AreaOfActivity.ACTIONS)  # the radios show the default choice
    form = AsAtForm(data, plan=plan)
    if form.is_valid() and form.cleaned_data["due_by"] is None:
        # Show the default "due by" (the end of the as-at month) in its box.
        data = form.data.copy()
        data["due_by"] = end_of_month(form.cleaned_data["as_at"] or today).isoformat()
        form = AsAtForm(data, plan=plan)
    board, lists = None, []
    if form.is_valid():
        board = plan_dashboard(plan, form.cleaned_data["as_at"], form.cleaned_data["due_by"], form.areas(),
                               shown=LIST_PREVIEW)
        form.offer_groups([(g.id, g.name) for g in board.groups])
        board, lists = (None, []) if form.errors else (board, board.lists)
    else:
        form.offer_groups(plan_groups(plan))
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


def _cell_title(cell: Cell, group_name: str, lead_label: str) -> str:
    due = ""
    if cell.due_by is not None:
        due = f"{'Recommendations due' if cell.areas.by_recommendation else 'Due'} {describe_due_by(cell.due_by)}"
    words = [
        due,
        OUTCOMES.get(cell.outcome, "") if due else "",
        list_headings().get(cell.list, "").lower(),
        f"RAG {dict(scheme_choices()).get(cell.rag, cell.rag)}" if cell.rag else "",
        UPDATES.get(cell.update, ""),
        f"status {Status(cell.status).label.lower()}" if cell.status else "",
        "completed" if cell.completed else "",
        "all live actions" if cell.live and not (cell.rag or cell.status or cell.completed) else "",
        f"recommendation {cell.rec}" if cell.rec is not None else "",
        f"timescale {group_name}" if group_name else "",
        f"led by {lead_label}" if lead_label else "",
    ]
    text = ", ".join(w for w in words if w) or "All actions"
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
            due_by=data["due_by"], outcome=data["outcome"], update=data["update"], area=data["area"],
        )
        group_name = lead_label = ""
        if cell.group is not None:
            group_name = perms.of_plan(TimescaleGroup, plan, cell.group).name
        if cell.lead is not None:
            person = perms.of_plan(Person, plan, cell.lead)
            lead_label = f"{person.initials}" + (f" ({person.name})" if person.name else "")
        moment = Moment.for_date(data["as_at"])
        context.update(moment=moment, cell=cell, title=_cell_title(cell, group_name, lead_label))
        if cell.areas.by_recommendation:
            context["recommendations"] = recommendations_behind(moment, plan, cell)
        else:
            context["actions"] = actions_behind(moment, plan, cell)
    return render(request, "actionplan/dashboard_actions.html", context)


@login_required
def changes(request, slug):
    """What changed between two dates (default: since the last committee date, to today)."""
    plan = perms.plan_for(request.user, slug)
    today = timezone.localdate()
    dates = quick_dates(plan)
    data = _with_default(request, "to", today)
    if not date_given(data, "from"):
        until = typed_date(data, "to") or today
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
    """Every plan with its RAG counts and overdue totals at a date (default today), and the whole
    portfolio's RAG at its plans' last reporting days as a chart with its table."""
    today = timezone.localdate()
    plans = list(perms.plans_for(request.user).order_by("title"))
    first = min(plans, key=lambda p: p.started_on, default=None)
    form = PortfolioForm(_with_default(request, "as_at", today), first_plan=first)
    context = {"form": form, "plans": plans, "today": today, "rag_choices": scheme_choices()}
    if plans and form.is_valid():
        on = form.cleaned_data["as_at"] or today
        moment = Moment.for_date(on)
        counted = counts_at(plans, moment)
        for plan in plans:
            plan.counts = counted.get(plan.pk, Counts.from_row(None))
            plan.begun = plan.started_on <= on
        rounds = portfolio_rag_rounds(plans, on)
        context.update(
            moment=moment, totals=Counts.total([p.counts for p in plans]), rounds=rounds,
            chart=rounds_chart(rounds, chart_id="rounds-portfolio",
                               title="All plans: RAG of their actions at each reporting day"),
        )
    return render(request, "actionplan/portfolio.html", context)
