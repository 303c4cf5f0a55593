"""The action list across plans: sortable, filterable, paginated; a search for one action's
reference ("13.2") opens that action (selectors.search)."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django_tables2 import RequestConfig

from actionplan import permissions as perms
from actionplan.filters import ActionFilter
from actionplan.selectors.search import jump_target, missing_references, parse_search
from actionplan.tables import ActionTable, ShownRows

PER_PAGE = 25
# Filters that narrow where to look rather than what to find: a reference still jumps with them set.
SCOPE_FILTERS = {"q", "plan"}
# ?list=1 shows the list even for a single reference (the action page links to it).
SHOW_LIST = "list"


@login_required
def action_list(request):
    today = timezone.localdate()
    readable = perms.actions_for(request.user)
    action_filter = ActionFilter(request.GET or None, queryset=readable)
    queryset = action_filter.qs if action_filter.is_bound else action_filter.queryset
    problems = []
    if action_filter.is_bound and action_filter.form.is_valid():
        cleaned = action_filter.form.cleaned_data
        search = parse_search(cleaned.get("q") or "")
        scope = _plan_scope(readable, cleaned.get("plan"))
        target = None if SHOW_LIST in request.GET or _narrowed(cleaned) else jump_target(scope, search)
        if target is not None:
            found_by = urlencode({"search": search.single_action.text})  # "13 .2" is named "13.2"
            return redirect(f"{reverse('action_detail', args=[target])}?{found_by}")
        problems = missing_references(scope, search)
    table = ActionTable(ShownRows(queryset, today))
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(
        request,
        "actionplan/action_list.html",
        {"filter": action_filter, "table": table, "today": today, "count": table.paginator.count,
         "search_problems": problems},
        status=400 if action_filter.is_bound and action_filter.form.errors else 200,
    )


def _plan_scope(readable, plan):
    return readable.filter(recommendation__plan=plan) if plan is not None else readable


def _narrowed(cleaned: dict) -> bool:
    """Whether a filter other than the search and the plan is set: then the list is what was asked for."""
    return any(value not in (None, "", [], False) for name, value in cleaned.items() if name not in SCOPE_FILTERS)
